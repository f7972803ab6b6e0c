"""Accessibility and dark mode in a real browser.

* axe-core (the npm package; ``.ci/run`` installs it into ``.axe/``) finds no violation of
  impact "serious" or "critical" on any page.
* With the theme switched to dark, every figure and score stays legible: each raster figure
  is opaque (matplotlib's white figure background), and each score, black notes on a
  transparent SVG, sits on a light background. A dark screenshot of each page is saved.
"""

import os

import pytest

from book_testing import REPO_ROOT, toc_pages
from browsing import SCREENSHOTS, needs_browser

pytestmark = needs_browser

AXE_JS = REPO_ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("INTRODL_REQUIRE_BROWSER") == "1"


@pytest.mark.parametrize("page", toc_pages())
def test_no_serious_or_critical_accessibility_violation(site, browser, page):  
    if not AXE_JS.is_file():
        if REQUIRED:
            pytest.fail(f"axe-core is missing at {AXE_JS}: .ci/run installs it with npm")
        pytest.skip("axe-core not installed: npm install --prefix .axe axe-core@4.10.3")
    browser.get(f"{site}/{page}.html")
    browser.execute_script(AXE_JS.read_text())
    browser.set_script_timeout(120)
    violations = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run().then(result => done(result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}, ${v.nodes.length}x): ${v.nodes[0].target.join(' ')}`)));""")
    assert not violations, violations


@pytest.mark.parametrize("page", toc_pages())
def test_figures_and_scores_stay_legible_in_dark_mode(site, browser, page):  
    browser.set_window_size(1280, 900)
    browser.get(f"{site}/{page}.html")
    browser.execute_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    browser.get(f"{site}/{page}.html")
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"
    problems = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        function background(el) {   // the first non-transparent background behind el
            for (; el; el = el.parentElement) {
                const c = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
                if (c.length < 4 || c[3] > 0.5) return c;
            }
            return [255, 255, 255];
        }
        const light = c => (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255 > 0.6;
        const problems = [];
        document.querySelectorAll('.introdl-tune svg:not(svg svg)').forEach((svg, i) => {
            if (!light(background(svg))) problems.push(`score ${i + 1} on a dark background`);
        });
        const figures = [...document.querySelectorAll('article img')].filter(img => img.src.includes('/_images/'));
        Promise.all(figures.map(img => img.decode().then(() => {
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const context = canvas.getContext('2d');
            context.drawImage(img, 0, 0);
            const corners = [[0, 0], [img.naturalWidth - 1, 0], [0, img.naturalHeight - 1],
                             [img.naturalWidth - 1, img.naturalHeight - 1]];
            const transparent = corners.some(([x, y]) => context.getImageData(x, y, 1, 1).data[3] < 250);
            if (transparent && !light(background(img))) problems.push(`transparent figure ${img.src.split('/').pop()}`);
        }))).then(() => done(problems));""")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"{page.replace('/', '-')}-dark.png"))
    browser.execute_script("localStorage.clear()")
    assert not problems, problems
