"""Characters to integers and back, and random training batches (6.S191 lab 1, part 2).

The model reads and writes one character at a time, so text becomes a sequence of integer
ids. A training example is a window of ``seq_length`` characters; its target is the same
window shifted one character ahead, so at every position the model learns to predict the
next character.
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


# The lab's three checks of a get_batch function: the types, the shapes, the one-step shift.
# A get_batch may hand back NumPy arrays (the TensorFlow lab) or the framework's own
# tensors (the PyTorch lab returns torch.long tensors); the checks accept all three.

_ARRAY_KINDS = {"numpy": "NumPy arrays", "tensorflow": "TensorFlow tensors", "torch": "PyTorch tensors"}


def _array_kind(array) -> str | None:
    """"numpy", "tensorflow" or "torch" for an array or tensor of that library, else None."""
    if isinstance(array, np.ndarray):
        return "numpy"
    library = type(array).__module__.split(".")[0]
    return library if library in ("tensorflow", "torch") and hasattr(array, "shape") else None


def _to_numpy(array) -> np.ndarray:
    """A NumPy copy of a NumPy array, TensorFlow tensor or PyTorch tensor (on any device)."""
    if _array_kind(array) == "torch":
        return array.detach().cpu().numpy()
    return np.asarray(array)


def check_batch_types(get_batch_fn, vectorized, seq_length: int = 5, batch_size: int = 2) -> str:
    x, y = get_batch_fn(vectorized, seq_length, batch_size)
    kinds = set()
    for name, array in (("x", x), ("y", y)):
        kind = _array_kind(array)
        if kind is None or not np.issubdtype(_to_numpy(array).dtype, np.integer):
            raise AssertionError(
                f"[FAIL] types: {name} is {type(array).__name__} of {getattr(array, 'dtype', '?')}; "
                "get_batch must return integer ids as NumPy arrays (or TensorFlow / PyTorch tensors)."
            )
        kinds.add(kind)
    if len(kinds) > 1:
        raise AssertionError(f"[FAIL] types: x and y are of different kinds ({sorted(kinds)}); return one kind.")
    return f"[PASS] types: x and y are {_ARRAY_KINDS[kinds.pop()]} of integer ids"


def check_batch_shapes(get_batch_fn, vectorized, seq_length: int = 5, batch_size: int = 2) -> str:
    x, y = (_to_numpy(a) for a in get_batch_fn(vectorized, seq_length, batch_size))
    expected = (batch_size, seq_length)
    if x.shape != expected or y.shape != expected:
        raise AssertionError(
            f"[FAIL] shapes: x {x.shape}, y {y.shape}; both must be "
            f"(batch_size, seq_length) = {expected}."
        )
    return f"[PASS] shapes: x and y are {expected}"


def check_batch_next_step(get_batch_fn, vectorized, seq_length: int = 5, batch_size: int = 2) -> str:
    x, y = (_to_numpy(a) for a in get_batch_fn(vectorized, seq_length, batch_size))
    if not np.array_equal(x[:, 1:], y[:, :-1]):
        raise AssertionError(
            "[FAIL] next step: y is not x shifted one character ahead (y[:, t] must equal x[:, t+1])."
        )
    text = np.asarray(vectorized)
    for row_x, row_y in zip(x, y):
        # each window and its target must come from consecutive characters of the text
        hits = np.flatnonzero(text[: len(text) - seq_length] == row_x[0])
        if not any(
            np.array_equal(text[h : h + seq_length], row_x)
            and np.array_equal(text[h + 1 : h + seq_length + 1], row_y)
            for h in hits
        ):
            raise AssertionError("[FAIL] next step: a window of x/y is not a slice of the text.")
    return "[PASS] next step: y is x shifted one character ahead"


def check_get_batch(get_batch_fn, vectorized, seq_length: int = 5, batch_size: int = 2) -> list[str]:
    """Run the lab's three checks on ``get_batch_fn(vectorized, seq_length, batch_size)``.

    ``get_batch_fn`` may return NumPy arrays or TensorFlow / PyTorch integer tensors.
    Returns the three "[PASS] ..." lines; raises AssertionError naming the first failure.
    """
    return [
        check(get_batch_fn, vectorized, seq_length, batch_size)
        for check in (check_batch_types, check_batch_shapes, check_batch_next_step)
    ]
