"""The figures and computed sentences of Lecture 2's chapter on long-term dependencies and attention.

The chapter (``book/lectures/lecture02/long_term_and_attention.md``) trains each model on
*copy the first symbol* at several sequence lengths, in both frameworks, and collects the
runs in one dict, ``length_runs``, keyed by ``(kind, length)`` (kind: ``"tanh RNN"``,
``"LSTM"``, ``"attention"``); each run holds ``"accuracy"``, a dict of test accuracies keyed
by framework id (``introdl.frameworks``; display names and aliases are accepted too), as
``introdl.lecture02.training.train_pair`` returns it. The functions here draw those runs and
say what they show, so the page's cells keep the lesson's code::

    >>> runs = {("LSTM", 10): {"accuracy": {"tensorflow": 0.99, "pytorch": 0.95}},
    ...         ("LSTM", 20): {"accuracy": {"tensorflow": 0.98, "pytorch": 0.6}}}
    >>> longest_solved(runs, "LSTM")
    10

A model *solves* a length when both frameworks' models score over ``SOLVED`` (90%) on the
test sequences. Each sentence makes a claim only when the numbers bear it out.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import IDS, PYTORCH, TENSORFLOW, check_framework, display_name
from ..plotting import legend_with_frameworks, plot_framework_pair

__all__ = [
    "SOLVED",
    "attention_summary",
    "length_summary",
    "longer_training_summary",
    "longest_solved",
    "plot_accuracy_against_length",
    "plot_attention_weights",
    "scores_by_framework",
]

SOLVED = 0.9  # both frameworks' test accuracy above this: the length is solved
FAILED = 0.5  # both frameworks' test accuracy below this: the model failed that length


def scores_by_framework(scores, what: str = "scores") -> dict:
    """``scores`` (one number per framework, keyed by id, name or alias) keyed by id, in the book's order."""
    if not isinstance(scores, Mapping):
        raise ValueError(f"{what} must be a dict with one score per framework, got {type(scores).__name__}.")
    by_id = {check_framework(framework): float(score) for framework, score in scores.items()}
    if set(by_id) != set(IDS) or len(scores) != len(IDS):
        raise ValueError(f"{what} must hold one score for each of {list(IDS)}, got {sorted(scores)}.")
    return {framework: by_id[framework] for framework in IDS}


def _lengths(length_runs, kind: str) -> list[int]:
    if not isinstance(length_runs, Mapping):
        raise ValueError(f"length_runs must be a dict keyed by (kind, length), got {type(length_runs).__name__}.")
    lengths = sorted(length for (k, length) in length_runs if k == kind)
    if not lengths:
        kinds = sorted({k for k, _ in length_runs})
        raise ValueError(f"length_runs has no run of {kind!r}; it has {kinds}.")
    return lengths


def _accuracy(length_runs, kind: str, length: int) -> dict:
    return scores_by_framework(length_runs[kind, length]["accuracy"], f"length_runs[{kind!r}, {length}]['accuracy']")


def longest_solved(length_runs, kind: str, threshold: float = SOLVED):
    """The longest length at which both frameworks' models beat the threshold (None if none)."""
    solved = [n for n in _lengths(length_runs, kind) if min(_accuracy(length_runs, kind, n).values()) > threshold]
    return max(solved) if solved else None


def plot_accuracy_against_length(ax, length_runs, kinds_and_colors, task, steps: int):
    """Test accuracy against sequence length (log axis) for each ``(kind, colour)``, both frameworks,
    with chance as a dotted line; ``task`` is a copy-first task of the runs (for its chance, the
    same at every length) and ``steps`` each model's training steps (in the title)."""
    for kind, color in kinds_and_colors:
        lengths = _lengths(length_runs, kind)
        scores = [_accuracy(length_runs, kind, n) for n in lengths]
        plot_framework_pair(ax, [s[TENSORFLOW] for s in scores], [s[PYTORCH] for s in scores],
                            kind, color, x=lengths, markers=True)
    lengths = sorted({length for _, length in length_runs})
    ax.axhline(task.chance_accuracy, color="0.6", ls=":", label=f"chance (1 in {task.n_symbols})")
    ax.set(xscale="log", xticks=lengths, xticklabels=lengths, ylim=(0, 1.05),
           xlabel="sequence length T (the answer is the symbol at step 1 of T)",
           ylabel="test accuracy", title=f"Copy the first symbol: {steps} training steps each")
    ax.grid(alpha=0.3)
    legend_with_frameworks(ax, markers=True, fontsize=8)


def length_summary(length_runs, forget_bias: float) -> str:
    """How far back the vanilla RNN and the LSTM reached, and how much of its first input an LSTM
    whose forget gate stayed at its start, sigma(forget_bias), would keep over the longest length."""
    rnn_longest, lstm_longest = longest_solved(length_runs, "tanh RNN"), longest_solved(length_runs, "LSTM")
    steps = max(_lengths(length_runs, "LSTM")) - 1
    keep = 1 / (1 + np.exp(-forget_bias))  # the forget gate's starting value, sigma(forget bias)
    return (f"In this run the vanilla RNN got over 90% in both frameworks up to length "
            f"{rnn_longest or 'none of those tried'}, the LSTM up to length {lstm_longest or 'none of those tried'}. "
            f"The LSTM's limit is not a wall: a cell whose forget gate stayed at its starting value, about "
            f"$\\sigma({forget_bias:g}) = {keep:.4f}$ per step, would keep ${keep:.4f}^{{{steps}}} = "
            f"{100 * keep ** steps:.0f}\\%$ of its first input after {steps} steps.")


def longer_training_summary(length: int, before, after, steps: int, longer_steps: int) -> str:
    """What training the LSTM again for ``longer_steps`` (instead of ``steps``) at ``length`` showed.

    ``before`` and ``after`` are the two frameworks' test accuracies after ``steps`` and after
    ``longer_steps``.
    """
    before, after = scores_by_framework(before, "before"), scores_by_framework(after, "after")
    solved = [framework for framework, score in after.items() if score > SOLVED]
    if len(solved) == 2:
        verdict = "so at this length more training was enough: the limit above was the training budget"
    elif solved and before[solved[0]] <= SOLVED:
        verdict = (f"so more training was enough in {display_name(solved[0])} but not in the other framework, although "
                   "the two runs shared their start and batches. At this length the LSTM can learn the task with "
                   "more steps, but does not do so reliably")
    elif solved:
        failed = next(framework for framework in IDS if framework not in solved)
        verdict = (f"so more training did not make {display_name(failed)}'s model solve this length, while "
                   f"{display_name(solved[0])}'s had solved it within {steps} steps already, although the two runs "
                   "shared their start and batches. At this length the LSTM can learn the task, but does not do so "
                   "reliably")
    else:
        verdict = ("so more training alone did not make the LSTM solve this length in this run; it does not tell "
                   "whether still longer training, or another learning rate or forget bias, would")
    both = " and ".join
    return (f"At length {length}, the LSTM got {both(f'{s:.1%}' for s in before.values())} (TensorFlow and PyTorch) "
            f"after {steps} steps, and {both(f'{s:.1%}' for s in after.values())} after {longer_steps}: {verdict}.")


def plot_attention_weights(ax, weights, length: int, shown: int = 40):
    """A heatmap of one model's attention weights, a row per test sequence, over its first ``shown`` positions."""
    weights = np.asarray(weights)
    if weights.ndim != 2:
        raise ValueError(f"weights must be (sequences, positions): one query's weights per sequence, got {weights.shape}.")
    image = ax.imshow(weights[:, :min(length, shown)], aspect="auto", cmap="viridis", vmin=0, vmax=1)
    ax.set(title=f"TensorFlow model, length {length}: attention weights", xlabel=f"position (first {shown} shown)",
           ylabel="test sequence")
    ax.figure.colorbar(image, ax=ax, label="weight")
    return image


def attention_summary(length_runs, on_first: float, sequences_shown: int = 8) -> str:
    """Whether attention solved the lengths the vanilla RNN failed, and how much of its attention
    the TensorFlow model put on position 0 (``on_first``, the mean over the sequences shown)."""
    lengths = _lengths(length_runs, "tanh RNN")
    attention_longest = longest_solved(length_runs, "attention")
    failed_rnn = [n for n in lengths if max(_accuracy(length_runs, "tanh RNN", n).values()) < FAILED]
    failed_text = ", ".join(map(str, failed_rnn)) or "none"
    if attention_longest and set(failed_rnn) <= {n for n in lengths if n <= attention_longest}:
        summary = (
            f"In this run attention got over 90% in both frameworks up to length {attention_longest}, including the "
            f"lengths where the vanilla RNN stayed below 50% ({failed_text}). On the {sequences_shown} "
            f"sequences on the right, the TensorFlow model puts {on_first:.0%} of its attention on position 0, on average"
            + (": it learned to look up the first symbol directly." if on_first > 0.5
               else ", so it does not simply look up the first symbol."))
    else:
        summary = (f"In this run attention did not solve every length the vanilla RNN failed: it got over 90% in both "
                   f"frameworks up to length {attention_longest or 'none of those tried'}, and the vanilla RNN stayed "
                   f"below 50% at lengths {failed_text}.")
    return summary + (" None of this makes attention better than recurrence in general: what the figure "
                      "shows is a one-step path against a long one, on a task that is a lookup of position 0.")
