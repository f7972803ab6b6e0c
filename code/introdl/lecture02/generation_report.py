"""The computed tables and sentences of Lecture 2's generation chapter.

The chapter (``book/lectures/lecture02/generation.md``) measures teacher forcing, exposure
bias and truncated backpropagation through time in both frameworks; these functions turn its
measurements into the Markdown a reader sees under each experiment, so the page's cells keep
only the lesson's code. Every function takes the figures keyed by framework display name
(``"TensorFlow"``, ``"PyTorch"``, from ``introdl.frameworks``) and returns a Markdown string;
what a sentence says depends on the numbers (a claim the run does not bear out is not made).

    >>> print(exposure_bias_report(0.05, {"TensorFlow": 0.2, "PyTorch": 0.25}))  # doctest: +ELLIPSIS
    | text | TensorFlow | PyTorch |
    ...
    At T = 1 the model's own text holds more never-trained-on triples than real text (20% and 25% against 5%): ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..frameworks import PYTORCH_NAME, TENSORFLOW_NAME

FRAMEWORK_NAMES = (TENSORFLOW_NAME, PYTORCH_NAME)


def _by_framework(values, what: str) -> dict:
    """``values`` as a dict in framework order; a clear error if a framework is missing or extra."""
    if not isinstance(values, Mapping) or set(values) != set(FRAMEWORK_NAMES):
        keys = sorted(values) if isinstance(values, Mapping) else type(values).__name__
        raise ValueError(f"{what} must be keyed by {list(FRAMEWORK_NAMES)}, one entry per framework; got {keys}.")
    return {name: values[name] for name in FRAMEWORK_NAMES}


def _number(value, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}.") from None
    if math.isnan(number):
        raise ValueError(f"{what} is NaN: the run that produced it failed.")
    return number


def teacher_forcing_summary(position_losses) -> str:
    """What the held-out loss by position says about training on every next word.

    ``position_losses[framework]`` maps ``"every"`` (the model trained on every next word)
    and ``"last"`` (trained on the last word of each window only) to the mean held-out loss
    at each position of the window: index 0 is one word of context, the last index a full
    window.
    """
    losses = _by_framework(position_losses, "position_losses")
    for name, loss in losses.items():
        if not isinstance(loss, Mapping) or not {"every", "last"} <= set(loss):
            raise ValueError(f"position_losses[{name!r}] must map 'every' and 'last' to per-position losses.")
        if len(loss["every"]) == 0 or len(loss["every"]) != len(loss["last"]):
            raise ValueError(f"position_losses[{name!r}]: 'every' and 'last' need the same, non-zero number of "
                             f"positions, got {len(loss['every'])} and {len(loss['last'])}.")
    wins = sum(loss["every"][-1] < loss["last"][-1] for loss in losses.values())
    short = {name: loss["last"][0] - loss["every"][0] for name, loss in losses.items()}
    verdict = ["not better", "better in one framework only", "better"][wins]
    text = (f"With a full window of context, the model trained on every next word is {verdict} "
            "than the model trained for exactly that prediction (held-out loss "
            + ", ".join(f"{loss['every'][-1]:.2f} against {loss['last'][-1]:.2f} in {name}" for name, loss in losses.items())
            + "). ")
    if min(short.values()) > 0:
        return text + (f"With one word of context the last-word model is worse by {short[TENSORFLOW_NAME]:.2f} nats in "
                       f"TensorFlow and {short[PYTORCH_NAME]:.2f} in PyTorch: it never learned to predict from a short "
                       "prefix, and a generating model must do that at the start of every text.")
    return text + "With one word of context, the last-word model is not worse in both frameworks."


def exposure_bias_report(real: float, own) -> str:
    """A table of the share of word triples unseen in training, and what it shows.

    ``real`` is the share in held-out real text (the same for both frameworks), ``own[framework]``
    the share in that framework's model's own samples at temperature 1; shares are fractions
    between 0 and 1.
    """
    real = _number(real, "real")
    own = {name: _number(value, f"own[{name!r}]") for name, value in _by_framework(own, "own").items()}
    for what, share in [("real", real), *((f"own[{name!r}]", value) for name, value in own.items())]:
        if not 0 <= share <= 1:
            raise ValueError(f"{what} is a share of word triples, between 0 and 1; got {share}.")
    table = ("| text | TensorFlow | PyTorch |\n| :-- | --: | --: |\n"
             f"| held-out real text | {real:.1%} | {real:.1%} |\n"
             f"| own samples, T = 1 | {own[TENSORFLOW_NAME]:.1%} | {own[PYTORCH_NAME]:.1%} |\n\n")
    if min(own.values()) > real:
        return table + (f"At T = 1 the model's own text holds more never-trained-on triples than real text "
                        f"({own[TENSORFLOW_NAME]:.0%} and {own[PYTORCH_NAME]:.0%} against {real:.0%}): every such "
                        "triple is a context the model reads while it writes and never read while it trained.")
    return table + ("In this run the samples at T = 1 do not hold more unseen triples than real text in both "
                    "frameworks: by this measure the model's own prefixes are no further from its training text.")


def truncated_bptt_report(labels, scores, carried: str) -> str:
    """A table of held-out losses, restarted every window against one pass, and what it shows.

    ``labels`` maps each model's key to the row label a reader sees (in row order);
    ``scores[framework][key]`` is that model's ``(restarted, one_pass)`` held-out loss; the
    sentence is about the model ``carried``, the one trained with its state carried across
    chunks.
    """
    scores = _by_framework(scores, "scores")
    if not isinstance(labels, Mapping) or carried not in labels:
        raise ValueError(f"labels must map every model's key to its row label, {carried!r} included; got {labels!r}.")
    for name, by_model in scores.items():
        for key in labels:
            pair = by_model.get(key) if isinstance(by_model, Mapping) else None
            if pair is None or len(pair) != 2:
                raise ValueError(f"scores[{name!r}][{key!r}] must be a (restarted, one pass) pair of losses.")
    tf_scores, torch_scores = scores[TENSORFLOW_NAME], scores[PYTORCH_NAME]
    rows = "\n".join(f"| {label} | {tf_scores[key][0]:.3f} / {torch_scores[key][0]:.3f} | {tf_scores[key][1]:.3f} / "
                     f"{torch_scores[key][1]:.3f} |" for key, label in labels.items())
    gain = {name: by_model[carried][0] - by_model[carried][1] for name, by_model in scores.items()}
    text = ("| trained on | held-out loss, restarted every window: TensorFlow / PyTorch | one pass: TensorFlow / PyTorch |\n"
            "| :-- | --: | --: |\n" + rows + "\n\n")
    if min(gain.values()) > 0:
        return text + (f"Carrying the state over the whole held-out text lowers the chunk-trained model's loss by "
                       f"{gain[TENSORFLOW_NAME]:.3f} nats in TensorFlow and {gain[PYTORCH_NAME]:.3f} in PyTorch: it "
                       "uses a state that holds more than one window, although no gradient ever crossed a chunk "
                       "boundary.")
    return text + ("In this run carrying the state over the whole held-out text did not lower the chunk-trained "
                   "model's loss in both frameworks.")
