"""introdl.lecture01.report: Lecture 1's computed sentences and its loss table."""

import numpy as np
import pytest

from introdl.frameworks import NAMES, PYTORCH_NAME, TENSORFLOW_NAME
from introdl.lecture01 import report


def test_circles_agreement_gives_the_largest_gap_and_the_size_of_one_point():
    text = report.circles_agreement({"a": 0.5, "b": 0.99}, {"a": 0.5, "b": 0.98}, n_points=300)
    assert "at most 1.0 percentage points (300 points, so one point is 0.33)" in text
    assert "Adam's epsilon" in text
    assert report.circles_agreement({"a": 0.5}, {"a": 0.5}, 300).endswith("They agree exactly.")


def test_circles_agreement_refuses_mismatched_models_and_non_fractions():
    with pytest.raises(KeyError, match="same models"):
        report.circles_agreement({"a": 0.5}, {"b": 0.5}, 300)
    with pytest.raises(ValueError, match="fraction between 0 and 1"):
        report.circles_agreement({"a": 99.3}, {"a": 99.3}, 300)


def test_pass_verdict_says_which_side_of_even_each_chance_is():
    text = report.pass_verdict(0.69, 0.85, 0.48)
    assert "P(pass) = 0.69, a better-than-even chance" in text
    assert "TensorFlow's network gives 0.85 (a better-than-even chance)" in text
    assert "PyTorch's 0.48 (an even chance or worse), 0.37 apart" in text
    assert report.chance(0.5) == "an even chance or worse"


def test_loss_table_has_a_row_per_loss_and_a_column_per_source():
    losses = {"BCE": 0.5, "MSE": 2.0}
    table = report.loss_table(losses, {PYTORCH_NAME: losses, TENSORFLOW_NAME: {"BCE": np.float32(0.5), "MSE": 2.0}},
                              {"BCE": "3 students", "MSE": "3 grades"})
    assert table.columns == (report.BY_HAND, *NAMES)
    assert list(table.rows()) == [["BCE", "3 students", "0.5", "0.5", "0.5"], ["MSE", "3 grades", "2", "2", "2"]]
    with pytest.raises(KeyError, match="No 'MSE' loss for PyTorch"):
        report.loss_table(losses, {TENSORFLOW_NAME: losses, PYTORCH_NAME: {"BCE": 0.5}}, {"MSE": "x"})
    with pytest.raises(KeyError, match="one dict per framework"):
        report.loss_table(losses, {TENSORFLOW_NAME: losses}, {"BCE": "x"})


def history(val_loss, loss=(0.5, 0.1)):
    return {"loss": list(loss), "val_loss": list(val_loss)}


def test_overfitting_report_finds_the_lowest_validation_loss_and_compares_dropout():
    tf_runs = {report.WITHOUT_DROPOUT: history([0.6, 0.3, 1.2]), report.WITH_DROPOUT: history([0.6, 0.5, 0.55])}
    torch_runs = {report.WITHOUT_DROPOUT: history([0.6, 0.31, 1.25]), report.WITH_DROPOUT: history([0.6, 0.9, 1.3])}
    text = report.overfitting_report(tf_runs, torch_runs)
    assert ("**TensorFlow**: without dropout the training loss fell to 0.100 while the validation loss, lowest "
            "(0.300) at epoch 1, ended at 1.200; with dropout the validation loss ended at 0.550, lower.") in text
    assert "ended at 1.300, not lower (dropout did not help in this run)." in text
    assert "stay within 5.0e-02 of each other over 3 epochs" in text


def test_overfitting_report_names_a_missing_run():
    with pytest.raises(KeyError, match="a run named 'with dropout"):
        report.overfitting_report({report.WITHOUT_DROPOUT: history([1.0])}, {report.WITHOUT_DROPOUT: history([1.0])})
    with pytest.raises(ValueError, match="as many epochs"):
        runs = {report.WITHOUT_DROPOUT: history([1.0]), report.WITH_DROPOUT: history([1.0])}
        report.overfitting_report(runs, {report.WITHOUT_DROPOUT: history([1.0, 2.0]), report.WITH_DROPOUT: history([1.0])})
