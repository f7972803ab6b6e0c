"""Lecture 2's index page: it lists every chapter, in the toc's order, links the lecture's 2021
video and slides and the music lab, and the lecture's old page URLs send readers to the chapters."""

import re

import pytest

from book_testing import toc_pages
from lecture02_chapters import FOLDER, INDEX, chapter_html, source_path

CHAPTERS = ["sequences_and_recurrence", "next_word", "gradients_through_time", "lstm", "long_term_and_attention",
            "generation", "appendix_framework_parity"]


def test_the_toc_lists_the_index_then_every_chapter_in_order():
    lecture = [page for page in toc_pages() if page.startswith(f"{FOLDER}/")]
    assert lecture == [INDEX] + [f"{FOLDER}/{chapter}" for chapter in CHAPTERS]


def test_the_index_says_what_each_chapter_shows_in_order():
    text = source_path(INDEX).read_text()
    linked = re.findall(r"^\d+\. \{doc\}`([a-z_]+)`", text, re.M)
    assert linked == CHAPTERS
    assert "not part of the lecture's story" in " ".join(text.split())  # the appendix is marked as such


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, INDEX)


def test_lecture_video_slides_and_the_music_lab_are_linked(html):
    assert "youtube.com/watch?v=qjrad0V0uJE" in html
    assert "6S191_MIT_DeepLearning_L2.pdf" in html
    assert "lab1_part2_music.html" in html  # the music lab the lecture leads to


def test_every_chapter_is_linked_from_the_index(html):
    for chapter in CHAPTERS:
        assert f'href="{chapter}.html' in html, chapter


@pytest.mark.parametrize("old, new", [("lecture02_sequence", "lecture02/index.html"),
                                      ("lecture02_generation", "lecture02/generation.html")])
def test_the_old_pages_send_readers_to_the_chapters(smoke_html, old, new):
    page = smoke_html / "book" / "lectures" / f"{old}.html"
    assert page.is_file(), f"no redirect page at the old URL {page}"
    assert new in page.read_text()


def test_old_section_anchors_go_to_their_chapters(smoke_html):
    text = (smoke_html / "book" / "lectures" / "lecture02_sequence.html").read_text()
    for anchor, chapter in [("the-gates-at-work", "lstm"), ("attention", "long_term_and_attention"),
                            ("adam-s-epsilon", "appendix_framework_parity"), ("the-recurrence", "sequences_and_recurrence")]:
        assert f'"{anchor}": "lecture02/{chapter}.html#{anchor}"' in text, anchor  # the redirect script's map
