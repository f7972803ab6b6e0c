"""Lecture 1's small networks and their training steps, written once.

The chapter *The perceptron and non-linearity* (``book/lectures/lecture01/perceptron``)
writes these functions in its cells, where they are taught; this module holds the same code,
so that the later chapters import it instead of typing it again
(``tests/introdl/lecture01/test_lecture01_models.py`` checks that the chapter's cells and this module
do not drift apart)::

    from introdl.lecture01.models import compile_tf_classifier, make_tf_mlp, make_torch_mlp

    tf_model = compile_tf_classifier(make_tf_mlp((3,), "sigmoid", weights=start))
    torch_model = make_torch_mlp((3,), "sigmoid", weights=start)   # the same start

What is here:

- ``make_tf_mlp`` / ``make_torch_mlp``: 2 inputs, dense hidden layers (each optionally
  followed by dropout), 1 output logit; started from given ``(kernel, bias)`` pairs in
  Keras' layout (``introdl.lecture01.data.glorot_weights``) or from each framework's own
  random weights.
- ``compile_tf_classifier``: Adam, binary cross-entropy on the logit, accuracy at logit 0.
- ``bce_with_logits``, ``torch_train_epoch``, ``torch_evaluate``: PyTorch's loss, one
  epoch of training steps (returning the mean loss, as Keras' ``fit`` reports it), and
  loss and accuracy with dropout off.
- ``tf_probabilities`` / ``torch_probabilities`` (not in the chapter's cells): a NumPy
  function from points to predicted probabilities, for the decision-boundary plots.

PyTorch models go to ``device``: a GPU when PyTorch sees one, else the CPU, as
``introdl.setup_page`` chooses.
"""

from __future__ import annotations

import tensorflow as tf
import torch
from torch import nn

from ..weights import set_keras_weights

__all__ = [
    "bce_with_logits",
    "compile_tf_classifier",
    "device",
    "make_tf_mlp",
    "make_torch_mlp",
    "tf_probabilities",
    "torch_activation_layers",
    "torch_evaluate",
    "torch_probabilities",
    "torch_train_epoch",
]

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


# --- TensorFlow: the chapter's cells, unchanged ------------------------------------------

def make_tf_mlp(hidden_units=(16, 16), activation="relu", dropout_rate=0.0, weights=None):
    """2 inputs -> Dense hidden layers (optionally followed by dropout) -> 1 logit.

    weights: a (kernel, bias) pair per Dense layer to start from, else Keras' own random ones.
    """
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,))])
    for units in hidden_units:
        model.add(tf.keras.layers.Dense(units, activation=activation))
        if dropout_rate:
            model.add(tf.keras.layers.Dropout(dropout_rate))
    model.add(tf.keras.layers.Dense(1))  # the logit z; sigmoid(z) is the predicted probability
    if weights is not None:
        dense_layers = [layer for layer in model.layers if isinstance(layer, tf.keras.layers.Dense)]
        for layer, (kernel, bias) in zip(dense_layers, weights, strict=True):
            layer.set_weights([kernel, bias])
    return model


def compile_tf_classifier(model, learning_rate=0.01):
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate),
        loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],  # logit > 0 <=> p > 0.5
    )
    return model


# --- PyTorch: the chapter's cells, unchanged ---------------------------------------------

torch_activation_layers = {"relu": nn.ReLU, "linear": nn.Identity, "sigmoid": nn.Sigmoid}


def make_torch_mlp(hidden_units=(16, 16), activation="relu", dropout_rate=0.0, weights=None):
    """2 inputs -> Linear hidden layers (optionally followed by dropout) -> 1 logit.

    weights: a (kernel, bias) pair per Linear layer, in Keras' layout, to start from; else PyTorch's own random ones.
    """
    layers, width = [], 2
    for units in hidden_units:
        layers += [nn.Linear(width, units), torch_activation_layers[activation]()]
        if dropout_rate:
            layers.append(nn.Dropout(dropout_rate))
        width = units
    layers.append(nn.Linear(width, 1))  # the logit z; sigmoid(z) is the predicted probability
    model = nn.Sequential(*layers).to(device)
    if weights is not None:
        linear_layers = [layer for layer in model if isinstance(layer, nn.Linear)]
        for layer, kernel_and_bias in zip(linear_layers, weights, strict=True):
            set_keras_weights(layer, kernel_and_bias)  # transposes the kernel: nn.Linear stores (outputs, inputs)
    return model


bce_with_logits = nn.BCEWithLogitsLoss()


def torch_train_epoch(model, optimizer, batches):
    """One pass over the data; returns the mean training loss, as Keras' fit() reports it."""
    model.train()  # dropout on
    total_loss, count = 0.0, 0
    for x_batch, y_batch in batches:
        loss = bce_with_logits(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(x_batch)
        count += len(x_batch)
    return total_loss / count


@torch.no_grad()
def torch_evaluate(model, X, y):
    """(loss, accuracy) of the model on tensors X, y, with dropout off."""
    model.eval()
    logits = model(X)
    return bce_with_logits(logits, y).item(), ((logits > 0).float() == y).float().mean().item()


# --- For the plots: not in the chapter's cells --------------------------------------------

def tf_probabilities(model):
    """A function mapping a NumPy batch of points to the Keras model's predicted probabilities."""
    return lambda points: tf.math.sigmoid(model(points)).numpy()


def torch_probabilities(model):
    """A function mapping a NumPy batch of points to the PyTorch model's predicted probabilities."""

    @torch.no_grad()
    def predict(points):
        model.eval()
        parameter = next(model.parameters())
        return torch.sigmoid(model(torch.as_tensor(points, device=parameter.device))).cpu().numpy()

    return predict
