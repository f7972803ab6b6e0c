"""introdl.lab2.report: the computed sentences and tables, each branch."""

import numpy as np
import pytest

from introdl.digits import DigitDataError, load_digits
from introdl.lab2.report import (accuracy_sentence, confusion_matrix, confusion_sentence, digits_table,
                                 most_confused, parity_sentence, sgd_parity_sentence)


def test_confusion_matrix_counts_true_by_predicted():
    matrix = confusion_matrix([4, 4, 9, 1], [9, 4, 9, 7])
    assert matrix.sum() == 4 and matrix[4, 9] == 1 and matrix[4, 4] == 1 and matrix[1, 7] == 1
    with pytest.raises(DigitDataError):
        confusion_matrix([1, 2], [1])


def test_most_confused_is_ordered_and_skips_the_diagonal():
    matrix = np.diag([50] * 10)
    matrix[4, 9], matrix[7, 1], matrix[3, 5] = 6, 6, 2
    assert most_confused(matrix) == [(4, 9, 6), (7, 1, 6), (3, 5, 2)]
    assert most_confused(np.eye(10, dtype=int)) == []
    with pytest.raises(ValueError, match="10 x 10"):
        most_confused(np.zeros((3, 3)))


def test_confusion_sentence_branches():
    shared = np.diag([50] * 10)
    shared[4, 9] = 5
    other = np.diag([50] * 10)
    other[7, 1] = 3
    assert "Both list 4 as 9" in confusion_sentence({"TensorFlow": shared, "PyTorch": shared})
    assert "differ" in confusion_sentence({"TensorFlow": shared, "PyTorch": other})
    assert "Neither CNN" in confusion_sentence({"TensorFlow": np.eye(10), "PyTorch": np.eye(10)})
    with pytest.raises(ValueError, match="keyed by"):
        confusion_sentence({"TensorFlow": shared})


def test_accuracy_sentence_branches():
    dense = {"TensorFlow": 0.95, "PyTorch": 0.95}
    assert "better in both" in accuracy_sentence(dense, {"TensorFlow": 0.99, "PyTorch": 0.98})
    assert "did not beat" in accuracy_sentence(dense, {"TensorFlow": 0.9, "PyTorch": 0.95})
    assert "one framework only" in accuracy_sentence(dense, {"TensorFlow": 0.99, "PyTorch": 0.9})
    with pytest.raises(ValueError, match="fraction"):
        accuracy_sentence(dense, {"TensorFlow": 99, "PyTorch": 0.9})


def test_parity_sentence_within_and_outside():
    assert "within the 1-point" in parity_sentence({"TensorFlow": 0.981, "PyTorch": 0.984}, 0.01)
    assert "outside" in parity_sentence({"TensorFlow": 0.95, "PyTorch": 0.98}, 0.01)


def test_digits_table_counts_the_split():
    digits = load_digits()
    table = digits_table(digits)
    assert table.value("all", "", "training") == "8,000" and table.value("all", "", "test") == "2,000"
    assert len(table) == 11


def test_sgd_parity_sentence_branches():
    assert "still compute the same function" in sgd_parity_sentence(2e-6)
    assert "have grown" in sgd_parity_sentence(0.2)
    with pytest.raises(ValueError):
        sgd_parity_sentence(-1)
