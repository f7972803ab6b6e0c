"""Lecture 2's appendix on making the two frameworks agree: it runs alone, is marked as outside
the lecture's story, comes last in the lecture, and as built in the smoke profile has every
section, its figure and its results."""

import pytest

from book_testing import toc_pages
from lecture02_chapters import (INDEX, chapter_html, check_results_table, check_runs_alone, figures,
                                missing_sections, source_path)

PAGE = "book/lectures/lecture02/appendix_framework_parity"
SOURCE = source_path(PAGE)

SECTIONS = [
    "Appendix: making the two frameworks agree",
    "Two biases where Keras has one",
    "Adam",
    "How much each one moves the runs apart",
    "Sparse embedding gradients",
]

EXPERIMENTS = ["Parity of training runs", "Adam on an embedding"]


def test_the_chapter_runs_alone():
    check_runs_alone(PAGE)


def test_the_appendix_closes_the_lecture_and_says_it_is_not_part_of_its_story():
    pages = toc_pages()
    lecture = [page for page in pages if page.startswith("book/lectures/lecture02/")]
    assert lecture[0] == INDEX and lecture[-1] == PAGE
    text = " ".join(SOURCE.read_text().split())  # the prose, whatever its line breaks
    assert "not part of the lecture's story" in text and "None of it is part of the lecture." in text


def test_the_parity_runs_train_the_remedies_task():
    remedies = source_path("book/lectures/lecture02/gradients_through_time").read_text()
    task = "CopyFirstTask(length=by_profile(smoke=5, full=20))"
    assert task in remedies and task in SOURCE.read_text()


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_the_figure_is_rendered(html):
    assert len(figures(html)) >= 1  # the loss gap of the three pairs of runs


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)
