"""Lecture 1's first chapter, the perceptron and non-linearity: it runs alone, both frameworks
compute the perceptron and the activations' derivatives alike, and only the ReLU network
separates the two rings."""

import math

import pytest

from lecture01_chapter_runs import (check_first_cell_is_setup, check_results, images, markdown_outputs, percent,
                                    run_chapter, source, stderr)

NAME = "perceptron"
MODELS = ["perceptron (linear model)", "3 layers, linear g", "3 layers, ReLU g"]
EXPERIMENTS = {
    "Perceptron": ["ŷ = g(1 + 3·(−1) − 2·2)"],
    "Activation functions": ["max |autodiff g′ − formula g′|"],
    "Why non-linearity (circles)": [f"{name}: accuracy" for name in MODELS],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_perceptron_and_the_derivatives_agree_in_both_frameworks(run):
    rows = check_results(run, EXPERIMENTS)
    expected = 1 / (1 + math.exp(6))  # g(1 + 3·(−1) − 2·2) = sigmoid(−6)
    assert all(float(value) == pytest.approx(expected, rel=1e-3) for value in rows[next(iter(rows))])
    assert all(float(value) < 1e-5 for value in rows["Activation functions", "max |autodiff g′ − formula g′|"])


def test_only_the_relu_network_separates_the_rings(run):
    rows = check_results(run, EXPERIMENTS)
    for column in range(2):
        relu, *linear = (percent(rows["Why non-linearity (circles)", f"{name}: accuracy"][column])
                         for name in reversed(MODELS))
        assert relu > 0.9 and all(accuracy < 0.75 for accuracy in linear), (relu, linear)


def test_the_figures_and_the_computed_sentence_are_shown(run):
    assert len(images(run)) == 2  # the activations, the decision boundaries
    assert any("percentage points" in text and "one point is" in text for text in markdown_outputs(run))


def test_the_source_links_the_lecture_and_the_next_chapter():
    text = source(NAME)
    assert "{doc}`Lecture 1 <index>`" in text and "{doc}`next chapter <networks_and_loss>`" in text
