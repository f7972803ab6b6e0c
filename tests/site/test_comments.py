"""A lazily loaded comment thread (utterances) ends every content page, set up from the
repository named once in _config.yml."""

import re

import yaml

from book_testing import REPO_ROOT, toc_pages
from booktools.sphinxext.comments import comments_section, repository_of


def configured_repository() -> str:
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    return repository_of(config["repository"]["url"])


def test_the_repository_is_read_from_a_github_url():
    assert repository_of("https://github.com/introdl-book/introdl") == "introdl-book/introdl"
    assert repository_of("https://github.com/a/b.git/") == "a/b"
    assert repository_of("https://gitlab.com/a/b") is None and repository_of("") is None
    assert 'data-repo="a/b"' in comments_section("a/b")


def test_every_content_page_ends_with_the_comment_section_and_no_widget_loads_upfront(smoke_html):
    repo = configured_repository()
    assert repo
    for page in toc_pages():
        html = (smoke_html / f"{page}.html").read_text()
        sections = re.findall(r'<section class="introdl-comments"[^>]*>', html)
        if page == "book/intro":
            assert not sections, "the home page has no thread"
            continue
        assert sections == [f'<section class="introdl-comments" id="comments" data-repo="{repo}" '
                            f'data-issue-term="pathname">'], page
        assert "introdl-comments.js" in html, page
        assert "utteranc.es/client.js" not in html, "the widget's script must load lazily, from the JS"
    script = (smoke_html / "_static" / "introdl-comments.js").read_text()
    assert "IntersectionObserver" in script and "utteranc.es/client.js" in script
