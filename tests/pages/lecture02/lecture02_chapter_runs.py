"""Helpers for the tests of Lecture 2's first chapters that read a chapter's own run (a helper
module: no tests here).

A test module runs its chapter once, alone, in a fresh kernel in the smoke profile
(``run_chapter``), as Binder would, and reads the executed notebook: the first cell's output,
the ``Results`` table the chapter closes with, its figures and anything it wrote to stderr.
"""

from __future__ import annotations

import html as html_lib
import re

from book_testing import REPO_ROOT

FOLDER = REPO_ROOT / "book" / "lectures" / "lecture02"


def run_chapter(name: str):
    """The chapter ``book/lectures/lecture02/<name>.md`` run alone in the smoke profile (a PageRun)."""
    from booktools.notebook_run import run_page

    return run_page(FOLDER / f"{name}.md", profile="smoke")


def code_cells(run) -> list:
    return [cell for cell in run.notebook.cells if cell.cell_type == "code"]


def outputs(run):
    for index, cell in enumerate(code_cells(run)):
        for output in cell.get("outputs", []):
            yield index, output


def check_first_cell_is_setup(run, log_level: int | None = None) -> None:
    """The first code cell is ``import introdl`` and ``env = introdl.setup_page(...)``, and says the profile."""
    first = code_cells(run)[0]
    call = "introdl.setup_page()" if log_level is None else f"introdl.setup_page(tensorflow_log_level={log_level})"
    assert first.source.split() == ["import", "introdl", "env", "=", call], first.source
    shown = "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "") for output in first.outputs)
    assert "Profile: smoke" in shown, shown


def stderr(run) -> list[str]:
    """What the chapter's cells wrote to stderr (warnings, log lines): a reader would see it."""
    return [output["text"] for _, output in outputs(run) if output.get("output_type") == "stream"
            and output.get("name") == "stderr"]


def images(run) -> list[int]:
    """The index of the code cell of each image the chapter's cells showed."""
    return [index for index, output in outputs(run) if "image/png" in output.get("data", {})]


def results_rows(run) -> dict[tuple[str, str], tuple[str, str]]:
    """The closing Results table: {(experiment, quantity): (TensorFlow, PyTorch)} as shown."""
    tables = [output["data"]["text/html"] for _, output in outputs(run)
              if 'class="introdl-results"' in output.get("data", {}).get("text/html", "")]
    assert tables, "the chapter shows no Results table"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", tables[-1], re.S)[1:]:
        cells = [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert len(cells) == 4, cells
        rows[cells[0], cells[1]] = (cells[2], cells[3])
    return rows


def markdown_outputs(run) -> list[str]:
    """The Markdown the chapter's cells displayed (computed sentences and tables)."""
    return [output["data"]["text/markdown"] for _, output in outputs(run) if "text/markdown" in output.get("data", {})]


def printed(run) -> str:
    return "".join(output["text"] for _, output in outputs(run)
                   if output.get("output_type") == "stream" and output.get("name") == "stdout")
