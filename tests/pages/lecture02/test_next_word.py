"""Lecture 2's second chapter: the training steps written once, next-word prediction on Genesis
and the four design criteria. It runs alone, every criterion holds in both frameworks, and as
built it has every section, figure and result."""

import pytest

from lecture02_chapter_runs import (check_first_cell_is_setup, images, markdown_outputs, printed, results_rows,
                                    run_chapter, stderr)
from lecture02_chapters import chapter_html, check_results_table, figures, missing_sections, source_path

NAME = "next_word"
PAGE = f"book/lectures/lecture02/{NAME}"

SECTIONS = ["A training loop, and next-word prediction", "A training loop, written once", "Next-word prediction",
            "What a sequence model needs: the four design criteria", "Results"]
EXPERIMENTS = ["Next-word model", "Variable length", "Word order", "Shared parameters"]


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run, log_level=3)
    assert not stderr(run)


def test_the_corpus_is_the_packages_genesis(run):
    text = printed(run)
    assert "first verse: In the beginning God created the heavens and the earth." in text
    assert "same as one-hot @ table: True" in text


def test_the_next_word_model_trained_in_both_frameworks(run):
    rows = results_rows(run)
    for value in rows["Next-word model", "held-out cross-entropy (perplexity)"]:
        loss, perplexity = value.split()
        assert 0 < float(loss) and perplexity.startswith("(")
    assert len(images(run)) == 1  # the loss curves
    tables = [text for text in markdown_outputs(run) if text.startswith("| prompt |") or text.startswith("| word |")]
    assert len(tables) == 2 and all(len(table.splitlines()) == 7 for table in tables)  # 5 prompts, 5 words
    assert any("A caution on the perplexity" in text for text in markdown_outputs(run))


def test_the_design_criteria_hold_in_both_frameworks(run):
    rows = results_rows(run)
    masked = rows["Variable length", "max |padded - alone|, masked / packed"]
    unmasked = rows["Variable length", "max |padded - alone|, no mask"]
    assert all(float(value) < 1e-5 for value in masked) and all(float(value) > 1e-3 for value in unmasked)
    assert all(float(value) > 1e-3 for value in rows["Word order", "max |state(good, not bad) - state(bad, not good)|"])
    for counts in rows["Shared parameters", "parameters for 5 / 50 / 500 words"]:
        assert len(set(counts.split(" / "))) == 1, counts


def test_the_source_links_its_neighbours():
    text = source_path(PAGE).read_text()
    for link in ("{doc}`sequences_and_recurrence`", "{doc}`gradients_through_time`", "{doc}`lstm`",
                 "{doc}`long_term_and_attention`", "{doc}`appendix_framework_parity`"):
        assert link in text, link


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_the_figure_is_rendered(html):
    assert len(figures(html)) >= 1, figures(html)  # the next-word loss curves


def test_the_training_steps_sit_in_framework_tabs(html):
    assert len(html.split('<div class="sd-tab-set framework-tabs')) - 1 >= 7  # one per TensorFlow-PyTorch pair
    assert "tf_train_step" in html and "torch_train_step" in html


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)
