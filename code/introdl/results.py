"""Collect each experiment's numbers, one column per framework, into a table.

A page makes one ``Results`` near the top; each framework's cell adds what it measured::

    from introdl.frameworks import PYTORCH, TENSORFLOW

    results = Results()
    results.add("Dense layer", "max |ours - built-in|", TENSORFLOW, tf_difference)
    results.add("Dense layer", "max |ours - built-in|", PYTORCH, torch_difference)
    results            # last line of a cell: shows the table

A column is named by its display name ("TensorFlow", "PyTorch") or by any spelling
``introdl.frameworks.check_framework`` accepts: the framework ids ``TENSORFLOW`` and
``PYTORCH`` (what ``train_side_by_side`` keys its histories by) and aliases such as "tf"
and "torch".

Rows keep the order in which they were first added. The table shows itself as HTML in
Jupyter and on the site (myst-nb prefers HTML), and ``to_markdown()`` gives the same
table as Markdown. The HTML also carries the table as data (``introdl.report_data``): the
book's "How this site was built" page gathers every page's TensorFlow and PyTorch figures
from it into one table.
"""

from __future__ import annotations

import html
import math
import numbers

from .frameworks import PYTORCH_NAME, TENSORFLOW_NAME, FrameworkError, display_name
from .report_data import RESULTS_ATTRIBUTE, data_attribute

FRAMEWORK_COLUMNS = (TENSORFLOW_NAME, PYTORCH_NAME)
MISSING = "—"


def format_value(value, fmt: str | None = None) -> str:
    """Write a number the way a reader wants to see it.

    Whole numbers stay whole; floats get 4 significant digits, switching to scientific
    notation when tiny (a difference of 3e-08 should not print as 0.0000). ``fmt`` (a
    format spec such as ".1%") overrides this. Strings pass through unchanged.
    """
    if isinstance(value, str):
        return value
    if hasattr(value, "item") and getattr(value, "ndim", 0) == 0:
        value = value.item()  # NumPy, TensorFlow and PyTorch scalars
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"Results hold numbers or strings, got {type(value).__name__}; "
            "convert it first, e.g. float(x) or f'{x}'."
        )
    if fmt is not None:
        return format(value, fmt)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if value != 0 and abs(value) < 1e-3:
        return f"{value:.2e}"
    return f"{value:.4g}"


class Results:
    """A table with one row per (experiment, quantity) and one column per framework."""

    def __init__(self, columns=FRAMEWORK_COLUMNS, row_headers=("Experiment", "Result")):
        self.columns = tuple(columns)
        self.row_headers = tuple(row_headers)
        if not self.columns or len(set(self.columns)) != len(self.columns):
            raise ValueError(f"columns={columns!r} must be distinct names, e.g. ('TensorFlow', 'PyTorch').")
        if len(self.row_headers) != 2:
            raise ValueError(
                f"row_headers={row_headers!r} must name the two row labels, e.g. ('Experiment', 'Result')."
            )
        self._rows: dict[tuple[str, str], dict[str, str]] = {}

    def column(self, name) -> str:
        """The column ``name`` stands for: a column's own name, or a framework id or alias
        (``"pytorch"``, ``"torch"``) for that framework's display-name column."""
        if isinstance(name, str) and name in self.columns:
            return name
        try:
            shown = display_name(name)
        except FrameworkError:
            shown = None
        if shown in self.columns:
            return shown
        frameworks = " (or a framework id such as 'tensorflow')" if set(FRAMEWORK_COLUMNS) & set(self.columns) else ""
        raise KeyError(f"Unknown column {name!r}: use one of {list(self.columns)}{frameworks}.")

    def add(self, experiment: str, quantity: str, column: str, value, fmt: str | None = None) -> None:
        """Record ``value`` in ``column`` (a display name, or a framework id or alias);
        adding it again replaces it."""
        column = self.column(column)
        row = self._rows.setdefault((str(experiment), str(quantity)), {})
        row[column] = format_value(value, fmt)

    def value(self, experiment: str, quantity: str, column: str) -> str:
        """The formatted text of one cell (for tests and checks); ``column`` as in ``add``."""
        column = self.column(column)
        try:
            return self._rows[(experiment, quantity)][column]
        except KeyError:
            raise KeyError(
                f"No result for ({experiment!r}, {quantity!r}) in column {column!r}; "
                "add it with results.add(...) first."
            ) from None

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self):
        """Each row as a list of strings: the two labels, then one cell per column."""
        for (experiment, quantity), cells in self._rows.items():
            yield [experiment, quantity, *(cells.get(column, MISSING) for column in self.columns)]

    def to_markdown(self) -> str:
        header = [*self.row_headers, *self.columns]

        def line(cells):
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

        align = "| " + " | ".join([":--"] * 2 + ["--:"] * len(self.columns)) + " |"
        return "\n".join([line(header), align, *(line(row) for row in self.rows())])

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def record(self) -> dict:
        """The table as data; a value never added is None (the page shows it as a dash)."""
        return {"row_headers": list(self.row_headers), "columns": list(self.columns),
                "rows": [[experiment, quantity, [cells.get(column) for column in self.columns]]
                         for (experiment, quantity), cells in self._rows.items()]}

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(name)}</th>" for name in (*self.row_headers, *self.columns))
        body = []
        for row in self.rows():
            labels = "".join(f'<td style="text-align:left">{html.escape(cell)}</td>' for cell in row[:2])
            values = "".join(f'<td style="text-align:right">{html.escape(cell)}</td>' for cell in row[2:])
            body.append(f"<tr>{labels}{values}</tr>")
        return (
            f'<table class="introdl-results" {data_attribute(RESULTS_ATTRIBUTE, self.record())}>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def __repr__(self) -> str:
        return self.to_markdown()
