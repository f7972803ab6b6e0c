import numpy as np
import pytest

from introdl.music.data import join_songs
from introdl.music.vocab import (
    Vocabulary, VocabularyError, check_get_batch, fixed_batches, get_batch, vectorize_string,
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


def test_the_three_lab_checks_pass_on_get_batch(vocab, songs):
    ids = vocab.encode(join_songs(songs[:20]))
    lines = check_get_batch(get_batch, ids, seq_length=100, batch_size=4)
    assert len(lines) == 3 and all(line.startswith("[PASS]") for line in lines)


@pytest.mark.parametrize(
    "broken, failure",
    [
        (lambda v, s, b: tuple(a.tolist() for a in get_batch(v, s, b)), "types"),
        (lambda v, s, b: get_batch(v, s + 1, b), "shapes"),
        (lambda v, s, b: (get_batch(v, s, b)[0],) * 2, "next step"),
        (lambda v, s, b: (lambda x: (x[:, :-1], x[:, 1:]))(get_batch(v, s + 1, b)[0][:, ::-1]), "next step"),
    ],
)
def test_the_lab_checks_catch_broken_get_batch(vocab, songs, broken, failure):
    ids = vocab.encode(join_songs(songs[:20]))
    with pytest.raises(AssertionError, match=f"FAIL\\] {failure}"):
        check_get_batch(broken, ids, seq_length=10, batch_size=3)


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_the_lab_checks_accept_framework_tensors(vocab, songs, framework):
    # The PyTorch lab's get_batch returns torch.long tensors; a TF version may return tf tensors.
    if framework == "tensorflow":
        import tensorflow as tf

        to_tensor, kind = tf.constant, "TensorFlow tensors"
    else:
        import torch

        to_tensor, kind = torch.as_tensor, "PyTorch tensors"
    ids = vocab.encode(join_songs(songs[:20]))
    lines = check_get_batch(lambda v, s, b: tuple(map(to_tensor, get_batch(v, s, b))), ids, 30, 2)
    assert lines[0] == f"[PASS] types: x and y are {kind} of integer ids"
    assert all(line.startswith("[PASS]") for line in lines)
    floats = lambda v, s, b: tuple(to_tensor(a.astype(np.float32)) for a in get_batch(v, s, b))  # noqa: E731
    with pytest.raises(AssertionError, match=r"FAIL\] types: x is .*float"):
        check_get_batch(floats, ids, 30, 2)


def test_the_lab_checks_refuse_mixed_kinds(vocab, songs):
    import torch

    ids = vocab.encode(join_songs(songs[:20]))
    mixed = lambda v, s, b: (lambda x, y: (x, torch.as_tensor(y)))(*get_batch(v, s, b))  # noqa: E731
    with pytest.raises(AssertionError, match="different kinds"):
        check_get_batch(mixed, ids, 30, 2)
