"""The receptive field of a stack of convolutions and poolings (Lecture 3).

A unit's receptive field is the square of input pixels that can change it. For layers with
filter sizes k_l and strides s_l (a pooling window counts as a filter), the recurrence

    r_0 = 1,    r_l = r_{l-1} + (k_l - 1) * (s_1 * ... * s_{l-1})

gives its side after layer l: each new filter sees k_l units of the layer below, which are
s_1 * ... * s_{l-1} input pixels apart. ``gradient_extent`` measures the same thing from a
gradient: the side of the smallest box holding every input pixel whose gradient is non-zero.

    >>> receptive_fields([(3, 1), (2, 2), (3, 1), (2, 2)])   # conv 3, pool 2, conv 3, pool 2
    [3, 4, 8, 10]

``stack_tf`` and ``stack_torch`` build the same single-channel stack in each framework from
a list of ``(name, kernel size, stride)`` layers ("conv ..." or "pool ...") and given 3 x 3
kernels in Keras' layout, so that the chapter can measure the field from gradients.
"""

from __future__ import annotations

import numpy as np

__all__ = ["gradient_extent", "receptive_fields", "stack_tf", "stack_torch"]


def receptive_fields(layers) -> list[int]:
    """The receptive-field side after each layer of ``layers``, a list of (kernel size, stride)."""
    layers = list(layers)
    if not layers:
        raise ValueError("layers is empty: give one (kernel size, stride) pair per layer.")
    fields, field, jump = [], 1, 1
    for index, layer in enumerate(layers):
        try:
            kernel, stride = layer
        except (TypeError, ValueError):
            raise ValueError(f"layer {index} must be a (kernel size, stride) pair; got {layer!r}.") from None
        for name, value in (("kernel size", kernel), ("stride", stride)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"layer {index}'s {name} must be a whole number >= 1; got {value!r}.")
        field += (kernel - 1) * jump
        jump *= stride
        fields.append(int(field))
    return fields


def gradient_extent(gradient, tolerance: float = 0.0) -> tuple[int, int]:
    """(rows, columns) of the smallest box holding every pixel where |gradient| > tolerance.

    ``gradient`` is a 2-D map (H, W); a channel axis of size one, first or last, is dropped.
    """
    g = np.abs(np.squeeze(np.asarray(gradient, dtype=np.float64)))
    if g.ndim != 2:
        raise ValueError(f"gradient must be one 2-D map (H, W); got shape {np.shape(gradient)}.")
    rows, cols = np.nonzero(g > tolerance)
    if rows.size == 0:
        raise ValueError("the gradient is zero everywhere: this output does not depend on the input.")
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def _check_stack(stack, kernels, pooling: str) -> list:
    if pooling not in ("average", "max"):
        raise ValueError(f"pooling must be 'average' or 'max'; got {pooling!r}.")
    convs = [layer for layer in stack if str(layer[0]).startswith("conv")]
    if len(kernels) < len(convs):
        raise ValueError(f"the stack has {len(convs)} convolutions but only {len(kernels)} kernels were given.")
    for name, _, _ in stack:
        if not str(name).startswith(("conv", "pool")):
            raise ValueError(f"a layer's name must start with 'conv' or 'pool'; got {name!r}.")
    return list(kernels)


def stack_tf(stack, kernels, pooling: str = "average", size: int = 64):
    """A Keras model of ``stack``: bias-free one-filter Conv2D layers with ``kernels``
    (each (k, k, 1, 1), Keras' layout) and average (or max) pooling; input (size, size, 1)."""
    import tensorflow as tf

    kernels = iter(_check_stack(stack, kernels, pooling))
    pool = tf.keras.layers.AveragePooling2D if pooling == "average" else tf.keras.layers.MaxPool2D
    model = tf.keras.Sequential([tf.keras.Input(shape=(size, size, 1))])
    for name, kernel, stride in stack:
        if name.startswith("conv"):
            model.add(tf.keras.layers.Conv2D(1, kernel, use_bias=False))
            model.layers[-1].set_weights([next(kernels)])
        else:
            model.add(pool(pool_size=kernel, strides=stride))
    return model


def stack_torch(stack, kernels, pooling: str = "average", device=None):
    """The PyTorch twin of :func:`stack_tf`: the same kernels, transposed to (out, in, k, k)."""
    import torch
    from torch import nn

    kernels = iter(_check_stack(stack, kernels, pooling))
    pool = nn.AvgPool2d if pooling == "average" else nn.MaxPool2d
    modules = []
    for name, kernel, stride in stack:
        if name.startswith("conv"):
            conv = nn.Conv2d(1, 1, kernel, bias=False)
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(next(kernels).transpose(3, 2, 0, 1))))
            modules.append(conv)
        else:
            modules.append(pool(kernel_size=kernel, stride=stride))
    return nn.Sequential(*modules).to(device)
