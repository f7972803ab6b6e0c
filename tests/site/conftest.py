"""Tests of the built site (the smoke build, or $INTRODL_SITE_HTML): every test here is slow.

The build fixtures (``smoke_build``, ``smoke_html``) are in tests/conftest.py, since the page
tests read the built chapters too; the browser fixtures are here.
"""

import functools
import http.server
import threading

import pytest

from browsing import start_chromium


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/site/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def site(smoke_html):
    """The built site served over HTTP on a free local port, for the module's tests."""
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the test log readable
            pass

    handler = functools.partial(QuietHandler, directory=str(smoke_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium at desktop size that may play audio without a click."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium"), "--window-size=1400,1000",
                            "--autoplay-policy=no-user-gesture-required")  # play() without a click, as a reader's click would
    yield driver
    driver.quit()
