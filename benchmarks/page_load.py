"""Each page's weight and how soon its main content shows, in headless Chromium from localhost.

    .venv/bin/python benchmarks/page_load.py _build/html                 # after `make book`
    .venv/bin/python benchmarks/page_load.py _build/test-smoke/_build/html --loads 5

Weight: the page's HTML plus the images and audio it links to itself (the theme's shared CSS
and JavaScript are left out: a browser caches them once for the whole site). Time: the
median over ``--loads`` cold loads (browser cache disabled) of the *largest contentful
paint*, the moment the largest text block or image of the first screen is painted, which is
the usual measure of "the main content is visible"; first contentful paint is printed next
to it. Served from localhost, so the time is the browser's work, not a network's.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from book_testing import toc_pages  # noqa: E402

PAINTS = """
const done = arguments[arguments.length - 1];
let lcp = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) lcp = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
const fcp = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0;
setTimeout(() => done([fcp, lcp]), 300);
"""


def page_weight(html_dir: Path, page: str) -> int:
    path = html_dir / f"{page}.html"
    html = path.read_text()
    refs = re.findall(r'<(?:img|audio|source)\b[^>]*?\ssrc="([^"#?]+)"', html)
    files = {(path.parent / ref).resolve() for ref in refs if not re.match(r"[a-z]+:", ref)}
    return path.stat().st_size + sum(f.stat().st_size for f in files if f.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", type=Path)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(args.html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    print(f"{'page':<42} {'weight':>9} {'LCP ms':>8} {'FCP ms':>8}  (median of {args.loads} cold loads)")
    for page in toc_pages():
        times = []
        for _ in range(args.loads):
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/{page}.html")
            times.append(driver.execute_async_script(PAINTS))
        fcp = statistics.median(t[0] for t in times)
        lcp = statistics.median(t[1] for t in times)
        print(f"{page:<42} {page_weight(args.html_dir, page) / 2**20:>7.2f} MiB {lcp:>8.0f} {fcp:>8.0f}")
    driver.quit()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
