"""Lecture 1's third chapter, training: it runs alone, gradient descent behaves as the learning
rate says, autodiff equals the chain rule by hand, the optimizers run alike in both frameworks,
and larger mini-batches give less noisy gradients."""

import math

import pytest

from lecture01_chapter_runs import check_first_cell_is_setup, check_results, images, run_chapter, source, stderr

NAME = "training_networks"
OPTIMIZERS = ["SGD", "SGD + momentum", "Adagrad", "RMSProp", "Adam"]
STEPS = 60  # the smoke profile's optimizer_steps
RATES = {"too small": 0.01, "good": 0.15, "too large": 0.21}
EXPERIMENTS = {
    "Gradient descent": [f"J(W) after 30 steps, η = {rate} ({name})" for name, rate in RATES.items()],
    "Backpropagation": ["max |autodiff − hand chain rule|"],
    "Optimizers (two moons, full batch)": [f"{name}: loss after {STEPS} steps" for name in OPTIMIZERS],
    "Mini-batch gradient noise": ["RMS ‖∇J_B − ∇J‖, B = 1", "RMS ‖∇J_B − ∇J‖, B = 32"],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


@pytest.fixture(scope="module")
def rows(run):
    return {label: tuple(float(value) for value in cells)
            for label, cells in check_results(run, EXPERIMENTS).items()}


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_gradient_descent_crawls_converges_or_diverges_by_its_learning_rate(rows):
    small, good, large = (rows["Gradient descent", quantity] for quantity in EXPERIMENTS["Gradient descent"])
    for framework in range(2):
        assert good[framework] < small[framework] < large[framework]
        assert large[framework] > 0.5 * (16 + 10 * 2.5**2)  # worse than the start, J(−4, 2.5)
    assert small == pytest.approx(small[::-1]) and large == pytest.approx(large[::-1], rel=1e-4)


def test_autodiff_equals_the_chain_rule_by_hand(rows):
    assert all(value < 1e-10 for value in rows["Backpropagation", "max |autodiff − hand chain rule|"])


def test_every_optimizer_trains_alike_in_both_frameworks(rows):
    start = math.log(2)  # about the loss of a network that says 0.5 everywhere
    for name in OPTIMIZERS:
        tf_loss, torch_loss = rows["Optimizers (two moons, full batch)", f"{name}: loss after {STEPS} steps"]
        assert tf_loss < start and torch_loss < start
        assert torch_loss == pytest.approx(tf_loss, rel=0.1), name  # RMSProp and Adam differ a little (epsilon)


def test_larger_batches_give_less_noisy_gradients(rows):
    one, thirty_two = rows["Mini-batch gradient noise", "RMS ‖∇J_B − ∇J‖, B = 1"], rows[
        "Mini-batch gradient noise", "RMS ‖∇J_B − ∇J‖, B = 32"]
    for framework in range(2):
        assert thirty_two[framework] < one[framework] / 3


def test_the_figures_are_shown(run):
    assert len(images(run)) == 3  # gradient descent paths, optimizer curves, mini-batch noise


def test_the_source_links_the_lecture_and_the_next_chapter():
    text = source(NAME)
    assert "{doc}`Lecture 1 <index>`" in text and "{doc}`next chapter <regularization>`" in text
