"""The figures of Lecture 3's first three chapters (images, convolution, building blocks).

Each function draws one figure and returns it; the page calls ``plt.show()``. Maps are 2-D
NumPy arrays; where both frameworks are drawn, they come in a dict keyed by framework (an id,
a display name or an alias: ``introdl.frameworks``), TensorFlow's row first.

- ``digit_pixels``: a digit, and a crop of it with each pixel's grey level written in;
- ``digit_rows``: rows of digits with their labels (e.g. one per class; one class's variety);
- ``colour_channels``: a colour image and its red, green and blue channels;
- ``map_grid``: named 2-D maps side by side (an image and its feature maps, a filter bank);
- ``receptive_field_maps``: |gradient| of one output with respect to the input, per depth and
  framework, with the receptive field the recurrence predicts drawn as a box.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import IDS, check_framework, display_name

__all__ = ["colour_channels", "digit_pixels", "digit_rows", "map_grid", "receptive_field_maps"]


def _map(array, name: str) -> np.ndarray:
    array = np.squeeze(np.asarray(array, dtype=np.float64))
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D map (H, W); got shape {np.shape(array)}.")
    return array


def digit_pixels(digit, label: int, rows=(4, 14), cols=(8, 18)):
    """The digit (uint8 28x28) with a box, and the boxed pixels' grey levels written in."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    digit = np.asarray(digit)
    if digit.shape != (28, 28) or digit.dtype != np.uint8:
        raise ValueError(f"digit must be one uint8 28x28 image; got {digit.dtype} {digit.shape}.")
    (r0, r1), (c0, c1) = rows, cols
    if not (0 <= r0 < r1 <= 28 and 0 <= c0 < c1 <= 28):
        raise ValueError(f"rows {rows} and cols {cols} must be (start, stop) within 0-28.")
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4.4), gridspec_kw={"width_ratios": [1, 1.15]})
    left.imshow(digit, cmap="gray_r", vmin=0, vmax=255)
    left.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False, edgecolor="#d62728", linewidth=2))
    left.set_title(f"a {label}: 28 x 28 grey levels")
    crop = digit[r0:r1, c0:c1]
    right.imshow(crop, cmap="gray_r", vmin=0, vmax=255)
    for (i, j), value in np.ndenumerate(crop):
        right.text(j, i, str(value), ha="center", va="center", fontsize=7,
                   color="white" if value > 128 else "black")
    right.set_title(f"rows {r0}-{r1 - 1}, columns {c0}-{c1 - 1}: the numbers")
    for ax in (left, right):
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def digit_rows(images, labels, rows: Mapping[str, list]):
    """One row of digits per entry of ``rows`` ({title: indices into images}), each labelled."""
    import matplotlib.pyplot as plt

    images, labels = np.asarray(images), np.asarray(labels)
    if not rows or any(len(indices) == 0 for indices in rows.values()):
        raise ValueError("rows must map each row's title to a non-empty list of indices.")
    width = max(len(indices) for indices in rows.values())
    fig, axes = plt.subplots(len(rows), width, figsize=(0.9 * width, 1.25 * len(rows)), squeeze=False)
    for row, (title, indices) in zip(axes, rows.items()):
        for ax in row:
            ax.axis("off")
        for ax, index in zip(row, indices):
            ax.imshow(images[index].reshape(28, 28), cmap="gray_r", vmin=0, vmax=255)
            ax.set_title(str(labels[index]), fontsize=9)
        row[0].text(-0.25, 0.5, title, transform=row[0].transAxes, ha="right", va="center", fontsize=9)
    fig.tight_layout()
    return fig


def colour_channels(image):
    """A uint8 (H, W, 3) image, then each of its channels as grey levels."""
    import matplotlib.pyplot as plt

    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"image must be (H, W, 3); got shape {image.shape}.")
    fig, axes = plt.subplots(1, 4, figsize=(9, 2.9))
    axes[0].imshow(image)
    axes[0].set_title(f"{image.shape[0]} x {image.shape[1]} x 3")
    for channel, (ax, name) in enumerate(zip(axes[1:], ("red", "green", "blue"))):
        ax.imshow(image[:, :, channel], cmap="gray", vmin=0, vmax=255)
        ax.set_title(f"channel {channel}: {name}")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def map_grid(maps: Mapping[str, np.ndarray], columns: int | None = None, cmap: str = "gray_r",
             symmetric: Mapping[str, bool] | None = None, values: bool = False):
    """Each named map in its own panel. ``symmetric[name]`` centres that panel's colours on zero
    (a signed feature map); ``values`` writes each entry in (small maps: filters, examples)."""
    import matplotlib.pyplot as plt

    if not maps:
        raise ValueError("maps is empty: give at least one {title: 2-D array}.")
    arrays = {title: _map(array, f"maps[{title!r}]") for title, array in maps.items()}
    columns = columns or len(arrays)
    rows = -(-len(arrays) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.3 * columns, 2.45 * rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, (title, array) in zip(axes.ravel(), arrays.items()):
        if (symmetric or {}).get(title):
            limit = float(np.abs(array).max()) or 1.0
            ax.imshow(array, cmap="RdBu_r", vmin=-limit, vmax=limit)
        else:
            ax.imshow(array, cmap=cmap)
        if values:
            middle = (array.max() + array.min()) / 2
            for (i, j), value in np.ndenumerate(array):
                ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=8,
                        color="white" if (value > middle) == (cmap == "gray_r") else "black")
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def receptive_field_maps(gradients: Mapping[str, list], fields: list[int], titles: list[str]):
    """|gradient| maps (one list per framework, one map per depth) with the predicted field boxed.

    Each map is the gradient of the centre output unit with respect to the input image; the
    box of side ``fields[d]`` is centred on the pixel of largest |gradient|'s box centre.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    if not isinstance(gradients, Mapping):
        raise ValueError("gradients must be a dict with one list of maps per framework.")
    by_id = {check_framework(framework): maps for framework, maps in gradients.items()}
    if set(by_id) != set(IDS):
        raise ValueError(f"gradients must hold one list of maps for each of {list(IDS)}; got {sorted(gradients)}.")
    depth = len(fields)
    if len(titles) != depth or any(len(maps) != depth for maps in by_id.values()):
        raise ValueError(f"give one field, one title and one map per framework for each of {depth} depths.")
    fig, axes = plt.subplots(len(IDS), depth, figsize=(2.4 * depth, 2.6 * len(IDS)), squeeze=False)
    for row, framework in zip(axes, IDS):
        for ax, gradient, field, title in zip(row, by_id[framework], fields, titles):
            g = np.abs(_map(gradient, "each gradient"))
            ax.imshow(g, cmap="magma")
            rows, cols = np.nonzero(g > 0)
            centre_r, centre_c = (rows.min() + rows.max()) / 2, (cols.min() + cols.max()) / 2
            ax.add_patch(Rectangle((centre_c - field / 2, centre_r - field / 2), field, field,
                                   fill=False, edgecolor="#2ca02c", linewidth=1.5, linestyle="--"))
            ax.set_title(f"{title}\npredicted {field} x {field}", fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
        row[0].set_ylabel(display_name(framework))
    fig.tight_layout()
    return fig
