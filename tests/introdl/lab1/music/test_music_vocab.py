import numpy as np
import pytest

from introdl.lab1.music.data import join_songs
from introdl.lab1.music.vocab import (
    Vocabulary, VocabularyError, fixed_batches, get_batch, vectorize_string,
)


def test_encode_decode_round_trip(songs, vocab):
    text = join_songs(songs[:5])
    ids = vectorize_string(text, vocab)
    assert ids.dtype == np.int64 and ids.shape == (len(text),)
    assert vocab.decode(ids) == text
    assert vocab.char2idx[vocab.idx2char[7]] == 7


def test_unknown_characters_are_named(vocab):
    with pytest.raises(VocabularyError, match="'€'"):
        vocab.encode("abc€")


def test_fingerprint_tracks_the_characters():
    assert Vocabulary(("a", "b")).fingerprint != Vocabulary(("b", "a")).fingerprint
    assert Vocabulary.from_text("abca").fingerprint == Vocabulary(("a", "b", "c")).fingerprint


def test_get_batch_shapes_and_shift(songs, vocab):
    ids = vocab.encode(join_songs(songs[:20]))
    x, y = get_batch(ids, seq_length=100, batch_size=4, rng=np.random.default_rng(0))
    assert x.shape == y.shape == (4, 100)
    assert np.array_equal(x[:, 1:], y[:, :-1])
    again = get_batch(ids, 100, 4, np.random.default_rng(0))
    assert np.array_equal(x, again[0])


def test_get_batch_rejects_short_text():
    with pytest.raises(ValueError, match="too few"):
        get_batch(np.arange(10), seq_length=10, batch_size=1)


def test_fixed_batches_repeat(vocab, songs):
    ids = vocab.encode(join_songs(songs[:20]))
    a, b = fixed_batches(ids, 20, 2, 3, seed=1), fixed_batches(ids, 20, 2, 3, seed=1)
    assert all(np.array_equal(p[0], q[0]) for p, q in zip(a, b))
