"""Helpers for the tests of Lecture 1's chapters (a helper module: no tests here).

A test module runs its chapter once, alone, in a fresh kernel in the smoke profile
(``run_chapter``), as Binder would, and reads the executed notebook: the first cell's output,
the ``Results`` table the chapter closes with, its figures, the Markdown it computed, what it
printed and anything it wrote to stderr.
"""

from __future__ import annotations

import html as html_lib
import re

from book_testing import REPO_ROOT

FOLDER = REPO_ROOT / "book" / "lectures" / "lecture01"


def source(name: str) -> str:
    return (FOLDER / f"{name}.md").read_text()


def run_chapter(name: str):
    """The chapter ``book/lectures/lecture01/<name>.md`` run alone in the smoke profile (a PageRun)."""
    from booktools.notebook_run import run_page

    return run_page(FOLDER / f"{name}.md", profile="smoke")


def code_cells(run) -> list:
    return [cell for cell in run.notebook.cells if cell.cell_type == "code"]


def outputs(run):
    for index, cell in enumerate(code_cells(run)):
        for output in cell.get("outputs", []):
            yield index, output


def check_first_cell_is_setup(run) -> None:
    """The first code cell is ``import introdl`` and ``env = introdl.setup_page()``, and says the profile."""
    first = code_cells(run)[0]
    assert first.source.split() == ["import", "introdl", "env", "=", "introdl.setup_page()"], first.source
    shown = "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "") for output in first.outputs)
    assert "Profile: smoke" in shown, shown


def stderr(run) -> list[str]:
    """What the chapter's cells wrote to stderr (warnings, log lines): a reader would see it."""
    return [output["text"] for _, output in outputs(run)
            if output.get("output_type") == "stream" and output.get("name") == "stderr"]


def images(run) -> list[int]:
    """The index of the code cell of each image the chapter's cells showed."""
    return [index for index, output in outputs(run) if "image/png" in output.get("data", {})]


def results_rows(run) -> dict[tuple[str, str], tuple[str, ...]]:
    """The chapter's closing Results table: {(experiment, quantity): (TensorFlow, PyTorch)} as shown."""
    return html_tables(run)[-1]


def html_tables(run) -> list[dict[tuple[str, str], tuple[str, ...]]]:
    """Every Results table the chapter showed, in order, as {(row label 1, row label 2): cells}."""
    found = []
    for _, output in outputs(run):
        table = output.get("data", {}).get("text/html", "")
        if 'class="introdl-results"' not in table:
            continue
        rows = {}
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            cells = [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                     for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            rows[cells[0], cells[1]] = tuple(cells[2:])
        found.append(rows)
    assert found, "the chapter shows no Results table"
    return found


def check_results(run, expected: dict[str, list[str]]) -> dict:
    """The closing table has exactly the ``expected`` {experiment: [quantities]}, in order, each
    with a number for both frameworks; returns its rows."""
    rows = results_rows(run)
    wanted = [(experiment, quantity) for experiment, quantities in expected.items() for quantity in quantities]
    assert list(rows) == wanted, f"the Results rows changed: {list(rows)}"
    missing = [label for label, cells in rows.items() if len(cells) != 2 or "—" in cells]
    assert not missing, f"rows without both frameworks' numbers: {missing}"
    return rows


def percent(cell: str) -> float:
    assert cell.endswith("%"), cell
    return float(cell[:-1]) / 100


def markdown_outputs(run) -> list[str]:
    """The Markdown the chapter's cells displayed (its computed sentences)."""
    return [output["data"]["text/markdown"] for _, output in outputs(run) if "text/markdown" in output.get("data", {})]


def printed(run) -> str:
    return "".join(output["text"] for _, output in outputs(run)
                   if output.get("output_type") == "stream" and output.get("name") == "stdout")
