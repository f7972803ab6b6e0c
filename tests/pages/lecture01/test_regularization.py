"""Lecture 1's last chapter, overfitting and regularization: it runs alone, the large network
overfits, dropout and early stopping run in both frameworks, and the chapter ends with the
lecture's summary."""

import pytest

from lecture01_chapter_runs import (check_first_cell_is_setup, check_results, images, markdown_outputs, percent,
                                    run_chapter, source, stderr)

NAME = "regularization"
RUNS = ["without dropout", "with dropout (p = 0.5)"]
EXPERIMENTS = {
    "Overfitting and dropout": [f"{name}: {what}" for name in RUNS
                                for what in ("final training / validation loss", "final validation accuracy")],
    "Early stopping": ["best epoch / stopped after epoch", "restored weights: validation loss",
                       "restored weights: validation accuracy"],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_network_without_dropout_overfits(run):
    rows = check_results(run, EXPERIMENTS)
    for cell in rows["Overfitting and dropout", "without dropout: final training / validation loss"]:
        training, validation = (float(value) for value in cell.split(" / "))
        assert training < validation  # it fits the 40 points better than points it never saw
    assert any("parameters for 40 training points" in text for text in markdown_outputs(run))
    assert any("Without dropout (same weights, same batch, no randomness)" in text for text in markdown_outputs(run))


def test_early_stopping_restores_its_best_epoch(run):
    rows = check_results(run, EXPERIMENTS)
    for cell in rows["Early stopping", "best epoch / stopped after epoch"]:
        best, stop = (int(value) for value in cell.split(" / "))
        assert best < stop
    for cell in rows["Early stopping", "restored weights: validation accuracy"]:
        assert 0.5 < percent(cell) <= 1


def test_the_figures_are_shown(run):
    assert len(images(run)) == 2  # overfitting with and without dropout, early stopping


def test_the_chapter_closes_the_lecture():
    text = source(NAME)
    assert "{doc}`Lecture 1 <index>`" in text and "## Summary" in text
