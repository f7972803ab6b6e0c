"""The plumbing of Lecture 2's next-word chapter (``book/lectures/lecture02/next_word``).

Framework-neutral NumPy that the chapter's TensorFlow and PyTorch cells share, so that its
cells hold the models and their training:

- ``shuffled_batches``: the same shuffled ``(x, y)`` batches, in the same order, for both
  frameworks;
- ``pad_right``: a batch of sequences of different lengths, padded with ``<pad>`` (id 0) at
  the end;
- ``top_words``: a next-word distribution's likeliest real words, as text;
- ``nearest_words``: the words whose embedding rows are closest to a word's, by cosine
  similarity;
- ``perplexity_caution``: the chapter's computed sentence on what the held-out perplexity
  counts.
"""

from __future__ import annotations

import numpy as np

__all__ = ["nearest_words", "pad_right", "perplexity_caution", "shuffled_batches", "top_words"]

PUNCTUATION = ".,;:?!"  # the marks word_corpus.tokenize keeps as tokens of their own


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}.")
    return int(value)


def shuffled_batches(x, y, batch_size: int, epochs: int, steps_per_epoch: int, seed: int = 0):
    """Yield ``epochs * steps_per_epoch`` batches ``(x[rows], y[rows])``, reshuffled every epoch.

    One generator seeded with ``seed`` draws a permutation of the rows per epoch, and step
    ``s`` takes rows ``s * batch_size`` to ``(s + 1) * batch_size`` of it, so two calls with
    the same arguments give the same batches in the same order (one call per framework).
    """
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} rows but y has {len(y)}: give one target per row.")
    batch_size, epochs, steps_per_epoch = (_positive_int(v, n) for v, n in (
        (batch_size, "batch_size"), (epochs, "epochs"), (steps_per_epoch, "steps_per_epoch")))
    if steps_per_epoch * batch_size > len(x):
        raise ValueError(f"{steps_per_epoch} steps of {batch_size} rows need {steps_per_epoch * batch_size} rows "
                         f"per epoch, but there are {len(x)}.")
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for step in range(steps_per_epoch):
            rows = order[step * batch_size:(step + 1) * batch_size]
            yield x[rows], y[rows]


def pad_right(sequences, pad_id: int = 0) -> np.ndarray:
    """Integer sequences of different lengths -> an int64 array (batch, longest), padded at the end."""
    sequences = [np.asarray(s, dtype=np.int64).reshape(-1) for s in sequences]
    if not sequences or not all(len(s) for s in sequences):
        raise ValueError("pad_right needs at least one sequence, and no empty one.")
    padded = np.full((len(sequences), max(len(s) for s in sequences)), pad_id, dtype=np.int64)
    for row, ids in enumerate(sequences):
        padded[row, :len(ids)] = ids
    return padded


def _softmax(logits) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1:
        raise ValueError(f"give one row of logits (1-d, one per word), got shape {logits.shape}.")
    probabilities = np.exp(logits - logits.max())
    return probabilities / probabilities.sum()


def _check_vocabulary(size: int, vocabulary) -> None:
    if size != len(vocabulary):
        raise ValueError(f"got {size} values for a vocabulary of {len(vocabulary)} words: one per word.")


def top_words(logits, vocabulary, k: int = 3) -> str:
    """The k likeliest real words (<pad> and <unk> left out), with their probabilities."""
    probabilities = _softmax(logits)
    _check_vocabulary(len(probabilities), vocabulary)
    ranked = [i for i in np.argsort(probabilities)[::-1] if i not in (vocabulary.pad_id, vocabulary.unk_id)]
    return ", ".join(f"{vocabulary.word(int(i))} {probabilities[i]:.0%}" for i in ranked[:k])


def nearest_words(table, word: str, vocabulary, k: int = 4) -> str:
    """The k words whose embedding rows have the highest cosine similarity with `word`'s."""
    table = np.asarray(table, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError(f"table must be an embedding table (vocabulary, dim), got shape {table.shape}.")
    _check_vocabulary(len(table), vocabulary)
    if word not in vocabulary:
        raise KeyError(f"{word!r} is not in the vocabulary: it has no embedding row of its own.")
    unit = table / np.linalg.norm(table, axis=1, keepdims=True)
    similarity = unit @ unit[vocabulary.index(word)]
    ranked = [i for i in np.argsort(similarity)[::-1]
              if i not in (vocabulary.index(word), vocabulary.pad_id, vocabulary.unk_id)]
    return ", ".join(f"{vocabulary.word(int(i))} {similarity[i]:.2f}" for i in ranked[:k])


def perplexity_caution(targets, vocabulary) -> str:
    """The chapter's caution on the held-out perplexity, with the shares of <unk> and punctuation computed."""
    targets = np.asarray(targets)
    unknown = np.mean(targets == vocabulary.unk_id)
    marks = np.isin(targets, [vocabulary.index(mark) for mark in PUNCTUATION if mark in vocabulary]).mean()
    return (
        f"A caution on the perplexity, $e^{{\\text{{loss}}}}$: its targets are every held-out token, and "
        f"{unknown:.1%} of them are `<unk>` (a word seen fewer than twice in the training part) and "
        f"{marks:.1%} are punctuation marks, which count like words. Predicting `<unk>` is easier "
        "than predicting the rare word it stands for, since it lumps them all into one class. A perplexity "
        "depends that much on the vocabulary, the tokenization and the text, so this one compares only with "
        "models scored on the same held-out tokens, not with published figures for other corpora.")
