"""Paths and page lists the book-level tests share (imported by name; conftest is not)."""

from pathlib import Path

import booktools.toc

REPO_ROOT = Path(__file__).resolve().parents[1]
SMOKE_OUTPUT = REPO_ROOT / "_build" / "test-smoke"


def toc_pages() -> list[str]:
    """Every page of _toc.yml, as a path without suffix relative to the repo root."""
    return booktools.toc.toc_pages(REPO_ROOT)


def code_pages() -> list[str]:
    """The toc pages with code, which the build executes (not the build report, a page of text)."""
    return booktools.toc.pages_with_code(REPO_ROOT)


def load_workflow(name: str) -> tuple[dict, dict]:
    """A GitHub workflow file as (its triggers, the workflow); YAML reads the key `on` as True."""
    import yaml

    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / name).read_text())
    return workflow.get(True) or workflow.get("on"), workflow
