"""Copy a Keras layer's weights into its PyTorch twin, so both frameworks start equal.

A fair TensorFlow-against-PyTorch comparison starts from the same weights. The two
frameworks store the same layer differently, and this module knows how::

    copy_keras_to_torch(keras_lstm, torch_lstm)     # then both compute the same function

| Keras layer | PyTorch module | what changes |
| :-- | :-- | :-- |
| ``Dense`` | ``nn.Linear`` | kernel ``(in, out)`` is transposed to ``weight (out, in)`` |
| ``Embedding`` | ``nn.Embedding`` | none: both are ``(vocabulary, dim)`` tables |
| ``SimpleRNN`` | ``nn.RNN`` | kernels transposed; Keras' one bias goes to ``bias_ih``, ``bias_hh`` is 0 |
| ``LSTM`` | ``nn.LSTM`` | as ``SimpleRNN``; the gate blocks are in the same order |

Keras stacks an LSTM's four gate blocks as input, forget, cell candidate, output
(``i, f, c, o``, see ``keras.layers.LSTMCell``); PyTorch stacks ``i, f, g, o`` with ``g``
the same cell candidate (``torch.nn.LSTM``'s docs). The order is the same, so the blocks
need no shuffling, only the transpose. PyTorch adds two biases (``b_ih + b_hh``) where
Keras has one, so one of them carries Keras' bias and the other is zero.

Only single-layer, unidirectional, ``batch_first`` or not, recurrent modules are
supported; anything else is refused with a message saying what was expected.
"""

from __future__ import annotations

import numpy as np

__all__ = ["copy_keras_to_torch"]


def _weights(layer) -> list[np.ndarray]:
    weights = [np.asarray(w) for w in layer.get_weights()]
    if not weights:
        raise ValueError(
            f"The Keras layer {layer.name!r} has no weights yet: call it on an input (or "
            "build it) before copying its weights."
        )
    return weights


def _assign(parameter, value: np.ndarray, what: str) -> None:
    import torch

    expected = tuple(parameter.shape)
    if tuple(value.shape) != expected:
        raise ValueError(
            f"{what}: the Keras weight gives shape {tuple(value.shape)} but the PyTorch "
            f"parameter has shape {expected}. Build both layers with the same sizes."
        )
    with torch.no_grad():
        parameter.copy_(torch.as_tensor(value, dtype=parameter.dtype))


def _check_recurrent(module, kind: str) -> None:
    if module.num_layers != 1 or module.bidirectional:
        raise ValueError(
            f"copy_keras_to_torch copies one layer: the PyTorch {kind} must have num_layers=1 "
            f"and bidirectional=False (got num_layers={module.num_layers}, "
            f"bidirectional={module.bidirectional})."
        )


def _copy_recurrent(layer, module, kind: str) -> None:
    _check_recurrent(module, kind)
    weights = _weights(layer)
    kernel, recurrent = weights[0], weights[1]
    _assign(module.weight_ih_l0, kernel.T, f"{kind} input kernel")
    _assign(module.weight_hh_l0, recurrent.T, f"{kind} recurrent kernel")
    if module.bias:
        bias = weights[2] if len(weights) > 2 else np.zeros(module.bias_ih_l0.shape, np.float32)
        _assign(module.bias_ih_l0, bias, f"{kind} bias")
        _assign(module.bias_hh_l0, np.zeros_like(bias), f"{kind} second bias")
    elif len(weights) > 2:
        raise ValueError(
            f"The Keras {kind} has a bias but the PyTorch one was built with bias=False: "
            "build both with a bias, or both without (use_bias=False / bias=False)."
        )


def copy_keras_to_torch(keras_layer, torch_module) -> None:
    """Give ``torch_module`` exactly the weights of ``keras_layer`` (in place).

    Supports Dense -> nn.Linear, Embedding -> nn.Embedding, SimpleRNN -> nn.RNN and
    LSTM -> nn.LSTM. The Keras layer must be built (called once) first.
    """
    from torch import nn

    keras_kind = type(keras_layer).__name__
    pairs = {"Dense": nn.Linear, "Embedding": nn.Embedding, "SimpleRNN": nn.RNN, "LSTM": nn.LSTM}
    if keras_kind not in pairs:
        raise TypeError(
            f"copy_keras_to_torch does not know how to copy a Keras {keras_kind}; it copies "
            f"{', '.join(pairs)} into {', '.join(cls.__name__ for cls in pairs.values())}."
        )
    expected = pairs[keras_kind]
    if type(torch_module) is not expected:
        raise TypeError(
            f"A Keras {keras_kind} is copied into a torch.nn.{expected.__name__}, "
            f"got {type(torch_module).__name__}."
        )
    if keras_kind == "Dense":
        weights = _weights(keras_layer)
        _assign(torch_module.weight, weights[0].T, "Dense kernel")
        if torch_module.bias is not None:
            bias = weights[1] if len(weights) > 1 else np.zeros(torch_module.bias.shape, np.float32)
            _assign(torch_module.bias, bias, "Dense bias")
        elif len(weights) > 1:
            raise ValueError("The Keras Dense has a bias but the nn.Linear was built with bias=False.")
    elif keras_kind == "Embedding":
        _assign(torch_module.weight, _weights(keras_layer)[0], "Embedding table")
    elif keras_kind == "SimpleRNN":
        if torch_module.nonlinearity != keras_layer.activation.__name__:
            raise ValueError(
                f"The Keras SimpleRNN uses {keras_layer.activation.__name__} but the nn.RNN uses "
                f"{torch_module.nonlinearity}: give both the same nonlinearity ('tanh' or 'relu')."
            )
        _copy_recurrent(keras_layer, torch_module, "RNN")
    else:
        _copy_recurrent(keras_layer, torch_module, "LSTM")

