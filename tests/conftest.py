"""Shared fixtures: the smoke build of the whole book, once per session."""

from __future__ import annotations

import os
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


SITE_ENV_VAR = "INTRODL_SITE_HTML"  # publish.yml: test the full build it is about to deploy


@pytest.fixture(scope="session")
def smoke_html(request) -> Path:
    """The built site's HTML: the session's smoke build, or the folder $INTRODL_SITE_HTML names."""
    site = os.environ.get(SITE_ENV_VAR)
    if site:
        if not (Path(site) / "index.html").is_file():
            pytest.fail(f"${SITE_ENV_VAR}={site} holds no built site (no index.html)", pytrace=False)
        return Path(site).resolve()
    smoke_build = request.getfixturevalue("smoke_build")
    if smoke_build.returncode != 0:
        pytest.fail(
            "the smoke build of the book failed:\n" + smoke_build.stdout[-6000:] + smoke_build.stderr[-6000:],
            pytrace=False,
        )
    return SMOKE_OUTPUT / "_build" / "html"
