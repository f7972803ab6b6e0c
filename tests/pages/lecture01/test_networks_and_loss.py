"""Lecture 1's second chapter, neural networks and their loss: it runs alone, the from-scratch
dense layer equals Dense and nn.Linear, the "will I pass?" network trains alike in both
frameworks, and the losses agree with the ones computed by hand."""

import pytest

from lecture01_chapter_runs import (check_first_cell_is_setup, check_results, html_tables, images, markdown_outputs,
                                    run_chapter, source, stderr)

NAME = "networks_and_loss"
PASS = "Will I pass? (4 lectures, 5 hours)"
EXPERIMENTS = {
    "Dense layer from scratch": ["max |ours − built-in|"],
    "Sequential models": ["parameters (3 → 8 → 4 → 2)"],
    PASS: ["P(pass), untrained", "P(pass), trained"],
    "Losses (BCE, softmax CE, MSE)": ["max relative difference from by-hand"],
}
LOSSES = [("Binary cross-entropy", "3 students, pass/fail"), ("Softmax cross-entropy", "3 examples, 3 classes"),
          ("Mean squared error", "3 students, final grades")]


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_layers_and_networks_match_in_both_frameworks(run):
    rows = check_results(run, EXPERIMENTS)
    assert all(float(value) < 1e-6 for value in rows["Dense layer from scratch", "max |ours − built-in|"])
    assert rows["Sequential models", "parameters (3 → 8 → 4 → 2)"] == ("78", "78")  # (3·8+8)+(8·4+4)+(4·2+2)


def test_the_pass_network_trains_alike_in_both_frameworks(run):
    rows = check_results(run, EXPERIMENTS)
    for quantity in EXPERIMENTS[PASS]:
        tf_value, torch_value = (float(value) for value in rows[PASS, quantity])
        assert 0 < tf_value < 1 and abs(tf_value - torch_value) <= 0.05, (quantity, tf_value, torch_value)
    assert any("The rule behind the data gives our student" in text for text in markdown_outputs(run))


def test_the_loss_table_agrees_with_the_losses_by_hand(run):
    table = html_tables(run)[0]
    assert list(table) == LOSSES
    for by_hand, tf_value, torch_value in table.values():
        assert float(tf_value) == pytest.approx(float(by_hand), rel=1e-5)
        assert float(torch_value) == pytest.approx(float(by_hand), rel=1e-5)
    assert all(float(value) < 1e-5 for value in check_results(run, EXPERIMENTS)[
        "Losses (BCE, softmax CE, MSE)", "max relative difference from by-hand"])


def test_the_figures_are_shown(run):
    assert len(images(run)) == 2  # the students, the trained networks' boundaries


def test_the_source_links_the_lecture_and_the_next_chapter():
    text = source(NAME)
    assert "{doc}`Lecture 1 <index>`" in text and "{doc}`next chapter <training_networks>`" in text
