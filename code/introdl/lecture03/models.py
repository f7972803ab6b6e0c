"""Lecture 3's digit classifiers and their training step, written once.

The chapter *Dense layers against convolutions* (``book/lectures/lecture03/dense_against_convolution``)
writes these in its cells; this module holds the same code, so that *What a CNN learned* and
*Shifted digits* import it instead of typing it again
(``tests/introdl/lecture03/test_lecture03_written_once.py`` checks that the cells and these
definitions do not drift apart)::

    from introdl.lecture03.models import DigitCNN, cnn_tf, start_equal
    tf_model, torch_model = cnn_tf(), DigitCNN()
    start_equal(tf_model, torch_model, images[:8], device)   # the same weights in both

What is here:

- ``cnn_tf`` / ``DigitCNN``: the lab's CNN (2021 ``Part1_MNIST``): a 3x3 convolution with 24
  filters, 2x2 max pooling, a 3x3 convolution with 36 filters, 2x2 max pooling, a dense layer
  of 128 units and one of 10 logits. ReLU after every layer but the last.
- ``dense_tf`` / ``DigitDense``: the lab's fully connected network: the 784 pixels flattened,
  a dense layer of 128 units, 10 logits.
- ``tf_train_step`` / ``torch_train_step``: one Adam step on a batch ``(x, y)`` of digits
  ``(batch, 28, 28)`` in [0, 1] and their labels, returning the loss: the step
  ``introdl.side_by_side.train_side_by_side`` runs. Each adds the channel axis its framework
  wants: last in TensorFlow (NHWC), second in PyTorch (NCHW).
- ``predict_tf`` / ``predict_torch``: logits for ``(n, 28, 28)`` digits as a NumPy array.
- ``start_equal``: copy the Keras model's weights into its PyTorch twin
  (``introdl.weights.copy_keras_model_to_torch``, which also reorders the rows of the dense
  layer after the flattening) and check that both give the same logits.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf
import torch
import torch.nn.functional as F
from torch import nn

from ..weights import copy_keras_model_to_torch

__all__ = [
    "DigitCNN",
    "DigitDense",
    "cnn_tf",
    "dense_tf",
    "predict_tf",
    "predict_torch",
    "start_equal",
    "tf_train_step",
    "torch_train_step",
]

layers = tf.keras.layers


# The models: the same code as the cells of book/lectures/lecture03/dense_against_convolution.md.

def dense_tf():
    return tf.keras.Sequential([
        tf.keras.Input((28, 28, 1)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10),  # logits; the loss applies the softmax
    ])


def cnn_tf():
    return tf.keras.Sequential([
        tf.keras.Input((28, 28, 1)),  # NHWC: height, width, channels
        layers.Conv2D(24, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(36, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10),
    ])


class DigitDense(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 128), nn.ReLU(),
            nn.Linear(128, 10),
        )

    def forward(self, x):  # (batch, 1, 28, 28) -> (batch, 10)
        return self.layers(x)


class DigitCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(  # NCHW: channels, height, width
            nn.Conv2d(1, 24, 3), nn.ReLU(),  # 28x28 -> 26x26
            nn.MaxPool2d(2),  # -> 13x13
            nn.Conv2d(24, 36, 3), nn.ReLU(),  # -> 11x11
            nn.MaxPool2d(2),  # -> 5x5 (the last row and column are dropped)
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(36 * 5 * 5, 128), nn.ReLU(),
            nn.Linear(128, 10),
        )

    def forward(self, x):  # (batch, 1, 28, 28) -> (batch, 10)
        return self.classifier(self.features(x))


# The training step and predictions: the same code as the chapter's cells.

def tf_train_step(model, optimizer):
    """A tf.function that takes one optimizer step on digits x (batch, 28, 28) and labels y."""
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x[..., None], training=True))  # channels last: (batch, 28, 28, 1)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    return train_step


def predict_tf(model, images, batch_size=500):
    return np.concatenate([model(images[i:i + batch_size, ..., None], training=False).numpy()
                           for i in range(0, len(images), batch_size)])


def torch_train_step(model, optimizer):
    """A function that takes one optimizer step on digits x (batch, 28, 28) and labels y."""
    device = next(model.parameters()).device

    def train_step(x, y):
        model.train()
        x = torch.from_numpy(x[:, None]).to(device)  # channels first: (batch, 1, 28, 28)
        loss = F.cross_entropy(model(x), torch.from_numpy(y).to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()  # .item() waits for the step, on a GPU too

    return train_step


@torch.no_grad()
def predict_torch(model, images, batch_size=500):
    model.eval()
    device = next(model.parameters()).device
    return np.concatenate([model(torch.from_numpy(images[i:i + batch_size, None]).to(device)).cpu().numpy()
                           for i in range(0, len(images), batch_size)])


def start_equal(tf_model, torch_model, images, device):
    """Copy the Keras model's weights into its PyTorch twin on `device` (layer by layer, in
    order); return the largest difference between their logits on `images`."""
    copy_keras_model_to_torch(tf_model, torch_model)  # a Dense after Flatten gets its rows reordered
    torch_model.to(device)
    difference = np.abs(predict_tf(tf_model, images) - predict_torch(torch_model, images)).max()
    assert difference < 1e-4, f"the two models do not start equal: {difference:.2e}"
    return difference
