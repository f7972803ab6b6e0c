"""How good a segmentation is: pixel accuracy and intersection over union, per class and mean.

A segmentation gives every pixel a class; these metrics compare a predicted mask with the true
one (integer arrays of the same shape, any number of images, classes ``0 .. classes - 1``):

- ``pixel_accuracy``: the share of pixels whose class is right. It is dominated by the
  largest class (the background of a scene), so a model that calls every pixel background
  already scores well.
- ``class_iou``: for each class c, |true c ∩ predicted c| / |true c ∪ predicted c| over all
  the pixels given (a whole test set at once, as PASCAL VOC scores it, not a mean of per-image
  scores). It is 1 for a perfect class and 0 when the predicted and true pixels never meet. A
  class that appears in neither mask has no IoU: it is ``nan``, not 0 or 1.
- ``mean_iou``: the mean of the classes' IoU, skipping ``nan``; every class weighs the same,
  however few pixels it has, which is why it is the usual headline number.

    >>> true = np.array([[0, 0, 1, 1]])
    >>> pred = np.array([[0, 1, 1, 1]])
    >>> pixel_accuracy(true, pred)
    0.75
    >>> class_iou(true, pred, classes=3)          # class 2 is in neither mask
    array([0.5       , 0.66666667,        nan])
    >>> round(mean_iou(true, pred, classes=3), 4)
    0.5833

Bad input (shapes that differ, non-integer or out-of-range classes) is refused with a one-line
``ValueError``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["class_iou", "confusion_matrix", "mean_iou", "pixel_accuracy"]


def _masks(true, pred, classes: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    true, pred = np.asarray(true), np.asarray(pred)
    if true.shape != pred.shape:
        raise ValueError(f"the true and predicted masks must have the same shape, got {true.shape} and {pred.shape}.")
    if true.size == 0:
        raise ValueError("the masks are empty: give at least one pixel.")
    for name, mask in (("true", true), ("predicted", pred)):
        if not np.issubdtype(mask.dtype, np.integer):
            raise ValueError(f"the {name} mask must hold integer classes, got dtype {mask.dtype} "
                             "(take the argmax over the class axis of a model's output first).")
        if mask.min() < 0 or (classes is not None and mask.max() >= classes):
            raise ValueError(f"the {name} mask's classes must lie in 0..{'' if classes is None else classes - 1}, "
                             f"got {mask.min()}..{mask.max()}.")
    return true, pred


def _classes(classes) -> int:
    if isinstance(classes, bool) or not isinstance(classes, numbers.Integral) or classes < 1:
        raise ValueError(f"classes must be a whole number of at least 1, got {classes!r}.")
    return int(classes)


def pixel_accuracy(true, pred) -> float:
    """The share of pixels whose predicted class is the true one."""
    true, pred = _masks(true, pred)
    return float(np.mean(true == pred))


def confusion_matrix(true, pred, classes: int) -> np.ndarray:
    """Counts (classes, classes): row = true class, column = predicted class."""
    classes = _classes(classes)
    true, pred = _masks(true, pred, classes)
    counts = np.bincount(true.ravel().astype(np.int64) * classes + pred.ravel(), minlength=classes * classes)
    return counts.reshape(classes, classes)


def class_iou(true, pred, classes: int) -> np.ndarray:
    """Intersection over union of each class over all the pixels given; ``nan`` for a class in neither mask."""
    counts = confusion_matrix(true, pred, classes)
    intersection = np.diag(counts).astype(np.float64)
    union = counts.sum(axis=0) + counts.sum(axis=1) - intersection  # predicted c + true c - both
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, intersection / union, np.nan)


def mean_iou(true, pred, classes: int) -> float:
    """The mean of ``class_iou`` over the classes present in either mask."""
    return float(np.nanmean(class_iou(true, pred, classes)))
