"""Old page URLs (book/redirects.yml): the file's two forms, its errors by line, the redirect
page, its script, and a tiny book built with the extension."""

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from book_testing import REPO_ROOT, start_tiny_book
from booktools import links
from booktools.sphinxext.redirects import Anchor, Redirect, page_problems, read_redirects, redirect_page

REDIRECTS = textwrap.dedent("""\
    # old docname: new docname
    book/lectures/lecture09_intro: book/lectures/lecture09/index

    book/lectures/lecture09_more.md:
      to: book/lectures/lecture09/index
      anchors:
        part-two: book/lectures/lecture09/chapter_two
        third: book/lectures/lecture09/chapter_two#other-label
        intro: "#introduction"
    """)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_both_forms_are_read_with_their_lines(tmp_path):
    redirects, problems = read_redirects(write(tmp_path / "redirects.yml", REDIRECTS))
    assert problems == []
    assert redirects == [
        Redirect("book/lectures/lecture09_intro", "book/lectures/lecture09/index", 2),
        Redirect("book/lectures/lecture09_more", "book/lectures/lecture09/index", 4, (
            Anchor("part-two", "book/lectures/lecture09/chapter_two", "part-two", 7),
            Anchor("third", "book/lectures/lecture09/chapter_two", "other-label", 8),
            Anchor("intro", "book/lectures/lecture09/index", "introduction", 9),
        )),
    ]
    assert read_redirects(write(tmp_path / "empty.yml", "# nothing moved yet\n")) == ([], [])


@pytest.mark.parametrize("text, message", [
    ("a: b\na: c\n", "line 2: a is redirected already on line 1"),
    ("a: [b, c]\n", "line 1: a needs a new docname, or a mapping with `to:` and `anchors:`"),
    ("a:\n  to: b\n  anchor: {x: c}\n", "line 1: a needs `to: <new docname>` and at most `anchors:` (unknown: anchor)"),
    ("a:\n  anchors: {x: c}\n", "line 1: a needs `to: <new docname>`"),
    ("a:\n  to: b\n  anchors: [x]\n", "line 3: `anchors:` maps old ids"),
    ("a:\n  to: b\n  anchors:\n    x: [c]\n", "line 4: an anchor maps an old id"),
    ("- a\n- b\n", "line 1: expected lines `old docname: new docname`"),
    ("a: b\n  c: d\n", "line 2: not valid YAML"),
])
def test_a_malformed_entry_is_named_by_its_line(tmp_path, text, message):
    path = write(tmp_path / "redirects.yml", text)
    _, problems = read_redirects(path)
    assert any(problem.startswith(f"{path}, ") and message in problem for problem in problems), problems


def test_an_old_page_still_in_the_book_and_a_target_that_is_not_a_page_are_named():
    redirects = [Redirect("old", "new", 3, (Anchor("x", "elsewhere", "x", 6),)), Redirect("kept", "new", 8)]
    assert page_problems(redirects, {"new", "kept"}, "book/redirects.yml") == [
        "book/redirects.yml, line 6: elsewhere, where #x should go, is not a page of the book",
        "book/redirects.yml, line 8: kept is still a page of the book: a redirect would replace it; "
        "remove the page from _toc.yml, or this line",
    ]
    assert page_problems([Redirect("old", "gone", 2)], {"new"}, "r.yml") == [
        "r.yml, line 2: gone, where old should go, is not a page of the book"]


def test_the_redirect_page_links_refreshes_and_names_its_canonical_page(tmp_path):
    page = redirect_page("Lecture 9 <intro>", "lecture09/index.html", "https://example.org/lecture09/index.html",
                         {"x": "lecture09/two.html#y"})
    assert '<link rel="canonical" href="https://example.org/lecture09/index.html">' in page
    assert '<noscript><meta http-equiv="refresh" content="0; url=lecture09/index.html"></noscript>' in page
    assert '<a href="lecture09/index.html">Lecture 9 &lt;intro&gt;</a>' in page
    assert "<title>Moved: Lecture 9 &lt;intro&gt;</title>" in page
    # The site's link check follows the refresh and the link: both resolve.
    write(tmp_path / "old.html", page.replace("https://example.org/", ""))
    write(tmp_path / "lecture09/index.html", "<p>new</p>")
    write(tmp_path / "lecture09/two.html", '<p id="y">two</p>')
    assert links.internal_broken_links(tmp_path) == []


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js runs the redirect page's script")
@pytest.mark.parametrize("search, hash, expected", [
    ("", "", "lecture09/index.html"),
    ("", "#unknown", "lecture09/index.html#unknown"),
    ("?framework=pytorch", "#x", "lecture09/two.html?framework=pytorch#y"),
    ("?framework=pytorch", "", "lecture09/index.html?framework=pytorch"),
    ("", "#caf%C3%A9", "lecture09/index.html#new-caf%C3%A9"),
    ("", "#toString", "lecture09/index.html#toString"),  # not a mapped anchor, though every object has it
])
def test_the_script_carries_the_query_and_sends_known_anchors_to_their_chapter(search, hash, expected):
    page = redirect_page("Lecture 9", "lecture09/index.html", "lecture09/index.html",
                         {"x": "lecture09/two.html#y", "café": "lecture09/index.html#new-caf%C3%A9"})
    script = page.split("<script>\n", 1)[1].split("\n</script>", 1)[0]
    harness = (f"var went = null; var window = {{location: {{search: {json.dumps(search)}, hash: {json.dumps(hash)}, "
               "replace: function (url) { went = url; }}};\n" + script + "\nconsole.log(went);")
    result = subprocess.run(["node", "-e", harness], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == expected


# ------------------------------------------------------------------------ a tiny book, built

def run_build(root):
    return subprocess.run([sys.executable, "-m", "booktools.build", "--profile", "smoke", "--root", str(root)],
                          cwd=REPO_ROOT, capture_output=True, text=True)


@pytest.fixture
def tiny_book(tmp_path):
    """Two plain pages (no code: nothing executes) that replaced two old pages."""
    start_tiny_book(tmp_path)
    write(tmp_path / "index.md", "# Home\n\n```{tableofcontents}\n```\n")
    write(tmp_path / "book/lectures/lecture09/index.md", "# Lecture 9\n\n## Introduction\n\nWhat it shows.\n")
    write(tmp_path / "book/lectures/lecture09/chapter_two.md",
          "# Chapter two\n\n## Part two\n\nMore.\n\n(other-label)=\n## Third\n\nAnd more.\n")
    write(tmp_path / "_toc.yml", "format: jb-book\nroot: index\nchapters:\n  - file: book/lectures/lecture09/index\n"
                                 "    sections:\n      - file: book/lectures/lecture09/chapter_two\n")
    write(tmp_path / "book/redirects.yml", REDIRECTS)
    return tmp_path


@pytest.mark.slow
def test_a_built_book_answers_at_the_old_urls(tiny_book):
    result = run_build(tiny_book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = tiny_book / "_build" / "html"
    intro = (html / "book/lectures/lecture09_intro.html").read_text()
    assert '<a href="lecture09/index.html">Lecture 9</a>' in intro
    assert '<link rel="canonical" href="lecture09/index.html">' in intro
    more = (html / "book/lectures/lecture09_more.html").read_text()
    assert '"part-two": "lecture09/chapter_two.html#part-two"' in more
    assert '"third": "lecture09/chapter_two.html#other-label"' in more
    assert '"intro": "lecture09/index.html#introduction"' in more
    assert links.internal_broken_links(html) == []

    # An anchor sent to an id its chapter does not have fails the build, naming the line.
    redirects = tiny_book / "book/redirects.yml"
    redirects.write_text(redirects.read_text().replace("#other-label", "#no-such-label"))
    result = run_build(tiny_book)
    assert result.returncode != 0
    assert ("book/redirects.yml, line 8: #third should go to book/lectures/lecture09/chapter_two#no-such-label, "
            "but that page has no id 'no-such-label'") in result.stderr


@pytest.mark.slow
def test_an_old_page_still_in_the_toc_or_a_missing_target_stops_the_build_before_reading(tiny_book):
    redirects = tiny_book / "book/redirects.yml"
    redirects.write_text(redirects.read_text() + "book/lectures/lecture09/chapter_two: book/lectures/lecture09/index\n"
                                                 "book/lectures/lecture08: book/lectures/lecture08/index\n")
    result = run_build(tiny_book)
    assert result.returncode != 0
    assert ("ERROR: book/redirects.yml, line 10: book/lectures/lecture09/chapter_two is still a page of the book"
            in result.stderr)
    assert ("ERROR: book/redirects.yml, line 11: book/lectures/lecture08/index, where book/lectures/lecture08 "
            "should go, is not a page of the book") in result.stderr
    assert not (tiny_book / "_build/html/book/lectures/lecture09/index.html").exists()  # nothing was read
