"""Convolution by hand in NumPy, the output-size formula and hand-made filters (Lecture 3).

What deep learning calls a 2-D convolution is a cross-correlation: the filter slides over the
image, and each output is the sum of the filter's weights times the pixels under it,

    out[p, q] = sum_i sum_j w[i, j] * x[p*s + i, q*s + j]        (s: the stride)

``conv2d_numpy`` computes exactly that with explicit loops, so that the chapter can check it
against ``tf.nn.conv2d`` and ``torch.nn.functional.conv2d``. Layouts follow Keras: an image is
``(H, W)`` or ``(H, W, C_in)``, a filter ``(kh, kw)`` or ``(kh, kw, C_in, C_out)``.

    >>> conv2d_numpy(LECTURE_IMAGE, LECTURE_FILTER)
    array([[4., 3., 4.],
           [2., 4., 3.],
           [2., 3., 4.]])
    >>> output_size(28, 3, stride=2, padding=1)
    14
    >>> same_padding(28, 3, stride=2)      # TensorFlow's 'same': the extra row goes at the end
    (0, 1)
"""

from __future__ import annotations

import numpy as np

__all__ = ["FILTERS", "LECTURE_FILTER", "LECTURE_IMAGE", "X_FILTERS", "conv2d_numpy", "flip_kernel",
           "output_size", "same_padding", "true_convolution_fft", "x_image"]

# A 5x5 binary image and a 3x3 filter that respond to an "x" pattern: the classic worked example
# of the convolution operation (its feature map is in the module docstring).
LECTURE_IMAGE = np.array([[1, 1, 1, 0, 0],
                          [0, 1, 1, 1, 0],
                          [0, 0, 1, 1, 1],
                          [0, 0, 1, 1, 0],
                          [0, 1, 1, 0, 0]], dtype=np.float64)
LECTURE_FILTER = np.array([[1, 0, 1],
                           [0, 1, 0],
                           [1, 0, 1]], dtype=np.float64)

# Hand-made 3x3 filters: the usual image-processing kernels for each effect.
FILTERS = {
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
    "edge detect": np.array([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], dtype=np.float64),
    "strong edge detect": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64),
    "vertical edges (Sobel)": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64),
    "horizontal edges (Sobel)": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64),
}

# The "is it an X?" example: pieces of an X, each a 3x3 pattern of +1 (ink) and -1 (paper).
X_FILTERS = {
    "diagonal \\": np.array([[1, -1, -1], [-1, 1, -1], [-1, -1, 1]], dtype=np.float64),
    "crossing": np.array([[1, -1, 1], [-1, 1, -1], [1, -1, 1]], dtype=np.float64),
    "diagonal /": np.array([[-1, -1, 1], [-1, 1, -1], [1, -1, -1]], dtype=np.float64),
}


def x_image(size: int = 9) -> np.ndarray:
    """A ``size`` x ``size`` image of an X: +1 on both diagonals (one pixel from the border), -1 elsewhere."""
    if not isinstance(size, (int, np.integer)) or size < 5 or size % 2 == 0:
        raise ValueError(f"size must be an odd whole number of at least 5 (the X needs a centre); got {size!r}.")
    image = -np.ones((size, size))
    for i in range(1, size - 1):
        image[i, i] = image[i, size - 1 - i] = 1
    return image


def _whole(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}.")
    return int(value)


def output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """Outputs along one axis: floor((n + 2p - k) / s) + 1 for ``n`` inputs, a filter of ``k``."""
    n, k = _whole(n, "n (the input size)", 1), _whole(k, "k (the filter size)", 1)
    stride, padding = _whole(stride, "stride", 1), _whole(padding, "padding", 0)
    if n + 2 * padding < k:
        raise ValueError(f"the filter ({k}) is larger than the padded input ({n} + 2*{padding}): no output.")
    return (n + 2 * padding - k) // stride + 1


def same_padding(n: int, k: int, stride: int = 1) -> tuple[int, int]:
    """The zeros (before, after) TensorFlow's ``padding='same'`` adds along one axis.

    'same' gives ceil(n / s) outputs; the padding that needs is split with the smaller half
    first, so an odd total puts the extra zero after the input (at the bottom or the right).
    """
    n, k, stride = _whole(n, "n (the input size)", 1), _whole(k, "k (the filter size)", 1), _whole(stride, "stride", 1)
    outputs = -(-n // stride)
    total = max((outputs - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def _padding_amounts(padding, image_hw, kernel_hw, stride) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) for 'valid', 'same' (TensorFlow's rule), an int or a 4-tuple."""
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0, 0, 0
        if padding == "same":
            return (*same_padding(image_hw[0], kernel_hw[0], stride), *same_padding(image_hw[1], kernel_hw[1], stride))
        raise ValueError(f"padding must be 'valid', 'same', a whole number or (top, bottom, left, right); got {padding!r}.")
    if isinstance(padding, (tuple, list)):
        if len(padding) != 4:
            raise ValueError(f"padding as a tuple must be (top, bottom, left, right); got {padding!r}.")
        return tuple(_whole(p, "each padding", 0) for p in padding)
    p = _whole(padding, "padding", 0)
    return p, p, p, p


def conv2d_numpy(image, kernel, stride: int = 1, padding=0, bias=0.0) -> np.ndarray:
    """Deep learning's 2-D convolution (a cross-correlation) with explicit loops.

    ``image`` is ``(H, W)`` or ``(H, W, C_in)``; ``kernel`` is ``(kh, kw)`` or
    ``(kh, kw, C_in, C_out)`` (Keras' layout); ``padding`` is 'valid', 'same' (as TensorFlow
    pads), a whole number of zeros on every side or (top, bottom, left, right); ``bias`` is a
    number or one per output channel. Returns ``(H', W')`` for a 2-D kernel, else
    ``(H', W', C_out)``, in float64.
    """
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if image.ndim not in (2, 3) or 0 in image.shape:
        raise ValueError(f"image must be (H, W) or (H, W, channels); got shape {image.shape}.")
    if kernel.ndim not in (2, 4) or 0 in kernel.shape:
        raise ValueError(f"kernel must be (kh, kw) or (kh, kw, in_channels, out_channels); got shape {kernel.shape}.")
    single = kernel.ndim == 2
    x = image[..., None] if image.ndim == 2 else image
    w = kernel[:, :, None, None] if single else kernel
    if x.shape[2] != w.shape[2]:
        raise ValueError(f"the image has {x.shape[2]} channels but the kernel expects {w.shape[2]}.")
    stride = _whole(stride, "stride", 1)
    top, bottom, left, right = _padding_amounts(padding, x.shape[:2], w.shape[:2], stride)
    x = np.pad(x, ((top, bottom), (left, right), (0, 0)))
    kh, kw = w.shape[:2]
    rows = output_size(x.shape[0], kh, stride)
    cols = output_size(x.shape[1], kw, stride)
    out = np.zeros((rows, cols, w.shape[3]))
    for p in range(rows):
        for q in range(cols):
            patch = x[p * stride:p * stride + kh, q * stride:q * stride + kw, :]  # (kh, kw, C_in)
            out[p, q, :] = np.tensordot(patch, w, axes=3)  # sum over i, j and the input channels
    out += np.broadcast_to(np.asarray(bias, dtype=np.float64), (w.shape[3],))
    return out[:, :, 0] if single else out


def flip_kernel(kernel) -> np.ndarray:
    """The kernel turned by 180 degrees (rows and columns reversed), as a true convolution uses it."""
    kernel = np.asarray(kernel)
    if kernel.ndim not in (2, 4):
        raise ValueError(f"kernel must be (kh, kw) or (kh, kw, in_channels, out_channels); got shape {kernel.shape}.")
    return kernel[::-1, ::-1].copy()


def true_convolution_fft(image, kernel) -> np.ndarray:
    """The 'valid' part of the true 2-D convolution of one image with one kernel, by the FFT.

    The convolution theorem (the FFT of a convolution is the product of the FFTs) gives the
    mathematician's convolution, out[p, q] = sum_ij w[i, j] x[p - i, q - j], with no loops in
    common with ``conv2d_numpy``: an independent reference for the flipped-kernel relation.
    """
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"image and kernel must both be 2-D; got shapes {image.shape} and {kernel.shape}.")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"the kernel {kernel.shape} is larger than the image {image.shape}.")
    shape = (image.shape[0] + kernel.shape[0] - 1, image.shape[1] + kernel.shape[1] - 1)
    full = np.real(np.fft.ifft2(np.fft.fft2(image, shape) * np.fft.fft2(kernel, shape)))
    kh, kw = kernel.shape
    return full[kh - 1:image.shape[0], kw - 1:image.shape[1]]
