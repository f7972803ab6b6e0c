"""The lab's models, evaluation and training step, once per framework: the exercises' references.

The page writes each of these in its own cells (the lesson); the exercises' checks compare
the reader's version with these on the same inputs, and a failed exercise falls back on them.
``tests/introdl/lab2/test_models.py`` holds the two frameworks' versions to the same function.

* the dense model (2021 lab): Flatten, Dense 128 ReLU, Dense 10 softmax;
* the CNN (2021 lab): Conv2D 24 3x3 ReLU, MaxPool 2, Conv2D 36 3x3 ReLU, MaxPool 2, Flatten,
  Dense 128 ReLU, Dense 10 softmax.

The Keras models end in a softmax and give probabilities, as the lab's do; the PyTorch models
end in the last ``nn.Linear`` and give logits, because ``F.cross_entropy`` takes logits (it
applies the log-softmax itself). Their probabilities are ``softmax(logits)``: with the same
weights the two compute the same function. Keras takes images NHWC ``(n, 28, 28, 1)``, PyTorch
NCHW ``(n, 1, 28, 28)`` (:mod:`introdl.lab2.data`).
"""

from __future__ import annotations

import numpy as np

from ..frameworks import PYTORCH, TENSORFLOW, check_framework

__all__ = [
    "CNN_FILTERS", "HIDDEN_UNITS", "build_cnn_model", "build_fc_model", "evaluate", "model_builder",
    "train_step",
]

HIDDEN_UNITS = 128  # the Dense layer before the output, in both models
CNN_FILTERS = (24, 36)  # the two convolutions' filters, each 3x3, each followed by a 2x2 max pool
KERNEL, POOL, CLASSES = 3, 2, 10


def build_fc_model(framework: str):
    """A fresh dense model (Flatten, Dense 128 ReLU, Dense 10), built, in ``framework``."""
    if check_framework(framework) == TENSORFLOW:
        import tensorflow as tf

        model = tf.keras.Sequential([
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(HIDDEN_UNITS, activation=tf.nn.relu),
            tf.keras.layers.Dense(CLASSES, activation=tf.nn.softmax),
        ])
        model(np.zeros((1, 28, 28, 1), np.float32))  # create the weights
        return model
    from torch import nn

    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, HIDDEN_UNITS), nn.ReLU(), nn.Linear(HIDDEN_UNITS, CLASSES))


def build_cnn_model(framework: str):
    """A fresh CNN of the 2021 lab, built, in ``framework``."""
    first, second = CNN_FILTERS
    if check_framework(framework) == TENSORFLOW:
        import tensorflow as tf

        model = tf.keras.Sequential([
            tf.keras.layers.Conv2D(first, KERNEL, activation=tf.nn.relu),
            tf.keras.layers.MaxPool2D(POOL),
            tf.keras.layers.Conv2D(second, KERNEL, activation=tf.nn.relu),
            tf.keras.layers.MaxPool2D(POOL),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(HIDDEN_UNITS, activation=tf.nn.relu),
            tf.keras.layers.Dense(CLASSES, activation=tf.nn.softmax),
        ])
        model(np.zeros((1, 28, 28, 1), np.float32))
        return model
    from torch import nn

    side = ((28 - KERNEL + 1) // POOL - KERNEL + 1) // POOL  # 28 -> 26 -> 13 -> 11 -> 5
    return nn.Sequential(
        nn.Conv2d(1, first, KERNEL), nn.ReLU(), nn.MaxPool2d(POOL),
        nn.Conv2d(first, second, KERNEL), nn.ReLU(), nn.MaxPool2d(POOL),
        nn.Flatten(), nn.Linear(second * side * side, HIDDEN_UNITS), nn.ReLU(), nn.Linear(HIDDEN_UNITS, CLASSES),
    )


def model_builder(kind: str):
    """``build_fc_model`` or ``build_cnn_model`` by name ("fc" or "cnn")."""
    builders = {"fc": build_fc_model, "cnn": build_cnn_model}
    if kind not in builders:
        raise ValueError(f"kind must be one of {sorted(builders)}; got {kind!r}.")
    return builders[kind]


def _chunks(images, size: int = 500):
    """The images in chunks of ``size``: a CNN's first feature maps for a whole test set at once
    would take hundreds of MB."""
    return [images[start:start + size] for start in range(0, len(images), size)]


def evaluate(framework: str, model, images, labels) -> tuple[float, float]:
    """The mean cross-entropy and the accuracy of ``model`` on the digits, as two floats.

    TensorFlow: what ``model.evaluate`` reports for the lab's compiled models (the loss from
    probabilities); PyTorch: ``F.cross_entropy`` of the logits. Images in the framework's
    layout, labels integers.
    """
    if check_framework(framework) == TENSORFLOW:
        import tensorflow as tf

        probabilities = tf.concat([model(chunk, training=False) for chunk in _chunks(images)], axis=0)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, probabilities))
        predicted = tf.argmax(probabilities, axis=1).numpy()
        return float(loss), float(np.mean(predicted == np.asarray(labels)))
    import torch
    import torch.nn.functional as F

    device = next(model.parameters()).device
    images, labels = torch.as_tensor(images, device=device), torch.as_tensor(labels, device=device)
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(chunk) for chunk in _chunks(images)])
        loss = F.cross_entropy(logits, labels)
        accuracy = (logits.argmax(dim=1) == labels).float().mean()
    return loss.item(), accuracy.item()


def train_step(framework: str, model, optimizer, images, labels):
    """One optimisation step on a batch; returns the batch's mean loss as a 0-d float32 tensor.

    TensorFlow: the loss under a ``tf.GradientTape``, its gradient with respect to
    ``model.trainable_variables``, ``optimizer.apply_gradients``. PyTorch: ``zero_grad``, the
    loss, ``backward``, ``step``. Both take the mean over the batch.
    """
    if check_framework(framework) == TENSORFLOW:
        import tensorflow as tf

        with tf.GradientTape() as tape:
            probabilities = model(images, training=True)
            loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, probabilities))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss
    import torch.nn.functional as F

    model.train()
    optimizer.zero_grad()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    optimizer.step()
    return loss.detach()


