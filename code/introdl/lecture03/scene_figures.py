"""The figures of Lecture 3's segmentation and detection chapters.

Each function draws into a new Matplotlib figure and returns it; the page calls
``plt.show()``. Predictions come in dicts keyed by framework (an id such as ``"tensorflow"``,
a display name or an alias: ``introdl.frameworks``), drawn in the book's framework order.

- ``class_colormap``: one fixed colour per class of ``introdl.lecture03.scenes.CLASS_NAMES``;
- ``show_scenes``: scenes above their true masks, with a legend of the classes;
- ``show_segmentations``: scenes, true masks and each framework's predicted masks, one row each;
- ``show_boxes``: scenes with the true box (white, solid) and each framework's predicted box
  (TensorFlow solid, PyTorch dashed, as every figure of the book draws them), titled with their IoU.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import FRAMEWORKS, IDS, check_framework, display_name
from .scenes import CLASS_NAMES

__all__ = ["CLASS_COLORS", "class_colormap", "show_boxes", "show_scenes", "show_segmentations"]

# Background dark grey, then one clearly different colour per shape (Okabe-Ito, readable by colour-blind readers).
CLASS_COLORS = ("#404040", "#E69F00", "#56B4E9", "#CC79A7")
BOX_COLORS = {"true": "white", IDS[0]: "#E69F00", IDS[1]: "#56B4E9"}


def class_colormap():
    """A ListedColormap giving class k the colour CLASS_COLORS[k] (use with vmin=0, vmax=classes - 1)."""
    from matplotlib.colors import ListedColormap

    return ListedColormap(CLASS_COLORS[:len(CLASS_NAMES)])


def _by_framework(values, what: str) -> dict:
    if not isinstance(values, Mapping) or not values:
        raise ValueError(f"{what} must be a dict {{framework: array}}, got {type(values).__name__}.")
    by_id = {check_framework(framework): value for framework, value in values.items()}
    return {framework: by_id[framework] for framework in IDS if framework in by_id}


def _images(images, count: int, what: str = "images") -> np.ndarray:
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"{what} must be (n, height, width) without a channel axis, got shape {images.shape}.")
    if len(images) < count:
        raise ValueError(f"{what} holds {len(images)} scenes, fewer than the {count} to show.")
    return images[:count]


def _legend(figure):
    from matplotlib.patches import Patch

    handles = [Patch(color=color, label=name) for color, name in zip(CLASS_COLORS, CLASS_NAMES)]
    figure.legend(handles=handles, loc="lower center", ncol=len(CLASS_NAMES), frameon=False)


def _grid(rows: list[tuple[str, np.ndarray, bool]], count: int, title: str):
    """One row per (label, arrays, is_mask); returns the figure."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(len(rows), count, figsize=(1.45 * count, 1.5 * len(rows) + 0.6), squeeze=False)
    for row, (label, arrays, is_mask) in enumerate(rows):
        for column in range(count):
            ax = axes[row, column]
            if is_mask:
                ax.imshow(arrays[column], cmap=class_colormap(), vmin=0, vmax=len(CLASS_NAMES) - 1,
                          interpolation="nearest")
            else:
                ax.imshow(arrays[column], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(label, fontsize=9)
    figure.suptitle(title, fontsize=11)
    _legend(figure)
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    return figure


def show_scenes(images, masks, count: int = 6):
    """The first ``count`` scenes over their true masks."""
    images, masks = _images(images, count), _images(masks, count, "masks")
    return _grid([("scene", images, False), ("true mask", masks, True)], count,
                 "Generated scenes and the class of every pixel")


def show_segmentations(images, true_masks, predicted, count: int = 6):
    """Scenes, true masks and each framework's predicted masks (``predicted[framework]``: (n, h, w))."""
    predicted = _by_framework(predicted, "predicted")
    rows = [("scene", _images(images, count), False), ("true mask", _images(true_masks, count, "masks"), True)]
    rows += [(f"{display_name(f)}\nprediction", _images(masks, count, f"predicted[{f!r}]"), True)
             for f, masks in predicted.items()]
    return _grid(rows, count, "Test scenes, their true masks and the networks' predictions")


def show_boxes(images, true_boxes, predicted, ious, count: int = 8):
    """Scenes with the true box and each framework's predicted box, in pixels (x, y, w, h).

    ``predicted`` and ``ious`` are dicts keyed by framework; each title gives the IoUs in the
    book's framework order.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    images = _images(images, count)
    true_boxes = np.asarray(true_boxes, dtype=float)
    predicted, ious = _by_framework(predicted, "predicted"), _by_framework(ious, "ious")
    if set(predicted) != set(ious):
        raise ValueError(f"predicted and ious must name the same frameworks, got {sorted(predicted)} and {sorted(ious)}.")
    if true_boxes.shape[-1] != 4 or len(true_boxes) < count:
        raise ValueError(f"true_boxes must be (n >= {count}, 4), got shape {true_boxes.shape}.")
    columns = min(count, 4)
    rows = -(-count // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(2.2 * columns, 2.35 * rows + 0.5), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if index >= count:
            ax.axis("off")
            continue
        ax.imshow(images[index], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.add_patch(Rectangle(true_boxes[index, :2] - 0.5, *true_boxes[index, 2:], fill=False,
                               edgecolor=BOX_COLORS["true"], linewidth=2))
        for framework, boxes in predicted.items():
            box = np.asarray(boxes, dtype=float)[index]
            ax.add_patch(Rectangle(box[:2] - 0.5, *box[2:], fill=False, edgecolor=BOX_COLORS[framework],
                                   linewidth=1.6, linestyle=FRAMEWORKS[framework].linestyle))
        ax.set_title(" / ".join(f"{float(np.asarray(ious[f])[index]):.2f}" for f in predicted), fontsize=9)
    handles = [Line2D([], [], color="0.7", label="true box (white)", linewidth=2)]
    handles += [Line2D([], [], color=BOX_COLORS[f], linestyle=FRAMEWORKS[f].linestyle, label=display_name(f))
                for f in predicted]
    figure.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False)
    names = " / ".join(display_name(f) for f in predicted)
    figure.suptitle(f"True boxes (white) and predicted boxes; titles: IoU, {names}", fontsize=11)
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return figure
