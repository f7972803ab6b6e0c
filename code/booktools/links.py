"""Link checks on the built site: ``python -m booktools.links internal|external HTML_DIR``.

* ``internal``: every ``href``/``src`` to a local file must exist in the build and every
  ``#fragment`` must be an ``id`` (or ``<a name>``) of the page it points to. The whole-site
  test (``tests/site/test_links.py``) runs it on the smoke build, so a broken cross-reference
  fails CI rather than reaching a reader.
* ``external``: every ``http(s)`` link a reader can click, asked with ``HEAD`` and then
  ``GET`` (many servers refuse ``HEAD``), with retries and a timeout. Only the standard
  library, so the scheduled workflow (``.github/workflows/links.yml``) needs nothing more.
  It reports, and never fails: a site that is down this week is not a broken build.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import re
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

# Attributes that point at something a reader's browser loads or follows.
LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
# Not files: nothing to resolve.
NON_FILE_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


@dataclass(frozen=True)
class BrokenLink:
    page: str      # the page the link is on, relative to the html folder
    link: str      # the link as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} ({self.reason})"


class _PageParser(HTMLParser):
    """The ids a page defines and the links it holds (in order, with their tag)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []   # (tag, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in LINK_ATTRIBUTES & attrs.keys():
            if attrs[name] and not (name == "data" and tag != "object"):
                self.links.append((tag, attrs[name].strip()))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            # The site's index.html is only a redirect: <meta http-equiv="Refresh" content="0; url=...">
            match = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attrs.get("content") or "", re.I)
            if match:
                self.links.append((tag, match[1].strip()))
        if attrs.get("srcset"):  # "a.png 1x, b.png 2x": each candidate is a link
            self.links += [("img", part.split()[0]) for part in attrs["srcset"].split(",") if part.strip()]

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def site_pages(html_dir: Path) -> list[Path]:
    """The html pages of a build. Not ``_static/``: the themes copy their Jinja macro files
    (``webpack-macros.html``, holding ``{{ pathto(...) }}``) there as assets; no reader opens them."""
    return [path for path in sorted(Path(html_dir).rglob("*.html"))
            if "_static" not in path.relative_to(html_dir).parts]


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def internal_broken_links(html_dir: Path) -> list[BrokenLink]:
    """Every local link in ``html_dir``'s pages whose file or ``#fragment`` does not resolve."""
    html_dir = Path(html_dir).resolve()
    pages = {path.resolve(): parse_page(path) for path in site_pages(html_dir)}
    broken = []
    for page, parsed in pages.items():
        where = page.relative_to(html_dir).as_posix()
        for _tag, link in parsed.links:
            if is_external(link) or link.lower().startswith(NON_FILE_SCHEMES):
                continue
            target_url, fragment = urldefrag(link)
            path = unquote(urlsplit(target_url).path)
            if not path:
                target = page                      # "#section" on the same page
            elif path.startswith("/"):
                target = html_dir / path.lstrip("/")  # site-absolute: the html folder is the root
            else:
                target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if html_dir not in target.parents:  # works here, breaks once the folder is published
                broken.append(BrokenLink(where, link, "outside the built site"))
                continue
            if not target.is_file():
                broken.append(BrokenLink(where, link, "no such file"))
                continue
            # An empty fragment (href="#", how themes write JavaScript buttons) is no anchor.
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if unquote(fragment) not in ids:
                    broken.append(BrokenLink(where, link, f"no id {unquote(fragment)!r} in "
                                             f"{target.relative_to(html_dir).as_posix()}"))
    return broken


# ---------------------------------------------------------------------------- external links

# Launch-button hosts answer 200 for any path (a JavaScript app decides later), so asking
# tells nothing, and a Binder link per page would only load mybinder.org.
SKIP_HOSTS = {"mybinder.org", "colab.research.google.com"}
# Some servers refuse Python's default User-Agent outright (403) while serving browsers.
USER_AGENT = "Mozilla/5.0 (compatible; introdl-linkcheck/1.0; +https://github.com/introdl-book/introdl)"
# Statuses that say "the server is there, it just will not answer us now": not dead.
NOT_DEAD = {401, 403, 429}


def external_links(html_dir: Path) -> dict[str, list[str]]:
    """``{url without fragment: [pages it is on]}`` for the site's clickable external links."""
    html_dir = Path(html_dir)
    found: dict[str, list[str]] = {}
    for path in site_pages(html_dir):
        page = path.relative_to(html_dir).as_posix()
        for tag, link in parse_page(path).links:
            # What a reader follows or sees (<a>, <img>), not the theme's scripts and fonts.
            if tag in ("a", "img") and is_external(link):
                url = urldefrag("https:" + link if link.startswith("//") else link).url
                if urlsplit(url).hostname not in SKIP_HOSTS and page not in found.setdefault(url, []):
                    found[url].append(page)
    return found


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT,
                                                                  "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # a little of the body: the server really answered
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_url(url: str, timeout: float = 15.0, retries: int = 2, backoff: float = 2.0) -> str | None:
    """None if ``url`` is alive, else why it looks dead ("404", "timed out", ...).

    HEAD first (cheap), then GET if HEAD gets no good answer (many servers refuse HEAD or
    answer it wrongly). Network errors and 5xx are retried ``retries`` times with a growing
    pause: a dead-link report should survive a bad minute. 429 (rate limited), 401 and 403
    (the server is there, refusing a robot) count as alive.
    """
    reason = "?"
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * attempt)
        for method in ("HEAD", "GET"):
            try:
                status = _request(url, method, timeout)
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
                error = getattr(error, "reason", error)
                reason = "timed out" if isinstance(error, TimeoutError) else f"{type(error).__name__}: {error}"
                continue
            if status < 400 or status in NOT_DEAD:
                return None
            reason = str(status)
        if reason.isdigit() and int(reason) < 500:
            return reason  # HEAD and GET both said 404 (or 410, ...): asking again will not help
    return reason


def external_dead_links(urls, workers: int = 8, **check) -> dict[str, str]:
    """``{url: reason}`` for the urls that look dead, checked a few at a time."""
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        reasons = pool.map(lambda url: check_url(url, **check), urls)
        return {url: reason for url, reason in zip(urls, reasons) if reason is not None}


def dead_links_report(dead: dict[str, str], pages: dict[str, list[str]], checked: int) -> str:
    """The issue body: one row per dead link, with the pages that hold it."""
    rows = [f"| {url} | {dead[url]} | {', '.join(f'`{p}`' for p in pages.get(url, []))} |"
            for url in sorted(dead)]
    return "\n".join([
        f"The weekly link check found {len(dead)} of {checked} external links on the site "
        "not answering (HEAD, then GET, retried; 401, 403 and 429 count as alive).",
        "", "| link | answer | pages |", "| --- | --- | --- |", *rows, "",
        "Fix or remove them in the pages under `book/`; this issue is updated by "
        "`.github/workflows/links.yml` and closed by it once every link answers.",
    ])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.links", description=__doc__.split("\n")[0])
    parser.add_argument("which", choices=["internal", "external"])
    parser.add_argument("html_dir", type=Path)
    parser.add_argument("--report", type=Path,
                        help="external: write the dead links as a Markdown issue body here "
                             "(the file is written only if some are dead)")
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args(argv)
    if not args.html_dir.is_dir():
        print(f"No built site at {args.html_dir}", file=sys.stderr)
        return 2
    if args.which == "internal":
        broken = internal_broken_links(args.html_dir)
        print("\n".join(map(str, broken)) or "every internal link and anchor resolves")
        return 1 if broken else 0
    pages = external_links(args.html_dir)
    dead = external_dead_links(pages, timeout=args.timeout)
    for url, reason in sorted(dead.items()):
        print(f"DEAD {reason}: {url}  (on {', '.join(pages[url])})")
    print(f"{len(dead)} of {len(pages)} external links look dead")
    if dead and args.report:
        args.report.write_text(dead_links_report(dead, pages, len(pages)))
    return 0  # a report, never a failure: the workflow turns it into an issue


if __name__ == "__main__":
    sys.exit(main())
