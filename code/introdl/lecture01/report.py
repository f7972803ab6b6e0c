"""Lecture 1's computed sentences and its loss table: words and tables made from a run's numbers.

The chapters measure; these functions say what the measurements mean, in sentences whose
every number comes from their arguments, so nothing a reader sees is typed in by hand::

    from IPython.display import Markdown, display
    from introdl.lecture01 import report

    display(Markdown(report.circles_agreement(tf_accuracy, torch_accuracy, n_points=300)))

Accuracies and probabilities are fractions (0.853, not 85.3). Framework keys are the display
names (``introdl.frameworks.NAMES``), as ``Results`` uses them.
"""

from __future__ import annotations

import numpy as np

from ..frameworks import KERAS_NAME, NAMES, PYTORCH_NAME, TENSORFLOW_NAME
from ..results import Results

__all__ = ["BY_HAND", "chance", "circles_agreement", "loss_table", "overfit_summary", "overfitting_report",
           "pass_verdict"]

BY_HAND = "By hand (NumPy)"
WITHOUT_DROPOUT, WITH_DROPOUT = "without dropout", "with dropout (p = 0.5)"


def _fraction(value, what: str) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{what} should be a fraction between 0 and 1, got {value}.")
    return value


def circles_agreement(tf_accuracy: dict, torch_accuracy: dict, n_points: int) -> str:
    """How far apart the two frameworks' training accuracies ended, model by model, and why.

    ``tf_accuracy`` and ``torch_accuracy`` map each model's name to its accuracy on the
    ``n_points`` training points.
    """
    if list(tf_accuracy) != list(torch_accuracy) or not tf_accuracy:
        raise KeyError(f"Both frameworks need the same models: {TENSORFLOW_NAME} has {list(tf_accuracy)}, "
                       f"{PYTORCH_NAME} {list(torch_accuracy)}.")
    if n_points < 1:
        raise ValueError(f"n_points should be the number of training points, got {n_points}.")
    largest_gap = max(abs(_fraction(tf_accuracy[name], "an accuracy") - _fraction(torch_accuracy[name], "an accuracy"))
                      for name in tf_accuracy)
    return (
        f"From the same weights and the same mini-batches, the two frameworks' training accuracies differ by at most "
        f"{100 * largest_gap:.1f} percentage points ({n_points} points, so one point is "
        f"{100 / n_points:.2f}). " + (
            "They agree exactly." if largest_gap == 0 else
            "What remains comes from the frameworks themselves: float32 sums added in a different order, and "
            f"Adam's epsilon, which {KERAS_NAME} and {PYTORCH_NAME} add at different places (the optimizer section of the "
            "chapter on training shows the effect), nudge the weights apart a little at every step, and a few "
            "points near the boundary can end up on the other side."))


def chance(p: float) -> str:
    """'a better-than-even chance' above 0.5, else 'an even chance or worse'."""
    return "a better-than-even chance" if _fraction(p, "a probability") > 0.5 else "an even chance or worse"


def pass_verdict(true_probability: float, tf_probability: float, torch_probability: float) -> str:
    """The rule's P(pass) for the lecture's student against each framework's trained network."""
    gap = abs(_fraction(tf_probability, "a probability") - _fraction(torch_probability, "a probability"))
    return (
        f"The rule behind the data gives our student P(pass) = {true_probability:.2f}, {chance(true_probability)}. "
        f"Trained from the same start on the same mini-batches, {TENSORFLOW_NAME}'s network gives {tf_probability:.2f} "
        f"({chance(tf_probability)}) and {PYTORCH_NAME}'s {torch_probability:.2f} "
        f"({chance(torch_probability)}), {gap:.2g} apart.")


def loss_table(by_hand: dict, framework_losses: dict, examples: dict) -> Results:
    """A ``Results`` table of each loss by hand and in both frameworks, one row per loss.

    ``by_hand`` maps a loss's name to its NumPy value, ``framework_losses[framework]`` maps it
    to that framework's (a scalar tensor is fine), and ``examples`` maps it to the words that
    describe its example. The values are shown to 6 significant digits.
    """
    framework_losses = {name: framework_losses[name] for name in NAMES if name in framework_losses}
    if len(framework_losses) != len(NAMES):
        raise KeyError(f"framework_losses needs one dict per framework, {list(NAMES)}.")
    table = Results(columns=(BY_HAND, *NAMES), row_headers=("Loss", "Example"))
    for name, example in examples.items():
        missing = [column for column, losses in [(BY_HAND, by_hand), *framework_losses.items()] if name not in losses]
        if missing:
            raise KeyError(f"No {name!r} loss for {', '.join(missing)}.")
        table.add(name, example, BY_HAND, float(by_hand[name]), ".6g")
        for framework, losses in framework_losses.items():
            table.add(name, example, framework, float(losses[name]), ".6g")
    return table


def _history(histories: dict, name: str, framework: str) -> dict:
    if name not in histories:
        raise KeyError(f"{framework}'s histories need a run named {name!r}, got {list(histories)}.")
    history = histories[name]
    for key in ("loss", "val_loss"):
        if not len(history.get(key, ())):
            raise KeyError(f"{framework}'s {name!r} history has no {key!r} values.")
    return history


def overfit_summary(framework: str, histories: dict) -> str:
    """One framework's overfitting run in words: where the validation loss bottomed and ended, with and without dropout.

    ``histories`` maps ``"without dropout"`` and ``"with dropout (p = 0.5)"`` to a history
    with lists ``"loss"`` and ``"val_loss"``.
    """
    plain, dropped = _history(histories, WITHOUT_DROPOUT, framework), _history(histories, WITH_DROPOUT, framework)
    lowest = int(np.argmin(plain["val_loss"]))
    return (f"**{framework}**: without dropout the training loss fell to {plain['loss'][-1]:.3f} while the "
            f"validation loss, lowest ({plain['val_loss'][lowest]:.3f}) at epoch {lowest}, ended at "
            f"{plain['val_loss'][-1]:.3f}; with dropout the validation loss ended at {dropped['val_loss'][-1]:.3f}, "
            + ("lower." if dropped["val_loss"][-1] < plain["val_loss"][-1] else "not lower (dropout did not help in this run)."))


def overfitting_report(tf_histories: dict, torch_histories: dict) -> str:
    """Both frameworks' overfitting runs in words, and how closely the runs without dropout agree."""
    tf_plain = _history(tf_histories, WITHOUT_DROPOUT, TENSORFLOW_NAME)["val_loss"]
    torch_plain = _history(torch_histories, WITHOUT_DROPOUT, PYTORCH_NAME)["val_loss"]
    if len(tf_plain) != len(torch_plain):
        raise ValueError(f"The runs without dropout should have as many epochs: {TENSORFLOW_NAME} {len(tf_plain)}, "
                         f"{PYTORCH_NAME} {len(torch_plain)}.")
    gap = np.max(np.abs(np.array(tf_plain) - np.array(torch_plain)))
    return "\n\n".join([
        overfit_summary(TENSORFLOW_NAME, tf_histories), overfit_summary(PYTORCH_NAME, torch_histories),
        f"Without dropout (same weights, same batch, no randomness) the two frameworks' validation losses stay within "
        f"{gap:.1e} of each other over {len(tf_plain)} epochs. They do not coincide exactly because the "
        "two libraries' Adams add their epsilon at different places (see the optimizer section of the chapter on "
        "training), which moves the weights apart a little at every step. "
        "With dropout the two runs also draw different random masks."])
