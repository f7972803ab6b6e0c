"""Shared fixtures: the repository root, the pages in the table of contents, the smoke build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import introdl.toc

REPO_ROOT = Path(__file__).resolve().parents[1]
SMOKE_OUTPUT = REPO_ROOT / "_build" / "test-smoke"


def toc_pages() -> list[str]:
    """Every page of _toc.yml, as a path without suffix relative to the repo root."""
    return introdl.toc.toc_pages(REPO_ROOT)


@pytest.fixture(scope="session")
def smoke_build():
    """Build the whole book in the smoke profile once per test session (its own cache)."""
    result = subprocess.run(
        [sys.executable, "-m", "introdl.build", "--profile", "smoke", "--output", str(SMOKE_OUTPUT)],
        cwd=REPO_ROOT, capture_output=True, text=True,
    )
    return result


@pytest.fixture(scope="session")
def smoke_html(smoke_build) -> Path:
    if smoke_build.returncode != 0:
        pytest.fail(
            "the smoke build of the book failed:\n" + smoke_build.stdout[-6000:] + smoke_build.stderr[-6000:],
            pytrace=False,
        )
    return SMOKE_OUTPUT / "_build" / "html"
