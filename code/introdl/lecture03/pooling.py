"""Max pooling by hand in NumPy (Lecture 3), to check against both frameworks' own.

Max pooling keeps the largest value of each ``size`` x ``size`` window, the windows stepping by
``stride`` (by default the size, so they do not overlap). Windows that would run past the edge
are dropped, as Keras' ``MaxPool2D`` (padding 'valid') and PyTorch's ``nn.MaxPool2d`` do.

    >>> max_pool_numpy(LECTURE_POOL_INPUT)
    array([[6., 8.],
           [3., 4.]])
"""

from __future__ import annotations

import numpy as np

__all__ = ["LECTURE_POOL_INPUT", "max_pool_numpy"]

# The classic 4x4 example of 2x2 max pooling with stride 2.
LECTURE_POOL_INPUT = np.array([[1, 1, 2, 4],
                               [5, 6, 7, 8],
                               [3, 2, 1, 0],
                               [1, 2, 3, 4]], dtype=np.float64)


def max_pool_numpy(x, size: int = 2, stride: int | None = None) -> np.ndarray:
    """The max over each window of ``x`` ((H, W) or (H, W, channels); each channel on its own)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (2, 3) or 0 in x.shape:
        raise ValueError(f"x must be (H, W) or (H, W, channels); got shape {x.shape}.")
    stride = size if stride is None else stride
    for name, value in (("size", size), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value!r}.")
    if size > min(x.shape[:2]):
        raise ValueError(f"the window ({size}x{size}) is larger than the input {x.shape[:2]}.")
    rows = (x.shape[0] - size) // stride + 1
    cols = (x.shape[1] - size) // stride + 1
    out = np.empty((rows, cols, *x.shape[2:]))
    for p in range(rows):
        for q in range(cols):
            window = x[p * stride:p * stride + size, q * stride:q * stride + size]
            out[p, q] = window.max(axis=(0, 1))
    return out
