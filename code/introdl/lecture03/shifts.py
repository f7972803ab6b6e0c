"""Digits moved by whole pixels, and accuracy against the shift.

*Shifted digits* (``book/lectures/lecture03/translation``) moves test digits sideways and
measures how a trained network's accuracy falls::

    from introdl.lecture03.shifts import shift_digits, accuracy_against_shift
    moved = shift_digits(images, dx=3)              # 3 pixels to the right, zeros come in on the left
    accuracy_against_shift(predict, images, labels, shifts=range(-6, 7))

A shift moves the content and fills the uncovered border with zeros (the digits' blank
background); what is pushed past the far edge is lost. MNIST digits sit in a 20 x 20 box
centred in their 28 x 28 frame, so shifts of up to about four pixels lose no ink.
"""

from __future__ import annotations

import numpy as np

from ..digits import check_digit_images, check_digit_labels

__all__ = ["accuracy_against_shift", "shift_digits"]


def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number of pixels, got {value!r}.")
    return int(value)


def shift_digits(images, dx: int = 0, dy: int = 0) -> np.ndarray:
    """Digits (n, 28, 28) moved ``dx`` pixels right and ``dy`` down (negative: left, up), zero-filled."""
    images = check_digit_images(images)
    if images.ndim != 3:
        raise ValueError(f"shift_digits takes digits without a channel axis, (n, 28, 28); got {images.shape}.")
    dx, dy = _whole(dx, "dx"), _whole(dy, "dy")
    moved = np.zeros_like(images)
    height, width = images.shape[1:]
    if abs(dx) >= width or abs(dy) >= height:
        return moved  # everything pushed out of the frame
    source = images[:, max(0, -dy):height - max(0, dy), max(0, -dx):width - max(0, dx)]
    moved[:, max(0, dy):max(0, dy) + source.shape[1], max(0, dx):max(0, dx) + source.shape[2]] = source
    return moved


def accuracy_against_shift(predict, images, labels, shifts) -> list[float]:
    """Test accuracy of ``predict`` (digits -> logits) on the digits shifted right by each of ``shifts``."""
    labels = check_digit_labels(labels, count=len(images))
    found = []
    for dx in shifts:
        logits = np.asarray(predict(shift_digits(images, dx=dx)))
        found.append(float(np.mean(logits.argmax(axis=1) == labels)))
    return found
