"""Generating sequences and training on them: the plumbing of Lecture 2's generation page.

Everything here is framework-neutral NumPy. The page writes the models, the training
loops, the generation loop and the gradient cut of truncated backpropagation through time
in its own cells; this module holds what both frameworks share, so that they sample with
the same random numbers and train on the same batches:

- ``temperature_probabilities`` / ``sample_next``: softmax(logits / T) and a draw from it
  (``T = 0`` is greedy decoding), by the inverse of the cumulative distribution, so one
  uniform number per draw decides the word in either framework;
- ``entropy``: of a next-word distribution, in nats;
- ``shifted_pairs``: teacher forcing's inputs ``x[:-1]`` and targets ``x[1:]``;
- ``stream_chunks``: a long stream as parallel rows cut into consecutive chunks, for
  truncated backpropagation through time;
- ``distinct_ngram_fraction`` / ``unseen_ngram_fraction``: how repetitive a text is, and
  how much of it never occurs in another text.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "distinct_ngram_fraction",
    "entropy",
    "sample_next",
    "shifted_pairs",
    "stream_chunks",
    "temperature_probabilities",
    "unseen_ngram_fraction",
]


def _check_temperature(temperature) -> float:
    try:
        value = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature={temperature!r}: give a number >= 0 (0 is greedy decoding).") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(
            f"temperature={temperature!r} must be a finite number >= 0: 1 samples the model's own "
            "probabilities, lower values sharpen them, higher ones flatten them, 0 takes the argmax."
        )
    return value


def temperature_probabilities(logits, temperature) -> np.ndarray:
    """softmax(logits / temperature) along the last axis, in float64.

    ``temperature = 0`` gives the limit: all the probability on the largest logit (the
    first one, if several tie).
    """
    temperature = _check_temperature(temperature)
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError(f"logits must have a last axis of one score per word, got shape {logits.shape}.")
    if temperature == 0:
        probabilities = np.zeros_like(logits)
        np.put_along_axis(probabilities, logits.argmax(axis=-1)[..., None], 1.0, axis=-1)
        return probabilities
    scaled = logits / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)  # exp of at most 0: no overflow at any temperature
    probabilities = np.exp(scaled)
    return probabilities / probabilities.sum(axis=-1, keepdims=True)


def entropy(probabilities) -> np.ndarray:
    """The entropy in nats, -sum p log p, along the last axis (0 log 0 counts as 0)."""
    p = np.asarray(probabilities, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(p), 0.0)
    return terms.sum(axis=-1)


def sample_next(logits, temperature, rng: np.random.Generator) -> np.ndarray:
    """One word id per row of ``logits``, drawn from softmax(logits / temperature).

    ``logits`` is ``(vocabulary,)`` or ``(batch, vocabulary)``; the result has the shape
    without the last axis. Each draw uses exactly one uniform number from ``rng`` (also at
    temperature 0, where it is ignored), and picks the first word whose cumulative
    probability exceeds it: given the same logits and the same seed, TensorFlow's and
    PyTorch's models sample the same words.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0), got {type(rng).__name__}.")
    probabilities = temperature_probabilities(logits, temperature)
    uniforms = rng.random(probabilities.shape[:-1])
    cumulative = np.cumsum(probabilities, axis=-1)
    # The first word whose cumulative probability exceeds u: never a word of probability 0.
    ids = (cumulative <= np.asarray(uniforms)[..., None] * cumulative[..., -1:]).sum(axis=-1)
    return np.minimum(ids, probabilities.shape[-1] - 1).astype(np.int64)


def _check_int_array(ids, what: str) -> np.ndarray:
    array = np.asarray(ids)
    if array.dtype == bool or array.dtype.kind not in "iu":
        raise TypeError(f"{what} must hold integer token ids, got dtype {array.dtype}.")
    return array.astype(np.int64, copy=False)


def shifted_pairs(sequences) -> tuple[np.ndarray, np.ndarray]:
    """Teacher forcing's training pairs: inputs ``x[..., :-1]`` and targets ``x[..., 1:]``.

    A sequence of ``n`` tokens gives ``n - 1`` inputs and ``n - 1`` targets: the target at
    step ``t`` is the token the input holds at step ``t + 1``, so the model is trained to
    predict every next token from the true tokens before it.
    """
    sequences = _check_int_array(sequences, "sequences")
    if sequences.ndim == 0 or sequences.shape[-1] < 2:
        raise ValueError(f"each sequence needs at least 2 tokens (an input and its next), got shape {sequences.shape}.")
    return sequences[..., :-1].copy(), sequences[..., 1:].copy()


def stream_chunks(ids, rows: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut one long stream into ``rows`` parallel streams, then into consecutive chunks.

    Returns ``x`` and ``y``, each of shape ``(chunks, rows, length)``: row ``r`` of chunk
    ``k + 1`` continues row ``r`` of chunk ``k`` exactly, and ``y`` is ``x`` shifted by one
    token along the stream. So a state carried from chunk ``k`` to chunk ``k + 1``, row by
    row, has read everything before, as if the stream were run in one piece. Tokens that
    do not fill a whole chunk at the end of each row are dropped.
    """
    ids = _check_int_array(ids, "ids")
    for name, value in (("rows", rows), ("length", length)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name}={value!r} must be a positive int.")
    if ids.ndim != 1:
        raise ValueError(f"ids must be one 1-d stream of token ids, got shape {ids.shape}.")
    per_row = (len(ids) - 1) // rows  # each row needs one extra token for its last target
    chunks = per_row // length
    if chunks < 1:
        raise ValueError(
            f"{len(ids)} tokens are too few for {rows} rows of chunks of {length}: "
            f"need at least {rows * length + 1}."
        )
    usable = chunks * length
    starts = np.arange(rows) * per_row
    index = starts[:, None] + np.arange(usable)[None, :]  # (rows, usable)
    x = ids[index].reshape(rows, chunks, length).transpose(1, 0, 2)
    y = ids[index + 1].reshape(rows, chunks, length).transpose(1, 0, 2)
    return np.ascontiguousarray(x), np.ascontiguousarray(y)


def _ngrams(ids, n: int) -> list[tuple]:
    """The n-grams of a 1-d text, or of each row of a 2-d batch of texts (none across rows)."""
    ids = _check_int_array(ids, "ids")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n={n!r} must be a positive int.")
    if ids.ndim not in (1, 2):
        raise ValueError(f"ids must be one text (1-d) or a batch of texts (2-d), got shape {ids.shape}.")
    rows = ids if ids.ndim == 2 else ids[None]
    return [tuple(row[i:i + n]) for row in rows for i in range(len(row) - n + 1)]


def distinct_ngram_fraction(ids, n: int = 3) -> float:
    """The share of a text's n-grams that are distinct: 1 when none repeats, near 0 for a loop.

    ``ids`` is one text (1-d) or a batch of texts (2-d, n-grams taken within each row).
    """
    grams = _ngrams(ids, n)
    if not grams:
        raise ValueError(f"texts of shape {np.shape(ids)} have no {n}-grams.")
    return len(set(grams)) / len(grams)


def unseen_ngram_fraction(ids, reference_ids, n: int = 3) -> float:
    """The share of the n-grams of ``ids`` that never occur in ``reference_ids``.

    Both are one text (1-d) or a batch of texts (2-d, n-grams taken within each row).
    """
    grams = _ngrams(ids, n)
    if not grams:
        raise ValueError(f"texts of shape {np.shape(ids)} have no {n}-grams.")
    reference = set(_ngrams(reference_ids, n))
    return sum(gram not in reference for gram in grams) / len(grams)
