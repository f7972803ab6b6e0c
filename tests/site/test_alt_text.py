"""Every figure and score on the site has a text alternative that says what it shows.

Figures get theirs from their cell's ``mystnb: image: alt:`` option (myst-nb takes an image's
alt text from nowhere else); without it docutils writes the image's path, which a screen
reader reads out as a file name. Scores get theirs from the tune (``score_description``).
"""

import re
from html.parser import HTMLParser

from book_testing import toc_pages

MIN_WORDS = 8  # "Loss curve" names a kind of plot; a description says what it shows


class ContentImages(HTMLParser):
    """The <img> and <svg> tags inside the page's article (not the theme's logos)."""

    def __init__(self):
        super().__init__()
        self.depth, self.images, self.svgs, self.in_tune = 0, [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        elif self.depth and tag == "img":
            self.images.append(attrs)
        elif self.depth and tag == "div" and "introdl-tune" in (attrs.get("class") or "").split():
            self.in_tune += 1
        elif self.depth and tag == "svg" and self.in_tune:
            self.svgs.append(attrs)
            self.in_tune = 0  # the score's outer <svg>; verovio nests more inside it

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def content_images(html: str) -> ContentImages:
    parser = ContentImages()
    parser.feed(html)
    return parser


def problem_with(alt: str | None) -> str | None:
    if not alt or not alt.strip():
        return "no alt text"
    if re.search(r"_images/|\.(png|jpe?g|svg|gif|webp)\b", alt):
        return f"alt text is a file name: {alt!r}"
    if len(alt.split()) < MIN_WORDS:
        return f"alt text too short to say what the figure shows: {alt!r}"
    return None


def test_the_checker_tells_a_description_from_a_file_name():
    assert problem_with("../../_images/3f2a.png") == "alt text is a file name: '../../_images/3f2a.png'"
    assert problem_with("") == "no alt text" and problem_with(None) == "no alt text"
    assert "too short" in problem_with("Loss curves")
    assert problem_with("Sheet music of “A tune”: 26 bars of 2/4 in G minor, 133 notes.") is None
    assert problem_with("Training loss of TensorFlow (solid) and PyTorch (dashed) falls together.") is None


def test_every_figure_and_score_says_what_it_shows(smoke_html):
    problems, figures, scores = [], 0, 0
    for page in toc_pages():
        found = content_images((smoke_html / f"{page}.html").read_text())
        for image in found.images:
            figures += 1
            if problem := problem_with(image.get("alt")):
                problems.append(f"{page}: figure {image.get('src')}: {problem}")
        for svg in found.svgs:
            scores += 1
            if svg.get("role") != "img":
                problems.append(f"{page}: a score's <svg> lacks role=\"img\"")
            elif problem := problem_with(svg.get("aria-label")):
                problems.append(f"{page}: score: {problem}")
    assert figures >= 20 and scores >= 2, (figures, scores)  # the book's figures and the lab's tunes
    assert not problems, "\n".join(problems)
