"""introdl.lecture01.data: the same starting weights and the same mini-batches for both frameworks."""

import numpy as np
import pytest

from introdl.lecture01.data import epoch_orders, glorot_weights, tf_batches, tf_fit_in_order, to_torch, torch_batches

tf = pytest.importorskip("tensorflow")
torch = pytest.importorskip("torch")

X = np.arange(14, dtype=np.float32).reshape(7, 2)
Y = (np.arange(7) % 2).astype(np.float32)


def test_glorot_weights_have_keras_shapes_range_and_zero_biases():
    weights = glorot_weights([2, 16, 3, 1], seed=0)
    assert [(k.shape, b.shape) for k, b in weights] == [((2, 16), (16,)), ((16, 3), (3,)), ((3, 1), (1,))]
    for (kernel, bias), (n_in, n_out) in zip(weights, [(2, 16), (16, 3), (3, 1)]):
        assert kernel.dtype == bias.dtype == np.float32
        assert np.abs(kernel).max() <= np.sqrt(6 / (n_in + n_out))
        assert not bias.any()
    again = glorot_weights([2, 16, 3, 1], seed=0)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(weights, again))
    assert not np.array_equal(weights[0][0], glorot_weights([2, 16, 3, 1], seed=1)[0][0])


def test_glorot_weights_refuse_bad_sizes():
    with pytest.raises(ValueError, match="input width and at least one layer"):
        glorot_weights([2], seed=0)
    with pytest.raises(ValueError, match="at least 1"):
        glorot_weights([2, 0, 1], seed=0)
    with pytest.raises(TypeError, match="must be an int"):
        glorot_weights([2, 1.5, 1], seed=0)


def test_epoch_orders_are_seeded_permutations_one_row_per_epoch():
    orders = epoch_orders(7, epochs=4, seed=3)
    assert orders.shape == (4, 7)
    assert all(sorted(row) == list(range(7)) for row in orders)
    assert np.array_equal(orders, epoch_orders(7, 4, seed=3))
    assert len({tuple(row) for row in orders}) > 1  # a new order each epoch
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        epoch_orders(7, epochs=0, seed=3)


def test_both_frameworks_get_the_same_batches_in_the_same_order():
    orders = epoch_orders(len(X), epochs=2, seed=1)
    tf_stream = [(x.numpy(), y.numpy()) for x, y in tf_batches(X, Y, orders, batch_size=3)]
    torch_stream = [(x.cpu().numpy(), y.cpu().numpy()) for order in orders
                    for x, y in torch_batches(X, Y, order, batch_size=3, device="cpu")]
    assert [len(x) for x, _ in tf_stream] == [3, 3, 1, 3, 3, 1]  # the last batch of each epoch is smaller
    assert len(tf_stream) == len(torch_stream)
    for (tf_x, tf_y), (torch_x, torch_y) in zip(tf_stream, torch_stream):
        np.testing.assert_array_equal(tf_x, torch_x)
        np.testing.assert_array_equal(tf_y, torch_y[:, 0])
        assert torch_y.shape == (len(torch_x), 1)
    np.testing.assert_array_equal(tf_stream[0][0], X[orders[0][:3]])


def test_tf_fit_in_order_runs_one_epoch_per_row():
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.001), loss="mse")
    history = tf_fit_in_order(model, X, Y, epoch_orders(len(X), epochs=3, seed=0), batch_size=4)
    assert len(history.history["loss"]) == 3


def test_batches_refuse_orders_that_do_not_fit_the_data():
    with pytest.raises(ValueError, match="indices from 0 to 7"):
        list(tf_batches(X, Y, [np.arange(8)]))
    with pytest.raises(ValueError, match="one epoch's order"):
        torch_batches(X, Y, epoch_orders(len(X), 2, seed=0), device="cpu")
    with pytest.raises(ValueError, match="one label per example"):
        torch_batches(X, Y[:-1], np.arange(len(X)), device="cpu")
    with pytest.raises(ValueError, match="integer indices"):
        torch_batches(X, Y, np.linspace(0, 1, len(X)), device="cpu")


def test_to_torch_keeps_values_and_dtype():
    tensor = to_torch(X, "cpu")
    assert tensor.dtype == torch.float32 and tensor.device.type == "cpu"
    np.testing.assert_array_equal(tensor.numpy(), X)
