"""Each page runs top to bottom as a notebook, like Binder: fresh kernel, the page's own folder."""

import pytest

from introdl.notebook_run import PageRunError, run_page
from book_testing import REPO_ROOT, toc_pages

BINDER_MEMORY_MB = 2048


@pytest.mark.parametrize("page", toc_pages())
def test_page_runs_as_a_notebook_within_binder_memory(page):
    result = run_page(REPO_ROOT / f"{page}.md", profile="smoke")
    print(result.summary())
    assert result.peak_memory_mb < BINDER_MEMORY_MB, result.summary()
    assert result.peak_memory_mb <= result.peak_tree_memory_mb < BINDER_MEMORY_MB, result.summary()
    errors = [o for c in result.notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    texts = [o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
             for c in result.notebook.cells for o in c.get("outputs", [])]
    assert not [t for t in texts if "FAIL:" in t], "a self-check failed although the solutions ran"


def test_a_failing_page_names_the_cell(tmp_path):
    front = (REPO_ROOT / "book" / "intro.md").read_text().split("---\n")[1]
    page = tmp_path / "bad.md"
    page.write_text(f"---\n{front}---\n# Bad\n\n```{{code-cell}} ipython3\nx = 1\n```\n\n"
                    "```{code-cell} ipython3\n1 / 0\n```\n")
    with pytest.raises(PageRunError, match=r"bad.md: code cell 2 failed \(starts with: '1 / 0'\)"):
        run_page(page, profile="smoke")


def test_missing_page_is_explained(tmp_path):
    with pytest.raises(PageRunError, match="no such page"):
        run_page(tmp_path / "nope.md")
