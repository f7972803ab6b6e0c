"""Lecture 3's segmentation chapter: it runs alone and quietly; both frameworks start from the same
weights; a transposed convolution with a kernel of ones equals nearest upsampling; the network is
fully convolutional; every result, figure and computed sentence is there."""

import pytest

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, html_tables, markdown_outputs, percent,
                                    printed, run_chapter, source, stderr)

NAME = "segmentation"
FRAMEWORK_ROWS = [("Training", "mean loss, last epoch (2 epochs)"), ("Training", "seconds (steps after the first)"),
                  ("Test scenes", "pixel accuracy"), ("Test scenes", "mean IoU"),
                  *[("Test scenes", f"IoU, {name}") for name in ("background", "square", "disc", "triangle")]]
PAIR_ROWS = [("Same start", "max |logit difference| before training"),
             ("Test scenes", "pixels given the same class by both")]


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_source_stays_short_and_keeps_its_citations():
    text = source(NAME)
    assert len(text.splitlines()) <= 700
    for citation in ("Long, Shelhamer and Darrell, 2015", "Ronneberger, Fischer and Brox, 2015"):
        assert citation in text, citation


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_results_table_has_both_frameworks_and_the_pair(run):
    rows = html_tables(run)[-1]
    assert set(rows) == set(FRAMEWORK_ROWS) | set(PAIR_ROWS), list(rows)
    for label in FRAMEWORK_ROWS:
        tensorflow, pytorch, between = rows[label]
        assert "—" not in (tensorflow, pytorch) and between == "—", (label, rows[label])
    for label in PAIR_ROWS:
        assert rows[label][:2] == ("—", "—") and rows[label][2] != "—", (label, rows[label])
    assert float(rows[PAIR_ROWS[0]][2]) < 1e-4  # the same start
    for framework in (0, 1):
        assert 0 <= percent(rows["Test scenes", "pixel accuracy"][framework]) <= 1
        assert 0 <= float(rows["Test scenes", "mean IoU"][framework]) <= 1


def test_the_network_is_fully_convolutional_and_copied_layer_by_layer(run):
    shown = printed(run)
    assert "logits: (2, 32, 32, 4)" in shown and "logits: (2, 4, 32, 32)" in shown
    assert "64x64 input -> (1, 64, 64, 4)" in shown
    assert "6 layers copied" in shown


def test_a_transposed_convolution_of_ones_is_nearest_upsampling(run):
    shown = printed(run, text="Conv2DTranspose") + printed(run, text="ConvTranspose2d")
    assert "(1, 4, 4, 1) -> (1, 8, 8, 1)" in shown and "kernel (2, 2, 1, 1)" in shown
    assert "ConvTranspose2d: (1, 1, 8, 8)" in shown  # the cells' asserts hold, or the run would have failed


def test_figures_and_computed_sentences(run):
    check_figures(run, 2)
    sentences = markdown_outputs(run)
    assert any(s.startswith("Background covers") for s in sentences)
    assert any(s.startswith("Calling every pixel background scores") for s in sentences)
    assert any(s.startswith("On the test scenes, TensorFlow's network") and "of the test pixels" in s for s in sentences)
