"""Checks on the smoke build of the whole book: pages, tabs, outputs, figures, provenance."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from book_testing import code_pages, toc_pages


def test_the_book_builds_without_warnings(smoke_build, smoke_html):
    # -W turns any warning into a failure; make sure none was printed either.
    # (ipykernel's own notice about TCP transport is a kernel log line, not a Sphinx warning.)
    log = re.sub(r".*\[IPKernelApp\] WARNING \| Kernel is running over TCP.*", "", smoke_build.stdout)
    assert "WARNING" not in log
    assert (smoke_html / "index.html").is_file()


def read_page(smoke_html: Path, page: str) -> str:
    path = smoke_html / f"{page}.html"
    assert path.is_file(), f"{page} is in _toc.yml but {path} was not built"
    return path.read_text()


@pytest.mark.parametrize("page", code_pages())
def test_every_page_is_built_executed_and_carries_provenance(smoke_html, page):
    html = read_page(smoke_html, page)
    assert 'class="introdl-provenance"' in html, "setup_page() output missing"
    assert "Profile: smoke" in html
    assert "cell_output" in html, "no executed outputs on the page"
    assert "Traceback" not in html
    # Markdown outputs are parsed as MyST: a table must not come out as a paragraph of pipes.
    assert "|—|" not in html and not re.search(r"<p>\|[^<]*\|\s*</p>", html)


class ImageCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src", ""))


CONTENT_PAGES = [p for p in code_pages() if p != "book/intro"]  # not the build report, text only


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_figures_are_rendered_and_exist(smoke_html, page):
    collector = ImageCollector()
    collector.feed(read_page(smoke_html, page))
    figures = [s for s in collector.sources if "_images/" in s]
    assert figures, f"{page} has no figures"
    for source in figures:
        assert (smoke_html / page).parent.joinpath(source).resolve().is_file(), source


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_framework_tabs_hold_both_frameworks_executed(smoke_html, page):
    html = read_page(smoke_html, page)
    tab_sets = html.split('<div class="sd-tab-set framework-tabs')[1:]
    assert tab_sets, f"{page} has no framework tabs"
    for tab_set in tab_sets:
        labels = re.findall(r'data-sync-group="framework" data-sync-id="(\w+)"', tab_set)
        assert labels[:2] == ["tensorflow", "pytorch"]
        tf_part, pt_part = tab_set.split('data-sync-id="pytorch"', 1)
        assert "tag_tensorflow" in tf_part and "tag_pytorch" in pt_part
    # Across the page, both frameworks' cells show executed outputs inside the tabs.
    assert re.search(r'tag_tensorflow[^"]*docutils container">.*?cell_output', html, re.S)
    assert re.search(r'tag_pytorch[^"]*docutils container">.*?cell_output', html, re.S)


def test_tab_sync_script_is_shipped(smoke_html):
    html = read_page(smoke_html, "book/intro")
    assert "design-tabs.js" in html
    assert (smoke_html / "_static" / "design-tabs.js").is_file()


def test_launch_and_download_buttons(smoke_html):
    html = read_page(smoke_html, CONTENT_PAGES[0])
    assert "mybinder.org/v2/gh/" in html
    page = CONTENT_PAGES[0]
    assert f"colab.research.google.com/github/introdl-book/introdl/blob/colab-notebooks/{page}.ipynb" in html
    # Download buttons: the page as executed .ipynb (outputs included) and as its .md source.
    for suffix in (".ipynb", ".md"):
        up = "../" * page.count("/")  # from the page's folder back to the site's root
        link = f'href="{up}_sources/{page}{suffix}"'
        assert link in html, link
        assert (smoke_html / "_sources" / f"{page}{suffix}").is_file()


def test_every_navigation_toggle_has_a_name(smoke_html):
    """The sidebar's collapsible sections open with an icon-only <summary>; a screen reader
    needs a name for it (axe-core's summary-name), which booktools.sphinxext.site_fixes adds."""
    for page in toc_pages():
        html = read_page(smoke_html, page)
        toggles = re.findall(r'<summary[^>]*>(?=<span class="toctree-toggle")', html)
        assert toggles and all("aria-label=" in tag for tag in toggles), (page, toggles[:3])
