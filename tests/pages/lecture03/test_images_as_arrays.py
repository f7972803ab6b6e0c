"""Lecture 3, chapter 'Images are arrays': it runs on its own, as Binder runs it (smoke profile)."""

from pathlib import Path

from booktools.notebook_run import run_page

PAGE = Path(__file__).resolve().parents[3] / "book/lectures/lecture03/images_as_arrays.md"


def test_the_page_runs_and_shows_what_ran_it():
    run = run_page(PAGE, profile="smoke")  # raises PageRunError, naming the cell, if one fails
    first = next(cell for cell in run.notebook.cells if cell.cell_type == "code")
    assert "setup_page()" in first.source
    shown = "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "")
                    for output in first.outputs)
    assert "Profile: smoke" in shown, shown
