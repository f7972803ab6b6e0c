"""introdl.lecture02.lstm_report: the LSTM chapter's weight copy, figures and sentences."""

import doctest

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.frameworks import PYTORCH, TENSORFLOW  # noqa: E402
from introdl.lecture02 import lstm_report  # noqa: E402
from introdl.lecture02.lstm_report import (  # noqa: E402
    copy_gate_weights, gates_summary, gradient_flow_summary, plot_gate_maps, plot_gradient_flow)

GATES = ("input", "forget", "cell", "output")


def test_the_docstring_example_runs():
    assert doctest.testmod(lstm_report).failed == 0


class Cell:
    """Stands for the chapter's cells: dicts W, U, b keyed by gate."""

    def __init__(self, make, units=3, inputs=2):
        self.W = {g: make((units, inputs), k) for k, g in enumerate(GATES)}
        self.U = {g: make((units, units), 10 + k) for k, g in enumerate(GATES)}
        self.b = {g: make((units,), 20 + k) for k, g in enumerate(GATES)}


def test_copy_gate_weights_copies_every_table_and_gate():
    import tensorflow as tf
    import torch

    tf_cell = Cell(lambda shape, k: tf.Variable(np.random.default_rng(k).normal(size=shape).astype(np.float32)))
    torch_cell = Cell(lambda shape, k: torch.nn.Parameter(torch.zeros(shape)))
    copy_gate_weights(torch_cell, tf_cell)
    for table in ("W", "U", "b"):
        for g in GATES:
            np.testing.assert_array_equal(getattr(torch_cell, table)[g].detach().numpy(), getattr(tf_cell, table)[g].numpy())
    assert all(p.requires_grad for p in torch_cell.W.values())  # still parameters, copied without autograd


def test_copy_gate_weights_refuses_other_shapes_and_gates_and_writes_nothing():
    import torch

    tf_cell = Cell(lambda shape, k: np.ones(shape, np.float32))
    torch_cell = Cell(lambda shape, k: torch.nn.Parameter(torch.zeros(shape)), units=4)
    with pytest.raises(ValueError, match=r"W\['input'\]: the PyTorch cell's is \(4, 2\)"):
        copy_gate_weights(torch_cell, tf_cell)
    assert all(float(w.abs().max()) == 0 for w in torch_cell.W.values())
    torch_cell = Cell(lambda shape, k: torch.nn.Parameter(torch.zeros(shape)))
    del torch_cell.b["output"]
    with pytest.raises(ValueError, match="the same gates"):
        copy_gate_weights(torch_cell, tf_cell)
    assert all(float(w.abs().max()) == 0 for w in torch_cell.W.values())  # the check comes before any copy


def maps(forget_later, input_first=0.9):
    return {"input": np.array([[input_first, 0.1, 0.1], [input_first, 0.2, 0.2]]),
            "forget": np.array([[0.2, forget_later, forget_later], [0.2, forget_later, forget_later]]),
            "output": np.full((2, 3), 0.5)}


def test_gates_summary_says_carried_or_overwritten():
    carried = gates_summary(maps(0.99))
    assert "the forget gate averages 0.990 over the units, so the cell state is mostly carried forward" in carried
    assert "the input gate averages 0.900 at the first step against 0.150 later" in carried
    assert "mostly overwritten, not carried forward" in gates_summary(maps(0.1))
    with pytest.raises(ValueError, match="at least two steps"):
        gates_summary({gate: np.zeros((2, 1)) for gate in ("input", "forget", "output")})
    with pytest.raises(ValueError, match="must map each of"):
        gates_summary({"input": np.zeros((2, 3))})


def test_plot_gate_maps_draws_a_row_per_framework():
    fig, axes = plt.subplots(2, 3)
    plot_gate_maps(axes, {TENSORFLOW: maps(0.9), "PyTorch": maps(0.8)}, first_symbol=3)
    assert axes[0, 1].get_title() == "TensorFlow: forget gate" and axes[1, 2].get_title() == "PyTorch: output gate"
    assert fig._suptitle.get_text() == "Gates of the trained LSTM on one sequence (first symbol 3)"
    with pytest.raises(ValueError, match="one entry for each"):
        plot_gate_maps(axes, {TENSORFLOW: maps(0.9)}, first_symbol=3)
    plt.close(fig)


def test_plot_gradient_flow_takes_pairs_or_dicts():
    rnn = np.geomspace(1e-6, 1, 10)
    lstm = {1.0: np.geomspace(1e-2, 1, 10), 5.0: np.linspace(2, 1, 10)}
    fig, ax = plt.subplots()
    plot_gradient_flow(ax, (rnn, rnn), (lstm, lstm))
    assert len(ax.lines) == 2 * 3 and ax.get_yscale() == "log"
    plot_gradient_flow(ax, {TENSORFLOW: rnn, PYTORCH: rnn}, {TENSORFLOW: lstm, PYTORCH: lstm})
    with pytest.raises(ValueError, match="the same in both frameworks"):
        plot_gradient_flow(ax, (rnn, rnn), (lstm, {1.0: lstm[1.0]}))
    with pytest.raises(ValueError, match="a pair"):
        plot_gradient_flow(ax, (rnn,), (lstm, lstm))
    plt.close(fig)


def test_gradient_flow_summary_in_words():
    text = gradient_flow_summary(np.array([1e-6, 1.0]), {1.0: np.array([1e-2, 1.0]), 5.0: np.array([2.0, 1.0])}, 5.0)
    assert text.startswith("Going back from the last step to the first, this run's gradient shrinks 1.0e+06-fold in "
                           "the vanilla RNN, while through the LSTM's cell state it shrinks 1.0e+02-fold with forget "
                           "bias 1 and grows 2.0e+00-fold with forget bias 5.")
    with pytest.raises(ValueError, match="forget bias 1 and 5"):
        gradient_flow_summary(np.array([1e-6, 1.0]), {5.0: np.array([2.0, 1.0])}, 5.0)
