"""Results.add and Results.value take a framework id or alias for the framework's column."""

from __future__ import annotations

import pytest

from introdl.frameworks import PYTORCH, PYTORCH_NAME, TENSORFLOW, TENSORFLOW_NAME
from introdl.results import Results


@pytest.mark.parametrize("tensorflow, pytorch", [(TENSORFLOW, PYTORCH), ("tf", "torch"), ("Keras", "TORCH"),
                                                 (TENSORFLOW_NAME, PYTORCH_NAME)])
def test_a_framework_id_or_alias_fills_the_display_name_column(tensorflow, pytorch):
    results = Results()
    results.add("Training", "final loss", tensorflow, 0.25)
    results.add("Training", "final loss", pytorch, 0.5)
    assert list(results.rows()) == [["Training", "final loss", "0.25", "0.5"]]
    assert results.columns == (TENSORFLOW_NAME, PYTORCH_NAME)  # the table still shows the display names
    assert results.value("Training", "final loss", TENSORFLOW) == results.value("Training", "final loss", "TensorFlow")


def test_an_id_and_its_display_name_are_the_same_cell():
    results = Results()
    results.add("Speed", "ms per step", PYTORCH, 12)
    results.add("Speed", "ms per step", PYTORCH_NAME, 11)  # replaces it
    assert results.record()["rows"] == [["Speed", "ms per step", [None, "11"]]]


def test_custom_columns_keep_their_names_and_take_ids_for_framework_columns():
    results = Results(columns=("By hand (NumPy)", TENSORFLOW_NAME, PYTORCH_NAME))
    results.add("MSE", "grades", "By hand (NumPy)", 1.5)
    results.add("MSE", "grades", PYTORCH, 1.5)
    assert list(results.rows()) == [["MSE", "grades", "1.5", "—", "1.5"]]
    assert results.column(TENSORFLOW) == TENSORFLOW_NAME


def test_a_framework_without_a_column_and_unknown_names_are_clear_errors():
    results = Results(columns=("float32", "float64"))
    with pytest.raises(KeyError, match=r"Unknown column 'pytorch': use one of \['float32', 'float64'\]\.") as excinfo:
        results.add("x", "y", PYTORCH, 1.0)
    assert "framework id" not in str(excinfo.value)  # this table has no framework columns
    with pytest.raises(KeyError, match=r"Unknown column 'jax': .* \(or a framework id such as 'tensorflow'\)"):
        Results().add("x", "y", "jax", 1.0)
    with pytest.raises(KeyError, match="Unknown column None"):
        Results().value("x", "y", None)
