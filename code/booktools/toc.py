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
