"""Characters to integers and back, and random training batches (6.S191 lab 1, part 2).

The model reads and writes one character at a time, so text becomes a sequence of integer
ids. A training example is a window of ``seq_length`` characters; its target is the same
window shifted one character ahead, so at every position the model learns to predict the
next character.

The lab's self-checks of a reader's ``vectorize_string`` and ``get_batch`` are in
:mod:`introdl.lab1.music.lab_checks` (one-line ``PASS: ...`` / ``FAIL: ...`` results).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np


class VocabularyError(ValueError):
    """Text with characters the vocabulary does not have, or a mismatched vocabulary."""


@dataclass(frozen=True)
class Vocabulary:
    """The sorted distinct characters of the training text.

    ``char2idx`` maps a character to its id and ``idx2char`` (a NumPy array) maps back,
    the names the 6.S191 lab uses.
    """

    chars: tuple[str, ...]
    char2idx: dict = field(init=False, repr=False, compare=False)
    idx2char: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if len(set(self.chars)) != len(self.chars) or not self.chars:
            raise VocabularyError("a vocabulary needs at least one character and no repeats.")
        object.__setattr__(self, "char2idx", {c: i for i, c in enumerate(self.chars)})
        object.__setattr__(self, "idx2char", np.array(self.chars))

    @classmethod
    def from_text(cls, text: str) -> "Vocabulary":
        return cls(tuple(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """The ids of ``text`` as an int64 array; unknown characters raise VocabularyError."""
        unknown = sorted(set(text) - self.char2idx.keys())
        if unknown:
            raise VocabularyError(
                f"characters {''.join(unknown)!r} are not in the model's vocabulary of "
                f"{len(self)}; use only characters from the training text."
            )
        return np.fromiter((self.char2idx[c] for c in text), dtype=np.int64, count=len(text))

    def decode(self, ids) -> str:
        return "".join(self.idx2char[np.asarray(ids, dtype=np.int64)])

    @property
    def fingerprint(self) -> str:
        """A short hash that changes when any character or its id changes."""
        return hashlib.sha256("".join(self.chars).encode("utf-8")).hexdigest()[:12]


def vectorize_string(text: str, vocab: Vocabulary) -> np.ndarray:
    """The lab's ``vectorize_string``: the text as an array of character ids."""
    return vocab.encode(text)


def get_batch(vectorized, seq_length: int, batch_size: int, rng=None):
    """A random batch of ``batch_size`` windows: inputs ``x`` and next-character targets ``y``.

    Both are int64 arrays of shape (batch_size, seq_length) with ``y[:, t] == x[:, t + 1]``.
    ``rng`` is a ``numpy.random.Generator`` (seed it for repeatable batches).
    """
    vectorized = np.asarray(vectorized)
    if seq_length < 1 or batch_size < 1:
        raise ValueError(f"seq_length={seq_length}, batch_size={batch_size}: both must be >= 1.")
    n = vectorized.shape[0] - 1  # the last character has no next character
    if n < seq_length:
        raise ValueError(
            f"the text has {vectorized.shape[0]} characters, too few for windows of "
            f"seq_length={seq_length} plus one; use a shorter seq_length or more text."
        )
    rng = np.random.default_rng() if rng is None else rng
    starts = rng.integers(0, n - seq_length + 1, size=batch_size)
    x = np.stack([vectorized[s : s + seq_length] for s in starts])
    y = np.stack([vectorized[s + 1 : s + seq_length + 1] for s in starts])
    return x, y


def fixed_batches(vectorized, seq_length: int, batch_size: int, num_batches: int, seed: int = 0):
    """The same ``num_batches`` batches every call: a validation set comparable across runs."""
    rng = np.random.default_rng(seed)
    return [get_batch(vectorized, seq_length, batch_size, rng) for _ in range(num_batches)]
