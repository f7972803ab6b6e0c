"""The figures of Lecture 2's chapters: the plot styling, kept off the pages.

Each helper draws into Matplotlib axes the page created, as ``introdl.plotting``'s do, so the
page keeps the figure's size, title and ``plt.show()``. Runs come as dicts keyed by framework
id (``introdl.frameworks.TENSORFLOW`` and ``PYTORCH``, as ``train_side_by_side`` keys its
histories); TensorFlow is drawn solid and PyTorch dashed, one colour per quantity
(``introdl.plotting.plot_framework_pair``).

- ``smooth``: a moving average over 25 steps, to read a noisy per-batch loss curve;
- ``plot_next_word_losses``: the next-word model's training loss, held-out loss and the
  loss of a uniform guess;
- ``plot_state_gradient_norms``: backpropagation through time, ``||dL/dh_t||`` per step for
  tanh and ReLU RNNs and several recurrent-weight scales;
- ``plot_clipping_runs``: training without and with gradient clipping, marking the first
  step whose loss is not finite;
- ``plot_copy_first_losses``: the copy-first-symbol models' training losses.
"""

from __future__ import annotations

import numpy as np

from ..frameworks import IDS, PYTORCH, TENSORFLOW, display_name
from ..plotting import framework_style, legend_with_frameworks, moving_average, plot_framework_pair

__all__ = [
    "first_non_finite",
    "plot_clipping_runs",
    "plot_copy_first_losses",
    "plot_next_word_losses",
    "plot_state_gradient_norms",
    "smooth",
]

SMOOTHING_WIDTH = 25  # steps per moving average


def smooth(values):
    return moving_average(values, SMOOTHING_WIDTH)  # a noisy per-batch loss curve, made readable


def _by_framework(values, what: str) -> dict:
    if not isinstance(values, dict) or set(values) != set(IDS):
        got = sorted(values) if isinstance(values, dict) else type(values).__name__
        raise ValueError(f"{what} must be a dict with one entry per framework, keys {list(IDS)}; got {got}.")
    return values


def _style(framework) -> dict:
    return framework_style(display_name(framework))


def first_non_finite(values):
    """The index of the first NaN or infinite value, or None if every value is finite."""
    bad = np.flatnonzero(~np.isfinite(np.asarray(values, dtype=np.float64)))
    return int(bad[0]) if len(bad) else None


def plot_next_word_losses(ax, losses, held_out, vocabulary_size: int):
    """Training loss (moving average), held-out loss after training, and ln(vocabulary) for a uniform guess."""
    losses, held_out = _by_framework(losses, "losses"), _by_framework(held_out, "held_out")
    plot_framework_pair(ax, smooth(losses[TENSORFLOW]), smooth(losses[PYTORCH]),
                        "training loss (moving average)", "C0")
    for framework in IDS:
        ax.axhline(held_out[framework], color="C1", lw=1, **_style(framework))
    ax.plot([], [], color="C1", label="held-out loss after training")
    ax.axhline(np.log(vocabulary_size), color="0.6", ls=":", label="uniform guess, ln(vocabulary)")
    ax.set(xlabel="step", ylabel="cross-entropy")
    ax.grid(alpha=0.3)
    legend_with_frameworks(ax, fontsize=8)


def plot_state_gradient_norms(axes, norms_tf, norms_torch, activations=("tanh", "ReLU"), scales=(0.5, 1.0, 1.5)):
    """One log-scale panel per activation: ``||dL/dh_t||`` for h_1 ... h_T, one colour per scale.

    ``norms_tf`` and ``norms_torch`` map ``(activation, scale)`` to the norms of steps 1 ... T.
    """
    axes = list(np.ravel(axes))
    if len(axes) != len(activations):
        raise ValueError(f"give one axes per activation: {len(activations)} activations, {len(axes)} axes.")
    for ax, name in zip(axes, activations):
        for color, scale in zip(("C0", "C2", "C3", "C4", "C5"), scales):
            values = norms_tf[name, scale]
            plot_framework_pair(ax, values, norms_torch[name, scale], f"spectral radius of $W_{{hh}}$ = {scale}", color,
                                x=np.arange(1, len(values) + 1))  # h_1 ... h_T: h_0 = 0 is not computed
        ax.set(yscale="log", xlabel="step t", title=f"{name} RNN")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(r"$\|\partial L / \partial h_t\|$  (loss at the last step)")
    legend_with_frameworks(axes[-1], fontsize=8)


def plot_clipping_runs(axes, runs, n_symbols: int, steps: int):
    """Left: the loss without clipping (log scale), a red line where it stops being finite; right: clipped.

    ``runs[clipped][framework]`` is ``(losses, gradient_norms)`` for ``clipped`` False and True.
    """
    axes = list(np.ravel(axes))
    if len(axes) != 2 or set(runs) != {False, True}:
        raise ValueError("give two axes and runs keyed by clipped = False and True.")
    for ax, clipped in zip(axes, (False, True)):
        run = _by_framework(runs[clipped], "each run")
        plot_framework_pair(ax, run[TENSORFLOW][0], run[PYTORCH][0], "training loss", "C0")
        for height, framework in zip((0.95, 0.85), IDS):
            losses = run[framework][0]
            step = first_non_finite(losses)
            if step is not None:  # a NaN or infinite loss cannot be drawn: mark where it starts
                ax.axvline(step, color="C3", lw=1, **_style(framework))
                before = f"loss {losses[step - 1]:.1e} at step {step - 1}, then " if step else "loss "
                ax.text(step, height, f" {display_name(framework)}: {before}{losses[step]}",
                        color="C3", transform=ax.get_xaxis_transform(), fontsize=8, va="top")
        ax.axhline(np.log(n_symbols), color="0.6", ls=":", label=f"chance, ln {n_symbols}")
        ax.set(title="clipped at global norm 1" if clipped else "no clipping (log scale)", xlabel="step",
               yscale="linear" if clipped else "log", xlim=(0, steps))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("cross-entropy")
    axes[1].set_ylim(0, 2 * np.log(n_symbols))  # the first few clipped steps go higher
    legend_with_frameworks(axes[1], fontsize=8)


def plot_copy_first_losses(ax, runs, kinds, n_symbols: int):
    """Each model's training loss (moving average), one colour per kind, and chance, ln(n_symbols)."""
    for color, kind in zip(("C0", "C1", "C2", "C4", "C5", "C6"), kinds):
        losses = _by_framework(runs[kind]["losses"], f"runs[{kind!r}]['losses']")
        plot_framework_pair(ax, smooth(losses[TENSORFLOW]), smooth(losses[PYTORCH]), kind, color)
    ax.axhline(np.log(n_symbols), color="0.6", ls=":", label=f"chance, ln {n_symbols}")
    ax.set(xlabel="step", ylabel="cross-entropy (moving average)")
    ax.grid(alpha=0.3)
    legend_with_frameworks(ax, fontsize=8, loc="center right")
