"""Headless Chromium for the site's browser tests: where it is, whether a missing one fails
or skips, and how to start one with a fresh profile.

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); the tests skip
otherwise, except where ``INTRODL_REQUIRE_BROWSER=1`` (CI) makes a missing Chromium fail them.
"""

import os
import shutil

import pytest

from book_testing import REPO_ROOT

# Debian's Chromium here and in .ci/run; Google Chrome on GitHub's runner image.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
REQUIRED = os.environ.get("INTRODL_REQUIRE_BROWSER") == "1"
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER) and not REQUIRED,
    reason="headless Chromium not installed (apt-get install chromium chromium-driver)",
)
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"


def start_chromium(profile_dir, *flags, capabilities=None):
    """Headless Chromium with a fresh profile in ``profile_dir`` and nothing of its own online."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile_dir}", *flags):
        options.add_argument(flag)
    for name, value in (capabilities or {}).items():
        options.set_capability(name, value)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver
