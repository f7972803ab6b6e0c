"""Each page runs top to bottom as a notebook, as in Binder: a fresh kernel in the page's
own folder, within Binder's memory.

The smoke build executes every page that way already (myst-nb runs the page's jupytext
notebook in a fresh kernel in its folder, ``run_in_temp: false``), and records each page's
time and peak memory in ``page-runs.json``; these tests read that build rather than run
every page a second time. The notebook runner itself (what a reader uses to check a page
alone) is tested on small pages.
"""

import json

import jupytext
import pytest

from booktools.build import page_runs
from booktools.notebook_run import PageRunError, run_page
from book_testing import REPO_ROOT, SMOKE_OUTPUT, code_pages

BINDER_MEMORY_MB = 2048
EXECUTED = SMOKE_OUTPUT / "_build" / "jupyter_execute"


def executed_notebook(page: str) -> dict:
    return json.loads((EXECUTED / f"{page}.ipynb").read_text())


@pytest.mark.parametrize("page", code_pages())
def test_page_ran_within_binder_memory(smoke_html, page):
    run = page_runs(SMOKE_OUTPUT / "_build").get(f"{page}.md")
    assert run is not None, f"the smoke build recorded no run of {page}.md"
    print(page, run)
    assert run["profile"] == "smoke"
    assert 0 < run["kernel_peak_mb"] <= run["tree_peak_mb"] < BINDER_MEMORY_MB, run


@pytest.mark.parametrize("page", code_pages())
def test_the_build_ran_the_notebook_a_reader_gets(smoke_html, page):
    """The executed notebook holds exactly the page's code cells, with no error and no FAIL."""
    source_cells = [c.source for c in jupytext.read(REPO_ROOT / f"{page}.md").cells if c.cell_type == "code"]
    cells = [c for c in executed_notebook(page)["cells"] if c["cell_type"] == "code"]
    assert ["".join(c["source"]) for c in cells] == source_cells
    outputs = [o for c in cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = ["".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")) for o in outputs]
    assert not [t for t in texts if "FAIL:" in t], "a self-check failed although the solutions ran"


def page_of_cells(folder, name: str, *cells: str):
    """A MyST notebook page ``folder/name.md`` holding these code cells."""
    front = (REPO_ROOT / "book" / "intro.md").read_text().split("---\n")[1]
    page = folder / f"{name}.md"
    page.write_text(f"---\n{front}---\n# {name}\n\n"
                    + "\n".join(f"```{{code-cell}} ipython3\n{cell}\n```\n" for cell in cells))
    return page


@pytest.mark.slow
def test_the_runner_reports_time_and_memory(tmp_path):
    page = page_of_cells(tmp_path, "ok", "import os\nprint(os.getcwd())")
    result = run_page(page, profile="smoke")
    assert 0 < result.peak_memory_mb <= result.peak_tree_memory_mb < BINDER_MEMORY_MB, result.summary()
    (cell,) = [cell for cell in result.notebook.cells if cell.cell_type == "code"]
    assert cell.outputs[0]["text"].strip() == str(tmp_path)  # the page's own folder


@pytest.mark.slow
def test_the_kernels_peak_is_its_own_not_that_of_the_process_that_started_it(tmp_path):
    """A kernel forked from a large process (a test run that imported both frameworks) inherits
    that process's peak in ru_maxrss; the runner reports the kernel's own (VmHWM)."""
    page = page_of_cells(tmp_path, "small", "x = 1")
    ballast = b"\x01" * (2500 * 2**20)  # 2.5 GB resident in this process
    result = run_page(page, profile="smoke")
    del ballast
    assert result.peak_memory_mb < 500, result.summary()


@pytest.mark.slow
def test_a_failing_page_names_the_cell(tmp_path):
    page = page_of_cells(tmp_path, "bad", "x = 1", "1 / 0")
    with pytest.raises(PageRunError, match=r"bad.md: code cell 2 failed \(starts with: '1 / 0'\)"):
        run_page(page, profile="smoke")


def test_missing_page_is_explained(tmp_path):
    with pytest.raises(PageRunError, match="no such page"):
        run_page(tmp_path / "nope.md")


@pytest.mark.slow
def test_a_dead_kernel_names_the_cell_it_died_in(tmp_path, capfd):
    page = page_of_cells(tmp_path, "dies", "x = 1", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    with pytest.raises(PageRunError, match=r"dies.md: the kernel died in code cell 2, .* \(starts with: 'import os, signal'\)"):
        run_page(page, profile="smoke")
    assert "without encryption" not in capfd.readouterr().err  # its kernel listens on IPC sockets
