"""Copy a Keras layer's weights into its PyTorch twin: the older name of ``introdl.weights``.

Pages import ``copy_keras_to_torch`` from here; it is :func:`introdl.weights.copy_keras_to_torch`,
which documents the layer pairs, the transposes, the gate order and the two PyTorch biases.
New code imports from :mod:`introdl.weights`.
"""

from __future__ import annotations

from . import weights

__all__ = ["copy_keras_to_torch"]


def copy_keras_to_torch(keras_layer, torch_module, **options) -> None:
    """Give ``torch_module`` exactly the weights of ``keras_layer``: see :func:`introdl.weights.copy_keras_to_torch`."""
    weights.copy_keras_to_torch(keras_layer, torch_module, **options)
