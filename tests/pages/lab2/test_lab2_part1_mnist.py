"""Lab 2, part 1 (MNIST), run once alone in the smoke profile, as Binder runs it.

Run as the build runs it (strict checks: the solutions run), it must run without an error or
anything on stderr, begin with the setup cell, pass every
self-check, and show its key results: the digits' split, the layer shapes in both layouts,
the same start of the two CNNs, the computed sentences, the figures with their alt texts,
the closing Results table with both frameworks, and the speed table.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from book_testing import REPO_ROOT
from introdl.selfcheck import STRICT_ENV_VAR

PAGE = REPO_ROOT / "book" / "labs" / "lab2_part1_mnist.md"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run():
    """The page as the book's build runs it: strict checks, so the solution cells run and must pass."""
    from booktools.notebook_run import run_page

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STRICT_ENV_VAR, "1")
        return run_page(PAGE, profile="smoke")  # raises PageRunError, naming the cell, if one fails


def _cells(run):
    return [cell for cell in run.notebook.cells if cell.cell_type == "code"]


def _outputs(run):
    for cell in _cells(run):
        for output in cell.get("outputs", []):
            yield cell, output


def _printed(run) -> str:
    return "".join(o["text"] for _, o in _outputs(run) if o.get("output_type") == "stream" and o["name"] == "stdout")


def _markdown(run) -> list[str]:
    return [o["data"]["text/markdown"] for _, o in _outputs(run) if "text/markdown" in o.get("data", {})]


def _table(html: str) -> dict:
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]:
        cells = [html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0], cells[1]] = tuple(cells[2:])
    return rows


def _tables(run) -> list[dict]:
    return [_table(o["data"]["text/html"]) for _, o in _outputs(run)
            if 'class="introdl-results"' in o.get("data", {}).get("text/html", "")]


def test_it_runs_cleanly_from_the_setup_cell(run):
    first = _cells(run)[0]
    assert first.source.split() == ["import", "introdl", "env", "=", "introdl.setup_page()"], first.source
    shown = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in first.outputs)
    assert "Profile: smoke" in shown
    stderr = [o["text"] for _, o in _outputs(run) if o.get("output_type") == "stream" and o["name"] == "stderr"]
    assert not stderr, stderr


def test_every_self_check_passes(run):
    printed = _printed(run)
    assert printed.count("PASS:") == 10 and "FAIL:" not in printed, printed


def test_the_digits_and_their_bad_input_messages(run):
    printed = _printed(run)
    assert "Digits(8000 training, 2000 test" in printed
    assert printed.count("DigitDataError:") == 3 and "divide by 255" in printed and "got dtype int32" in printed
    digits = _tables(run)[0]
    assert digits["all", ""] == ("8,000", "2,000")


def test_the_cnn_layers_and_the_same_start(run):
    printed = _printed(run)
    assert "Keras (26, 26, 24)" in printed and "PyTorch (24, 26, 26)" in printed and "PyTorch (900,)" in printed
    assert "the same numbers True, in the same order False, the same after reordering True" in printed
    assert "Keras' entries [  0  36  72 108 144]" in printed
    gap = float(re.search(r"between the two networks' probabilities: (\S+)", printed).group(1))
    assert gap < 1e-5


def test_computed_sentences(run):
    markdown = "\n".join(_markdown(run))
    assert markdown.count("percentage points apart") == 2 and "tolerance" in markdown
    assert "Test accuracy, dense model → CNN" in markdown
    assert "misclassified" in markdown and "most frequent confusions" in markdown


def test_figures_have_alt_text(run):
    figures = [cell for cell in _cells(run) if any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))]
    assert len(figures) == 6, len(figures)
    for cell in figures:
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        assert len(alt.split()) >= 8, cell.source[:80]


def test_results_and_speed_tables_have_both_frameworks(run):
    tables = _tables(run)
    results, speed = tables[-2], tables[-1]
    for row in (("Dense network", "test accuracy"), ("CNN", "test accuracy"),
                ("CNN, hand-written loop, one pass", "test accuracy")):
        assert all(value.endswith("%") for value in results[row]), (row, results[row])
    assert all(float(value) > 0 for value in speed["time per step", "median, ms"])
    assert speed["CPU threads", ""][0] == speed["CPU threads", ""][1]
