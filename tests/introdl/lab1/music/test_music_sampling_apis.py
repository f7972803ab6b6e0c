"""tf.random.categorical and torch.multinomial, the frameworks' own samplers that the music
lab shows, draw from the same distribution as the NumPy sampler it generates with."""

import numpy as np
import pytest
import tensorflow as tf
import torch

from introdl.lab1.music.sampling import sample_next

DRAWS = 20_000


def frequencies(ids, size):
    return np.bincount(np.asarray(ids).reshape(-1), minlength=size) / DRAWS


@pytest.mark.parametrize("temperature", [1.0, 0.5])
def test_framework_samplers_match_the_numpy_sampler(temperature):
    logits = np.random.default_rng(0).normal(scale=2.0, size=12).astype(np.float32)
    scaled = logits / temperature
    probabilities = np.exp(scaled - scaled.max())
    probabilities /= probabilities.sum()
    rng = np.random.default_rng(1)
    numpy_ids = [sample_next(logits, temperature, rng) for _ in range(DRAWS)]
    tf_ids = tf.random.categorical(tf.constant(scaled[None, :]), DRAWS, seed=2).numpy()
    torch_ids = torch.multinomial(torch.softmax(torch.tensor(scaled), dim=-1), DRAWS, replacement=True,
                                  generator=torch.Generator().manual_seed(3)).numpy()
    for name, ids in (("numpy", numpy_ids), ("tensorflow", tf_ids), ("pytorch", torch_ids)):
        observed = frequencies(ids, logits.size)
        # total variation distance of 20,000 draws from 12 outcomes: about 0.01 by chance
        assert 0.5 * np.abs(observed - probabilities).sum() < 0.025, name
    # and a sampler from another distribution is told apart
    wrong = torch.multinomial(torch.softmax(torch.tensor(logits), dim=-1), DRAWS, replacement=True,
                              generator=torch.Generator().manual_seed(4)).numpy()
    if temperature != 1.0:
        assert 0.5 * np.abs(frequencies(wrong, logits.size) - probabilities).sum() > 0.05
