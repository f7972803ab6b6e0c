"""introdl.lecture02.long_term_report: the long-term dependencies and attention chapter's figures and sentences."""

import doctest

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.frameworks import PYTORCH, PYTORCH_NAME, TENSORFLOW  # noqa: E402
from introdl.lecture02 import long_term_report  # noqa: E402
from introdl.lecture02.long_term_report import (  # noqa: E402
    attention_summary, length_summary, longer_training_summary, longest_solved, plot_accuracy_against_length,
    plot_attention_weights, scores_by_framework)
from introdl.lecture02.sequence_tasks import CopyFirstTask  # noqa: E402


def run(tf_score, torch_score):
    return {"accuracy": {TENSORFLOW: tf_score, PYTORCH: torch_score}}


RUNS = {
    ("tanh RNN", 10): run(0.95, 0.97), ("tanh RNN", 20): run(0.3, 0.2), ("tanh RNN", 40): run(0.2, 0.6),
    ("LSTM", 10): run(1.0, 1.0), ("LSTM", 20): run(0.99, 0.95), ("LSTM", 40): run(0.5, 0.95),
    ("attention", 10): run(1.0, 1.0), ("attention", 20): run(1.0, 1.0), ("attention", 40): run(1.0, 0.99),
}


def test_the_docstring_example_runs():
    assert doctest.testmod(long_term_report).failed == 0


def test_longest_solved_needs_both_frameworks_over_the_threshold():
    assert longest_solved(RUNS, "tanh RNN") == 10
    assert longest_solved(RUNS, "LSTM") == 20
    assert longest_solved(RUNS, "attention") == 40
    assert longest_solved(RUNS, "tanh RNN", threshold=0.99) is None


def test_scores_accept_ids_names_and_aliases_and_refuse_a_missing_framework():
    assert scores_by_framework({"TensorFlow": 0.5, "torch": 0.25}) == {TENSORFLOW: 0.5, PYTORCH: 0.25}
    with pytest.raises(ValueError, match="one score for each"):
        scores_by_framework({TENSORFLOW: 0.5})
    with pytest.raises(ValueError, match="no run of 'GRU'"):
        longest_solved(RUNS, "GRU")


def test_length_summary_computes_what_a_constant_forget_gate_keeps():
    text = length_summary(RUNS, 5.0)
    assert text.startswith("In this run the vanilla RNN got over 90% in both frameworks up to length 10, "
                           "the LSTM up to length 20.")
    keep = 1 / (1 + np.exp(-5.0))
    assert f"$\\sigma(5) = {keep:.4f}$" in text
    assert f"${keep:.4f}^{{39}} = {100 * keep ** 39:.0f}\\%$ of its first input after 39 steps." in text
    unsolved = {key: run(0.1, 0.1) for key in RUNS}
    assert "up to length none of those tried" in length_summary(unsolved, 5.0)


@pytest.mark.parametrize("after, verdict", [
    ((0.95, 0.99), "so at this length more training was enough: the limit above was the training budget."),
    ((0.5, 0.99), f"so more training was enough in {PYTORCH_NAME} but not in the other framework"),
    ((0.5, 0.6), "so more training alone did not make the LSTM solve this length in this run"),
])
def test_longer_training_verdict_follows_the_scores(after, verdict):
    text = longer_training_summary(40, {TENSORFLOW: 0.5, PYTORCH: 0.7}, dict(zip((TENSORFLOW, PYTORCH), after)),
                                   800, 2400)
    assert text.startswith("At length 40, the LSTM got 50.0% and 70.0% (TensorFlow and PyTorch) after 800 steps, and ")
    assert verdict in text


def test_longer_training_does_not_credit_more_steps_for_a_length_already_solved():
    text = longer_training_summary(160, {TENSORFLOW: 0.2, PYTORCH: 0.998}, {TENSORFLOW: 0.24, PYTORCH: 0.98}, 800, 2400)
    assert ("so more training did not make TensorFlow's model solve this length, while PyTorch's had solved it "
            "within 800 steps already") in text
    assert "more training was enough" not in text


def test_attention_summary_compares_with_the_rnns_failures():
    text = attention_summary(RUNS, on_first=0.8)
    assert "up to length 40, including the lengths where the vanilla RNN stayed below 50% (20)" in text
    assert "puts 80% of its attention on position 0, on average: it learned to look up" in text
    assert text.endswith("a task that is a lookup of position 0.")
    assert "does not simply look up" in attention_summary(RUNS, on_first=0.2)
    weak = dict(RUNS)
    weak["attention", 20] = run(0.3, 0.3)
    weak["attention", 40] = run(0.3, 0.3)
    assert attention_summary(weak, 0.8).startswith("In this run attention did not solve every length the vanilla RNN "
                                                   "failed: it got over 90% in both frameworks up to length 10, and "
                                                   "the vanilla RNN stayed below 50% at lengths 20.")


def test_the_figures_draw_both_frameworks_and_chance():
    fig, (ax, weights_ax) = plt.subplots(1, 2)
    plot_accuracy_against_length(ax, RUNS, [("tanh RNN", "C0"), ("LSTM", "C4")], CopyFirstTask(length=10), 800)
    assert len(ax.lines) == 2 * 2 + 1  # two kinds in two frameworks, and chance
    assert ax.get_title() == "Copy the first symbol: 800 training steps each"
    assert list(ax.get_xticks()) == [10, 20, 40]
    image = plot_attention_weights(weights_ax, np.full((8, 160), 1 / 160), 160)
    assert image.get_array().shape == (8, 40)
    with pytest.raises(ValueError, match="sequences, positions"):
        plot_attention_weights(weights_ax, np.zeros(5), 5)
    plt.close(fig)
