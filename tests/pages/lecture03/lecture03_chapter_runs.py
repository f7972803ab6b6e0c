"""Helpers for the tests of Lecture 3's chapters (a helper module: no tests here).

``run_chapter(slug)`` runs ``book/lectures/lecture03/<slug>.md`` alone, in a fresh kernel in
the smoke profile, as Binder would, once per test process (cached), and returns the PageRun.
The other helpers read its executed notebook: outputs by cell tag or by a phrase of the cell's
source, what was printed or written to stderr, the Markdown the cells displayed (computed
sentences), the figures with their alt text, and the ``Results`` tables.

    run = run_chapter("convolution")
    assert not stderr(run)
    assert "max |NumPy − tf.nn.conv2d|" in printed(run, tag="conv-check")
"""

from __future__ import annotations

import functools
import html as html_lib
import re

from book_testing import REPO_ROOT

FOLDER = REPO_ROOT / "book" / "lectures" / "lecture03"


def source(slug: str) -> str:
    """The chapter's MyST source."""
    return (FOLDER / f"{slug}.md").read_text()


@functools.lru_cache(maxsize=None)
def run_chapter(slug: str):
    """The chapter run alone in the smoke profile (a booktools PageRun; cached per process)."""
    from booktools.notebook_run import run_page

    return run_page(FOLDER / f"{slug}.md", profile="smoke")


def code_cells(run) -> list:
    return [cell for cell in run.notebook.cells if cell.cell_type == "code"]


def cells(run, tag: str | None = None, text: str | None = None) -> list:
    """The code cells tagged ``tag`` and/or whose source contains ``text`` (both if both given)."""
    found = []
    for cell in code_cells(run):
        if tag is not None and tag not in cell.get("metadata", {}).get("tags", []):
            continue
        if text is not None and text not in cell.source:
            continue
        found.append(cell)
    return found


def outputs(run, tag: str | None = None, text: str | None = None):
    """Every output of the cells ``cells(run, tag, text)`` selects (all code cells if neither)."""
    for cell in cells(run, tag, text):
        yield from cell.get("outputs", [])


def check_first_cell_is_setup(run) -> None:
    """The first code cell is ``import introdl`` and ``env = introdl.setup_page()``, and says the profile."""
    first = code_cells(run)[0]
    assert first.source.split() == ["import", "introdl", "env", "=", "introdl.setup_page()"], first.source
    shown = "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "") for output in first.outputs)
    assert "Profile: smoke" in shown, shown


def printed(run, tag: str | None = None, text: str | None = None) -> str:
    """What the selected cells printed to stdout."""
    return "".join(output["text"] for output in outputs(run, tag, text)
                   if output.get("output_type") == "stream" and output.get("name") == "stdout")


def stderr(run) -> list[str]:
    """What the chapter's cells wrote to stderr (warnings, log lines): a reader would see it."""
    return [output["text"] for output in outputs(run)
            if output.get("output_type") == "stream" and output.get("name") == "stderr"]


def markdown_outputs(run, tag: str | None = None, text: str | None = None) -> list[str]:
    """The Markdown the selected cells displayed (their computed sentences)."""
    return [output["data"]["text/markdown"] for output in outputs(run, tag, text)
            if "text/markdown" in output.get("data", {})]


def figures(run) -> list[tuple[str, int]]:
    """(alt text, PNG count) of each code cell that showed an image; alt is '' if the cell has none."""
    found = []
    for cell in code_cells(run):
        count = sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))
        if count:
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            found.append((alt, count))
    return found


def check_figures(run, expected: int) -> None:
    """The chapter shows ``expected`` figure cells, each with one PNG and an alt text of ≥ 8 words."""
    shown = figures(run)
    assert len(shown) == expected, shown
    for alt, count in shown:
        assert count == 1 and len(alt.split()) >= 8, (alt, count)


def html_tables(run) -> list[dict[tuple[str, str], tuple[str, ...]]]:
    """Every Results table the chapter showed, in order, as {(experiment, quantity): cells}."""
    found = []
    for output in outputs(run):
        table = output.get("data", {}).get("text/html", "")
        if 'class="introdl-results"' not in table:
            continue
        rows = {}
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            cells_ = [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                      for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            rows[cells_[0], cells_[1]] = tuple(cells_[2:])
        found.append(rows)
    assert found, "the chapter shows no Results table"
    return found


def check_results(run, expected: dict[str, list[str]]) -> dict:
    """The last Results table has exactly the ``expected`` {experiment: [quantities]}, in order,
    each with a number for both frameworks; returns its rows."""
    rows = html_tables(run)[-1]
    wanted = [(experiment, quantity) for experiment, quantities in expected.items() for quantity in quantities]
    assert list(rows) == wanted, f"the Results rows changed: {list(rows)}"
    missing = [label for label, cells_ in rows.items() if len(cells_) != 2 or "—" in cells_]
    assert not missing, f"rows without both frameworks' numbers: {missing}"
    return rows


def percent(cell: str) -> float:
    assert cell.endswith("%"), cell
    return float(cell[:-1]) / 100
