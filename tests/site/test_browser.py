"""The built site in a real browser (headless Chromium): tabs switch, sync and are remembered.

Needs headless Chromium (tests/site/browsing.py says where it comes from); skipped otherwise.
"""

import pytest

from book_testing import REPO_ROOT, code_pages
from browsing import needs_browser

pytestmark = needs_browser
CONTENT_PAGES = [p for p in code_pages() if p != "book/intro"]  # pages with framework tabs


def selected_frameworks(driver):
    """The framework whose tab is checked, for every framework tab set on the page."""
    return driver.execute_script("""
        return [...document.querySelectorAll('.framework-tabs')].map(set => {
            const input = set.querySelector(':scope > input:checked');
            return input ? input.nextElementSibling.dataset.syncId : null;
        });""")


def visible_output_count(driver, framework):
    return driver.execute_script(f"""
        return [...document.querySelectorAll('.framework-tabs .tag_{framework} .cell_output')]
            .filter(el => el.offsetParent !== null).length;""")


@pytest.mark.skipif(len(CONTENT_PAGES) < 1, reason="no content pages yet")
def test_tabs_sync_across_the_page_and_are_remembered_across_pages(site, browser, smoke_html):
    first = CONTENT_PAGES[0]
    browser.get(f"{site}/{first}.html")
    browser.execute_script("localStorage.clear()")
    browser.get(f"{site}/{first}.html")
    before = selected_frameworks(browser)
    assert before and set(before) == {"tensorflow"}
    assert visible_output_count(browser, "tensorflow") > 0
    assert visible_output_count(browser, "pytorch") == 0

    label = browser.find_element("css selector", '.framework-tabs label[data-sync-id="pytorch"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    assert set(selected_frameworks(browser)) == {"pytorch"}, "one click switches every tab set"
    assert visible_output_count(browser, "pytorch") > 0
    assert visible_output_count(browser, "tensorflow") == 0
    browser.save_screenshot(str(REPO_ROOT / "_build" / "test-smoke" / "pytorch-tab.png"))

    tabbed = [page for page in CONTENT_PAGES if "framework-tabs" in (smoke_html / f"{page}.html").read_text()]
    assert len(tabbed) >= 4  # the lectures and labs; the build report has no tabs
    for page in tabbed:  # the choice is remembered on every other page (and this one)
        browser.get(f"{site}/{page}.html")
        assert set(selected_frameworks(browser)) == {"pytorch"}, page


def test_url_parameter_preselects_a_framework(site, browser):
    page = CONTENT_PAGES[0]
    browser.get(f"{site}/{page}.html")
    browser.execute_script("localStorage.clear()")
    browser.get(f"{site}/{page}.html?framework=pytorch")
    assert set(selected_frameworks(browser)) == {"pytorch"}
    browser.get(f"{site}/{page}.html?framework=tensorflow")
    assert set(selected_frameworks(browser)) == {"tensorflow"}


def test_music_lab_scores_are_visible_and_every_player_plays(site, browser):
    """Each tune on the music lab: an engraved score with a size on screen, and an audio
    player whose MP3 file the browser fetches on play, decodes and plays (muted)."""
    browser.get(f"{site}/book/labs/lab1_part2_music.html")
    scores = browser.execute_script("""
        return [...document.querySelectorAll('.introdl-tune svg:not(svg svg)')].map(svg => {
            const box = svg.getBoundingClientRect(); return [box.width, box.height]; });""")
    assert len(scores) >= 2, "the two training tunes at least"
    assert all(width > 100 and height > 50 for width, height in scores), scores
    browser.set_script_timeout(60)
    players = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const players = [...document.querySelectorAll('.introdl-tune audio')];
        Promise.all(players.map(audio => new Promise(resolve => {
            audio.muted = true;
            audio.play().then(
                () => setTimeout(() => { audio.pause(); resolve({duration: audio.duration,
                    played: audio.currentTime, error: audio.error && audio.error.code}); }, 1500),
                err => resolve({duration: audio.duration, played: 0, error: String(err)}));
        }))).then(done);""")
    assert len(players) == len(scores)
    for player in players:
        assert player["error"] is None, players
        assert player["duration"] > 1 and player["played"] > 0.5, players  # a generated tune may be short


@pytest.mark.parametrize("chapter, scratch_class", [("sequences_and_recurrence", "MyRNNCellTorch"),
                                                    ("lstm", "MyLSTMCellTorch")])
def test_lecture2_figures_load_and_maths_renders(site, browser, chapter, scratch_class):
    """Two Lecture 2 chapters in a browser: every figure decodes and has a size, the equations are
    typeset, and the PyTorch tab of the scratch cell shows its code."""
    browser.get(f"{site}/book/lectures/lecture02/{chapter}.html")
    browser.set_script_timeout(30)
    images = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const imgs = [...document.querySelectorAll('.cell_output img')];
        Promise.all(imgs.map(img => img.decode().then(() => [img.naturalWidth, img.naturalHeight],
                                                       () => [0, 0]))).then(done);""")
    assert len(images) >= 1 and all(w > 100 and h > 100 for w, h in images), images
    typeset = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const check = (tries) => {
            const n = document.querySelectorAll('mjx-container').length;
            if (n > 0 || tries == 0) done(n); else setTimeout(() => check(tries - 1), 500);
        };
        check(20);""")
    assert typeset >= 3, "MathJax did not typeset the page's equations"
    label = browser.find_element("css selector", '.framework-tabs label[data-sync-id="pytorch"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    visible_code = browser.execute_script("""
        return [...document.querySelectorAll('.framework-tabs .tag_pytorch pre')]
            .filter(el => el.offsetParent !== null).map(el => el.textContent).join('\\n');""")
    assert f"class {scratch_class}" in visible_code
