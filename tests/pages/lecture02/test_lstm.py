"""Lecture 2's LSTM chapter: it runs alone, its from-scratch LSTM cell equals Keras' LSTM and
nn.LSTM (the chapter's own cells, run here with other sizes and weights), and as built in the
smoke profile it has every section, figure and result."""

import re

import numpy as np
import pytest

from lecture02_chapters import (chapter_html, check_results_table, check_runs_alone, figures, missing_sections,
                                source_path, tagged_cells_namespace)

PAGE = "book/lectures/lecture02/lstm"
SOURCE = source_path(PAGE)
TOLERANCE = 1e-5

SECTIONS = ["The LSTM", "The cell from scratch", "The gates at work", "Gradient flow through the cell state"]
EXPERIMENTS = ["LSTM cell from scratch", "Trained LSTM gates", "Gradient flow through the cell state"]


def test_the_chapter_runs_alone():
    check_runs_alone(PAGE)


def test_the_source_stays_short_and_keeps_its_citations():
    text = SOURCE.read_text()
    assert len(text.splitlines()) <= 700
    for citation in ("Hochreiter and Schmidhuber, 1997", "Gers, Schmidhuber and Cummins, 2000", "Cho et al., 2014"):
        assert citation in text, citation


def test_the_trained_lstm_is_the_remedies_one():
    """The gates are read from the LSTM of gradients_through_time: the same task and budget."""
    remedies = source_path("book/lectures/lecture02/gradients_through_time").read_text()
    for setting in ("CopyFirstTask(length=by_profile(smoke=5, full=20))", "by_profile(smoke=20, full=800)"):
        assert setting in remedies and setting in SOURCE.read_text(), setting


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_every_figure_is_rendered(html):
    assert len(figures(html)) >= 2, figures(html)  # the gates, the cell-state gradient


def test_the_scratch_cells_sit_in_framework_tabs(html):
    assert len(html.split('<div class="sd-tab-set framework-tabs')) - 1 >= 4
    text = re.sub(r"<[^>]+>|\s", "", html)  # the code as text, without its highlighting tags
    for name in ("class MyLSTMCell(", "class MyLSTMCellTorch(", "def load_torch_lstm_weights"):
        assert name.replace(" ", "") in text, name


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)


@pytest.fixture(scope="module")
def rng():
    return np.random.default_rng(2024)


def test_scratch_lstm_equals_keras_lstm_and_nn_lstm(rng):
    import tensorflow as tf
    import torch
    from torch import nn

    units, inputs, steps = 6, 3, 11
    x = rng.normal(size=(2, steps, inputs)).astype(np.float32)

    ns_tf = tagged_cells_namespace(PAGE, "scratch-lstm", "tensorflow")
    cell_tf = ns_tf["MyLSTMCell"](units, inputs)
    cell_tf(x[:, 0], (tf.zeros((2, units)),) * 2)
    for gate in ns_tf["LSTM_GATES"]:  # distinct non-zero biases: a bias in the wrong gate would show
        cell_tf.b[gate].assign(rng.normal(size=units).astype(np.float32))
    outputs_tf, cells_tf, gates_tf = ns_tf["run_lstm_tf"](cell_tf, tf.constant(x))
    builtin = tf.keras.layers.LSTM(units, return_sequences=True, return_state=True)
    builtin(x)
    builtin.set_weights(ns_tf["keras_lstm_weights"](cell_tf))
    sequence, _, last_cell = builtin(x)
    assert np.abs(tf.stack(outputs_tf, axis=1).numpy() - sequence.numpy()).max() < TOLERANCE
    assert np.abs(cells_tf[-1].numpy() - last_cell.numpy()).max() < TOLERANCE
    assert set(gates_tf[0]) == {"input", "forget", "output"}
    assert all(0 <= float(tf.reduce_min(g)) and float(tf.reduce_max(g)) <= 1 for g in gates_tf[0].values())

    ns_torch = tagged_cells_namespace(PAGE, "scratch-lstm", "pytorch")
    cell_torch = ns_torch["MyLSTMCellTorch"](units, inputs)
    with torch.no_grad():
        for table in ("W", "U", "b"):
            for gate in ns_torch["LSTM_GATES"]:
                getattr(cell_torch, table)[gate].copy_(torch.from_numpy(getattr(cell_tf, table)[gate].numpy()))
        outputs_torch, cells_torch, _ = ns_torch["run_lstm_torch"](cell_torch, torch.from_numpy(x))
        reference = nn.LSTM(inputs, units, batch_first=True)
        ns_torch["load_torch_lstm_weights"](reference, cell_torch)
        sequence_torch, (_, last_cell_torch) = reference(torch.from_numpy(x))
    assert (torch.stack(outputs_torch, dim=1) - sequence_torch).abs().max().item() < TOLERANCE
    assert (cells_torch[-1] - last_cell_torch[0]).abs().max().item() < TOLERANCE
    assert np.abs(torch.stack(outputs_torch, dim=1).numpy() - tf.stack(outputs_tf, axis=1).numpy()).max() < TOLERANCE


def test_swapping_two_lstm_gates_breaks_the_equality(rng):
    """The gate order matters, so the check above would catch a mix-up."""
    import tensorflow as tf

    ns_tf = tagged_cells_namespace(PAGE, "scratch-lstm", "tensorflow")
    cell = ns_tf["MyLSTMCell"](4, 3)
    x = rng.normal(size=(1, 5, 3)).astype(np.float32)
    cell(x[:, 0], (tf.zeros((1, 4)),) * 2)
    outputs, _, _ = ns_tf["run_lstm_tf"](cell, tf.constant(x))
    kernel, recurrent, bias = ns_tf["keras_lstm_weights"](cell)
    swap = np.r_[4:8, 0:4, 8:16]  # forget block where the input block belongs, and back
    builtin = tf.keras.layers.LSTM(4, return_sequences=True)
    builtin(x)
    builtin.set_weights([kernel[:, swap], recurrent[:, swap], bias[swap]])
    assert np.abs(tf.stack(outputs, axis=1).numpy() - builtin(x).numpy()).max() > 1e-3
