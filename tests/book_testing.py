"""Paths and page lists the book-level tests share (imported by name; conftest is not)."""

import os
import shutil
from pathlib import Path

import booktools.toc

REPO_ROOT = Path(__file__).resolve().parents[1]
# make test-pypi-wheels builds into its own folder, so that neither environment's cache serves the other.
SMOKE_OUTPUT = REPO_ROOT / os.environ.get("INTRODL_SMOKE_OUTPUT", "_build/test-smoke")


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


SETUP_CELL = "```{code-cell} ipython3\nimport introdl\nenv = introdl.setup_page(frameworks=())\n```\n\n"


def commit_everything(root: Path) -> str:
    """Make ``root`` a git repository holding all its files in one commit; return its 12-digit id."""
    import subprocess

    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "test"]):
        subprocess.run([*git, *command], check=True)
    return subprocess.run([*git, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def start_tiny_book(root: Path) -> str:
    """Give a test book in ``root`` the real _config.yml and the favicon it names; return the
    pages' jupytext front matter (what makes a .md page a notebook)."""
    shutil.copy(REPO_ROOT / "_config.yml", root / "_config.yml")
    (root / "book" / "images").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "book" / "images" / "favicon.png", root / "book" / "images")
    return (REPO_ROOT / "book" / "intro.md").read_text().split("---\n")[1]


def notebook_page(front: str, title: str, body: str) -> str:
    """A MyST notebook page: front matter, a title, ``setup_page()`` first (no framework: fast),
    then ``body``."""
    return f"---\n{front}---\n# {title}\n\n{SETUP_CELL}{body}"
