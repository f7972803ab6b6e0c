"""The site as a reader's browser meets it: a first visit with an empty profile logs no
console error and fails no request, nothing overflows sideways at phone or desktop width
(screenshots of both are saved), and the site's search finds the music lab for "LSTM".

Headless Chromium, like tests/site/test_browser.py; screenshots go to _build/screenshots/ (the
CI workflow uploads them).
"""

import json
import re

import pytest

from book_testing import toc_pages
from browsing import SCREENSHOTS, needs_browser, start_chromium

pytestmark = needs_browser

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """A fresh Chromium profile that records the console and the network."""
    driver = start_chromium(tmp_path_factory.mktemp("reader"),
                            capabilities={"goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"}})
    yield driver
    driver.quit()


def failed_requests(driver) -> list[str]:
    """Requests the last page made that failed or answered 4xx/5xx (from the DevTools log).

    A fresh profile's first load also logs a failed request of Chromium's own (no network
    here), which the page never announced; those are not the page's and are left out.
    """
    failures, urls = [], {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif (message["method"] == "Network.loadingFailed" and not params.get("canceled")
              and params.get("requestId") in urls):  # Chromium's own start-up requests have no page URL
            failures.append(f"{params.get('errorText')} {urls[params['requestId']]}")
        elif message["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            failures.append(f"{params['response']['status']} {params['response']['url']}")
    return failures


@pytest.mark.parametrize("page", toc_pages())
def test_a_first_visit_logs_no_console_error_and_no_failed_request(site, reader, page):  # noqa: F811
    reader.get_log("browser"), reader.get_log("performance")  # drop the previous page's entries
    reader.get(f"{site}/{page}.html")
    reader.execute_script("return document.fonts.ready")
    errors = [entry["message"] for entry in reader.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors
    assert not failed_requests(reader)


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page", toc_pages())
def test_nothing_overflows_sideways_and_a_screenshot_is_saved(site, reader, page, width_name):  # noqa: F811
    reader.set_window_size(WIDTHS[width_name], 900)
    reader.get(f"{site}/{page}.html")
    overflow = reader.execute_script("""
        const page = document.documentElement;
        const wide = [...document.querySelectorAll('article *')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > page.clientWidth + 1 && !el.closest('.introdl-scroll-ok')
                && getComputedStyle(el.parentElement).overflowX === 'visible'
                && ![...ancestors(el)].some(a => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX));
        });
        function* ancestors(el) { for (let a = el.parentElement; a; a = a.parentElement) yield a; }
        return {scroll: page.scrollWidth, client: page.clientWidth,
                wide: wide.slice(0, 5).map(el => el.tagName + '.' + el.className)};""")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reader.save_screenshot(str(SCREENSHOTS / f"{re.sub(r'[^a-z0-9]+', '-', page)}-{width_name}.png"))
    assert overflow["scroll"] <= overflow["client"] + 1, overflow
    assert not overflow["wide"], overflow


def test_search_for_lstm_finds_the_music_lab(site, reader):  # noqa: F811
    from selenium.webdriver.support.ui import WebDriverWait

    reader.set_window_size(1280, 900)
    reader.get(f"{site}/search.html?q=LSTM")
    WebDriverWait(reader, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#search-results li').length > 0"))
    links = reader.execute_script(
        "return [...document.querySelectorAll('#search-results li a')].map(a => a.getAttribute('href'))")
    assert any("lab1_part2_music" in link for link in links), links
