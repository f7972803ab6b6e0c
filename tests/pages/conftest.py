"""Tests of the pages themselves, one module per page or chapter: each runs its page as a
notebook (jupytext and nbclient), so every test under this folder is slow."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/pages/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.slow)
