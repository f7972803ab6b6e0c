"""Lecture 2's generation chapter (sampling, teacher forcing, truncated BPTT): its source follows
the house rules, and as built in the smoke profile it has every section, figure and result."""

import re

import pytest

from book_testing import toc_pages
from lecture02_chapters import (INDEX, chapter_html, check_results_table, check_runs_alone, figures, missing_sections,
                                source_path)

PAGE = "book/lectures/lecture02/generation"
SOURCE = source_path(PAGE)

SECTIONS = [
    "The corpus and the model",
    "Teacher forcing: a target at every step",
    "Generating text: the autoregressive loop",
    "Exposure bias",
    "Truncated backpropagation through time",
    "Summary",
    "References",
]

EXPERIMENTS = ["Teacher forcing", "Temperature", "Greedy decoding", "Exposure bias", "Truncated BPTT"]


def test_the_chapter_runs_alone():
    check_runs_alone(PAGE)


def test_the_chapter_follows_the_lectures_story_in_the_toc():
    pages = toc_pages()
    assert pages.index(PAGE) == pages.index("book/lectures/lecture02/long_term_and_attention") + 1
    assert pages.index(INDEX) < pages.index(PAGE)


def test_the_source_stays_short_and_cites_its_sources():
    text = SOURCE.read_text()
    assert len(text.splitlines()) <= 700
    for citation in ("Williams and Zipser, 1989", "Williams and Peng, 1990", "Bengio et al.", "Ranzato et al.",
                     "Holtzman et al. (2020)", "10.1162/neco.1989.1.2.270", "10.1162/neco.1990.2.4.490",
                     "1506.03099", "1511.06732", "1904.09751"):
        assert citation in text, citation


def test_the_lessons_code_is_on_the_page_in_both_frameworks():
    text = SOURCE.read_text()
    # the autoregressive loop, the temperature, teacher forcing's pairs and the cut of truncated BPTT
    for snippet in ("def generate_tf", "def generate_torch", "sample_next(logits[:, -1]", "shifted_pairs(sequences)",
                    "tf.stop_gradient(h)", "h.detach()", "s.detach() for s in new_state", "stream_chunks(train_ids"):
        assert snippet in text, snippet


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_lecture_video_slides_and_companion_pages_are_linked(html):
    assert "youtube.com/watch?v=qjrad0V0uJE" in html
    assert "6S191_MIT_DeepLearning_L2.pdf" in html
    assert 'href="index.html' in html and "lab1_part2_music.html" in html and "next_word.html" in html


def test_every_figure_is_rendered(html):
    assert len(figures(html)) >= 3, figures(html)  # loss by position, temperature, gradient through the cut


def test_samples_are_shown_with_unknown_words_escaped(html):
    assert "&lt;unk&gt;" in html  # the samples and chunks hold <unk>, shown as text, not swallowed as a tag
    assert "<unk>" not in re.sub(r"<(pre|code)[^>]*>.*?</\1>", "", html, flags=re.S)


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)
