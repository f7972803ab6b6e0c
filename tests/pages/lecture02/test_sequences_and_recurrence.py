"""Lecture 2's first chapter, sequences and the recurrence: it runs alone, its from-scratch RNN
equals SimpleRNN and nn.RNN, and as built it has every section, figure and result."""

import numpy as np
import pytest

from lecture02_chapter_runs import check_first_cell_is_setup, images, results_rows, run_chapter, stderr
from lecture02_chapters import (chapter_html, check_results_table, figures, missing_sections, source_path,
                                tagged_cells_namespace)

NAME = "sequences_and_recurrence"
PAGE = f"book/lectures/lecture02/{NAME}"
TOLERANCE = 1e-5

SECTIONS = ["Sequences and the recurrence", "Sequences, and what a model can do with them", "The recurrence",
            "Results"]
EXPERIMENTS = ["Sequence patterns", "RNN cell from scratch"]
PATTERN_SHAPES = {"one to one": "(2, 4)", "many to one": "(2, 4)", "one to many": "(2, 5, 4)",
                  "many to many": "(2, 5, 4)"}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_every_pattern_gives_the_same_shape_in_both_frameworks(run):
    rows = results_rows(run)
    for name, shape in PATTERN_SHAPES.items():
        assert rows["Sequence patterns", f"{name}: output shape"] == (shape, shape)


def test_the_scratch_cell_equals_the_built_in_layers_on_the_page(run):
    tf_value, torch_value = results_rows(run)["RNN cell from scratch", "max |ours - built-in| (SimpleRNN / nn.RNN)"]
    assert float(tf_value) < TOLERANCE and float(torch_value) < TOLERANCE


def test_both_diagrams_are_drawn(run):
    assert len(images(run)) == 2  # the four patterns, the unrolled RNN


def test_the_source_links_the_lecture_and_the_next_chapter():
    text = source_path(PAGE).read_text()
    assert "{doc}`Lecture 2, deep sequence modeling <index>`" in text and "{doc}`next_word`" in text


def test_scratch_rnn_equals_simple_rnn_and_nn_rnn():
    import tensorflow as tf
    import torch
    from torch import nn

    rng = np.random.default_rng(2024)
    units, inputs, outputs, steps = 7, 5, 2, 9
    x = rng.normal(size=(3, steps, inputs)).astype(np.float32)

    ns_tf = tagged_cells_namespace(PAGE, "scratch-rnn", "tensorflow")
    cell_tf = ns_tf["MyRNNCell"](units, inputs, outputs)
    y_tf, h_tf = ns_tf["unroll_tf"](cell_tf, tf.constant(x))
    assert tuple(h_tf.shape) == (3, steps, units) and tuple(y_tf.shape) == (3, steps, outputs)
    builtin = tf.keras.layers.SimpleRNN(units, use_bias=False, return_sequences=True)
    builtin(x)
    builtin.set_weights([cell_tf.W_xh.numpy().T, cell_tf.W_hh.numpy().T])
    assert np.abs(h_tf.numpy() - builtin(x).numpy()).max() < TOLERANCE
    assert np.abs(y_tf.numpy() - h_tf.numpy() @ cell_tf.W_hy.numpy().T).max() < TOLERANCE

    ns_torch = tagged_cells_namespace(PAGE, "scratch-rnn", "pytorch")
    cell_torch = ns_torch["MyRNNCellTorch"](units, inputs, outputs)
    reference = nn.RNN(inputs, units, bias=False, batch_first=True)
    with torch.no_grad():
        for name in ("W_xh", "W_hh", "W_hy"):  # the TensorFlow cell's weights: the frameworks must agree too
            getattr(cell_torch, name).copy_(torch.from_numpy(getattr(cell_tf, name).numpy()))
        y_torch, h_torch = ns_torch["unroll_torch"](cell_torch, torch.from_numpy(x))
        reference.weight_ih_l0.copy_(cell_torch.W_xh)
        reference.weight_hh_l0.copy_(cell_torch.W_hh)
        assert (h_torch - reference(torch.from_numpy(x))[0]).abs().max().item() < TOLERANCE
    assert np.abs(y_torch.numpy() - y_tf.numpy()).max() < TOLERANCE


def test_scratch_rnn_is_not_trivially_equal():
    """The comparison can fail: a cell with a changed W_hh no longer matches SimpleRNN."""
    import tensorflow as tf

    ns_tf = tagged_cells_namespace(PAGE, "scratch-rnn", "tensorflow")
    cell = ns_tf["MyRNNCell"](4, 3, 2)
    x = np.random.default_rng(2024).normal(size=(2, 6, 3)).astype(np.float32)
    _, h = ns_tf["unroll_tf"](cell, tf.constant(x))
    builtin = tf.keras.layers.SimpleRNN(4, use_bias=False, return_sequences=True)
    builtin(x)
    builtin.set_weights([cell.W_xh.numpy().T, 1.1 * cell.W_hh.numpy().T])
    assert np.abs(h.numpy() - builtin(x).numpy()).max() > 1e-3


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_both_figures_are_rendered(html):
    assert len(figures(html)) >= 2, figures(html)


def test_the_scratch_cells_sit_in_framework_tabs(html):
    import re

    assert len(html.split('<div class="sd-tab-set framework-tabs')) - 1 >= 3
    assert "classMyRNNCell" in re.sub(r"<[^>]+>|\s", "", html)


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)
