"""A comment thread at the end of every content page, stored in the repository's GitHub issues.

Why utterances (https://utteranc.es) rather than giscus: Jupyter Book 1 knows utterances
(``html.comments.utterances``, through sphinx-comments) and utterances needs only the
repository's name, which ``_config.yml`` already holds (``repository.url``); giscus needs
ids that GitHub issues per repository and category, typed into the config by hand. We do
not use sphinx-comments itself: it loads the widget on every page as soon as it opens,
which sends a request to utteranc.es before the reader wants comments and fails offline.
Here each page gets a placeholder section; ``introdl-comments.js`` loads the widget only
when that section scrolls into view, so local builds work offline and a page's first
screen makes no request to a third party.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
GITHUB_REPO = re.compile(r"^https?://github\.com/(?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?/?$")


def repository_of(url: str) -> str | None:
    """'owner/name' of a GitHub repository URL, else None (no comments without a repository)."""
    match = GITHUB_REPO.match(url or "")
    return match["repo"] if match else None


def comments_section(repo: str) -> str:
    repo = html.escape(repo)
    return (
        f'<section class="introdl-comments" id="comments" data-repo="{repo}" data-issue-term="pathname">'
        f'<h2>Comments</h2>'
        f'<p class="introdl-comments-note">Questions and remarks on this page live in '
        f'<a href="https://github.com/{repo}/issues">the repository\'s GitHub issues</a>, '
        f'one issue per page; the thread loads when you scroll here (it needs JavaScript '
        f'and a connection to utteranc.es and GitHub).</p></section>'
    )


def add_comments(app, pagename, templatename, context, doctree):
    repo = repository_of(app.config.html_theme_options.get("repository_url", ""))
    is_content = doctree is not None and pagename != app.config.root_doc
    if repo and is_content and "body" in context:
        context["body"] += comments_section(repo)


def setup(app):
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_js_file("introdl-comments.js", loading_method="defer")
    app.connect("html-page-context", add_comments)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
