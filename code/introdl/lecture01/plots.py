"""Lecture 1's figures: each function draws one figure of a chapter and returns it.

The chapters compute everything a figure shows (curves, paths, histories, probabilities) in
their own cells, in both frameworks; these functions only lay the results out, with the
book's conventions from ``introdl.plotting``: TensorFlow solid, PyTorch dashed, one colour
per quantity, and a legend entry per framework. The page shows the figure with
``plt.show()``::

    from introdl.lecture01 import plots

    plots.activation_curves(z, tf_curves, torch_curves)
    plt.show()

Framework keys are the display names (``introdl.frameworks.NAMES``), as ``Results`` uses
them. Every function checks that both frameworks are given and that the series it pairs have
the same keys, and says which is missing otherwise.
"""

from __future__ import annotations

import numpy as np

from ..frameworks import NAMES, PYTORCH_NAME, TENSORFLOW_NAME
from ..plotting import (
    legend_with_frameworks,
    mark_epoch,
    plot_decision_boundary,
    plot_framework_pair,
    plot_loss_surface,
    plot_path,
)

__all__ = [
    "activation_curves",
    "boundary_grid",
    "early_stopping",
    "gradient_descent_paths",
    "gradient_noise",
    "optimizer_curves",
    "overfitting_curves",
    "pass_boundaries",
    "students",
]

# Where the figures mark things: the lecture's student, and each framework's stopping epoch.
STUDENT_STYLE = {"marker": "*", "s": 300, "c": "gold", "edgecolors": "k", "zorder": 3}
STOP_COLORS = {TENSORFLOW_NAME: "C3", PYTORCH_NAME: "C4"}
PATH_COLORS = {TENSORFLOW_NAME: "white", PYTORCH_NAME: "tab:orange"}


def _plt():
    import matplotlib.pyplot as plt

    return plt


def _both(value, what: str) -> dict:
    """``value`` as {framework name: ...}, checked to hold both frameworks and only them."""
    if not isinstance(value, dict):
        raise TypeError(f"{what} should be a dict keyed by framework name ({', '.join(NAMES)}), "
                        f"got {type(value).__name__}.")
    if set(value) != set(NAMES):
        raise KeyError(f"{what} should have one entry per framework, {list(NAMES)}; got {list(value)}.")
    return {name: value[name] for name in NAMES}


def _same_keys(first: dict, second: dict, what: str) -> list:
    if list(first) != list(second):
        raise KeyError(f"{what}: {TENSORFLOW_NAME} has {list(first)} but {PYTORCH_NAME} has {list(second)}; "
                       "give both frameworks the same entries, in the same order.")
    return list(first)


def activation_curves(z, tf_curves, torch_curves):
    """Three panels, one per activation: g(z) and its autodiff derivative g'(z), both frameworks.

    ``tf_curves`` and ``torch_curves`` map an activation's name to ``(g(z), g'(z))`` arrays on
    the grid ``z``.
    """
    plt = _plt()
    names = _same_keys(tf_curves, torch_curves, "activation_curves")
    fig, axes = plt.subplots(1, len(names), figsize=(11, 3.3), squeeze=False)
    axes = axes[0]
    for ax, name in zip(axes, names):
        plot_framework_pair(ax, tf_curves[name][0], torch_curves[name][0], "g(z)", "C0", x=z)
        plot_framework_pair(ax, tf_curves[name][1], torch_curves[name][1], "g′(z)", "C1", x=z)
        ax.set(title=name, xlabel="z")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("value")
    legend_with_frameworks(axes[0], fontsize=8)
    fig.suptitle("Activation functions and their derivatives, computed by autodiff")
    fig.tight_layout()
    return fig


def boundary_grid(predictors, X, y, caption, title):
    """Decision boundaries, one row per framework and one column per model.

    ``predictors[framework][model name]`` maps a NumPy batch of points to probabilities;
    ``caption(framework, model name)`` gives the second line of each panel's title.
    """
    plt = _plt()
    predictors = _both(predictors, "predictors")
    names = _same_keys(predictors[TENSORFLOW_NAME], predictors[PYTORCH_NAME], "boundary_grid")
    fig, axes = plt.subplots(len(NAMES), len(names), figsize=(3.5 * len(names), 6.8), sharex=True, sharey=True,
                             squeeze=False)
    for row, framework in zip(axes, NAMES):
        for ax, name in zip(row, names):
            plot_decision_boundary(ax, predictors[framework][name], X, y,
                                   title=f"{framework}: {name}\n{caption(framework, name)}")
    for ax in axes.flat:
        ax.label_outer()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _student(ax, student, label):
    ax.scatter(*np.asarray(student, dtype=np.float64).reshape(-1, 2).T, label=label, **STUDENT_STYLE)


def students(X, y, student):
    """The synthetic students, passes blue and fails red, and the lecture's student as a gold star."""
    plt = _plt()
    X, y = np.asarray(X), np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(f"X must be (students, 2) with one label each in y; got X {X.shape}, y {y.shape}.")
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    for label, color, name in [(1, "tab:blue", "pass"), (0, "tab:red", "fail")]:  # the colours of the plots below
        ax.scatter(*X[y == label].T, s=16, c=color, label=name, alpha=0.7)
    x1, x2 = np.asarray(student).reshape(-1)[:2]
    _student(ax, student, f"you ({x1:g}, {x2:g})")
    ax.set(xlabel="$x_1$: lectures attended", ylabel="$x_2$: hours on the final project",
           title="Will I pass this class?")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8)
    fig.tight_layout()
    return fig


def pass_boundaries(predictors, X, y, student, rule):
    """Each framework's trained network on the students, beside the rule that made the data.

    ``predictors[framework]`` is ``(predict, p)``: a function from points to probabilities, and
    the network's P(pass) for ``student``. ``rule`` is ``toy_data.PASS_RULE``: its boundary,
    ``bias + per_lecture * x1 + per_hour * x2 = 0``, is drawn dashed.
    """
    plt = _plt()
    predictors = _both(predictors, "predictors")
    missing = {"bias", "per_lecture", "per_hour"} - set(rule)
    if missing:
        raise KeyError(f"rule needs bias, per_lecture and per_hour (toy_data.PASS_RULE); missing {sorted(missing)}.")
    lectures_axis = np.linspace(-0.5, 10.5, 50)
    fig, axes = plt.subplots(1, len(NAMES), figsize=(11, 4.2), sharey=True)
    for ax, framework in zip(axes, NAMES):
        predict, p = predictors[framework]
        plot_decision_boundary(
            ax, predict, X, y, title=f"{framework}: P(pass | you) = {p:.2f}",
            class_names=("fail", "pass"), axis_labels=("$x_1$: lectures attended", "$x_2$: hours on the project"),
        )
        ax.plot(lectures_axis, -(rule["bias"] + rule["per_lecture"] * lectures_axis) / rule["per_hour"],
                color="darkgreen", linestyle="--", linewidth=2, label="the rule's boundary")
        _student(ax, student, "you")
        ax.set_ylim(-0.5, 10.5)
    axes[1].set_ylabel("")
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8)
    fig.tight_layout()
    return fig


def gradient_descent_paths(loss_surface, paths, learning_rates, titles, title):
    """One contour panel per learning rate, with both frameworks' gradient-descent paths.

    ``paths[framework][name]`` is an array of (w1, w2), one row per step; ``learning_rates``
    maps each name to its rate, in the order of the panels; ``titles[name]`` is its panel's title.
    """
    plt = _plt()
    paths = _both(paths, "paths")
    names = list(learning_rates)
    for framework in NAMES:
        _same_keys(learning_rates, paths[framework], f"gradient_descent_paths ({framework}'s paths)")
    fig, axes = plt.subplots(1, len(names), figsize=(11, 3.6), sharey=True, squeeze=False)
    axes = axes[0]
    for ax, name in zip(axes, names):
        plot_loss_surface(ax, loss_surface, xlim=(-5, 5), ylim=(-3, 3))
        for framework in NAMES:
            plot_path(ax, paths[framework][name], framework, color=PATH_COLORS[framework])
        ax.plot(0, 0, "r*", markersize=10)  # the minimum
        ax.set_title(titles[name], fontsize=10)
    for ax in axes[1:]:
        ax.set_ylabel("")
    axes[0].legend(loc="lower right", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def optimizer_curves(tf_curves, torch_curves, title):
    """Each optimizer's loss per step (log scale), TensorFlow solid and PyTorch dashed."""
    plt = _plt()
    names = _same_keys(tf_curves, torch_curves, "optimizer_curves")
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for name in names:
        plot_framework_pair(ax, tf_curves[name], torch_curves[name], name)
    ax.set(yscale="log", xlabel="training step", ylabel="binary cross-entropy (log scale)",
           title=title)
    legend_with_frameworks(ax, ncol=2, fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return fig


def gradient_noise(batch_sizes, tf_errors, torch_errors, prediction, draws, n_examples):
    """Mini-batch gradient noise against batch size (log-log), both frameworks, with the prediction dotted.

    ``tf_errors`` and ``torch_errors`` map each batch size to its RMS distance from the full
    gradient, measured over ``draws`` batches per size from ``n_examples`` examples;
    ``prediction`` holds the predicted error for each of ``batch_sizes``.
    """
    plt = _plt()
    sizes = np.asarray(batch_sizes)
    _same_keys(tf_errors, torch_errors, "gradient_noise")
    missing = [size for size in batch_sizes if size not in tf_errors]
    if missing:
        raise KeyError(f"gradient_noise: no measured error for batch sizes {missing}.")
    if len(prediction) != len(sizes):
        raise ValueError(f"prediction has {len(prediction)} values for {len(sizes)} batch sizes.")
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    plot_framework_pair(ax, [tf_errors[b] for b in batch_sizes], [torch_errors[b] for b in batch_sizes],
                        "measured", "C0", x=sizes, markers=True)
    ax.plot(sizes, prediction, "k:", label="∝ √((n − B) / (B (n − 1)))")
    ax.set(xscale="log", yscale="log", xlabel="batch size B", ylabel="RMS of ‖∇J_B − ∇J‖",
           title=f"Mini-batch gradient noise ({draws} batches per size, n = {n_examples})")
    ax.set_xticks(sizes, [str(b) for b in batch_sizes])
    legend_with_frameworks(ax, markers=True, fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return fig


def overfitting_curves(tf_histories, torch_histories, title):
    """One panel per run (e.g. without and with dropout): training and validation loss per epoch.

    Each history is a dict with lists ``"loss"`` and ``"val_loss"`` (Keras' ``History.history``).
    """
    plt = _plt()
    names = _same_keys(tf_histories, torch_histories, "overfitting_curves")
    fig, axes = plt.subplots(1, len(names), figsize=(11, 3.8), sharey=True, squeeze=False)
    axes = axes[0]
    for ax, name in zip(axes, names):
        tf_history, torch_history = tf_histories[name], torch_histories[name]
        plot_framework_pair(ax, tf_history["loss"], torch_history["loss"], "training", "C0")
        plot_framework_pair(ax, tf_history["val_loss"], torch_history["val_loss"], "validation", "C1")
        ax.set(title=name, xlabel="epoch")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("binary cross-entropy")
    legend_with_frameworks(axes[0], fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def early_stopping(histories, best_epochs, stop_epochs, no_stopping_val_loss, patience):
    """Training and validation loss with early stopping, where each framework stopped and its best epoch.

    ``histories``, ``best_epochs`` and ``stop_epochs`` are keyed by framework name; the grey
    curve is ``no_stopping_val_loss``, the validation loss of a run without early stopping.
    The epochs shown run to three times the later stop.
    """
    plt = _plt()
    histories, best_epochs, stop_epochs = (_both(histories, "histories"), _both(best_epochs, "best_epochs"),
                                           _both(stop_epochs, "stop_epochs"))
    last_epoch_shown = min(3 * max(stop_epochs.values()), len(no_stopping_val_loss) - 1)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(no_stopping_val_loss, color="0.75", label="validation, no early stopping (TF)")
    plot_framework_pair(ax, histories[TENSORFLOW_NAME]["loss"], histories[PYTORCH_NAME]["loss"], "training", "C0")
    plot_framework_pair(ax, histories[TENSORFLOW_NAME]["val_loss"], histories[PYTORCH_NAME]["val_loss"],
                        "validation", "C1")
    for framework in NAMES:
        best, stop, color = best_epochs[framework], stop_epochs[framework], STOP_COLORS[framework]
        mark_epoch(ax, stop, color=color, label=f"stopped ({framework}, epoch {stop})")
        ax.plot(best, histories[framework]["val_loss"][best], "*", color=color, markersize=14,
                label=f"best ({framework}, epoch {best})")
    ax.set(xlabel="epoch", ylabel="binary cross-entropy", title=f"Early stopping with patience {patience}",
           xlim=(0, last_epoch_shown), ylim=(0, 1.1 * max(no_stopping_val_loss[: last_epoch_shown + 1])))
    legend_with_frameworks(ax, fontsize=7, ncol=2)
    ax.grid(alpha=0.3)
    return fig

