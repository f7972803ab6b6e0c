"""Lecture 2's training step, written once, and the copy-first-symbol models.

The chapter *A training loop, and next-word prediction* (``book/lectures/lecture02/next_word``)
writes each framework's training step in its cells, and *Backpropagation through time*
(``book/lectures/lecture02/gradients_through_time``) writes the copy-first models; this module
holds the same code, so that every later chapter imports it instead of typing it again
(``tests/introdl/lecture02/test_lecture02_training.py`` checks that the chapters' cells and
these functions do not drift apart)::

    from introdl.frameworks import PYTORCH, TENSORFLOW
    from introdl.lecture02.training import train_copy_first
    run = train_copy_first("LSTM", CopyFirstTask(length=20), steps=800)
    run["accuracy"][TENSORFLOW], run["accuracy"][PYTORCH]

What is here:

- ``tf_train_step`` / ``torch_train_step``: a function that takes one optimizer step on a
  batch ``(x, y)`` of integer-coded sequences with the cross-entropy loss and returns
  ``{"loss": ..., "grad_norm": ...}`` (the gradient's global norm before clipping), the step
  ``introdl.side_by_side.train_side_by_side`` runs. Keras clips in its optimizer
  (``global_clipnorm``), PyTorch in the step (``clip_norm``).
- ``predict_tf`` / ``predict_torch``: logits as a NumPy array.
- ``start_equal``: copy a Keras model's weights into its PyTorch twin, layer by layer in
  order (``introdl.weights.copy_keras_model_to_torch``), with PyTorch's second recurrent bias
  frozen at zero (one trained bias, as in Keras), and check the two give the same logits.
- ``copy_first_model_tf`` / ``CopyFirstModel``: embedding, one recurrent layer of
  ``COPY_FIRST_KINDS``, and a dense layer for the first symbol's class.
- ``equal_copy_first_models``, ``forget_bias``, ``recurrent_weights_times_identity``: the
  twin models from the same start, with a change to the Keras start before it is copied.
- ``train_pair`` / ``train_copy_first``: train two twins side by side on the same batches
  with Adam and clipping, and test both on the same sequences.

The dictionaries ``train_pair`` returns are keyed by framework id (``introdl.frameworks``'
``TENSORFLOW`` and ``PYTORCH``, as ``train_side_by_side``'s histories and ``Results.add`` take).
PyTorch models run on the device their parameters are on; ``start_equal`` moves the PyTorch
model to the device it is given, and the copy-first functions take ``device=None`` to mean
``default_device()``, a GPU when there is one, as ``setup_page`` chooses.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf
import torch
import torch.nn.functional as F
from torch import nn

from ..frameworks import PYTORCH, TENSORFLOW
from .sequence_tasks import CopyFirstTask, accuracy
from ..side_by_side import train_side_by_side
from ..weights import copy_keras_model_to_torch

__all__ = [
    "COPY_FIRST_KINDS",
    "FORGET_BIAS",
    "CopyFirstModel",
    "copy_first_model_tf",
    "default_device",
    "equal_copy_first_models",
    "forget_bias",
    "predict_tf",
    "predict_torch",
    "recurrent_weights_times_identity",
    "start_equal",
    "train_copy_first",
    "train_pair",
    "tf_train_step",
    "torch_train_step",
]

layers = tf.keras.layers

# The four models of *Vanishing gradients, and three remedies*, in the order the page shows them.
COPY_FIRST_KINDS = ("tanh RNN", "ReLU RNN", "ReLU RNN, identity init", "LSTM")
# The LSTM's forget-gate bias at the start: sigma(5) = 0.993, so the first symbol fades slowly.
FORGET_BIAS = 5.0


def default_device():
    """A GPU when PyTorch sees one, else the CPU: the device ``setup_page`` gives PyTorch."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _check_kind(kind):
    if kind not in COPY_FIRST_KINDS:
        raise ValueError(f"Unknown model kind {kind!r}: use one of {', '.join(map(repr, COPY_FIRST_KINDS))}.")


def _check_task(task):
    if not isinstance(task, CopyFirstTask):
        raise TypeError(f"task must be an introdl.lecture02.sequence_tasks.CopyFirstTask, got {type(task).__name__}.")


# The training steps: the same code as the cells of book/lectures/lecture02/next_word.md.

def tf_train_step(model, optimizer):
    """A tf.function that takes one optimizer step on a batch (x, y) and returns the loss and
    the gradient's global norm (before any clipping)."""
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        # Dense, so that Keras' Adam updates an embedding as PyTorch's does (see the appendix).
        gradients = [tf.convert_to_tensor(g) for g in gradients]
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))  # clips, if set up to
        return {"loss": loss, "grad_norm": tf.linalg.global_norm(gradients)}

    return train_step


def predict_tf(model, x):
    return model(tf.constant(x), training=False).numpy()


def torch_train_step(model, optimizer, clip_norm=None):
    """A function that takes one optimizer step on a batch (x, y), on the model's device, and
    returns the loss and the gradient's global norm before clipping (at clip_norm, if given)."""
    device = next(model.parameters()).device

    def train_step(x, y):
        model.train()
        x, y = torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        # clip_grad_norm_ returns the norm before clipping; with no limit it only measures.
        norm = nn.utils.clip_grad_norm_(model.parameters(), clip_norm or float("inf"))
        optimizer.step()
        return {"loss": loss.item(), "grad_norm": norm.item()}  # .item() waits for the step, on a GPU too

    return train_step


@torch.no_grad()
def predict_torch(model, x):
    model.eval()
    return model(torch.from_numpy(x).to(next(model.parameters()).device)).cpu().numpy()


def start_equal(tf_model, torch_model, x, device):
    """Copy the Keras model's weights into its PyTorch twin (layer by layer, in order) on
    `device`, PyTorch's second recurrent bias frozen at zero; return max |logit difference|."""
    tf_model(tf.constant(x))  # build the Keras model so its weights exist
    copy_keras_model_to_torch(tf_model, torch_model, freeze_bias_hh=True)  # one trained bias, as in Keras
    torch_model.to(device)
    difference = np.abs(predict_tf(tf_model, x) - predict_torch(torch_model, x)).max()
    assert difference < 1e-5, f"the two models do not start equal: {difference:.2e}"
    return difference


# The copy-first models: the same code as the cells of book/lectures/lecture02/gradients_through_time.md.

def copy_first_model_tf(kind, task, units=32):
    """Embedding -> one recurrent layer -> logits for the first symbol."""
    recurrent = {
        "tanh RNN": lambda: layers.SimpleRNN(units),  # Keras' defaults: glorot kernel, orthogonal recurrent
        "ReLU RNN": lambda: layers.SimpleRNN(units, activation="relu"),
        "ReLU RNN, identity init": lambda: layers.SimpleRNN(units, activation="relu", recurrent_initializer="identity"),
        "LSTM": lambda: layers.LSTM(units),
    }[kind]()
    # Embeddings start as N(0, 1), PyTorch's default, instead of Keras' U(-0.05, 0.05): see the text.
    embedding = layers.Embedding(task.vocabulary_size, 16,
                                 embeddings_initializer=tf.keras.initializers.RandomNormal(stddev=1.0))
    return tf.keras.Sequential([embedding, recurrent, layers.Dense(task.n_symbols)])


class CopyFirstModel(nn.Module):
    """Embedding -> one recurrent layer -> logits for the first symbol."""

    def __init__(self, kind, task, units=32):
        super().__init__()
        self.embedding = nn.Embedding(task.vocabulary_size, 16)
        if kind == "LSTM":
            self.rnn = nn.LSTM(16, units, batch_first=True)
        else:
            self.rnn = nn.RNN(16, units, batch_first=True, nonlinearity="tanh" if kind == "tanh RNN" else "relu")
        self.head = nn.Linear(units, task.n_symbols)

    def forward(self, x):
        states, _ = self.rnn(self.embedding(x))
        return self.head(states[:, -1])


def equal_copy_first_models(kind, task, prepare=None, device=None, builders=None):
    """A Keras model and its PyTorch twin with the Keras model's initial weights.

    ``prepare(tf_model)``, if given, changes the Keras model's initial weights before they
    are copied (``forget_bias``, ``recurrent_weights_times_identity``). ``builders`` is a pair
    ``(build_tf, build_torch)`` of functions of ``(kind, task)``, by default this module's
    ``copy_first_model_tf`` and ``CopyFirstModel``: a page that defines the models in its own
    cells passes them, so that what it shows is what it trains.
    """
    _check_kind(kind)
    _check_task(task)
    build_tf, build_torch = builders or (copy_first_model_tf, CopyFirstModel)
    tf_model, torch_model = build_tf(kind, task), build_torch(kind, task)
    tf_model(task.test_set(2)[0])  # build
    if prepare:
        prepare(tf_model)  # change the Keras initial weights before they are copied
    start_equal(tf_model, torch_model, task.test_set(4)[0], device or default_device())
    return tf_model, torch_model


def recurrent_weights_times_identity(scale):
    """A ``prepare`` for ``equal_copy_first_models``: set a SimpleRNN's recurrent weights to scale * I."""
    def prepare(tf_model):
        rnn = tf_model.layers[1]
        kernel, _, bias = rnn.get_weights()
        rnn.set_weights([kernel, scale * np.eye(rnn.units, dtype=np.float32), bias])
    return prepare


def forget_bias(value):
    """Start a Keras LSTM's forget-gate bias (the second of its four blocks) at `value`."""
    def prepare(tf_model):
        lstm = tf_model.layers[1]
        kernel, recurrent, bias = lstm.get_weights()
        bias[lstm.units:2 * lstm.units] = value
        lstm.set_weights([kernel, recurrent, bias])
    return prepare


def train_pair(tf_model, torch_model, task, steps, seed=0, epsilon=1e-7, batch_size=64, learning_rate=3e-3,
               clip_norm=1.0, test_size=1000):
    """Train two models that start equal on the same batches; test both on the same sequences.

    ``steps`` batches of ``batch_size`` from ``task.batches(batch_size, steps, seed)``; Adam
    (``learning_rate``, ``epsilon``) in both, gradients clipped at global norm ``clip_norm``.
    Returns a dict of dicts keyed by framework id (``TENSORFLOW``, ``PYTORCH``): ``models``,
    ``losses`` (one per step), ``accuracy`` (on ``task.test_set(test_size)``) and ``seconds``
    (every step but the first).
    """
    _check_task(task)
    tf_optimizer = tf.keras.optimizers.Adam(learning_rate, epsilon=epsilon, global_clipnorm=clip_norm)
    torch_optimizer = torch.optim.Adam(torch_model.parameters(), learning_rate, eps=epsilon)
    histories = train_side_by_side({TENSORFLOW: tf_train_step(tf_model, tf_optimizer),
                                    PYTORCH: torch_train_step(torch_model, torch_optimizer, clip_norm)},
                                   task.batches(batch_size, steps, seed))
    x_test, y_test = task.test_set(test_size)
    return {
        "models": {TENSORFLOW: tf_model, PYTORCH: torch_model},
        "losses": {framework: history.losses for framework, history in histories.items()},
        "accuracy": {TENSORFLOW: accuracy(predict_tf(tf_model, x_test), y_test),
                     PYTORCH: accuracy(predict_torch(torch_model, x_test), y_test)},
        "seconds": {framework: history.seconds for framework, history in histories.items()},
    }


def train_copy_first(kind, task, steps, seed=0, device=None, builders=None, **train_options):
    """A Keras recurrent model and its PyTorch twin, from the same weights, on the same batches.

    The LSTM's forget-gate bias starts at ``FORGET_BIAS``; ``builders`` as in
    ``equal_copy_first_models``; ``train_options`` go to ``train_pair`` (``batch_size``,
    ``learning_rate``, ``epsilon``, ...).
    """
    prepare = forget_bias(FORGET_BIAS) if kind == "LSTM" else None
    models = equal_copy_first_models(kind, task, prepare, device, builders)
    return train_pair(*models, task, steps, seed=seed, **train_options)
