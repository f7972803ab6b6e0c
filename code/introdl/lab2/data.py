"""The lab's digits as each framework wants them, and the training order both frameworks share.

The digits come from :mod:`introdl.digits` (uint8, ``(n, 28, 28)``). The 2021 lab scales them
to floats in [0, 1] with a channel axis last, NHWC, which is Keras' layout; PyTorch's
convolutions want the channel first, NCHW::

    from introdl.lab2.data import to_nchw, to_nhwc, epoch_order

    x_tf = to_nhwc(digits.train_images)      # float32 (n, 28, 28, 1)
    x_torch = to_nchw(digits.train_images)   # float32 (n, 1, 28, 28)

:func:`epoch_order` draws one epoch of training data, shuffled and (optionally) with each
digit shifted by a random number of pixels, from a NumPy generator. Both frameworks train on
what it returns, so they see the same images, shifted the same way, in the same order.
Bad input (a wrong shape, dtype or range) raises :class:`introdl.digits.DigitDataError` in one
line, from ``check_digit_images``.
"""

from __future__ import annotations

import numpy as np

from ..digits import check_digit_images, check_digit_labels

__all__ = ["epoch_order", "scaled", "shift_digits", "to_nchw", "to_nhwc"]


def scaled(images) -> np.ndarray:
    """Digits as float32 in [0, 1], shape ``(n, 28, 28)``: uint8 grey levels are divided by 255."""
    array = check_digit_images(images)
    if array.dtype == np.uint8:
        array = array / 255.0
    return array.reshape(len(array), 28, 28).astype(np.float32)


def to_nhwc(images) -> np.ndarray:
    """Digits (uint8 or floats in [0, 1]) as Keras wants them: float32 ``(n, 28, 28, 1)``."""
    array = check_digit_images(images)
    if array.ndim == 4 and array.shape[1] == 1:  # NCHW in: move the channel last
        array = array.transpose(0, 2, 3, 1)
    return scaled(array)[..., None]


def to_nchw(images) -> np.ndarray:
    """Digits (uint8 or floats in [0, 1]) as PyTorch's convolutions want them: float32 ``(n, 1, 28, 28)``."""
    array = check_digit_images(images)
    if array.ndim == 4 and array.shape[-1] == 1:  # NHWC in: move the channel first
        array = array.transpose(0, 3, 1, 2)
    return scaled(array)[:, None]


def shift_digits(images, shifts) -> np.ndarray:
    """Each digit moved by its ``(rows, columns)`` shift, the pixels that come in set to 0.

    ``images``: ``(n, 28, 28)`` (uint8 or floats); ``shifts``: integers of shape ``(n, 2)``,
    positive down and right. Unlike ``np.roll`` nothing wraps around from the other edge.
    """
    array = check_digit_images(images)
    if array.ndim != 3:
        raise ValueError(f"shift_digits takes digits of shape (n, 28, 28); got {array.shape}.")
    shifts = np.asarray(shifts)
    if shifts.shape != (len(array), 2) or not np.issubdtype(shifts.dtype, np.integer):
        raise ValueError(f"shifts must be integers of shape ({len(array)}, 2); got {shifts.dtype} {shifts.shape}.")
    reach = int(np.abs(shifts).max(initial=0))
    if reach >= 28:
        raise ValueError(f"a shift of {reach} pixels moves the whole digit out of the 28x28 image.")
    padded = np.pad(array, ((0, 0), (reach, reach), (reach, reach)))
    out = np.empty_like(array)
    # One slice per distinct shift: at most (2 * reach + 1) ** 2 of them, each a block copy.
    for dy, dx in np.unique(shifts, axis=0):
        chosen = np.flatnonzero((shifts[:, 0] == dy) & (shifts[:, 1] == dx))
        top, left = reach - dy, reach - dx
        out[chosen] = padded[chosen, top:top + 28, left:left + 28]
    return out


def epoch_order(images, labels, rng: np.random.Generator, max_shift: int = 0):
    """One epoch of training data: every digit once, in a random order, shifted at random.

    Returns ``(images, labels)`` as uint8 ``(n, 28, 28)`` and int64 ``(n,)``. Each digit is
    moved by a whole number of pixels drawn uniformly from ``-max_shift`` to ``max_shift``,
    down and across independently (``max_shift=0``: no augmentation). Everything random
    comes from ``rng``, so the same seed gives both frameworks the same epoch.
    """
    array = check_digit_images(images, scaled=False)
    labels = check_digit_labels(labels, len(array))
    if array.ndim != 3:
        raise ValueError(f"epoch_order takes uint8 digits of shape (n, 28, 28); got {array.shape}.")
    order = rng.permutation(len(array))
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(array), 2))
    return shift_digits(array[order], shifts), labels[order]
