"""The Lecture 2 page's from-scratch RNN, LSTM and attention equal the built-in layers.

The code under test is the page's own: the cells tagged ``scratch-rnn``, ``scratch-lstm`` and
``scratch-attention`` are read from the page with jupytext and executed here, so the page and
these tests cannot drift apart. Each check uses sizes and weights the page does not use.
"""

import jupytext
import numpy as np
import pytest

from book_testing import REPO_ROOT

PAGE = REPO_ROOT / "book" / "lectures" / "lecture02_sequence.md"
TOLERANCE = 1e-5


def page_namespace(tag: str, framework: str) -> dict:
    """Execute the page's cells tagged both ``tag`` and ``framework``; return their names."""
    import tensorflow as tf
    import torch
    import torch.nn.functional as F
    from torch import nn

    namespace = {"np": np, "tf": tf, "layers": tf.keras.layers, "torch": torch, "nn": nn, "F": F}
    cells = [cell for cell in jupytext.read(PAGE).cells
             if cell.cell_type == "code" and {tag, framework} <= set(cell.metadata.get("tags", []))]
    assert cells, f"no cell tagged [{framework}, {tag}] on {PAGE.name}"
    for cell in cells:
        exec(compile(cell.source, f"{PAGE.name}:{tag}:{framework}", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def rng():
    return np.random.default_rng(2024)


def test_scratch_rnn_equals_simple_rnn_and_nn_rnn(rng):
    import tensorflow as tf
    import torch
    from torch import nn

    units, inputs, outputs, steps = 7, 5, 2, 9
    x = rng.normal(size=(3, steps, inputs)).astype(np.float32)

    ns_tf = page_namespace("scratch-rnn", "tensorflow")
    cell_tf = ns_tf["MyRNNCell"](units, inputs, outputs)
    y_tf, h_tf = ns_tf["unroll_tf"](cell_tf, tf.constant(x))
    assert tuple(h_tf.shape) == (3, steps, units) and tuple(y_tf.shape) == (3, steps, outputs)
    builtin = tf.keras.layers.SimpleRNN(units, use_bias=False, return_sequences=True)
    builtin(x)
    builtin.set_weights([cell_tf.W_xh.numpy().T, cell_tf.W_hh.numpy().T])
    assert np.abs(h_tf.numpy() - builtin(x).numpy()).max() < TOLERANCE
    assert np.abs(y_tf.numpy() - h_tf.numpy() @ cell_tf.W_hy.numpy().T).max() < TOLERANCE

    ns_torch = page_namespace("scratch-rnn", "pytorch")
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


def test_scratch_rnn_is_not_trivially_equal(rng):
    """The comparison can fail: a cell with a changed W_hh no longer matches SimpleRNN."""
    import tensorflow as tf

    ns_tf = page_namespace("scratch-rnn", "tensorflow")
    cell = ns_tf["MyRNNCell"](4, 3, 2)
    x = rng.normal(size=(2, 6, 3)).astype(np.float32)
    _, h = ns_tf["unroll_tf"](cell, tf.constant(x))
    builtin = tf.keras.layers.SimpleRNN(4, use_bias=False, return_sequences=True)
    builtin(x)
    builtin.set_weights([cell.W_xh.numpy().T, 1.1 * cell.W_hh.numpy().T])
    assert np.abs(h.numpy() - builtin(x).numpy()).max() > 1e-3


def test_scratch_lstm_equals_keras_lstm_and_nn_lstm(rng):
    import tensorflow as tf
    import torch
    from torch import nn

    units, inputs, steps = 6, 3, 11
    x = rng.normal(size=(2, steps, inputs)).astype(np.float32)

    ns_tf = page_namespace("scratch-lstm", "tensorflow")
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

    ns_torch = page_namespace("scratch-lstm", "pytorch")
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

    ns_tf = page_namespace("scratch-lstm", "tensorflow")
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


def test_scratch_attention_equals_multi_head_attention_and_sdpa(rng):
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    q, k, v = (rng.normal(size=(3, n, d)).astype(np.float32) for n, d in ((4, 6), (7, 6), (7, 6)))
    ns_tf = page_namespace("scratch-attention", "tensorflow")
    ours_tf, weights_tf = ns_tf["scaled_dot_product_attention_tf"](q, k, v)
    np.testing.assert_allclose(weights_tf.numpy().sum(axis=-1), 1, atol=1e-6)
    mha = tf.keras.layers.MultiHeadAttention(num_heads=1, key_dim=6)
    mha(q, v, key=k)
    mha.set_weights([np.eye(6, dtype=np.float32).reshape(w.shape) if w.ndim == 3 else np.zeros_like(w)
                     for w in mha.get_weights()])
    builtin, builtin_weights = mha(q, v, key=k, return_attention_scores=True)
    assert np.abs(ours_tf.numpy() - builtin.numpy()).max() < TOLERANCE
    assert np.abs(weights_tf.numpy() - builtin_weights.numpy()[:, 0]).max() < TOLERANCE

    ns_torch = page_namespace("scratch-attention", "pytorch")
    qt, kt, vt = map(torch.from_numpy, (q, k, v))
    ours_torch, _ = ns_torch["scaled_dot_product_attention_torch"](qt, kt, vt)
    assert (ours_torch - F.scaled_dot_product_attention(qt, kt, vt)).abs().max().item() < TOLERANCE
    assert np.abs(ours_torch.numpy() - ours_tf.numpy()).max() < TOLERANCE
    # Without the 1/sqrt(d_k) scale the result differs: the check is sensitive to it.
    unscaled = torch.softmax(qt @ kt.transpose(-2, -1), dim=-1) @ vt
    assert (ours_torch - unscaled).abs().max().item() > 1e-3
