"""introdl.lecture02.tables: Markdown tables."""

import pytest

from introdl.lecture02.tables import markdown_table


def test_a_table_with_alignment():
    assert markdown_table(["model", "accuracy"], [["LSTM", "98.0%"]], align=["left", "right"]).splitlines() == [
        "| model | accuracy |", "| :-- | --: |", "| LSTM | 98.0% |"]


def test_bad_tables_are_refused():
    with pytest.raises(ValueError, match="a row has 1 cells for 2 columns"):
        markdown_table(["a", "b"], [["only one"]])
    with pytest.raises(ValueError, match="align must give"):
        markdown_table(["a", "b"], [], align=["left"])
