"""Boxes for Lecture 3's detection chapter: intersection over union, hits, and sliding windows.

Boxes are ``(x, y, w, h)``: the top-left corner's column and row, then width and height
(COCO's convention, the one ``introdl.lecture03.scenes`` uses), in pixels or normalised by
the image size, as long as both boxes of a pair use the same units.

- ``box_iou(a, b)``: area of the intersection over area of the union, for boxes or arrays of
  boxes (``(..., 4)``, broadcast against each other). 1 for identical boxes, 0 for boxes that
  do not overlap or only touch; two boxes of zero area have IoU 0.
- ``hit_rate(ious, threshold=0.5)``: the share of predictions whose IoU with the true box
  reaches the threshold (0.5 is PASCAL VOC's rule for a correct detection).
- ``sliding_window_count(height, width, window_sizes, stride)``: how many windows a sliding
  window detector must classify in one image: every window size at every position.

    >>> box_iou([0, 0, 2, 2], [1, 0, 2, 2])        # half of each box overlaps: 2 / (4 + 4 - 2)
    0.3333333333333333
    >>> sliding_window_count(4, 4, [(2, 2)], stride=1)
    9

Bad input is refused with a one-line ``ValueError``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["box_iou", "hit_rate", "sliding_window_count"]


def _boxes(boxes, name: str) -> np.ndarray:
    boxes = np.asarray(boxes, dtype=np.float64)
    if boxes.ndim == 0 or boxes.shape[-1] != 4:
        raise ValueError(f"{name} must be (x, y, w, h) boxes with a last axis of 4, got shape {boxes.shape}.")
    if not np.all(np.isfinite(boxes)):
        raise ValueError(f"{name} holds a non-finite number (nan or inf).")
    if np.any(boxes[..., 2:] < 0):
        raise ValueError(f"{name} has a negative width or height; boxes are (x, y, w, h) with w, h >= 0.")
    return boxes


def box_iou(a, b):
    """Intersection over union of boxes ``a`` and ``b`` (``(..., 4)`` each, broadcast); a float for one pair."""
    a, b = _boxes(a, "a"), _boxes(b, "b")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"the boxes' shapes {a.shape} and {b.shape} do not broadcast against each other.") from None
    overlap_w = np.clip(np.minimum(a[..., 0] + a[..., 2], b[..., 0] + b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    overlap_h = np.clip(np.minimum(a[..., 1] + a[..., 3], b[..., 1] + b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    intersection = overlap_w * overlap_h
    union = a[..., 2] * a[..., 3] + b[..., 2] * b[..., 3] - intersection
    with np.errstate(invalid="ignore", divide="ignore"):
        iou = np.where(union > 0, intersection / union, 0.0)  # two empty boxes share nothing
    iou = np.minimum(iou, 1.0)  # x + w - x can round a hair above w: identical boxes give exactly 1
    return float(iou) if iou.ndim == 0 else iou


def hit_rate(ious, threshold: float = 0.5) -> float:
    """The share of IoUs at or above ``threshold``."""
    ious = np.asarray(ious, dtype=np.float64)
    if ious.size == 0:
        raise ValueError("ious is empty: give at least one IoU.")
    if np.any(~np.isfinite(ious)) or np.any((ious < 0) | (ious > 1)):
        raise ValueError("ious must lie between 0 and 1.")
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not 0 < threshold <= 1:
        raise ValueError(f"threshold must be a number in (0, 1], got {threshold!r}.")
    return float(np.mean(ious >= threshold))


def _positive(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}.")
    return int(value)


def sliding_window_count(height: int, width: int, window_sizes, stride: int = 1) -> int:
    """How many windows of the given ``(h, w)`` sizes fit in a ``height`` x ``width`` image,
    moved ``stride`` pixels at a time (a window larger than the image fits nowhere)."""
    height, width, stride = _positive(height, "height"), _positive(width, "width"), _positive(stride, "stride")
    sizes = list(window_sizes)
    if not sizes:
        raise ValueError("window_sizes is empty: give at least one (h, w) window size.")
    total = 0
    for size in sizes:
        if not isinstance(size, (tuple, list)) or len(size) != 2:
            raise ValueError(f"each window size must be a pair (h, w), got {size!r}.")
        h, w = _positive(size[0], "a window's height"), _positive(size[1], "a window's width")
        if h <= height and w <= width:
            total += ((height - h) // stride + 1) * ((width - w) // stride + 1)
    return total
