import json

import nbformat

from booktools.colab import export
from book_testing import REPO_ROOT, code_pages, toc_pages


def test_every_page_is_exported_with_a_colab_setup_cell(tmp_path):
    written = export(REPO_ROOT, tmp_path, "https://github.com/example/book")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(f"{p}.ipynb" for p in code_pages())
    assert set(toc_pages()) - set(code_pages()) == {"book/build_report"}  # text only: nothing to run
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[0].source
        assert "https://github.com/example/book" in first and "google.colab" in first
        compile(first, str(path), "exec")  # the setup cell is valid Python
        assert any("introdl.setup_page" in c.source for c in notebook.cells[1:3])
        assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "python3"
