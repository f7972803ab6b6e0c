"""introdl.lecture02.text_generation: temperature sampling, teacher forcing's pairs, truncated BPTT's
chunks, and the repetition measures of the Lecture 2 generation page."""

import numpy as np
import pytest

from introdl.lecture02.text_generation import (
    distinct_ngram_fraction,
    entropy,
    sample_next,
    shifted_pairs,
    stream_chunks,
    temperature_probabilities,
    unseen_ngram_fraction,
)

LOGITS = np.array([2.0, 1.0, 0.0, -1.0])


def test_temperature_one_is_the_softmax_and_zero_is_the_argmax():
    softmax = np.exp(LOGITS) / np.exp(LOGITS).sum()
    assert np.allclose(temperature_probabilities(LOGITS, 1.0), softmax)
    assert temperature_probabilities(LOGITS, 0).tolist() == [1.0, 0.0, 0.0, 0.0]
    assert np.allclose(temperature_probabilities(LOGITS, 1e6), 0.25, atol=1e-5)  # flat
    # softmax(z / T) = softmax(2z / 2T): only the ratio matters
    assert np.allclose(temperature_probabilities(LOGITS, 0.5), temperature_probabilities(2 * LOGITS, 1.0))
    # huge logits at a tiny temperature neither overflow nor give NaN
    assert np.isfinite(temperature_probabilities(np.array([1e4, -1e4, 0.0]), 1e-3)).all()


def test_entropy_grows_with_temperature_from_zero_to_log_vocabulary():
    values = [entropy(temperature_probabilities(LOGITS, t)) for t in (0, 0.25, 0.5, 1, 2, 4, 100)]
    assert values[0] == 0.0 and all(a < b for a, b in zip(values, values[1:]))
    assert values[-1] < np.log(4) and np.isclose(values[-1], np.log(4), atol=1e-3)
    assert np.isclose(entropy([0.5, 0.5, 0.0]), np.log(2))  # 0 log 0 counts as 0


def test_sampling_follows_the_tempered_probabilities():
    rng = np.random.default_rng(0)
    draws = sample_next(np.tile(LOGITS, (40_000, 1)), 0.7, rng)
    assert draws.shape == (40_000,) and draws.dtype == np.int64
    frequencies = np.bincount(draws, minlength=4) / len(draws)
    assert np.abs(frequencies - temperature_probabilities(LOGITS, 0.7)).max() < 0.01


def test_the_same_seed_gives_the_same_words_and_greedy_takes_the_argmax():
    first = [int(sample_next(LOGITS, 1.0, rng)) for rng in [np.random.default_rng(3)] for _ in range(50)]
    second = [int(sample_next(LOGITS + 1e-9, 1.0, rng)) for rng in [np.random.default_rng(3)] for _ in range(50)]
    assert first == second and len(set(first)) > 1
    rng = np.random.default_rng(1)
    assert int(sample_next(LOGITS, 0, rng)) == 0
    # greedy still takes one uniform per draw, so the random streams of two runs stay aligned
    assert rng.random() == (lambda r: (r.random(), r.random())[1])(np.random.default_rng(1))


def test_a_word_of_probability_zero_is_never_drawn():
    probabilities = np.array([0.0, 0.5, 0.0, 0.5, 0.0])
    with np.errstate(divide="ignore"):
        logits = np.log(probabilities)
    draws = sample_next(np.tile(logits, (5_000, 1)), 1.0, np.random.default_rng(0))
    assert set(np.unique(draws)) == {1, 3}


@pytest.mark.parametrize("temperature", [-1, float("nan"), float("inf"), "hot"])
def test_a_bad_temperature_is_refused(temperature):
    with pytest.raises(ValueError, match="temperature"):
        temperature_probabilities(LOGITS, temperature)


def test_sample_next_wants_a_generator():
    with pytest.raises(TypeError, match="default_rng"):
        sample_next(LOGITS, 1.0, 0)


def test_shifted_pairs_give_a_target_at_every_step():
    x, y = shifted_pairs(np.array([[5, 6, 7, 8], [1, 2, 3, 4]]))
    assert x.tolist() == [[5, 6, 7], [1, 2, 3]] and y.tolist() == [[6, 7, 8], [2, 3, 4]]
    assert (x[:, 1:] == y[:, :-1]).all()  # each target is the next step's input
    with pytest.raises(ValueError, match="at least 2 tokens"):
        shifted_pairs(np.array([[1], [2]]))
    with pytest.raises(TypeError, match="integer"):
        shifted_pairs(np.array([0.5, 1.5]))


def test_stream_chunks_continue_row_by_row_and_shift_the_targets():
    stream = np.arange(103)
    x, y = stream_chunks(stream, rows=4, length=5)
    per_row = (len(stream) - 1) // 4  # 25 tokens per row: 5 chunks of 5
    assert x.shape == y.shape == (5, 4, 5)
    assert (y == x + 1).all()  # the target is the next token of the stream
    for row in range(4):
        assert (x[:, row].reshape(-1) == np.arange(row * per_row, (row + 1) * per_row)).all()
    assert (x[1:, :, 0] == x[:-1, :, -1] + 1).all()  # chunk k + 1 continues chunk k
    with pytest.raises(ValueError, match="too few"):
        stream_chunks(np.arange(10), rows=4, length=5)
    with pytest.raises(ValueError, match="rows"):
        stream_chunks(stream, rows=0, length=5)


def test_ngram_measures():
    assert distinct_ngram_fraction([1, 2, 3, 4, 5], 3) == 1.0
    assert distinct_ngram_fraction([1, 2] * 10, 3) == pytest.approx(2 / 18)
    assert unseen_ngram_fraction([1, 2, 3, 9], [1, 2, 3, 4], 2) == pytest.approx(1 / 3)
    # a batch of texts: n-grams within each row, none across the boundary
    assert unseen_ngram_fraction(np.array([[1, 2], [3, 4]]), [1, 2, 3, 4], 2) == pytest.approx(0.0)
    assert unseen_ngram_fraction([1, 2, 3, 4], np.array([[1, 2], [3, 4]]), 2) == pytest.approx(1 / 3)
    assert distinct_ngram_fraction(np.array([[1, 2, 3], [1, 2, 3]]), 3) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="no 3-grams"):
        distinct_ngram_fraction([1, 2], 3)
    with pytest.raises(ValueError, match="1-d"):
        distinct_ngram_fraction(np.zeros((2, 2, 2), dtype=int), 1)
