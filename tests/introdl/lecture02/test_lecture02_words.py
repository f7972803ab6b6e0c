"""introdl.lecture02.words: the next-word chapter's framework-neutral plumbing."""

import numpy as np
import pytest

from introdl.lecture02 import word_corpus, words

VOCABULARY = word_corpus.Vocabulary.build("the lord god said , let there be light . and god saw the light".split())


def test_shuffled_batches_repeat_for_the_same_seed_and_cover_each_epoch():
    x, y = np.arange(40).reshape(20, 2), np.arange(20)
    first = list(words.shuffled_batches(x, y, batch_size=4, epochs=2, steps_per_epoch=5, seed=3))
    again = list(words.shuffled_batches(x, y, batch_size=4, epochs=2, steps_per_epoch=5, seed=3))
    assert len(first) == 10
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(first, again))
    epoch = np.concatenate([batch_y for _, batch_y in first[:5]])
    assert sorted(epoch) == list(range(20))  # one epoch sees every row once
    assert all(np.array_equal(batch_x[:, 0] // 2, batch_y) for batch_x, batch_y in first)  # rows stay paired
    other = list(words.shuffled_batches(x, y, batch_size=4, epochs=1, steps_per_epoch=5, seed=4))
    assert not np.array_equal(other[0][1], first[0][1])


def test_shuffled_batches_refuse_bad_sizes():
    x, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="need 12 rows per epoch, but there are 10"):
        next(words.shuffled_batches(x, y, batch_size=4, epochs=1, steps_per_epoch=3))
    with pytest.raises(ValueError, match="x has 10 rows but y has 9"):
        next(words.shuffled_batches(x, y[:9], batch_size=2, epochs=1, steps_per_epoch=1))
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        next(words.shuffled_batches(x, y, batch_size=0, epochs=1, steps_per_epoch=1))


def test_pad_right_pads_at_the_end():
    padded = words.pad_right([[5, 6], [7, 8, 9, 10], [11]])
    assert padded.dtype == np.int64
    assert padded.tolist() == [[5, 6, 0, 0], [7, 8, 9, 10], [11, 0, 0, 0]]
    with pytest.raises(ValueError, match="no empty one"):
        words.pad_right([[1], []])


def test_top_words_leaves_out_the_placeholders():
    logits = np.full(len(VOCABULARY), -10.0)
    logits[VOCABULARY.unk_id] = 10.0  # the likeliest is <unk>: not a real word
    logits[VOCABULARY.index("god")] = 5.0
    logits[VOCABULARY.index("light")] = 4.0
    text = words.top_words(logits, VOCABULARY, k=2)
    assert text.startswith("god ") and ", light " in text and "<unk>" not in text
    with pytest.raises(ValueError, match="one per word"):
        words.top_words(logits[:-1], VOCABULARY)


def test_nearest_words_ranks_by_cosine_and_leaves_out_the_word_itself():
    table = np.random.default_rng(0).normal(size=(len(VOCABULARY), 4))
    table[VOCABULARY.index("light")] = 3 * table[VOCABULARY.index("god")]  # same direction
    text = words.nearest_words(table, "god", VOCABULARY, k=1)
    assert text == "light 1.00"
    with pytest.raises(KeyError, match="not in the vocabulary"):
        words.nearest_words(table, "moses", VOCABULARY)


def test_perplexity_caution_counts_unknown_words_and_marks():
    targets = np.array([VOCABULARY.unk_id, VOCABULARY.index("."), VOCABULARY.index("god"), VOCABULARY.index(",")])
    text = words.perplexity_caution(targets, VOCABULARY)
    assert "25.0% of them are `<unk>`" in text and "50.0% are punctuation marks" in text
