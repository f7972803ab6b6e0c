"""introdl.lecture03.models and .training: the digit networks in both frameworks compute the same
function after the same-start copy, the steps train, the batches are the same for both."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
torch = pytest.importorskip("torch")

from introdl.digits import DigitDataError, load_digits  # noqa: E402
from introdl.frameworks import PYTORCH, TENSORFLOW  # noqa: E402
from introdl.lecture03.models import (DigitCNN, DigitDense, cnn_tf, dense_tf, predict_tf, predict_torch,  # noqa: E402
                                      start_equal, tf_train_step, torch_train_step)
from introdl.lecture03.training import accuracy, digit_batches, scaled, train_twins  # noqa: E402

DIGITS = np.random.default_rng(0).uniform(size=(6, 28, 28)).astype(np.float32)


@pytest.mark.parametrize("make_tf, make_torch, weights", [(cnn_tf, DigitCNN, 124_670), (dense_tf, DigitDense, 101_770)])
def test_the_twins_have_the_lab_sizes_and_start_equal(make_tf, make_torch, weights):
    tf_model, torch_model = make_tf(), make_torch()
    assert tf_model.count_params() == sum(p.numel() for p in torch_model.parameters()) == weights
    assert start_equal(tf_model, torch_model, DIGITS, "cpu") < 1e-5
    assert predict_tf(tf_model, DIGITS).shape == predict_torch(torch_model, DIGITS).shape == (6, 10)


def test_without_the_flatten_reordering_the_cnns_would_differ():
    from introdl.weights import copy_keras_to_torch

    tf_model, torch_model = cnn_tf(), DigitCNN()
    start_equal(tf_model, torch_model, DIGITS, "cpu")
    copy_keras_to_torch(tf_model.layers[5], torch_model.classifier[1], flatten_from=None)
    assert np.abs(predict_tf(tf_model, DIGITS) - predict_torch(torch_model, DIGITS)).max() > 1e-3


def test_one_step_each_lowers_the_loss_on_its_batch():
    tf_model, torch_model = cnn_tf(), DigitCNN()
    start_equal(tf_model, torch_model, DIGITS, "cpu")
    y = np.arange(6, dtype=np.int64)
    tf_step = tf_train_step(tf_model, tf.keras.optimizers.Adam(1e-2))
    torch_step = torch_train_step(torch_model, torch.optim.Adam(torch_model.parameters(), 1e-2))
    first = (float(tf_step(DIGITS, y)), torch_step(DIGITS, y))
    assert abs(first[0] - first[1]) < 1e-5  # the same start gives the same first loss
    for _ in range(5):
        last = (float(tf_step(DIGITS, y)), torch_step(DIGITS, y))
    assert last[0] < first[0] and last[1] < first[1]


def test_digit_batches_are_reproducible_whole_and_checked():
    images = (np.arange(10 * 784) % 256).astype(np.uint8).reshape(10, 28, 28)
    labels = np.arange(10) % 10
    one, two = list(digit_batches(images, labels, 4, 2, seed=1)), list(digit_batches(images, labels, 4, 2, seed=1))
    assert len(one) == 4 and all(np.array_equal(a[0], b[0]) for a, b in zip(one, two))  # 2 per epoch, the rest dropped
    x, y = one[0]
    assert x.dtype == np.float32 and x.shape == (4, 28, 28) and x.max() <= 1 and y.dtype == np.int64
    with pytest.raises(DigitDataError, match="must have shape"):
        next(digit_batches(images[:, :27], labels, 4, 1))
    with pytest.raises(ValueError, match="batch_size=11 is more than the 10 digits"):
        next(digit_batches(images, labels, 11, 1))
    with pytest.raises(ValueError, match="epochs must be a whole number >= 1"):
        next(digit_batches(images, labels, 2, 0))
    with pytest.raises(DigitDataError, match="uint8 grey levels"):
        scaled(images / 255.0)


def test_accuracy_and_its_errors():
    assert accuracy(np.eye(3), [0, 1, 2]) == 1.0 and accuracy(np.eye(3), [0, 0, 0]) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match=r"logits should be \(n, classes\) for 2 labels"):
        accuracy(np.zeros(3), [0, 1])


def test_train_twins_trains_both_from_one_start():
    digits = load_digits()
    run = train_twins(dense_tf(), DigitDense(), digits, epochs=1, device="cpu", train_count=640)
    assert run.start_difference < 1e-5
    assert set(run.accuracy) == {TENSORFLOW, PYTORCH} and all(a > 0.5 for a in run.accuracy.values())
    assert run.histories[TENSORFLOW].steps == run.histories[PYTORCH].steps == 10
    assert 0.9 < run.agreement <= 1
    with pytest.raises(TypeError, match="digits should be introdl.digits.Digits"):
        train_twins(dense_tf(), DigitDense(), digits.train_images, epochs=1, device="cpu")
