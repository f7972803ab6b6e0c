"""The figures and computed sentences of Lecture 2's LSTM chapter.

The chapter (``book/lectures/lecture02/lstm.md``) builds an LSTM cell from scratch, loads a
trained model's weights into it to record its gates, and follows the gradient back through
its cell state. These functions draw what it measured and say what it shows, so the page's
cells keep the lesson's code. Measurements come in dicts keyed by framework (an id such as
``"tensorflow"``, a display name or an alias: ``introdl.frameworks``):

- ``copy_gate_weights``: give the chapter's PyTorch cell its TensorFlow cell's weights;
- ``plot_gate_maps``: a heatmap per gate and framework, units down and steps across;
- ``gates_summary``: what the TensorFlow model's gates did, in words;
- ``plot_gradient_flow``: ``||dL/dh_t||`` of a vanilla RNN against ``||dL/dc_t||`` of the LSTM
  for each forget-gate bias, on a log scale;
- ``gradient_flow_summary``: how much each of those gradients changes from the last step
  back to the first, in words (``introdl.lecture02.gradients.change``).

    >>> maps = {"input": np.array([[0.9, 0.1, 0.2]]), "forget": np.array([[0.5, 0.9, 0.95]]),
    ...         "output": np.array([[0.5, 0.5, 0.5]])}
    >>> print(gates_summary(maps))  # doctest: +ELLIPSIS
    Read from this run ...: after the first step the forget gate averages 0.925 over the units, so the cell state is mostly carried forward, ...
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import IDS, PYTORCH, TENSORFLOW, check_framework, display_name
from ..plotting import legend_with_frameworks, plot_framework_pair
from .gradients import change

__all__ = ["GATES_SHOWN", "copy_gate_weights", "gates_summary", "gradient_flow_summary", "plot_gate_maps",
           "plot_gradient_flow"]

GATES_SHOWN = ("input", "forget", "output")  # the three sigmoid gates, each between 0 and 1


def _by_framework(values, what: str) -> dict:
    """``values`` keyed by framework id, in the book's order; one entry per framework."""
    if not isinstance(values, Mapping):
        raise ValueError(f"{what} must be a dict with one entry per framework, got {type(values).__name__}.")
    by_id = {check_framework(framework): value for framework, value in values.items()}
    if set(by_id) != set(IDS) or len(values) != len(IDS):
        raise ValueError(f"{what} must hold one entry for each of {list(IDS)}, got {sorted(values)}.")
    return {framework: by_id[framework] for framework in IDS}


def _gate_maps(maps, what: str) -> dict:
    if not isinstance(maps, Mapping) or set(maps) != set(GATES_SHOWN):
        raise ValueError(f"{what} must map each of {list(GATES_SHOWN)} to a (units, steps) array of gate values.")
    arrays = {gate: np.asarray(maps[gate], dtype=np.float64) for gate in GATES_SHOWN}
    for gate, values in arrays.items():
        if values.ndim != 2 or values.shape[1] < 2:
            raise ValueError(f"{what}[{gate!r}] must be (units, steps) with at least two steps, got {values.shape}.")
    return arrays


WEIGHT_TABLES = ("W", "U", "b")  # the chapter's cells keep one dict of each, keyed by gate name


def copy_gate_weights(torch_cell, tf_cell) -> None:
    """Give a PyTorch cell a TensorFlow cell's weights, gate by gate (in place).

    Both cells keep their weights as the chapter's ``MyLSTMCell`` and ``MyLSTMCellTorch`` do:
    dicts ``W``, ``U`` and ``b`` keyed by gate name, each entry with the same shape and layout
    in both frameworks (a ``tf.Variable`` there, an ``nn.Parameter`` here). Every shape is
    checked before anything is written.
    """
    import torch

    pairs = []
    for table in WEIGHT_TABLES:
        source, target = getattr(tf_cell, table, None), getattr(torch_cell, table, None)
        if source is None or target is None or set(source) != set(target):
            raise ValueError(f"both cells need a dict {table!r} with the same gates; got "
                             f"{sorted(source) if source is not None else None} and "
                             f"{sorted(target) if target is not None else None}.")
        for gate in source:
            value = np.asarray(source[gate])
            if tuple(target[gate].shape) != value.shape:
                raise ValueError(f"{table}[{gate!r}]: the PyTorch cell's is {tuple(target[gate].shape)}, "
                                 f"the TensorFlow cell's {value.shape}.")
            pairs.append((target[gate], value))
    with torch.no_grad():
        for parameter, value in pairs:
            parameter.copy_(torch.from_numpy(value))


def plot_gate_maps(axes, gate_maps, first_symbol: int):
    """Heatmaps of the input, forget and output gates, one row of ``axes`` (2 x 3) per framework.

    ``gate_maps[framework][gate]`` is a (units, steps) array of that gate's values on one
    sequence, whose first symbol (``first_symbol``) goes into the title. Returns the last image
    (for a colour bar).
    """
    gate_maps = _by_framework(gate_maps, "gate_maps")
    axes = np.asarray(axes)
    if axes.shape != (len(IDS), len(GATES_SHOWN)):
        raise ValueError(f"axes must be a {len(IDS)} x {len(GATES_SHOWN)} grid (frameworks by gates), got {axes.shape}.")
    image = None
    for row, (framework, maps) in enumerate(gate_maps.items()):
        for ax, (gate, values) in zip(axes[row], _gate_maps(maps, f"gate_maps[{framework!r}]").items()):
            image = ax.imshow(values, aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
            ax.set_title(f"{display_name(framework)}: {gate} gate", fontsize=10)
        axes[row, 0].set_ylabel("unit")
    for ax in axes[-1]:
        ax.set_xlabel("step t")
    figure = axes[0, 0].figure
    figure.colorbar(image, ax=axes, shrink=0.8, label="gate value")
    figure.suptitle(f"Gates of the trained LSTM on one sequence (first symbol {first_symbol})")
    return image


def gates_summary(maps_tf) -> str:
    """What the TensorFlow model's gates did on the sequence: the forget gate after the first step,
    and the input gate at the first step against later ones, averaged over the units."""
    maps = _gate_maps(maps_tf, "maps_tf")
    forget = maps["forget"][:, 1:].mean()
    return (f"Read from this run (TensorFlow's model; PyTorch's is in the table at the end): after the first step "
            f"the forget gate averages {forget:.3f} over the units, so the cell "
            + ("state is mostly carried forward" if forget > 0.5 else "state is mostly overwritten, not carried forward")
            + f", and the input gate averages {maps['input'][:, 0].mean():.3f} at the first step against "
            f"{maps['input'][:, 1:].mean():.3f} later. The two trained models differ in detail because their training "
            "runs drift apart (the lecture's appendix measures why), not because their cells differ.")


def _norms(values, what: str) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"{what} must be the gradient norms of at least two steps, first to last; got {values.shape}.")
    return values


def _pair(values, what: str) -> dict:
    """A (TensorFlow's, PyTorch's) pair, or a dict keyed by framework, as a dict keyed by id."""
    if isinstance(values, tuple):
        if len(values) != len(IDS):
            raise ValueError(f"{what} must be a pair (TensorFlow's, PyTorch's), got {len(values)} items.")
        values = dict(zip(IDS, values))
    return _by_framework(values, what)


def plot_gradient_flow(ax, rnn_norms, lstm_norms):
    """The vanilla RNN's ``||dL/dh_t||`` and the LSTM's ``||dL/dc_t||`` for each forget-gate bias, log scale.

    ``rnn_norms`` holds each framework's array of norms for steps 1 to T, ``lstm_norms`` each
    framework's dict {forget-gate bias: norms} (at most four biases: they take the colours C1,
    C4, C5, C6). Each is a pair (TensorFlow's, PyTorch's) or a dict keyed by framework.
    """
    rnn_norms, lstm_norms = _pair(rnn_norms, "rnn_norms"), _pair(lstm_norms, "lstm_norms")
    biases = list(lstm_norms[TENSORFLOW])
    if not 1 <= len(biases) <= 4 or list(lstm_norms[PYTORCH]) != biases:
        raise ValueError("lstm_norms must give one to four forget-gate biases, the same in both frameworks, "
                         f"got {list(lstm_norms[TENSORFLOW])} and {list(lstm_norms[PYTORCH])}.")
    plot_framework_pair(ax, _norms(rnn_norms[TENSORFLOW], "rnn_norms"), _norms(rnn_norms[PYTORCH], "rnn_norms"),
                        r"vanilla tanh RNN, $\|\partial L/\partial h_t\|$", "C2",
                        x=np.arange(1, len(rnn_norms[TENSORFLOW]) + 1))
    for color, bias in zip(("C1", "C4", "C5", "C6"), biases):
        norms_tf, norms_torch = (_norms(lstm_norms[f][bias], "lstm_norms") for f in (TENSORFLOW, PYTORCH))
        plot_framework_pair(ax, norms_tf, norms_torch, rf"LSTM, forget bias {bias:g}, $\|\partial L/\partial c_t\|$",
                            color, x=np.arange(1, len(norms_tf) + 1))  # c_1 ... c_T
    ax.set(yscale="log", xlabel="step t", ylabel="gradient norm (loss at the last step)",
           title="Gradient norms from the last step back: RNN state against LSTM cell state")
    ax.grid(alpha=0.3)
    legend_with_frameworks(ax, fontsize=8)


def gradient_flow_summary(rnn_norms, lstm_norms, forget_bias: float) -> str:
    """How the gradient changes going back from the last step to the first: in the vanilla RNN
    (``rnn_norms``), and through the LSTM's cell state with forget bias 1 and ``forget_bias``
    (``lstm_norms[bias]``; TensorFlow's norms, which the page asserts PyTorch's equal)."""
    if not isinstance(lstm_norms, Mapping) or not {1.0, forget_bias} <= set(lstm_norms):
        raise ValueError(f"lstm_norms must hold the norms for forget bias 1 and {forget_bias:g}, got {list(lstm_norms)}.")
    return (f"Going back from the last step to the first, this run's gradient {change(_norms(rnn_norms, 'rnn_norms'))} in "
            f"the vanilla RNN, while through the LSTM's cell state it {change(_norms(lstm_norms[1.0], 'lstm_norms'))} "
            f"with forget bias 1 and {change(_norms(lstm_norms[forget_bias], 'lstm_norms'))} with forget bias "
            f"{forget_bias:g}. (With the forget gate near 1 it may even grow going back: the cell state at an early step "
            "also reaches the loss through the later gates.)")
