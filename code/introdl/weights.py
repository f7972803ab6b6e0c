"""Keras weights into PyTorch and back, so that both frameworks start from the same weights.

A fair TensorFlow-against-PyTorch comparison starts both from the same weights. The two
frameworks store the same layer differently; this module is the one place that knows how::

    from introdl.weights import copy_keras_model_to_torch, copy_keras_to_torch

    tf_model(x)                                  # build the Keras model, so its weights exist
    copy_keras_model_to_torch(tf_model, torch_model)   # layer by layer, in order
    copy_keras_to_torch(tf_model.layers[1], torch_model.lstm)   # or one layer

| Keras layer | PyTorch module | what changes |
| :-- | :-- | :-- |
| ``Dense`` | ``nn.Linear`` | kernel ``(in, out)`` is transposed to ``weight (out, in)`` |
| ``Embedding`` | ``nn.Embedding`` | nothing: both are ``(vocabulary, dim)`` tables |
| ``SimpleRNN`` | ``nn.RNN`` | kernels transposed; Keras' one bias goes to ``bias_ih``, ``bias_hh`` is 0 |
| ``LSTM`` | ``nn.LSTM`` | as ``SimpleRNN``; the gate blocks are in the same order |

``introdl.music``'s ``FastLSTM`` has Keras LSTM's weights and counts as an ``LSTM``.

Keras stacks an LSTM's four gate blocks as input, forget, cell candidate, output
(``i, f, c, o``, see ``keras.layers.LSTMCell``); PyTorch stacks ``i, f, g, o`` with ``g`` the
same cell candidate (``torch.nn.LSTM``'s docs). The order is the same, so the blocks need no
shuffling, only the transpose. PyTorch's recurrent layers add two biases (``b_ih + b_hh``)
where Keras has one: ``bias_ih`` gets Keras' bias and ``bias_hh`` is zero. Under training
both receive the same gradient, so their sum moves twice as fast as Keras' one bias;
``freeze_bias_hh=True`` keeps ``bias_hh`` at zero (``requires_grad=False``) for a
like-for-like training comparison.

The other direction and the "Keras layout" view of a PyTorch module:
:func:`get_keras_weights` lists a module's weights as its Keras twin's ``get_weights()``
would (the two recurrent biases summed), :func:`set_keras_weights` loads such a list, and
:func:`copy_torch_to_keras` copies a module into a Keras layer.

Only single-layer, unidirectional recurrent modules without projections are supported,
``batch_first`` or not. Every refusal (an unbuilt Keras layer, a mismatched shape, an
unsupported layer, a wrong pairing) is a one-line error saying what was expected; a
refused copy changes nothing. TensorFlow and PyTorch are imported only when called.
"""

from __future__ import annotations

import numpy as np

from .frameworks import FRAMEWORKS, TENSORFLOW

__all__ = [
    "copy_keras_model_to_torch",
    "copy_keras_to_torch",
    "copy_torch_to_keras",
    "get_keras_weights",
    "keras_torch_pairs",
    "set_keras_weights",
]

DENSE, EMBEDDING, RNN, LSTM = "Dense", "Embedding", "SimpleRNN", "LSTM"

# Keras classes (and the package whose class it is) by the kind of weights they hold. A
# subclass counts as its base: the first known class in its MRO decides.
_KERAS_KINDS = {
    ("keras", "Dense"): DENSE,
    ("keras", "Embedding"): EMBEDDING,
    ("keras", "SimpleRNN"): RNN,
    ("keras", "LSTM"): LSTM,
    ("introdl", "FastLSTM"): LSTM,  # introdl.music.fast_lstm_tf: Keras LSTM's weights, faster on a CPU
}
_KERAS_PACKAGES = (FRAMEWORKS[TENSORFLOW].module, "tf_keras")  # tf.keras's own classes, and Keras 2's
# The PyTorch class each kind is copied into, by name (torch is imported lazily).
_TORCH_CLASS = {DENSE: "Linear", EMBEDDING: "Embedding", RNN: "RNN", LSTM: "LSTM"}
_SHORT = {DENSE: "Dense", EMBEDDING: "Embedding", RNN: "RNN", LSTM: "LSTM"}  # for messages


# --------------------------------------------------------------------------------------
# Which kind of layer is this?


def _keras_kind(layer) -> str | None:
    """DENSE, EMBEDDING, RNN or LSTM for a Keras layer of a supported class, else None."""
    for cls in type(layer).__mro__:
        package = cls.__module__.split(".")[0]
        package = "keras" if package in _KERAS_PACKAGES else package
        kind = _KERAS_KINDS.get((package, cls.__name__))
        if kind is not None:
            return kind
    return None


def _torch_kind(module) -> str | None:
    """DENSE, EMBEDDING, RNN or LSTM for an nn.Linear, nn.Embedding, nn.RNN, nn.LSTM (or subclass)."""
    from torch import nn

    for kind, name in _TORCH_CLASS.items():
        if isinstance(module, getattr(nn, name)):
            return kind
    return None


def _is_keras_layer(value) -> bool:
    return hasattr(value, "get_weights") and hasattr(value, "set_weights")


def _is_torch_module(value) -> bool:
    return hasattr(value, "named_parameters") and hasattr(value, "named_children")


def _supported() -> str:
    keras_names = ", ".join(name for (_, name) in _KERAS_KINDS)
    return f"{keras_names} (into nn.{', nn.'.join(_TORCH_CLASS.values())})"


def _torch_kind_or_error(module, what: str) -> str:
    if not _is_torch_module(module):
        raise TypeError(f"{what} should be a torch.nn module, got {type(module).__name__}.")
    kind = _torch_kind(module)
    if kind is None:
        raise TypeError(
            f"{what}: there is no Keras layout for a torch.nn.{type(module).__name__}; "
            f"this module knows nn.{', nn.'.join(_TORCH_CLASS.values())}."
        )
    if kind in (RNN, LSTM):
        _check_recurrent(module, _SHORT[kind])
    return kind


def _check_recurrent(module, kind: str) -> None:
    if module.num_layers != 1 or module.bidirectional or getattr(module, "proj_size", 0):
        raise ValueError(
            f"copy_keras_to_torch copies one layer: the PyTorch {kind} must have num_layers=1 "
            f"and bidirectional=False, without proj_size (got num_layers={module.num_layers}, "
            f"bidirectional={module.bidirectional}, proj_size={getattr(module, 'proj_size', 0)})."
        )


# --------------------------------------------------------------------------------------
# Plans: every assignment of a copy, worked out (and checked) before anything is written


def _fit(target, value, what: str):
    """(target, value) after checking the shapes; the error names both."""
    value = np.asarray(value)
    expected = tuple(target.shape)
    if tuple(value.shape) != expected:
        raise ValueError(
            f"{what}: the Keras weight gives shape {tuple(value.shape)} but the PyTorch "
            f"parameter has shape {expected}. Build both layers with the same sizes."
        )
    return target, value


def _plan_torch(module, weights, kind: str) -> list:
    """The (torch tensor, NumPy array) assignments that load Keras-layout ``weights``."""
    weights = [np.asarray(w) for w in weights]
    name = _SHORT[kind]
    counts = {DENSE: (1, 2), EMBEDDING: (1,), RNN: (2, 3), LSTM: (2, 3)}[kind]
    if len(weights) not in counts:
        listed = " or ".join(str(count) for count in counts)
        raise ValueError(
            f"A Keras {name} has {listed} weight arrays (its get_weights() order), got "
            f"{len(weights)} of shapes {[tuple(w.shape) for w in weights]}."
        )
    if kind == EMBEDDING:
        return [_fit(module.weight, weights[0], "Embedding table")]
    if kind == DENSE:
        plan = [_fit(module.weight, weights[0].T, "Dense kernel")]
        if module.bias is not None:
            bias = weights[1] if len(weights) > 1 else np.zeros(tuple(module.bias.shape), np.float32)
            plan.append(_fit(module.bias, bias, "Dense bias"))
        elif len(weights) > 1:
            raise ValueError("The Keras Dense has a bias but the nn.Linear was built with bias=False: "
                             "build both with a bias, or both without (use_bias=False / bias=False).")
        return plan
    plan = [_fit(module.weight_ih_l0, weights[0].T, f"{name} input kernel"),
            _fit(module.weight_hh_l0, weights[1].T, f"{name} recurrent kernel")]
    if module.bias:
        bias = weights[2] if len(weights) > 2 else np.zeros(tuple(module.bias_ih_l0.shape), np.float32)
        plan.append(_fit(module.bias_ih_l0, bias, f"{name} bias"))
        plan.append(_fit(module.bias_hh_l0, np.zeros_like(bias), f"{name} second bias"))
    elif len(weights) > 2:
        raise ValueError(
            f"The Keras {name} has a bias but the PyTorch one was built with bias=False: "
            "build both with a bias, or both without (use_bias=False / bias=False)."
        )
    return plan


def _keras_weights(layer) -> list[np.ndarray]:
    weights = [np.asarray(w) for w in layer.get_weights()]
    if not weights:
        raise ValueError(
            f"The Keras layer {layer.name!r} has no weights yet: call it on an input (or "
            "build it) before copying its weights."
        )
    return weights


def _plan_layer(keras_layer, torch_module) -> list:
    """Check that the pair fits and return the assignments that copy the Keras weights."""
    if not _is_keras_layer(keras_layer):
        raise TypeError(f"The first argument should be a Keras layer, got {type(keras_layer).__name__}.")
    if not _is_torch_module(torch_module):
        raise TypeError(f"The second argument should be a torch.nn module, got {type(torch_module).__name__}.")
    kind = _keras_kind(keras_layer)
    keras_name = type(keras_layer).__name__
    if kind is None:
        raise TypeError(f"copy_keras_to_torch does not know how to copy a Keras {keras_name}; "
                        f"it copies {_supported()}.")
    expected = _TORCH_CLASS[kind]
    if _torch_kind(torch_module) != kind:
        raise TypeError(f"A Keras {keras_name} is copied into a torch.nn.{expected}, "
                        f"got {type(torch_module).__name__}.")
    if kind in (RNN, LSTM):
        _check_recurrent(torch_module, _SHORT[kind])
        _check_same_maths(keras_layer, torch_module, kind)
    return _plan_torch(torch_module, _keras_weights(keras_layer), kind)


def _check_same_maths(keras_layer, torch_module, kind: str) -> None:
    """The settings a Keras recurrent layer has and the PyTorch one cannot follow."""
    activation = getattr(getattr(keras_layer, "activation", None), "__name__", "tanh")
    if kind == RNN and torch_module.nonlinearity != activation:
        raise ValueError(
            f"The Keras SimpleRNN uses {activation} but the nn.RNN uses "
            f"{torch_module.nonlinearity}: give both the same nonlinearity ('tanh' or 'relu')."
        )
    if kind == LSTM:
        gate = getattr(getattr(keras_layer, "recurrent_activation", None), "__name__", "sigmoid")
        if (activation, gate) != ("tanh", "sigmoid"):
            raise ValueError(
                f"nn.LSTM computes tanh and sigmoid gates, but the Keras LSTM uses activation={activation!r}, "
                f"recurrent_activation={gate!r}: build it with the defaults ('tanh', 'sigmoid')."
            )
    if getattr(keras_layer, "go_backwards", False):
        raise ValueError(f"The Keras {type(keras_layer).__name__} reads its input backwards "
                         "(go_backwards=True); the PyTorch one reads it forwards.")


def _apply(plan, freeze: list = ()) -> None:
    import torch

    with torch.no_grad():
        for target, value in plan:
            target.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=target.dtype))
    for parameter in freeze:
        parameter.requires_grad_(False)


def _second_biases(module) -> list:
    """The bias_hh of an nn.RNN / nn.LSTM with a bias, as a list (empty otherwise)."""
    if _torch_kind(module) in (RNN, LSTM) and module.bias:
        return [module.bias_hh_l0]
    return []


# --------------------------------------------------------------------------------------
# Keras to PyTorch


def copy_keras_to_torch(keras_layer, torch_module, *, freeze_bias_hh: bool = False) -> None:
    """Give ``torch_module`` exactly the weights of ``keras_layer`` (in place).

    Dense -> nn.Linear, Embedding -> nn.Embedding, SimpleRNN -> nn.RNN, LSTM (or
    ``FastLSTM``) -> nn.LSTM. The Keras layer must be built (called once) first.
    ``freeze_bias_hh=True`` also stops a recurrent module's zero ``bias_hh`` from training.
    """
    plan = _plan_layer(keras_layer, torch_module)
    _apply(plan, _second_biases(torch_module) if freeze_bias_hh else ())


def _keras_children(layer) -> list:
    if hasattr(layer, "layers"):  # keras.Model, Sequential: public
        return list(layer.layers)
    flatten = getattr(layer, "_flatten_layers", None)  # a custom layer holding layers
    return list(flatten(include_self=False, recursive=False)) if flatten else []


def _keras_weight_layers(layer, path: str = "") -> list[tuple[str, object]]:
    """(path, layer) of every weight-bearing Keras layer inside ``layer``, in order."""
    found = []
    attributes = {id(value): key for key, value in vars(layer).items() if not key.startswith("_")}
    for child in _keras_children(layer):
        name = f"{path}{attributes.get(id(child), child.name)}"  # model.lstm: "lstm", else Keras' name
        if _keras_kind(child) is not None:
            found.append((name, child))
        elif _keras_children(child):
            found.extend(_keras_weight_layers(child, f"{name}/"))
        elif child.weights:
            found.append((name, child))  # unsupported: the pairing says so
    return found


def _torch_weight_modules(module, path: str = "") -> list[tuple[str, object]]:
    """(path, module) of every weight-bearing module inside ``module``, in registration order."""
    found = []
    for name, child in module.named_children():
        name = f"{path}{name}"
        if _torch_kind(child) is not None:
            found.append((name, child))
            continue
        if next(child.parameters(recurse=False), None) is not None:
            found.append((name, child))  # unsupported: the pairing says so
        found.extend(_torch_weight_modules(child, f"{name}."))
    return found


def _describe(pairs) -> str:
    return ", ".join(f"{name} ({type(layer).__name__})" for name, layer in pairs) or "none"


def _named_pairs(keras_model, torch_model) -> list:
    """((Keras name, layer), (PyTorch name, module)) for every weight-bearing pair, in order."""
    if not _is_keras_layer(keras_model):
        raise TypeError(f"keras_model should be a Keras model or layer, got {type(keras_model).__name__}.")
    if not _is_torch_module(torch_model):
        raise TypeError(f"torch_model should be a torch.nn.Module, got {type(torch_model).__name__}.")
    if _keras_kind(keras_model) is None:
        keras_layers = _keras_weight_layers(keras_model)
    else:
        keras_layers = [(keras_model.name, keras_model)]
    if _torch_kind(torch_model) is None:
        torch_modules = _torch_weight_modules(torch_model)
    else:
        torch_modules = [(type(torch_model).__name__, torch_model)]
    if len(keras_layers) != len(torch_modules):
        raise ValueError(
            f"The Keras model has {len(keras_layers)} layers with weights, {_describe(keras_layers)}, "
            f"but the PyTorch model has {len(torch_modules)}, {_describe(torch_modules)}: pair the "
            "layers yourself with copy_keras_to_torch(keras_layer, torch_module)."
        )
    return list(zip(keras_layers, torch_modules))


def keras_torch_pairs(keras_model, torch_model) -> list[tuple[object, object]]:
    """The (Keras layer, PyTorch module) pairs that ``copy_keras_model_to_torch`` copies.

    Weight-bearing layers are paired in order: Keras' layer order (``model.layers``, inner
    models and layers included) against PyTorch's registration order (the order in which
    ``__init__`` assigned them). A different number of them is an error that lists both.
    """
    return [(layer, module) for (_, layer), (_, module) in _named_pairs(keras_model, torch_model)]


def copy_keras_model_to_torch(keras_model, torch_model, *, freeze_bias_hh: bool = False) -> list[tuple[str, str]]:
    """Copy every weight-bearing Keras layer into its PyTorch twin, paired in order (in place).

    Returns the (Keras layer name, PyTorch module name) pairs copied. A pair that does not
    fit is an error naming it (its position, both names and both types), and then nothing is
    copied. ``freeze_bias_hh`` as in :func:`copy_keras_to_torch`.
    """
    named = _named_pairs(keras_model, torch_model)
    plans, freeze = [], []
    for number, ((keras_name, layer), (torch_name, module)) in enumerate(named, start=1):
        try:
            plans.extend(_plan_layer(layer, module))
        except (TypeError, ValueError) as error:
            raise type(error)(
                f"Pair {number} of {len(named)}, Keras {keras_name!r} ({type(layer).__name__}) -> PyTorch "
                f"{torch_name!r} ({type(module).__name__}): {error}"
            ) from None
        freeze.extend(_second_biases(module) if freeze_bias_hh else ())
    _apply(plans, freeze)
    return [(keras_name, torch_name) for (keras_name, _), (torch_name, _) in named]


# --------------------------------------------------------------------------------------
# The Keras layout of a PyTorch module, and PyTorch to Keras


def get_keras_weights(torch_module) -> list[np.ndarray]:
    """The module's weights as its Keras twin's ``get_weights()`` lists them (NumPy copies).

    nn.Linear -> [kernel (in, out), bias]; nn.Embedding -> [table]; nn.RNN / nn.LSTM ->
    [kernel (in, gates*units), recurrent_kernel (units, gates*units), bias], where the bias
    is ``bias_ih + bias_hh``, the one bias that computes the same function.
    """
    kind = _torch_kind_or_error(torch_module, "get_keras_weights")

    def array(tensor) -> np.ndarray:
        return tensor.detach().cpu().numpy().copy()

    if kind == EMBEDDING:
        return [array(torch_module.weight)]
    if kind == DENSE:
        bias = [] if torch_module.bias is None else [array(torch_module.bias)]
        return [array(torch_module.weight).T.copy(), *bias]
    bias = [array(torch_module.bias_ih_l0 + torch_module.bias_hh_l0)] if torch_module.bias else []
    return [array(torch_module.weight_ih_l0).T.copy(), array(torch_module.weight_hh_l0).T.copy(), *bias]


def set_keras_weights(torch_module, weights) -> None:
    """Load Keras-layout arrays (a Keras twin's ``get_weights()`` list) into the module (in place).

    The inverse of :func:`get_keras_weights`: kernels transposed, the bias into ``bias_ih``
    and ``bias_hh`` zero. Shapes are checked before anything is written.
    """
    kind = _torch_kind_or_error(torch_module, "set_keras_weights")
    if isinstance(weights, np.ndarray) or not hasattr(weights, "__len__"):
        raise TypeError(f"weights should be a list of arrays in Keras' get_weights() order, "
                        f"got {type(weights).__name__}.")
    _apply(_plan_torch(torch_module, weights, kind))


def copy_torch_to_keras(torch_module, keras_layer) -> None:
    """Give ``keras_layer`` exactly the weights of ``torch_module`` (in place): the reverse copy.

    The Keras layer must be built. PyTorch's two recurrent biases become Keras' one (their
    sum); a Keras layer built with ``use_bias=False`` accepts only a module whose biases are 0.
    """
    if not _is_keras_layer(keras_layer):
        raise TypeError(f"keras_layer should be a Keras layer, got {type(keras_layer).__name__}.")
    kind = _keras_kind(keras_layer)
    if kind is None:
        raise TypeError(f"copy_torch_to_keras does not know how to fill a Keras "
                        f"{type(keras_layer).__name__}; it fills {_supported()}.")
    if _is_torch_module(torch_module) and _torch_kind(torch_module) != kind:
        raise TypeError(f"A Keras {type(keras_layer).__name__} is filled from a torch.nn.{_TORCH_CLASS[kind]}, "
                        f"got {type(torch_module).__name__}.")
    values = get_keras_weights(torch_module)
    if kind in (RNN, LSTM):
        _check_same_maths(keras_layer, torch_module, kind)
    current = _keras_weights(keras_layer)
    with_bias = 2 if kind == DENSE else 3
    if len(values) == with_bias and len(current) == with_bias - 1:  # Keras has no bias
        if np.any(values[-1]):
            raise ValueError(f"The PyTorch {type(torch_module).__name__} has a non-zero bias but the Keras "
                             f"{type(keras_layer).__name__} was built with use_bias=False.")
        values = values[:-1]
    elif len(values) == with_bias - 1 and len(current) == with_bias:  # PyTorch has no bias
        values = [*values, np.zeros_like(current[-1])]
    for number, (value, old) in enumerate(zip(values, current)):
        if value.shape != old.shape:
            raise ValueError(
                f"{type(keras_layer).__name__} weight {number} ({keras_layer.weights[number].name}): the PyTorch "
                f"module gives shape {value.shape} but the Keras layer has shape {old.shape}. Build both "
                "layers with the same sizes."
            )
    keras_layer.set_weights(values)
