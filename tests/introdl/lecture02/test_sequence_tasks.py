"""The copy-first-symbol task: shapes, targets, determinism and bad input."""

import numpy as np
import pytest

from introdl.lecture02.sequence_tasks import CopyFirstTask, accuracy


def test_targets_are_the_first_symbol_and_batches_repeat_with_the_seed():
    task = CopyFirstTask(length=7, n_symbols=5)
    batches = list(task.batches(batch_size=4, steps=3, seed=1))
    assert len(batches) == 3
    x, y = batches[0]
    assert x.shape == (4, 7) and y.shape == (4,) and x.dtype == np.int64 and y.dtype == np.int64
    assert (y == x[:, 0] - 1).all() and x.min() >= 1 and x.max() <= 5
    again = list(task.batches(batch_size=4, steps=3, seed=1))
    assert all((a[0] == b[0]).all() for a, b in zip(batches, again))
    other = next(task.batches(batch_size=4, steps=1, seed=2))
    assert not (other[0] == x).all()
    assert task.vocabulary_size == 6 and task.chance_accuracy == pytest.approx(0.2)


def test_test_set_differs_from_training_batches():
    task = CopyFirstTask(length=20)
    x_test, _ = task.test_set(50)
    x_train, _ = next(task.batches(batch_size=50, steps=1, seed=0))
    assert x_test.shape == (50, 20) and not (x_test == x_train).all()


@pytest.mark.parametrize("kwargs, error, message", [
    ({"length": 0}, ValueError, "length must be at least 1, got 0"),
    ({"length": 2.5}, TypeError, "length must be an int, got float"),
    ({"length": 5, "n_symbols": 1}, ValueError, "n_symbols must be at least 2"),
])
def test_bad_task_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        CopyFirstTask(**kwargs)


def test_bad_batch_settings():
    task = CopyFirstTask(length=3)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        task.test_set(0)
    with pytest.raises(TypeError, match="steps must be an int"):
        list(task.batches(batch_size=2, steps="10"))


def test_accuracy_and_its_shape_checks():
    logits = np.array([[0.1, 2.0], [3.0, 0.0], [0.0, 1.0]])
    assert accuracy(logits, np.array([1, 0, 0])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"logits must have shape \(batch, classes\), got shape \(3,\)"):
        accuracy(np.zeros(3), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"targets must have shape \(3,\) to match logits"):
        accuracy(logits, np.zeros(4, dtype=int))
    with pytest.raises(TypeError, match="targets must be integer class indices, got dtype float64"):
        accuracy(logits, np.zeros(3))
