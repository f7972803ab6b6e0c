"""The lab's figures: digits with their labels, predictions, mistakes, confusions, training curves.

Each function draws a new Matplotlib figure and returns it (the page shows it); digit arrays
are validated with ``introdl.digits`` first, so a wrong shape or dtype is a one-line
``DigitDataError`` rather than a Matplotlib traceback. Frameworks are drawn as everywhere in
the book (TensorFlow solid, PyTorch dashed: ``introdl.plotting.framework_style``).
"""

from __future__ import annotations

import numpy as np

from ..digits import check_digit_images, check_digit_labels
from ..plotting import framework_style

__all__ = ["plot_confusions", "plot_prediction", "plot_training", "show_digits", "show_mistakes"]


def _images(images) -> np.ndarray:
    array = check_digit_images(images)
    return array.reshape(len(array), 28, 28)


def show_digits(images, labels, columns: int = 12, title: str | None = None):
    """A grid of digits, each captioned with its label."""
    import matplotlib.pyplot as plt

    images = _images(images)
    labels = check_digit_labels(labels, len(images))
    rows = -(-len(images) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(columns * 0.8, rows * 0.95), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, image, label in zip(axes.ravel(), images, labels):
        ax.imshow(image, cmap="binary")
        ax.set_title(str(label), fontsize=9, pad=2)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_prediction(image, probabilities, label: int):
    """One digit and the model's probability for each class (the 2021 lab's two plots, side by side)."""
    import matplotlib.pyplot as plt

    image = _images(np.asarray(image)[None])[0]
    probabilities = np.asarray(probabilities, dtype=float).reshape(-1)
    if probabilities.shape != (10,):
        raise ValueError(f"probabilities must hold one value per class (10), got shape {probabilities.shape}.")
    predicted = int(np.argmax(probabilities))
    color = "tab:blue" if predicted == label else "tab:red"
    fig, (left, right) = plt.subplots(1, 2, figsize=(6, 2.4), gridspec_kw={"width_ratios": (1, 2)})
    left.imshow(image, cmap="binary")
    left.set_xticks([]), left.set_yticks([])
    left.set_xlabel(f"predicted {predicted} ({probabilities[predicted]:.0%}), label {label}", color=color, fontsize=9)
    bars = right.bar(range(10), probabilities, color="0.6")
    bars[predicted].set_color("tab:red")
    bars[label].set_color("tab:blue")
    right.set(xticks=range(10), ylim=(0, 1), xlabel="class", ylabel="probability")
    fig.tight_layout()
    return fig


def show_mistakes(images, labels, predicted, confidence, columns: int = 10, limit: int = 20):
    """The first ``limit`` misclassified digits, captioned "label → predicted (confidence)" in red."""
    import matplotlib.pyplot as plt

    images = _images(images)
    labels = check_digit_labels(labels, len(images))
    predicted = check_digit_labels(predicted, len(images), name="predicted")
    confidence = np.asarray(confidence, dtype=float).reshape(-1)
    wrong = np.flatnonzero(labels != predicted)[:limit]
    rows = max(1, -(-len(wrong) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(columns * 0.95, rows * 1.15), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, i in zip(axes.ravel(), wrong):
        ax.imshow(images[i], cmap="binary")
        ax.set_title(f"{labels[i]}→{predicted[i]} ({confidence[i]:.0%})", fontsize=8, color="tab:red", pad=2)
    fig.tight_layout()
    return fig


def plot_confusions(matrices: dict):
    """One confusion matrix per framework, side by side, the diagonal left out so the mistakes show."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(matrices), figsize=(4.6 * len(matrices), 4.1), squeeze=False)
    largest = max(1, max(int((np.asarray(m) * (1 - np.eye(10, dtype=int))).max()) for m in matrices.values()))
    for ax, (name, matrix) in zip(axes.ravel(), matrices.items()):
        matrix = np.asarray(matrix)
        off = np.where(np.eye(10, dtype=bool), 0, matrix)
        ax.imshow(off, cmap="Reds", vmin=0, vmax=largest)
        for t in range(10):
            for p in range(10):
                if matrix[t, p] and t != p:
                    ax.text(p, t, str(matrix[t, p]), ha="center", va="center", fontsize=7,
                            color="white" if off[t, p] > largest / 2 else "black")
        ax.set(xticks=range(10), yticks=range(10), xlabel="predicted digit", ylabel="true digit",
               title=f"{name}: mistakes by class")
    fig.tight_layout()
    return fig


def plot_training(curves: dict, ylabel: str = "test accuracy", xlabel: str = "epoch"):
    """Curves keyed by framework display name, each ``(x, y)``: one line per framework."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    for name, (x, y) in curves.items():
        ax.plot(x, y, color="C0", label=name, **framework_style(name, markers=True))
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig
