"""The figures of Lecture 3's chapters on trained networks (chapters 4 to 6).

Each function takes NumPy arrays and returns a matplotlib Figure; the pages show it and give
it its alt text. The frameworks' colours and line styles come from ``introdl.plotting``.

- ``digits_and_shuffled``: a few digits above the same digits with their pixels shuffled;
- ``filter_grid``: a layer's 3x3 filters, blue negative and red positive;
- ``feature_maps``: one digit and the feature maps a layer makes of it;
- ``saliency_maps``: digits and, per framework, the saliency of their class;
- ``accuracy_against_shift``: test accuracy against the shift in pixels, per network and framework.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import check_framework, display_name
from ..plotting import framework_style

__all__ = ["accuracy_against_shift", "digits_and_shuffled", "feature_maps", "filter_grid", "saliency_maps"]


def _stack(images, name: str, ndim: int = 3) -> np.ndarray:
    array = np.asarray(images, dtype=np.float64)
    if array.ndim != ndim or 0 in array.shape:
        raise ValueError(f"{name} must be a non-empty {ndim}-D array, got shape {array.shape}.")
    return array


def _bare(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def digits_and_shuffled(images, shuffled):
    """Digits (n, 28, 28) in the top row, the same digits shuffled in the bottom row."""
    import matplotlib.pyplot as plt

    images, shuffled = _stack(images, "images"), _stack(shuffled, "shuffled")
    if images.shape != shuffled.shape:
        raise ValueError(f"images {images.shape} and shuffled {shuffled.shape} must have the same shape.")
    fig, axes = plt.subplots(2, len(images), figsize=(1.3 * len(images), 2.9), squeeze=False)
    for column, (digit, mixed) in enumerate(zip(images, shuffled)):
        for row, picture in enumerate((digit, mixed)):
            axes[row, column].imshow(picture, cmap="gray_r")
            _bare(axes[row, column])
    axes[0, 0].set_ylabel("as drawn")
    axes[1, 0].set_ylabel("shuffled")
    fig.tight_layout()
    return fig


def filter_grid(kernels, columns: int = 12, title: str = ""):
    """Filters (count, kh, kw), each on its own colour scale centred on zero."""
    import matplotlib.pyplot as plt

    kernels = _stack(kernels, "kernels")
    rows = -(-len(kernels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(0.8 * columns, 0.85 * rows + 0.4), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for number, (ax, kernel) in enumerate(zip(axes.ravel(), kernels)):
        limit = float(np.abs(kernel).max()) or 1.0
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(str(number), fontsize=7)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def feature_maps(digit, maps, columns: int = 8, title: str = ""):
    """The digit (28, 28), then each feature map (count, h, w) after the ReLU, darker = larger."""
    import matplotlib.pyplot as plt

    digit, maps = _stack(digit, "digit", 2), _stack(maps, "maps")
    rows = 1 + -(-len(maps) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.05 * columns, 1.1 * rows + 0.3), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    axes[0, 0].imshow(digit, cmap="gray_r")
    axes[0, 0].set_title("input", fontsize=8)
    for number, (ax, feature_map) in enumerate(zip(axes[1:].ravel(), maps)):
        ax.imshow(feature_map, cmap="gray_r", vmin=0)
        ax.set_title(str(number), fontsize=7)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def saliency_maps(images, saliency: Mapping[str, np.ndarray], labels=None):
    """Digits (n, 28, 28) in the top row; below, one row per framework: |gradient| of the class score."""
    import matplotlib.pyplot as plt

    images = _stack(images, "images")
    rows = {display_name(check_framework(framework)): _stack(maps, f"saliency[{framework!r}]")
            for framework, maps in saliency.items()}
    for name, maps in rows.items():
        if maps.shape != images.shape:
            raise ValueError(f"the {name} saliency maps {maps.shape} must have the images' shape {images.shape}.")
    fig, axes = plt.subplots(1 + len(rows), len(images), figsize=(1.4 * len(images), 1.5 * (1 + len(rows))),
                             squeeze=False)
    for column, digit in enumerate(images):
        axes[0, column].imshow(digit, cmap="gray_r")
        if labels is not None:
            axes[0, column].set_title(f"label {labels[column]}", fontsize=8)
        for row, maps in enumerate(rows.values(), start=1):
            axes[row, column].imshow(np.abs(maps[column]), cmap="hot")
    for ax in axes.ravel():
        _bare(ax)
    axes[0, 0].set_ylabel("digit")
    for row, name in enumerate(rows, start=1):
        axes[row, 0].set_ylabel(name)
    fig.tight_layout()
    return fig


def accuracy_against_shift(shifts, accuracies: Mapping[str, Mapping[str, list]], colors: Mapping[str, str] | None = None):
    """Test accuracy against the shift; ``accuracies[network][framework]`` one value per shift."""
    import matplotlib.pyplot as plt

    shifts = np.asarray(shifts)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    palette = dict(colors or {})
    for number, (network, by_framework) in enumerate(accuracies.items()):
        color = palette.get(network, f"C{number}")
        for framework, values in by_framework.items():
            values = np.asarray(values, dtype=float)
            if values.shape != shifts.shape:
                raise ValueError(f"accuracies[{network!r}][{framework!r}] has {values.size} values for {shifts.size} shifts.")
            name = display_name(check_framework(framework))
            style = framework_style(name, markers=True)
            ax.plot(shifts, 100 * values, color=color, label=f"{network}, {name}",
                    **{k: v for k, v in style.items() if k != "color"})
    ax.set_xlabel("shift to the right (pixels)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_xticks(shifts)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
