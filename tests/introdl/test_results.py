import numpy as np
import pytest

from introdl.results import MISSING, Results, format_value


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (78, None, "78"),
        (np.int64(3), None, "3"),
        (0.123456, None, "0.1235"),
        (2433.3333, None, "2433"),
        (3.2e-8, None, "3.20e-08"),
        (-4.5e-5, None, "-4.50e-05"),
        (0.0, None, "0"),
        (np.float32(0.5), None, "0.5"),
        (0.8766, ".1%", "87.7%"),
        (float("nan"), None, "nan"),
        ("12 / 27", None, "12 / 27"),
    ],
)
def test_format_value(value, fmt, expected):
    assert format_value(value, fmt) == expected


def test_format_value_reads_framework_scalars():
    torch = pytest.importorskip("torch")
    assert format_value(torch.tensor(0.25)) == "0.25"


@pytest.mark.parametrize("value", [None, [1.0, 2.0], True, np.array([1.0, 2.0])])
def test_format_value_rejects_non_numbers(value):
    with pytest.raises(TypeError, match="numbers or strings"):
        format_value(value)


def make_table():
    results = Results()
    results.add("Dense layer", "max |ours − built-in|", "TensorFlow", 0.0)
    results.add("Losses", "BCE", "PyTorch", 1.4743)
    results.add("Dense layer", "max |ours − built-in|", "PyTorch", 1.2e-8)
    return results


def test_rows_keep_first_insertion_order_and_fill_missing_cells():
    rows = list(make_table().rows())
    assert rows == [
        ["Dense layer", "max |ours − built-in|", "0", "1.20e-08"],
        ["Losses", "BCE", MISSING, "1.474"],
    ]


def test_adding_again_replaces_the_value():
    results = make_table()
    results.add("Losses", "BCE", "PyTorch", 2.0)
    assert results.value("Losses", "BCE", "PyTorch") == "2"
    assert len(results) == 2


def test_markdown_table_has_header_alignment_and_escaped_pipes():
    lines = make_table().to_markdown().splitlines()
    assert lines[0] == "| Experiment | Result | TensorFlow | PyTorch |"
    assert lines[1] == "| :-- | :-- | --: | --: |"
    assert lines[2] == "| Dense layer | max \\|ours − built-in\\| | 0 | 1.20e-08 |"
    assert len(lines) == 4


def test_html_table_escapes_and_has_one_row_per_result():
    results = Results()
    results.add("<script>", "a & b", "TensorFlow", 1)
    html = results._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &amp; b" in html
    assert html.count("<tr>") == 2  # header + one row
    assert "<th>TensorFlow</th><th>PyTorch</th>" in html


def test_custom_columns_and_row_headers():
    table = Results(columns=("By hand (NumPy)", "TensorFlow", "PyTorch"), row_headers=("Loss", "Example"))
    table.add("MSE", "grades", "By hand (NumPy)", 2433.33, ".6g")
    assert table.to_markdown().splitlines()[0] == "| Loss | Example | By hand (NumPy) | TensorFlow | PyTorch |"
    assert list(table.rows()) == [["MSE", "grades", "2433.33", MISSING, MISSING]]


def test_unknown_column_is_a_clear_error():
    with pytest.raises(KeyError, match="Unknown column 'Jax'"):
        Results().add("x", "y", "Jax", 1.0)


def test_missing_value_lookup_is_a_clear_error():
    with pytest.raises(KeyError, match="No result"):
        make_table().value("Losses", "BCE", "TensorFlow")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"columns": ()}, "distinct"), ({"columns": ("A", "A")}, "distinct"), ({"row_headers": ("only",)}, "two row labels")],
)
def test_bad_table_layout_is_a_clear_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Results(**kwargs)
