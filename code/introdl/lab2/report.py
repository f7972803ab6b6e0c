"""The lab's computed tables and sentences: what a run measured, in words that depend on it.

Every function takes measurements keyed by framework display name (``"TensorFlow"``,
``"PyTorch"``, from ``introdl.frameworks``) and returns a ``Results`` table or a Markdown
sentence; a claim the numbers do not bear out is not made. Digit arrays are validated with
``introdl.digits`` (one-line ``DigitDataError``).

    >>> confusion_matrix([3, 5, 5], [3, 3, 5]).sum()
    3
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..digits import check_digit_labels
from ..frameworks import PYTORCH_NAME, TENSORFLOW_NAME
from ..results import Results

__all__ = [
    "accuracy_sentence", "confusion_matrix", "confusion_sentence", "digits_table", "most_confused",
    "parity_sentence",
]

FRAMEWORK_NAMES = (TENSORFLOW_NAME, PYTORCH_NAME)


def _by_framework(values, what: str) -> dict:
    if not isinstance(values, Mapping) or set(values) != set(FRAMEWORK_NAMES):
        keys = sorted(values) if isinstance(values, Mapping) else type(values).__name__
        raise ValueError(f"{what} must be keyed by {list(FRAMEWORK_NAMES)}, one entry per framework; got {keys}.")
    return {name: values[name] for name in FRAMEWORK_NAMES}


def _fraction(value, what: str) -> float:
    number = float(value)
    if math.isnan(number) or not 0 <= number <= 1:
        raise ValueError(f"{what} must be a fraction from 0 to 1, got {value!r}.")
    return number


def digits_table(digits) -> Results:
    """How many digits of each class the training and test sets hold (an ``introdl.digits.Digits``)."""
    table = Results(columns=("training", "test"), row_headers=("Digits", "class"))
    for column, labels in (("training", digits.train_labels), ("test", digits.test_labels)):
        labels = check_digit_labels(labels)
        table.add("all", "", column, len(labels), ",")
        for digit, count in enumerate(np.bincount(labels, minlength=10)):
            table.add("per class", str(digit), column, int(count), ",")
    return table


def confusion_matrix(labels, predicted) -> np.ndarray:
    """``matrix[true, predicted]``: how many digits of each class went to each class (10 x 10 ints)."""
    labels = check_digit_labels(labels)
    predicted = check_digit_labels(predicted, len(labels), name="predicted")
    matrix = np.zeros((10, 10), dtype=np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def most_confused(matrix, count: int = 3) -> list[tuple[int, int, int]]:
    """The ``count`` largest off-diagonal cells: ``(true digit, predicted digit, how many)``, largest first.

    Ties are broken by the digits' order, so the list is the same on every run with the same matrix.
    """
    matrix = np.asarray(matrix)
    if matrix.shape != (10, 10):
        raise ValueError(f"a confusion matrix is 10 x 10, got shape {matrix.shape}.")
    cells = [(-int(matrix[t, p]), t, p) for t in range(10) for p in range(10) if t != p and matrix[t, p] > 0]
    return [(t, p, -n) for n, t, p in sorted(cells)[:count]]


def confusion_sentence(matrices, count: int = 3) -> str:
    """Which digits each framework's CNN confused most, and whether the two agree on it (Markdown)."""
    matrices = {name: np.asarray(m) for name, m in _by_framework(matrices, "matrices").items()}
    mistakes = {name: int(m.sum() - np.trace(m)) for name, m in matrices.items()}
    total = int(next(iter(matrices.values())).sum())
    if all(n == 0 for n in mistakes.values()):
        return f"Neither CNN misclassified any of the {total:,} test digits."
    parts = []
    for name, matrix in matrices.items():
        pairs = most_confused(matrix, count)
        listed = ", ".join(f"{t} read as {p} ({n}×)" for t, p, n in pairs)
        parts.append(f"{name}'s CNN misclassified {mistakes[name]} of the {total:,} test digits; "
                     f"its most frequent confusions: {listed}." if pairs else f"{name}'s CNN made no mistake.")
    first = {(t, p) for t, p, _ in most_confused(matrices[TENSORFLOW_NAME], count)}
    second = {(t, p) for t, p, _ in most_confused(matrices[PYTORCH_NAME], count)}
    shared = sorted(first & second)
    if shared:
        parts.append("Both list " + ", ".join(f"{t} as {p}" for t, p in shared) + " among their most frequent "
                     "confusions: the two networks, trained alike, stumble on the same shapes.")
    else:
        parts.append("Their most frequent confusions differ: with this few mistakes, which pair comes first "
                     "is down to a handful of digits.")
    return " ".join(parts)


def accuracy_sentence(dense, cnn) -> str:
    """The CNN against the dense model, test accuracy in each framework (Markdown)."""
    dense = {k: _fraction(v, "a dense accuracy") for k, v in _by_framework(dense, "dense").items()}
    cnn = {k: _fraction(v, "a CNN accuracy") for k, v in _by_framework(cnn, "cnn").items()}
    gains = {name: cnn[name] - dense[name] for name in FRAMEWORK_NAMES}
    listed = " and ".join(f"{name} {dense[name]:.1%} → {cnn[name]:.1%}" for name in FRAMEWORK_NAMES)
    if all(g > 0 for g in gains.values()):
        errors = " and ".join(f"{(1 - cnn[n]) / (1 - dense[n]):.0%}" if dense[n] < 1 else "—" for n in FRAMEWORK_NAMES)
        return (f"Test accuracy, dense model → CNN: {listed}. The CNN is better in both frameworks; "
                f"it makes {errors} of the dense model's mistakes.")
    if all(g <= 0 for g in gains.values()):
        return f"Test accuracy, dense model → CNN: {listed}. Here the CNN did not beat the dense model in either framework."
    return f"Test accuracy, dense model → CNN: {listed}. The CNN is better in one framework only."


def parity_sentence(accuracies, tolerance: float) -> str:
    """How far apart the two frameworks' test accuracies ended, against the tolerance the page asserts."""
    accuracies = {k: _fraction(v, "an accuracy") for k, v in _by_framework(accuracies, "accuracies").items()}
    gap = abs(accuracies[TENSORFLOW_NAME] - accuracies[PYTORCH_NAME])
    points = 100 * gap
    verdict = "within" if gap <= tolerance else "outside"
    return (f"TensorFlow {accuracies[TENSORFLOW_NAME]:.2%}, PyTorch {accuracies[PYTORCH_NAME]:.2%}: "
            f"{points:.2f} percentage points apart, {verdict} the {100 * tolerance:g}-point tolerance.")


def sgd_parity_sentence(gap: float, rounding: float = 1e-3) -> str:
    """The dense networks after SGD: still one function (``gap`` below ``rounding``) or drifted apart."""
    gap = float(gap)
    if math.isnan(gap) or gap < 0:
        raise ValueError(f"gap must be a difference of probabilities, >= 0; got {gap!r}.")
    if gap < rounding:
        return (f"The two dense networks, started alike and fed the same batches, still compute the same "
                f"function: their probabilities on the test digits differ by at most {gap:.1e}, float32 rounding. "
                "Plain SGD updates every weight by the same formula in both frameworks.")
    return (f"The two dense networks started alike and saw the same batches, but their probabilities on the test "
            f"digits now differ by up to {gap:.2g}: small rounding differences have grown during training.")
