"""Parity in training, not only in the forward pass: Keras and PyTorch from the same weights
on the same batches."""

import numpy as np
import pytest

from introdl.lab1.music.parity import training_parity


def test_sgd_gives_the_same_weights_to_1e_5():
    differences = training_parity("sgd", steps=20)
    assert len(differences) == 20
    assert max(differences) < 1e-5
    assert differences[-1] > 0  # float32 in two libraries: equal to rounding, not bit for bit


def test_adam_drifts_and_the_matched_settings_agree():
    plain = training_parity("adam", steps=10)
    matched = training_parity("adam-matched", steps=10)
    assert plain[0] > 1e-4  # one step of the same-settings Adam already moves weights apart
    assert max(matched) < 1e-5
    assert plain[-1] > 100 * matched[-1]


def test_dense_gradients_alone_do_not_remove_the_epsilon_difference():
    assert training_parity("adam-dense", steps=3)[-1] > 1e-4


def test_unknown_optimizer_is_refused():
    with pytest.raises(ValueError, match="adam-matched"):
        training_parity("rmsprop")
