"""Train a Keras digit classifier and its PyTorch twin from the same start on the same batches.

*Dense layers against convolutions* trains its first pair of models cell by cell; this module is
the same recipe in one call, for that chapter's other runs and for the later chapters::

    from introdl.lecture03.models import DigitCNN, cnn_tf
    from introdl.lecture03.training import train_twins
    run = train_twins(cnn_tf(), DigitCNN(), digits, epochs=3, device=env.torch_device)
    run.accuracy[TENSORFLOW], run.accuracy[PYTORCH]     # test accuracy, keyed by framework id

- ``scaled``: digits as float32 in [0, 1] (the official lab divides by 255 too).
- ``digit_batches``: shuffled batches ``(x, y)``, the same for every framework, a new order
  each epoch from a fixed seed; the last incomplete batch of an epoch is dropped, so that every
  batch has one shape and ``tf.function`` traces once.
- ``train_twins``: copy the Keras model's initial weights into the PyTorch model
  (``models.start_equal``), train both with Adam at the same settings with
  ``introdl.side_by_side.train_side_by_side``, and measure both on the test digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..digits import Digits, check_digit_images, check_digit_labels
from ..frameworks import PYTORCH, TENSORFLOW
from ..side_by_side import History, train_side_by_side

__all__ = ["TwinRun", "accuracy", "digit_batches", "scaled", "train_twins"]


def scaled(images) -> np.ndarray:
    """uint8 digits (n, 28, 28) as float32 pixels in [0, 1]."""
    images = check_digit_images(images, scaled=False)
    return images.astype(np.float32) / 255.0


def digit_batches(images, labels, batch_size: int, epochs: int, seed: int = 0):
    """Shuffled ``(x, y)`` batches: x float32 (batch, 28, 28) in [0, 1], y int64 labels.

    ``images`` are uint8 digits (or already scaled floats in [0, 1]). Every epoch has a new
    order drawn from ``seed``, so two calls with the same arguments give the same batches.
    """
    images = check_digit_images(images)
    labels = check_digit_labels(labels, count=len(images))
    if images.dtype == np.uint8:
        images = scaled(images)
    for name, value in (("batch_size", batch_size), ("epochs", epochs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    if batch_size > len(images):
        raise ValueError(f"batch_size={batch_size} is more than the {len(images)} digits given.")
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(images))
        for start in range(0, len(images) - batch_size + 1, batch_size):
            chosen = order[start:start + batch_size]
            yield images[chosen].astype(np.float32), labels[chosen].astype(np.int64)


def accuracy(logits, labels) -> float:
    """The fraction of digits whose largest logit is their label."""
    logits, labels = np.asarray(logits), np.asarray(labels)
    if logits.ndim != 2 or len(logits) != len(labels):
        raise ValueError(f"logits should be (n, classes) for {len(labels)} labels, got shape {logits.shape}.")
    return float(np.mean(logits.argmax(axis=1) == labels))


@dataclass
class TwinRun:
    """What ``train_twins`` measured, keyed by framework id."""

    start_difference: float  # max |logit difference| after the copy, before training
    histories: dict[str, History] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)  # on the test digits
    logits: dict[str, np.ndarray] = field(default_factory=dict)  # on the test digits

    @property
    def agreement(self) -> float:
        """The fraction of test digits on which the two trained models predict the same class."""
        return float(np.mean(self.logits[TENSORFLOW].argmax(1) == self.logits[PYTORCH].argmax(1)))


def train_twins(tf_model, torch_model, digits: Digits, *, epochs: int, device, batch_size: int = 64,
                learning_rate: float = 1e-3, train_count: int | None = None, seed: int = 0,
                transform=None) -> TwinRun:
    """Train a Keras model and its PyTorch twin from the same start on the same batches.

    ``train_count`` trains on the first that many training digits (all when None);
    ``transform``, a function of float digits (n, 28, 28), is applied to the training and
    the test digits alike (the shuffled-pixel experiment). Adam with ``learning_rate`` and
    epsilon 1e-7 in both (Keras' default epsilon; PyTorch's would be 1e-8).
    """
    import tensorflow as tf
    import torch

    from .models import predict_tf, predict_torch, start_equal, tf_train_step, torch_train_step

    if not isinstance(digits, Digits):
        raise TypeError(f"digits should be introdl.digits.Digits (load_digits()), got {type(digits).__name__}.")
    count = len(digits.train_images) if train_count is None else train_count
    train_x, test_x = scaled(digits.train_images[:count]), scaled(digits.test_images)
    if transform is not None:
        train_x, test_x = transform(train_x), transform(test_x)
    run = TwinRun(start_equal(tf_model, torch_model, test_x[:16], device))
    steps = {TENSORFLOW: tf_train_step(tf_model, tf.keras.optimizers.Adam(learning_rate, epsilon=1e-7)),
             PYTORCH: torch_train_step(torch_model, torch.optim.Adam(torch_model.parameters(), learning_rate, eps=1e-7))}
    batches = digit_batches(train_x, digits.train_labels[:count], batch_size, epochs, seed)
    run.histories = train_side_by_side(steps, batches)
    run.logits = {TENSORFLOW: predict_tf(tf_model, test_x), PYTORCH: predict_torch(torch_model, test_x)}
    run.accuracy = {framework: accuracy(logits, digits.test_labels) for framework, logits in run.logits.items()}
    return run
