"""Plot helpers shared by the pages: decision boundaries, loss surfaces, curves.

Every helper draws into a Matplotlib ``Axes`` the page created, so the page keeps
control of the figure's layout, size and ``plt.show()``. Where both frameworks are
overlaid, TensorFlow is drawn solid and PyTorch dashed (``framework_style``), with one
colour per experiment, so a reader can tell at a glance whether the two agree.
"""

from __future__ import annotations

import numpy as np

from .frameworks import FRAMEWORKS, PYTORCH_NAME, TENSORFLOW_NAME

FRAMEWORK_STYLES = {
    **{f.name: {"linestyle": f.linestyle, "marker": f.marker} for f in FRAMEWORKS.values()},
}
# Class 0 red, class 1 blue, matching the "RdBu" colour map of predicted probabilities.
CLASS_COLORS = ("#d62728", "#1f77b4")
PROBABILITY_CMAP = "RdBu"


def framework_style(framework: str, markers: bool = False) -> dict:
    """Line style for one framework: solid for TensorFlow, dashed for PyTorch."""
    if framework not in FRAMEWORK_STYLES:
        raise KeyError(f"Unknown framework {framework!r}: use one of {list(FRAMEWORK_STYLES)}.")
    style = dict(FRAMEWORK_STYLES[framework])
    if not markers:
        style.pop("marker")
    return style


def _check_points(X, y=None):
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (n, 2) with n > 0 (two features to plot), got {X.shape}.")
    if y is not None:
        y = np.asarray(y).reshape(-1)
        if len(y) != len(X):
            raise ValueError(f"y has {len(y)} labels but X has {len(X)} points; pass one label per point.")
    return X, y


def decision_grid(X, steps: int = 150, margin: float = 0.5):
    """A grid covering the points in ``X`` plus ``margin`` on every side.

    Returns ``xx, yy`` (each ``steps x steps``, for ``contourf``) and ``points``, the
    same grid as a float32 ``(steps**2, 2)`` array ready to feed a model.
    """
    X, _ = _check_points(X)
    if steps < 2:
        raise ValueError(f"steps={steps} must be at least 2 grid points per axis.")
    low = X.min(axis=0) - margin
    high = X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], steps), np.linspace(low[1], high[1], steps))
    points = np.stack([xx.ravel(), yy.ravel()], axis=1).astype(np.float32)
    return xx, yy, points


def plot_decision_boundary(
    ax,
    predict_proba,
    X,
    y,
    title: str | None = None,
    steps: int = 150,
    margin: float = 0.5,
    class_names=("class 0", "class 1"),
    axis_labels=("$x_1$", "$x_2$"),
):
    """Shade a classifier's predicted probability of class 1 and draw where it is 0.5.

    ``predict_proba`` maps a float32 ``(m, 2)`` NumPy array to ``m`` probabilities (any
    array-like of shape ``(m,)`` or ``(m, 1)``). Returns the probability grid.
    """
    X, y = _check_points(X, y)
    xx, yy, points = decision_grid(X, steps, margin)
    probabilities = np.asarray(predict_proba(points), dtype=np.float64).reshape(-1)
    if probabilities.shape != (len(points),):
        raise ValueError(
            f"predict_proba returned {probabilities.size} values for {len(points)} grid points; "
            "it must return one probability per input row."
        )
    grid = probabilities.reshape(xx.shape)
    ax.contourf(xx, yy, grid, levels=np.linspace(0, 1, 11), cmap=PROBABILITY_CMAP, alpha=0.6)
    ax.contour(xx, yy, grid, levels=[0.5], colors="k", linewidths=1.5)
    for label, (color, name) in enumerate(zip(CLASS_COLORS, class_names)):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], s=14, c=color, edgecolors="white", linewidths=0.4, label=name)
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    if title:
        ax.set_title(title)
    return grid


def plot_loss_surface(ax, loss_fn, xlim=(-5, 5), ylim=(-3, 3), steps: int = 200, levels: int = 25):
    """Filled contours of ``loss_fn(w1, w2)`` (NumPy arrays in, array out) over a box.

    Contour levels are spaced on a square-root scale so the valley floor, where
    gradient descent spends its time, gets as many lines as the steep walls.
    """
    if xlim[0] >= xlim[1] or ylim[0] >= ylim[1]:
        raise ValueError(f"xlim={xlim} and ylim={ylim} must each be (low, high) with low < high.")
    w1, w2 = np.meshgrid(np.linspace(*xlim, steps), np.linspace(*ylim, steps))
    surface = np.asarray(loss_fn(w1, w2), dtype=np.float64)
    if surface.shape != w1.shape:
        raise ValueError(
            f"loss_fn returned shape {surface.shape} for a {w1.shape} grid; it must work elementwise."
        )
    low, high = surface.min(), surface.max()
    contour_levels = low + (high - low) * np.linspace(0, 1, levels) ** 2
    ax.contourf(w1, w2, surface, levels=contour_levels, cmap="viridis")
    ax.contour(w1, w2, surface, levels=contour_levels, colors="white", linewidths=0.3, alpha=0.5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return surface


def plot_framework_pair(ax, tensorflow_values, pytorch_values, label: str, color=None, x=None, markers=False):
    """Overlay one quantity from both frameworks: TensorFlow solid, PyTorch dashed, one colour.

    Only the TensorFlow line gets a legend entry (``label``); ``legend_with_frameworks``
    then adds one entry per line style, so a legend of many quantities stays short.
    ``x`` defaults to 0, 1, 2, ... (steps or epochs). The two series may differ in
    length (early stopping ends each framework's run at its own epoch).
    """
    lines = []
    for framework, values in ((TENSORFLOW_NAME, tensorflow_values), (PYTORCH_NAME, pytorch_values)):
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        xs = np.arange(len(values)) if x is None else np.asarray(x)[: len(values)]
        if len(xs) != len(values):
            raise ValueError(f"x has {len(xs)} positions but the {framework} series has {len(values)} values.")
        (line,) = ax.plot(
            xs, values, color=color, label=label if not lines else "_nolegend_",
            **framework_style(framework, markers),
        )
        color = line.get_color()  # the PyTorch line reuses the TensorFlow colour
        lines.append(line)
    return lines


def legend_with_frameworks(ax, markers: bool = False, **legend_kwargs):
    """Draw the legend of ``ax`` plus one entry per framework's line style."""
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    for framework in FRAMEWORK_STYLES:
        handles.append(Line2D([], [], color="0.3", **framework_style(framework, markers)))
        labels.append(framework)
    return ax.legend(handles, labels, **legend_kwargs)


def plot_path(ax, path, framework: str, color=None, label: str | None = None):
    """Draw an optimizer's path through weight space, ``path`` of shape (steps + 1, 2)."""
    path = np.asarray(path, dtype=np.float64)
    if path.ndim != 2 or path.shape[1] != 2:
        raise ValueError(f"path must have shape (steps + 1, 2): one (w1, w2) per step, got {path.shape}.")
    (line,) = ax.plot(
        path[:, 0], path[:, 1], color=color, markersize=4, label=label or framework,
        **framework_style(framework, markers=True),
    )
    return line


def mark_epoch(ax, epoch: int, color=None, label: str | None = None):
    """A vertical line at ``epoch``, e.g. where early stopping stopped."""
    return ax.axvline(epoch, color=color or "k", linestyle=":", linewidth=1.5, label=label)


def moving_average(values, width: int):
    """Mean of each run of ``width`` consecutive values, so a noisy per-batch curve can be read.

    ``width`` is clamped to the number of values; the result has ``len(values) - width + 1``
    points (NumPy's "valid" convolution).
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a positive int (values per mean), got {width!r}.")
    if len(values) == 0:
        raise ValueError("moving_average needs at least one value, got an empty series.")
    width = min(int(width), len(values))
    return np.convolve(values, np.ones(width) / width, mode="valid")
