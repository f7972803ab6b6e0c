"""Keras weights into PyTorch and back, so that both frameworks start from the same weights.

A fair TensorFlow-against-PyTorch comparison starts both from the same weights. The two
frameworks store the same layer differently; this module is the one place that knows how::

    from introdl.weights import copy_keras_model_to_torch, copy_keras_to_torch

    tf_model(x)                                  # build the Keras model, so its weights exist
    copy_keras_model_to_torch(tf_model, torch_model)   # layer by layer, in order
    copy_keras_to_torch(tf_model.layers[1], torch_model.lstm)   # or one layer

| Keras layer | PyTorch module | what changes |
| :-- | :-- | :-- |
| ``Dense`` | ``nn.Linear`` | kernel ``(in, out)`` is transposed to ``weight (out, in)`` (rows reordered after a ``Flatten``, below) |
| ``Conv2D`` | ``nn.Conv2d`` | kernel ``(kh, kw, in, out)`` becomes ``weight (out, in, kh, kw)`` (``transpose(3, 2, 0, 1)``) |
| ``Embedding`` | ``nn.Embedding`` | nothing: both are ``(vocabulary, dim)`` tables |
| ``SimpleRNN`` | ``nn.RNN`` | kernels transposed; Keras' one bias goes to ``bias_ih``, ``bias_hh`` is 0 |
| ``LSTM`` | ``nn.LSTM`` | as ``SimpleRNN``; the gate blocks are in the same order |

``introdl.lab1.music``'s ``FastLSTM`` has Keras LSTM's weights and counts as an ``LSTM``.

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
:func:`copy_torch_to_keras` copies a module into a Keras layer, :func:`copy_torch_model_to_keras`
a whole model (the reverse of :func:`copy_keras_model_to_torch`, paired the same way).

Only single-layer, unidirectional recurrent modules without projections are supported,
``batch_first`` or not. Every refusal (an unbuilt Keras layer, a mismatched shape, an
unsupported layer, a wrong pairing, a convolution PyTorch cannot follow) is a one-line error
saying what was expected; a refused copy changes nothing. TensorFlow and PyTorch are imported only when called.
"""

from __future__ import annotations

import numpy as np

from .frameworks import FRAMEWORKS, TENSORFLOW

__all__ = [
    "copy_keras_model_to_torch",
    "copy_keras_to_torch",
    "copy_torch_model_to_keras",
    "copy_torch_to_keras",
    "get_keras_weights",
    "keras_torch_pairs",
    "nhwc_flatten_order",
    "set_keras_weights",
]

DENSE, EMBEDDING, RNN, LSTM, CONV = "Dense", "Embedding", "SimpleRNN", "LSTM", "Conv2D"

# Keras classes (and the package whose class it is) by the kind of weights they hold. A
# subclass counts as its base: the first known class in its MRO decides.
_KERAS_KINDS = {
    ("keras", "Dense"): DENSE,
    ("keras", "Embedding"): EMBEDDING,
    ("keras", "SimpleRNN"): RNN,
    ("keras", "LSTM"): LSTM,
    ("introdl", "FastLSTM"): LSTM,  # introdl.lab1.music.fast_lstm_tf: Keras LSTM's weights, faster on a CPU
    ("keras", "Conv2D"): CONV,
}
_KERAS_PACKAGES = (FRAMEWORKS[TENSORFLOW].module, "tf_keras")  # tf.keras's own classes, and Keras 2's
# The PyTorch class each kind is copied into, by name (torch is imported lazily).
_TORCH_CLASS = {DENSE: "Linear", EMBEDDING: "Embedding", RNN: "RNN", LSTM: "LSTM", CONV: "Conv2d"}
_SHORT = {DENSE: "Dense", CONV: "Conv2D", EMBEDDING: "Embedding", RNN: "RNN", LSTM: "LSTM"}  # for messages


# --------------------------------------------------------------------------------------
# Which kind of layer is this?


def _keras_kind(layer) -> str | None:
    """DENSE, CONV, EMBEDDING, RNN or LSTM for a Keras layer of a supported class, else None."""
    for cls in type(layer).__mro__:
        package = cls.__module__.split(".")[0]
        package = "keras" if package in _KERAS_PACKAGES else package
        kind = _KERAS_KINDS.get((package, cls.__name__))
        if kind is not None:
            return kind
    return None


def _torch_kind(module) -> str | None:
    """DENSE, CONV, EMBEDDING, RNN or LSTM for an nn.Linear, nn.Conv2d, nn.Embedding, nn.RNN, nn.LSTM (or subclass)."""
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


def nhwc_flatten_order(height: int, width: int, channels: int) -> np.ndarray:
    """Where each entry of PyTorch's flattened ``(c, h, w)`` map sits in Keras' flattened ``(h, w, c)`` one.

    For a feature map ``x`` of shape ``(height, width, channels)``:
    ``x.transpose(2, 0, 1).reshape(-1) == x.reshape(-1)[order]``. So a Keras Dense kernel
    that reads the NHWC flattening reads the NCHW one as ``kernel[order]``; the inverse
    reordering is ``np.argsort(order)``.
    """
    sizes = (height, width, channels)
    if not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0 for n in sizes):
        raise ValueError(f"nhwc_flatten_order takes three positive whole numbers (height, width, channels), got {sizes}.")
    return np.arange(height * width * channels).reshape(sizes).transpose(2, 0, 1).reshape(-1)


def _flatten_rows(kernel: np.ndarray, flatten_from) -> np.ndarray:
    """The Keras Dense kernel with its rows in PyTorch's NCHW flattening order."""
    if flatten_from is None:
        return kernel
    order = nhwc_flatten_order(*flatten_from)
    if kernel.shape[0] != order.size:
        raise ValueError(
            f"The Dense after a Flatten of an {tuple(flatten_from)} (height, width, channels) map "
            f"should have {order.size} input rows, but its kernel has {kernel.shape[0]}."
        )
    return kernel[order]


def _unflatten_rows(kernel: np.ndarray, flatten_from) -> np.ndarray:
    """The inverse of :func:`_flatten_rows`: rows in PyTorch's NCHW order back to Keras' NHWC order."""
    order = nhwc_flatten_order(*flatten_from)
    _flatten_rows(kernel, flatten_from)  # checks the number of rows
    return kernel[np.argsort(order)]


def _plan_torch(module, weights, kind: str, flatten_from=None) -> list:
    """The (torch tensor, NumPy array) assignments that load Keras-layout ``weights``.

    ``flatten_from=(h, w, c)``: a Dense reading a flattened feature map; its rows are reordered.
    """
    weights = [np.asarray(w) for w in weights]
    name = _SHORT[kind]
    counts = {DENSE: (1, 2), CONV: (1, 2), EMBEDDING: (1,), RNN: (2, 3), LSTM: (2, 3)}[kind]
    if len(weights) not in counts:
        listed = " or ".join(str(count) for count in counts)
        raise ValueError(
            f"A Keras {name} has {listed} weight arrays (its get_weights() order), got "
            f"{len(weights)} of shapes {[tuple(w.shape) for w in weights]}."
        )
    if kind == EMBEDDING:
        return [_fit(module.weight, weights[0], "Embedding table")]
    if kind in (DENSE, CONV):
        if kind == DENSE:
            plan = [_fit(module.weight, _flatten_rows(weights[0], flatten_from).T, "Dense kernel")]
        elif weights[0].ndim != 4:
            raise ValueError(f"A Keras Conv2D kernel is 4-D (kh, kw, in, out), got shape {tuple(weights[0].shape)}.")
        else:  # (kh, kw, in, out) -> (out, in, kh, kw)
            plan = [_fit(module.weight, weights[0].transpose(3, 2, 0, 1), "Conv2D kernel")]
        torch_name = "nn.Linear" if kind == DENSE else "nn.Conv2d"
        if module.bias is not None:
            bias = weights[1] if len(weights) > 1 else np.zeros(tuple(module.bias.shape), np.float32)
            plan.append(_fit(module.bias, bias, f"{name} bias"))
        elif len(weights) > 1:
            raise ValueError(f"The Keras {name} has a bias but the {torch_name} was built with bias=False: "
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


def _plan_layer(keras_layer, torch_module, flatten_from=None) -> list:
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
    if kind == CONV:
        _check_same_convolution(keras_layer, torch_module)
    return _plan_torch(torch_module, _keras_weights(keras_layer), kind, flatten_from if kind == DENSE else None)


def _pair(values) -> tuple:
    return tuple(values) if isinstance(values, (tuple, list)) else (values, values)


def _check_same_convolution(keras_layer, torch_module) -> None:
    """The Conv2D settings that make an nn.Conv2d compute something else, each refused in one line."""
    data_format = getattr(keras_layer, "data_format", "channels_last")
    if data_format != "channels_last":
        raise ValueError(f"The Keras Conv2D has data_format={data_format!r}; this module copies channels_last "
                         "(NHWC) Keras convolutions into PyTorch's NCHW nn.Conv2d: build it channels_last.")
    strides, stride = _pair(keras_layer.strides), _pair(torch_module.stride)
    if strides != stride:
        raise ValueError(f"The Keras Conv2D has strides={strides} but the nn.Conv2d has stride={stride}: give both the same.")
    dilation_rate, dilation = _pair(keras_layer.dilation_rate), _pair(torch_module.dilation)
    if dilation_rate != dilation:
        raise ValueError(f"The Keras Conv2D has dilation_rate={dilation_rate} but the nn.Conv2d has "
                         f"dilation={dilation}: give both the same.")
    groups = (getattr(keras_layer, "groups", 1), torch_module.groups)
    if groups != (1, 1):
        raise ValueError(f"Grouped convolutions are not copied (Keras groups={groups[0]}, nn.Conv2d "
                         f"groups={groups[1]}): build both with groups=1.")
    if torch_module.padding_mode != "zeros":
        raise ValueError(f"The nn.Conv2d pads with padding_mode={torch_module.padding_mode!r} but a Keras "
                         "Conv2D pads with zeros: use padding_mode='zeros'.")
    padding, torch_padding = keras_layer.padding, torch_module.padding
    if padding == "valid":
        if torch_padding not in ("valid", (0, 0)):
            raise ValueError(f"The Keras Conv2D has padding='valid' (none) but the nn.Conv2d has "
                             f"padding={torch_padding!r}: use padding=0.")
        return
    if padding != "same":
        raise ValueError(f"A Keras Conv2D with padding={padding!r} has no nn.Conv2d twin.")
    if strides != (1, 1):
        raise ValueError(f"The Keras Conv2D has padding='same' with strides={strides}: TensorFlow then pads by an "
                         "amount that depends on the input size, the odd pixel at the bottom and right, which "
                         "nn.Conv2d's symmetric padding cannot match: use padding='valid' in Keras.")
    totals = [d * (k - 1) for d, k in zip(dilation, _pair(torch_module.kernel_size))]
    if torch_padding == "same":
        return
    if any(total % 2 for total in totals):
        raise ValueError(f"The Keras Conv2D has padding='same' with an even kernel {_pair(keras_layer.kernel_size)}: "
                         "TensorFlow pads the extra pixel at the bottom and right, which a number padding= cannot "
                         "do: use padding='same' in nn.Conv2d.")
    symmetric = tuple(total // 2 for total in totals)
    if torch_padding != symmetric:
        raise ValueError(f"The Keras Conv2D has padding='same', which for its kernel means padding={symmetric} "
                         f"(or 'same') in nn.Conv2d, but the nn.Conv2d has padding={torch_padding!r}.")


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
# A Dense that reads a flattened feature map: which map (height, width, channels)?

_UNTRACED = "untraced"  # the layer is in no Keras graph (a subclassed model, or one called eagerly)


def _is_keras(layer, name: str) -> bool:
    return any(cls.__name__ == name and cls.__module__.split(".")[0] in ("keras", *_KERAS_PACKAGES)
               for cls in type(layer).__mro__)


def _inbound(layer):
    """(layer it reads, its inbound node) in a Keras graph; _UNTRACED without one; None if not one layer."""
    nodes = list(getattr(layer, "_inbound_nodes", None) or [])
    if not nodes:
        return _UNTRACED
    sources = {}
    for node in nodes:
        tensors = list(getattr(node, "input_tensors", None) or [])
        operation = getattr(getattr(tensors[0], "_keras_history", None), "operation", None) if len(tensors) == 1 else None
        if operation is None:
            return None
        sources.setdefault(id(operation), (operation, node))
    return next(iter(sources.values())) if len(sources) == 1 else None


def _input_shape(layer, node=None):
    if node is not None:
        return tuple(node.input_tensors[0].shape)
    shapes = getattr(layer, "_build_shapes_dict", None) or {}  # Keras records it when a layer is built
    shape = next(iter(shapes.values()), None)
    return tuple(shape) if isinstance(shape, (tuple, list)) else None


def _flattened_map(flatten, node=None):
    """(height, width, channels) of the 4-D map a Keras Flatten flattens, or None."""
    shape = _input_shape(flatten, node)
    if shape is None or len(shape) != 4 or not all(isinstance(n, int) for n in shape[1:]):
        return None
    if getattr(flatten, "data_format", "channels_last") == "channels_first":
        channels, height, width = shape[1:]  # Keras moves the channels last before flattening
        return height, width, channels
    return tuple(shape[1:])


def _traced_flatten(dense):
    """(h, w, c) when the Keras graph shows the layer reading a Flatten of a 4-D map; None; or _UNTRACED."""
    step = _inbound(dense)
    if step == _UNTRACED:
        return _UNTRACED
    for _ in range(1000):  # a chain of layers, never a cycle
        if step is None or step == _UNTRACED:
            return None
        source, _ = step
        upstream = _inbound(source)
        if _is_keras(source, "Flatten"):
            return _flattened_map(source, upstream[1] if isinstance(upstream, tuple) else None)
        outputs = getattr(source, "outputs", None)
        if outputs is not None and len(outputs) == 1 and hasattr(outputs[0], "_keras_history"):
            inner = outputs[0]._keras_history.operation  # a model inside the model: its last layer
            step = (inner, None)
            continue
        if source.weights or not isinstance(upstream, tuple):
            return None
        node = upstream[1]
        if tuple(node.input_tensors[0].shape) != tuple(node.output_tensors[0].shape):
            return None  # only weightless layers that keep the shape (Dropout, Activation) pass the order through
        step = upstream
    return None


def _listed_flatten(previous: list):
    """Without a graph: the Flatten listed just before the Dense (weightless layers in between skipped)."""
    for layer in reversed(previous):
        if _is_keras(layer, "Flatten"):
            return _flattened_map(layer)
        if layer.weights or ".reshaping." in type(layer).__module__ or _keras_children(layer):
            return None
    return None


def _flatten_maps(container) -> dict:
    """id(Dense) -> (h, w, c) for every Dense inside ``container`` that reads a flattened 4-D map."""
    if _keras_kind(container) == DENSE:
        found = _traced_flatten(container)
        return {id(container): found} if isinstance(found, tuple) else {}
    maps = {}
    children = _keras_children(container)
    for index, child in enumerate(children):
        if _keras_kind(child) == DENSE:
            found = _traced_flatten(child)
            found = _listed_flatten(children[:index]) if found == _UNTRACED else found
            if found is not None:
                maps[id(child)] = found
        elif _keras_kind(child) is None and _keras_children(child):
            maps.update(_flatten_maps(child))
    return maps


def _flatten_argument(keras_layer, flatten_from):
    """The (h, w, c) a single-layer copy reorders a Dense kernel for, checked, or None."""
    if flatten_from is None or _keras_kind(keras_layer) != DENSE:
        return None
    if isinstance(flatten_from, str):
        if flatten_from != "auto":
            raise ValueError(f"flatten_from should be 'auto', None or (height, width, channels), got {flatten_from!r}.")
        found = _traced_flatten(keras_layer)
        return found if isinstance(found, tuple) else None
    flatten_from = tuple(flatten_from)
    if len(flatten_from) != 3:
        raise ValueError(f"flatten_from should be (height, width, channels), got {flatten_from}.")
    nhwc_flatten_order(*flatten_from)  # checks the numbers
    return flatten_from


# --------------------------------------------------------------------------------------
# Keras to PyTorch


def copy_keras_to_torch(keras_layer, torch_module, *, freeze_bias_hh: bool = False, flatten_from="auto") -> None:
    """Give ``torch_module`` exactly the weights of ``keras_layer`` (in place).

    Dense -> nn.Linear, Conv2D -> nn.Conv2d, Embedding -> nn.Embedding, SimpleRNN -> nn.RNN,
    LSTM (or ``FastLSTM``) -> nn.LSTM. The Keras layer must be built (called once) first.
    ``freeze_bias_hh=True`` also stops a recurrent module's zero ``bias_hh`` from training.
    ``flatten_from`` (a Dense only): ``(height, width, channels)`` of the feature map a Keras
    ``Flatten`` turned into the Dense's input, so that its rows are reordered for PyTorch's
    ``nn.Flatten`` of ``(channels, height, width)``; ``'auto'`` finds it in the Keras graph
    where there is one, ``None`` copies the kernel as it is.
    """
    plan = _plan_layer(keras_layer, torch_module, _flatten_argument(keras_layer, flatten_from))
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
    copied. ``freeze_bias_hh`` as in :func:`copy_keras_to_torch`. A Dense that reads a Keras
    ``Flatten`` of a 4-D feature map gets its rows reordered for PyTorch's NCHW flattening
    (the module docstring says how that Flatten is found).
    """
    named = _named_pairs(keras_model, torch_model)
    maps = _flatten_maps(keras_model)
    plans, freeze = [], []
    for number, ((keras_name, layer), (torch_name, module)) in enumerate(named, start=1):
        with _naming_pair(number, named):
            plans.extend(_plan_layer(layer, module, maps.get(id(layer))))
        freeze.extend(_second_biases(module) if freeze_bias_hh else ())
    _apply(plans, freeze)
    return [(keras_name, torch_name) for (keras_name, _), (torch_name, _) in named]


class _naming_pair:
    """Reraise a pair's TypeError or ValueError with the pair named in front."""

    def __init__(self, number: int, named: list):
        (self.keras_name, self.layer), (self.torch_name, self.module) = named[number - 1]
        self.prefix = f"Pair {number} of {len(named)}, "

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind in (TypeError, ValueError):
            raise kind(
                f"{self.prefix}Keras {self.keras_name!r} ({type(self.layer).__name__}) -> PyTorch "
                f"{self.torch_name!r} ({type(self.module).__name__}): {error}"
            ) from None
        return False


# --------------------------------------------------------------------------------------
# The Keras layout of a PyTorch module, and PyTorch to Keras


def get_keras_weights(torch_module) -> list[np.ndarray]:
    """The module's weights as its Keras twin's ``get_weights()`` lists them (NumPy copies).

    nn.Linear -> [kernel (in, out), bias]; nn.Conv2d -> [kernel (kh, kw, in, out), bias];
    nn.Embedding -> [table]; nn.RNN / nn.LSTM ->
    [kernel (in, gates*units), recurrent_kernel (units, gates*units), bias], where the bias
    is ``bias_ih + bias_hh``, the one bias that computes the same function.
    """
    kind = _torch_kind_or_error(torch_module, "get_keras_weights")

    def array(tensor) -> np.ndarray:
        return tensor.detach().cpu().numpy().copy()

    if kind == EMBEDDING:
        return [array(torch_module.weight)]
    if kind in (DENSE, CONV):
        bias = [] if torch_module.bias is None else [array(torch_module.bias)]
        weight = array(torch_module.weight)  # (out, in) or (out, in, kh, kw)
        return [weight.T.copy() if kind == DENSE else weight.transpose(2, 3, 1, 0).copy(), *bias]
    bias = [array(torch_module.bias_ih_l0 + torch_module.bias_hh_l0)] if torch_module.bias else []
    return [array(torch_module.weight_ih_l0).T.copy(), array(torch_module.weight_hh_l0).T.copy(), *bias]


def set_keras_weights(torch_module, weights) -> None:
    """Load Keras-layout arrays (a Keras twin's ``get_weights()`` list) into the module (in place).

    The inverse of :func:`get_keras_weights`: kernels transposed (a Conv2D kernel by
    ``transpose(3, 2, 0, 1)``), a recurrent bias into ``bias_ih`` and ``bias_hh`` zero. Shapes
    are checked before anything is written. No Dense rows are reordered here: that needs the
    Keras model (:func:`copy_keras_model_to_torch`) or ``kernel[nhwc_flatten_order(h, w, c)]``.
    """
    kind = _torch_kind_or_error(torch_module, "set_keras_weights")
    if isinstance(weights, np.ndarray) or not hasattr(weights, "__len__"):
        raise TypeError(f"weights should be a list of arrays in Keras' get_weights() order, "
                        f"got {type(weights).__name__}.")
    _apply(_plan_torch(torch_module, weights, kind))


def copy_torch_to_keras(torch_module, keras_layer, *, flatten_from="auto") -> None:
    """Give ``keras_layer`` exactly the weights of ``torch_module`` (in place): the reverse copy.

    The Keras layer must be built. PyTorch's two recurrent biases become Keras' one (their
    sum); a Keras layer built with ``use_bias=False`` accepts only a module whose biases are 0.
    ``flatten_from`` as in :func:`copy_keras_to_torch` (the rows go back to Keras' order).
    """
    keras_layer.set_weights(_plan_keras(torch_module, keras_layer, _flatten_argument(keras_layer, flatten_from)))


def _plan_keras(torch_module, keras_layer, flatten_from=None) -> list[np.ndarray]:
    """The checked list of arrays that ``keras_layer.set_weights`` takes to copy ``torch_module``."""
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
    if kind == CONV:
        _check_same_convolution(keras_layer, torch_module)
    if kind == DENSE and flatten_from is not None:
        values[0] = _unflatten_rows(values[0], flatten_from)
    current = _keras_weights(keras_layer)
    with_bias = 2 if kind in (DENSE, CONV) else 3
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
    return values


def copy_torch_model_to_keras(torch_model, keras_model) -> list[tuple[str, str]]:
    """Copy every weight-bearing PyTorch module into its Keras twin, paired in order (in place).

    The reverse of :func:`copy_keras_model_to_torch`, with the same pairing, the same
    reordering of a Dense after a ``Flatten`` (undone) and the same all-or-nothing refusals.
    Returns the (Keras layer name, PyTorch module name) pairs copied.
    """
    named = _named_pairs(keras_model, torch_model)
    maps = _flatten_maps(keras_model)
    plans = []
    for number, ((_, layer), (_, module)) in enumerate(named, start=1):
        with _naming_pair(number, named):
            plans.append((layer, _plan_keras(module, layer, maps.get(id(layer)))))
    for layer, values in plans:
        layer.set_weights(values)
    return [(keras_name, torch_name) for (keras_name, _), (torch_name, _) in named]
