"""Shared fixtures: the smoke build of the whole book, once per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from book_testing import REPO_ROOT, SMOKE_OUTPUT


SLOW_FIXTURES = {"smoke_build", "smoke_html"}


def pytest_collection_modifyitems(items):
    """A test that needs the built book is slow, whoever wrote it: mark it so."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def smoke_build():
    """Build the whole book in the smoke profile once per test session (its own cache)."""
    result = subprocess.run(
        [sys.executable, "-m", "booktools.build", "--profile", "smoke", "--output", str(SMOKE_OUTPUT)],
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
