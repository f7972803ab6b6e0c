"""The book's pages, read from _toc.yml (for the tests, the Colab export and tools)."""

from __future__ import annotations

from pathlib import Path

import yaml


def toc_pages(root: Path) -> list[str]:
    """Every page in ``root/_toc.yml``, in order, as paths without suffix (e.g. 'book/intro')."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return pages


def page_file(root: Path, page: str) -> Path | None:
    """The source file of a toc entry ('book/intro' -> book/intro.md), or None if missing."""
    path = Path(root) / page
    candidates = [path] if path.suffix else [path.with_suffix(".md"), path.with_suffix(".ipynb")]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def code_cells(path: Path) -> list[str]:
    """The sources of a page's code cells (none for a page of text, such as the build report)."""
    import jupytext

    return [cell.source for cell in jupytext.read(path).cells if cell.cell_type == "code"]


def pages_with_code(root: Path) -> list[str]:
    """The toc pages that run code: the ones the build executes and Colab can open."""
    return [page for page in toc_pages(root)
            if (path := page_file(root, page)) is not None and code_cells(path)]
