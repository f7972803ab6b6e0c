"""Diagrams for Lecture 2 (sequence modeling), drawn with Matplotlib alone.

They follow the colours of the MIT 6.S191 slides, so a reader can match the page to
the lecture video: inputs green, recurrent cells blue, outputs purple, losses red.
Every figure has an opaque white background, so it stays legible on a dark page.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

COLORS = {
    "input": ("#b6e3b6", "#2e7d32"),  # (fill, edge)
    "cell": ("#a9cbf0", "#1f5fa8"),
    "output": ("#d3c2ee", "#5e35b1"),
    "loss": ("#f6c1c1", "#c62828"),
}
BOX = 0.62  # side of a square box, in data units (one time step is 1 unit apart or more)
ARROW_COLOR = "#333333"
MAX_STEPS = 8  # more steps than this no longer fit a page-wide figure legibly


def _white_figure(fig):
    # Opaque white, not transparent: a dark-mode page would otherwise show black text on black.
    fig.patch.set_facecolor("white")
    fig.patch.set_alpha(1.0)
    return fig


def _box(ax, x, y, label, kind, width=BOX, height=BOX, fontsize=12):
    fill, edge = COLORS[kind]
    ax.add_patch(FancyBboxPatch(
        (x - width / 2, y - height / 2), width, height,
        boxstyle="round,pad=0,rounding_size=0.1", facecolor=fill, edgecolor=edge, linewidth=1.5,
    ))
    ax.text(x, y, label, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, start, end, **kwargs):
    ax.add_patch(FancyArrowPatch(
        start, end, arrowstyle="-|>", mutation_scale=12, color=ARROW_COLOR, linewidth=1.3,
        shrinkA=0, shrinkB=0, **kwargs,
    ))


def _up(ax, x, y_from, y_to):
    """An arrow from the top of the box at height ``y_from`` to the bottom of the one at ``y_to``."""
    _arrow(ax, (x, y_from + BOX / 2), (x, y_to - BOX / 2))


def _right(ax, x_from, x_to, y):
    _arrow(ax, (x_from + BOX / 2, y), (x_to - BOX / 2, y))


# Each pattern: (title, caption, number of cells, steps with an input, steps with an output).
# "many to many" reads the whole sentence before writing, as a translation model does.
SEQUENCE_PATTERNS = (
    ("one to one", "binary classification", 1, [0], [0]),
    ("many to one", "sentiment classification", 3, [0, 1, 2], [2]),
    ("one to many", "image captioning", 3, [0], [0, 1, 2]),
    ("many to many", "machine translation", 4, [0, 1], [2, 3]),
)


def _draw_pattern(ax, title, caption, n_cells, inputs, outputs):
    single = n_cells == 1
    shift = (3 - (n_cells - 1)) / 2  # centre the chain under the title, whatever its length
    for t in range(n_cells):
        _box(ax, t + shift, 1, "$h$" if single else f"$h_{t}$", "cell")
        if t:
            _right(ax, t - 1 + shift, t + shift, 1)
    for t in inputs:
        _box(ax, t + shift, 0, "$x$" if single else f"$x_{t}$", "input")
        _up(ax, t + shift, 0, 1)
    for t in outputs:
        _box(ax, t + shift, 2, r"$\hat y$" if single else rf"$\hat y_{t}$", "output")
        _up(ax, t + shift, 1, 2)
    ax.set_title(title, fontsize=13, fontweight="bold")
    ax.text(1.5, -0.75, caption, ha="center", va="center", fontsize=11, style="italic")


def draw_sequence_patterns():
    """The four input/output patterns of a recurrent model, one panel each, with the lecture's examples.

    Returns the Figure: four axes titled "one to one" ... "many to many", each with
    inputs ``x`` (green, bottom), cells ``h`` (blue) and outputs ``ŷ`` (purple, top).
    """
    fig, axes = plt.subplots(1, 4, figsize=(11, 3.0))
    _white_figure(fig)
    for ax, pattern in zip(axes, SEQUENCE_PATTERNS):
        _draw_pattern(ax, *pattern)
        # The same limits and aspect in every panel, so a box is the same size in all four.
        ax.set_xlim(-0.5, 3.5)
        ax.set_ylim(-1.0, 2.45)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9, wspace=0.08)
    return fig


def _check_steps(steps) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int):
        raise TypeError(f"steps must be an int (time steps to draw), got {type(steps).__name__}; pass e.g. 3.")
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps={steps} must be between 1 and {MAX_STEPS}: more would not fit the page.")
    return steps


def _draw_folded(ax, x):
    """The RNN as the lecture first draws it: one cell feeding its state back to itself."""
    _box(ax, x, 0, "$x_t$", "input")
    _box(ax, x, 1.4, "$h_t$", "cell")
    _box(ax, x, 2.8, r"$\hat y_t$", "output")
    _arrow(ax, (x, BOX / 2), (x, 1.4 - BOX / 2))
    _arrow(ax, (x, 1.4 + BOX / 2), (x, 2.8 - BOX / 2))
    # The self-loop leaves the cell's right side and comes back into it lower down.
    loop_right = x + BOX / 2 + 0.45
    _arrow(ax, (x + BOX / 2, 1.62), (x + BOX / 2, 1.18),
           connectionstyle=f"bar,armA=0,armB=0,fraction=-{0.45 / 0.44:.3f}")
    ax.text(loop_right + 0.08, 1.52, "$W_{hh}$", ha="left", va="center", fontsize=11)
    ax.text(loop_right + 0.08, 1.22, "$h_{t-1}$", ha="left", va="center", fontsize=10, color="0.35")


def draw_unrolled_rnn(steps: int = 3, ax=None):
    """An RNN folded (one cell with a loop) = the same RNN unrolled over ``steps`` time steps.

    The unrolled chain shows ``x``, ``h`` and ``ŷ`` at steps 0, 1, ... and the last step
    ``t``, with the weight matrices ``W_xh``, ``W_hh``, ``W_hy`` on every edge (the same
    three at every step), a loss ``L_t`` per output and their sum ``L``. ``steps`` is an
    int from 1 to 8. Draws into ``ax`` if given (a new 11-inch-wide figure otherwise)
    and returns the Figure, whose background it sets to opaque white.
    """
    steps = _check_steps(steps)
    spacing = 1.9  # room between cells for the W_hh label over each arrow
    first = 3.2  # where the unrolled chain starts, right of the folded cell and "="
    xs = [first + spacing * i for i in range(steps)]
    names = [str(i) for i in range(steps - 1)] + ["t"]  # one character each, so "$x_0$" needs no braces
    left, right = -0.6, max(xs[-1] + 1.0, first + 2.4)  # room for the note under a single step
    bottom, top = -1.05, 5.9
    if ax is None:
        # One scale for every step count: as large as fits 11 inches, boxes at most ~0.6 inch.
        inches_per_unit = min(11 / (right - left), 0.95)
        fig, ax = plt.subplots(figsize=((right - left) * inches_per_unit, (top - bottom) * inches_per_unit))
        fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    fig = _white_figure(ax.figure)

    _draw_folded(ax, 0)
    ax.text(1.95, 1.4, "=", ha="center", va="center", fontsize=26)
    label = dict(fontsize=10, va="center")
    for i, (x, name) in enumerate(zip(xs, names)):
        _box(ax, x, 0, f"$x_{name}$", "input")
        _box(ax, x, 1.4, f"$h_{name}$", "cell")
        _box(ax, x, 2.8, rf"$\hat y_{name}$", "output")
        _box(ax, x, 4.1, f"$L_{name}$", "loss")
        _up(ax, x, 0, 1.4)
        _up(ax, x, 1.4, 2.8)
        _up(ax, x, 2.8, 4.1)
        _arrow(ax, (x, 4.1 + BOX / 2), (x, 5.05))  # into the bottom of the total-loss box
        ax.text(x + 0.08, 0.7, "$W_{xh}$", ha="left", **label)
        ax.text(x + 0.08, 2.1, "$W_{hy}$", ha="left", **label)
        if i:
            middle = (xs[i - 1] + x) / 2
            ax.text(middle, 1.62, "$W_{hh}$", ha="center", **label)
            if i < steps - 1:
                _right(ax, xs[i - 1], x, 1.4)
                continue
            # The last edge is broken by "...": the steps between step steps-2 and step t.
            ax.plot([xs[i - 1] + BOX / 2, middle - 0.3], [1.4, 1.4], color=ARROW_COLOR, linewidth=1.3)
            ax.text(middle, 1.4, "\u22ef", ha="center", va="center_baseline", fontsize=14)  # on the line, unlike mathtext
            _arrow(ax, (middle + 0.3, 1.4), (x - BOX / 2, 1.4))
            ax.text(middle, 1.18, "$h_{t-1}$", ha="center", color="0.35", **label)
    # The total loss spans every step: L = sum over t of L_t.
    total_width = max(xs[-1] - xs[0] + BOX, 1.8)
    _box(ax, (xs[0] + xs[-1]) / 2, 5.4, r"$L = \sum_t L_t$", "loss", width=total_width, height=0.7)
    ax.text((xs[0] + xs[-1]) / 2, -0.75, "same weights $W_{xh}$, $W_{hh}$, $W_{hy}$ at every step",
            ha="center", va="center", fontsize=10, style="italic", color="0.25")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
