"""Helpers for the tests of Lecture 2's chapters (a helper module: no tests here).

Each chapter's test module reads the chapter as the smoke build made it (``chapter_html``), and
checks its headings, figures and closing ``Results`` table with the functions below; the
scratch-cell tests run a chapter's own tagged cells (``tagged_cells_namespace``), so that the
page and its tests cannot drift apart.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from book_testing import REPO_ROOT

FOLDER = "book/lectures/lecture02"
INDEX = f"{FOLDER}/index"


def source_path(page: str) -> Path:
    """The MyST source of a docname such as ``book/lectures/lecture02/lstm``."""
    return REPO_ROOT / f"{page}.md"


def chapter_html(smoke_html: Path, page: str) -> str:
    path = smoke_html / f"{page}.html"
    assert path.is_file(), f"{page} should be in _toc.yml, but {path} was not built"
    return path.read_text()


def headings(html: str) -> list[str]:
    """The text of every h1-h3 heading, without tags and the permalink sign."""
    return [re.sub(r"<[^>]+>|#|¶", "", h).strip() for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)]


def missing_sections(html: str, sections) -> list[str]:
    found = headings(html)
    return [title for title in sections if not any(h.startswith(title) for h in found)]


class _ImageCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src", ""))


def figures(html: str) -> list[str]:
    """The sources of the images the page's cells produced (written to ``_images/``)."""
    collector = _ImageCollector()
    collector.feed(html)
    return [source for source in collector.sources if "_images/" in source]


def results_rows(html: str) -> list[list[str]]:
    """The rows of the page's closing ``Results`` table: experiment, quantity, TensorFlow, PyTorch."""
    assert '<table class="introdl-results"' in html, "the page shows no Results table"
    table = html[html.rindex('<table class="introdl-results"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]


def check_results_table(html: str, experiments) -> None:
    """Every row has both frameworks' values, and every named experiment has a row (by prefix)."""
    rows = results_rows(html)
    assert rows and all(len(row) == 4 for row in rows), rows
    missing = [row[:2] for row in rows if "—" in row[2:]]
    assert not missing, f"rows without both frameworks: {missing}"
    names = {row[0] for row in rows}
    absent = [name for name in experiments if not any(e.startswith(name) for e in names)]
    assert not absent, f"experiments without a row: {absent}; rows: {sorted(names)}"


def code_cells(page: str) -> list:
    import jupytext

    return [cell for cell in jupytext.read(source_path(page)).cells if cell.cell_type == "code"]


def tagged_cells_namespace(page: str, tag: str, framework: str) -> dict:
    """Execute the chapter's cells tagged both ``tag`` and ``framework``; return their names."""
    import numpy as np
    import tensorflow as tf
    import torch
    import torch.nn.functional as F
    from torch import nn

    namespace = {"np": np, "tf": tf, "layers": tf.keras.layers, "torch": torch, "nn": nn, "F": F}
    cells = [cell for cell in code_cells(page) if {tag, framework} <= set(cell.metadata.get("tags", []))]
    assert cells, f"no cell tagged [{framework}, {tag}] on {page}"
    for cell in cells:
        exec(compile(cell.source, f"{page}:{tag}:{framework}", "exec"), namespace)
    return namespace


def check_runs_alone(page: str) -> None:
    """Run the chapter by itself in a fresh kernel, smoke profile, as Binder does: its first code
    cell is ``setup_page()``, and no cell fails (``PageRunError`` names the cell that does)."""
    from booktools.notebook_run import run_page

    run = run_page(source_path(page), profile="smoke")
    first = next(cell for cell in run.notebook.cells if cell.cell_type == "code")
    assert first.source.split() == ["import", "introdl", "env", "=", "introdl.setup_page()"], first.source
    shown = "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "") for output in first.outputs)
    assert "Profile: smoke" in shown, shown
