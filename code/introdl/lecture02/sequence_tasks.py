"""A synthetic task whose answer depends on the first input: "copy the first symbol".

Each sequence holds ``length`` symbols drawn uniformly from ``1 .. n_symbols``; the target
is the first of them (as a class index ``0 .. n_symbols - 1``). Everything after the first
step is a distractor, so a model can only answer if it carries the first input across
``length - 1`` steps: the long-term dependency of Lecture 2, with a difficulty set by one
number. Guessing gives ``1 / n_symbols``.

Batches are NumPy arrays made from one seeded generator, so TensorFlow and PyTorch can be
trained on exactly the same data in the same order::

    task = CopyFirstTask(length=40)
    for x, y in task.batches(batch_size=64, steps=500, seed=0):   # x (64, 40) int64, y (64,)
        ...
    x_test, y_test = task.test_set(1000)

Symbol 0 is never drawn: it is left free for padding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CopyFirstTask", "accuracy"]


def _positive_int(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    return int(value)


@dataclass(frozen=True)
class CopyFirstTask:
    """Sequences of ``length`` random symbols; the answer is the first one."""

    length: int
    n_symbols: int = 8

    def __post_init__(self):
        _positive_int(self.length, "length")
        _positive_int(self.n_symbols, "n_symbols", minimum=2)

    @property
    def vocabulary_size(self) -> int:
        """Input ids run from 0 (padding, never drawn) to ``n_symbols``."""
        return self.n_symbols + 1

    @property
    def chance_accuracy(self) -> float:
        return 1.0 / self.n_symbols

    def sample(self, rng: np.random.Generator, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """One batch: ``x`` int64 of shape (batch_size, length) and ``y`` int64 of shape (batch_size,)."""
        _positive_int(batch_size, "batch_size")
        x = rng.integers(1, self.n_symbols + 1, size=(batch_size, self.length), dtype=np.int64)
        return x, x[:, 0] - 1

    def batches(self, batch_size: int, steps: int, seed: int = 0):
        """``steps`` batches from a generator seeded with ``seed``: the same for every framework."""
        _positive_int(steps, "steps")
        rng = np.random.default_rng(seed)
        for _ in range(steps):
            yield self.sample(rng, batch_size)

    def test_set(self, size: int = 1000, seed: int = 12345) -> tuple[np.ndarray, np.ndarray]:
        """Held-out sequences, from a generator of their own."""
        return self.sample(np.random.default_rng(seed), size)


def accuracy(logits, targets) -> float:
    """Fraction of rows whose largest logit is the target class.

    ``logits`` has shape (batch, classes) and ``targets`` shape (batch,), integers. Tensors
    of either framework are accepted (anything ``np.asarray`` can read).
    """
    logits, targets = np.asarray(logits), np.asarray(targets)
    if logits.ndim != 2:
        raise ValueError(f"logits must have shape (batch, classes), got shape {logits.shape}.")
    if targets.shape != (logits.shape[0],):
        raise ValueError(
            f"targets must have shape ({logits.shape[0]},) to match logits {logits.shape}, "
            f"got shape {targets.shape}."
        )
    if not np.issubdtype(targets.dtype, np.integer):
        raise TypeError(f"targets must be integer class indices, got dtype {targets.dtype}.")
    return float(np.mean(np.argmax(logits, axis=1) == targets))
