"""The same start and the same mini-batches for both frameworks: Lecture 1's data plumbing.

Left to themselves, Keras and PyTorch would start every experiment from different random
weights and shuffle the examples into different mini-batches, so their results would differ
by chance. Lecture 1's chapters therefore draw the starting weights once with NumPy and fix
every epoch's order of the examples in advance, then hand both to each framework::

    from introdl.lecture01.data import epoch_orders, glorot_weights, tf_fit_in_order, torch_batches

    start = glorot_weights([2, 16, 16, 1], seed=2)     # (kernel, bias) per layer, Keras' layout
    orders = epoch_orders(len(X), epochs=25, seed=2)   # row e: the order of epoch e
    tf_fit_in_order(keras_model, X, y, orders)          # model.fit over exactly those batches
    for order in orders:
        batches = torch_batches(X, y, order)            # the same batches as PyTorch tensors

A kernel has shape ``(inputs, outputs)``, as Keras stores it; ``introdl.weights`` loads such
a pair into an ``nn.Linear``. TensorFlow and PyTorch are imported only by the functions that
need them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["epoch_orders", "glorot_weights", "tf_batches", "tf_fit_in_order", "to_torch", "torch_batches"]


def _check_count(value, what: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{what} must be an int, got {type(value).__name__} {value!r}.")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value}.")
    return int(value)


def _check_xy(X, y):
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (examples, features) with at least one example, got {X.shape}.")
    if y.reshape(len(y), -1).shape != (len(X), 1):
        raise ValueError(f"y must hold one label per example of X ({len(X)}), got shape {y.shape}.")
    return X, y.reshape(-1)


def _check_orders(orders, n_examples: int, what: str = "orders"):
    orders = np.asarray(orders)
    if orders.ndim == 1:
        orders = orders[None, :]
    if orders.ndim != 2 or orders.shape[1] == 0 or not np.issubdtype(orders.dtype, np.integer):
        raise ValueError(f"{what} must hold integer indices of examples, one row per epoch, got "
                         f"shape {orders.shape} and dtype {orders.dtype}.")
    if orders.min() < 0 or orders.max() >= n_examples:
        raise ValueError(f"{what} holds indices from {orders.min()} to {orders.max()}, but there are "
                         f"{n_examples} examples (indices 0 to {n_examples - 1}).")
    return orders


def glorot_weights(layer_sizes, seed):
    """(kernel of shape (inputs, outputs), bias) per layer: Keras' default Glorot-uniform kernels, zero biases.

    ``layer_sizes`` lists the widths from the input to the output, e.g. ``[2, 16, 16, 1]``.
    Each kernel is drawn uniformly from ``±sqrt(6 / (inputs + outputs))``, as Keras'
    ``GlorotUniform`` does; the arrays are float32.
    """
    sizes = [_check_count(size, "every layer size") for size in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs the input width and at least one layer's, got {list(layer_sizes)}.")
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6 / (n_in + n_out))
        weights.append((rng.uniform(-limit, limit, size=(n_in, n_out)).astype(np.float32), np.zeros(n_out, np.float32)))
    return weights


def epoch_orders(n_examples, epochs, seed):
    """One random order of the examples per epoch, shared by both frameworks: row e is epoch e."""
    n_examples = _check_count(n_examples, "n_examples")
    epochs = _check_count(epochs, "epochs")
    rng = np.random.default_rng(seed)
    return np.stack([rng.permutation(n_examples) for _ in range(epochs)])


def tf_batches(X, y, orders, batch_size=32):
    """Every epoch's examples in the order given by its row of ``orders``, in mini-batches, as one tf.data stream."""
    import tensorflow as tf

    X, y = _check_xy(X, y)
    orders = _check_orders(orders, len(X))
    batch_size = _check_count(batch_size, "batch_size")
    X, y = tf.constant(X), tf.constant(y)

    def one_epoch(order):
        return tf.data.Dataset.from_tensor_slices((tf.gather(X, order), tf.gather(y, order))).batch(batch_size)

    return tf.data.Dataset.from_tensor_slices(orders).flat_map(one_epoch)


def tf_fit_in_order(model, X, y, orders, batch_size=32):
    """``model.fit``, one epoch per row of ``orders``, with the mini-batches in that order.

    The model must be compiled. Returns the ``History`` that ``fit`` returns.
    """
    orders = _check_orders(orders, len(np.asarray(X)))
    steps_per_epoch = -(-orders.shape[1] // batch_size)  # the last batch of an epoch may be smaller
    return model.fit(tf_batches(X, y, orders, batch_size), epochs=len(orders), steps_per_epoch=steps_per_epoch,
                     shuffle=False, verbose=0)  # the order is already in the data


def _default_device():
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")  # as setup_page chooses


def to_torch(array, device=None):
    """A PyTorch tensor of ``array`` on ``device`` (default: a GPU when PyTorch sees one, else the CPU)."""
    import torch

    return torch.as_tensor(np.asarray(array), device=device or _default_device())


def torch_batches(X, y, order, batch_size=32, device=None):
    """One epoch's mini-batches ``(x, y)``, the examples in the given order (TensorFlow gets the same).

    ``y`` comes back as a column, shape ``(batch, 1)``, to match a model with one output.
    """
    import torch

    X, y = _check_xy(X, y)
    order = _check_orders(order, len(X), "order")
    if len(order) != 1:
        raise ValueError(f"order is one epoch's order of the examples (a 1-d array), got {len(order)} rows: "
                         "call torch_batches once per row of epoch_orders(...).")
    batch_size = _check_count(batch_size, "batch_size")
    device = device or _default_device()
    order = torch.as_tensor(order[0], device=device)
    X, y = to_torch(X, device), to_torch(y, device).reshape(-1, 1)
    return [(X[order[i : i + batch_size]], y[order[i : i + batch_size]]) for i in range(0, len(order), batch_size)]
