"""Paths and page lists the book-level tests share (imported by name; conftest is not)."""

from pathlib import Path

import booktools.toc

REPO_ROOT = Path(__file__).resolve().parents[1]
SMOKE_OUTPUT = REPO_ROOT / "_build" / "test-smoke"


def toc_pages() -> list[str]:
    """Every page of _toc.yml, as a path without suffix relative to the repo root."""
    return booktools.toc.toc_pages(REPO_ROOT)
