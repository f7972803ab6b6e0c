"""introdl.lab2.exercises: every check passes the references and fails each kind of wrong answer in one line.

The kinds, for every exercise in both frameworks: left untouched (the TODO's ``...``), the
wrong shape, the wrong dtype, the right shape with wrong values. Each FAIL must name what was
expected; ``Exercise.check`` must then fall back on introdl's reference.
"""

import functools

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from torch import nn

from introdl.lab2 import exercises, models

TF, PT = "tensorflow", "pytorch"


def _fails(result, phrase):
    assert not result.passed, result
    assert phrase in result.message, result.message
    assert "\n" not in result.message


# ---------------------------------------------------------------- the dense model and the CNN

def _tf_fc(last=None, hidden="relu", dtype=None):
    return lambda: tf.keras.Sequential([
        tf.keras.layers.Flatten(), tf.keras.layers.Dense(128, activation=hidden, dtype=dtype),
        last or tf.keras.layers.Dense(10, activation="softmax", dtype=dtype)])


def _torch_fc(*tail):
    return lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), *(tail or (nn.Linear(128, 10),)))


def _tf_cnn(pool=tf.keras.layers.MaxPool2D, pools=2, last_activation="softmax"):
    def build():
        layers = [tf.keras.layers.Conv2D(24, 3, activation="relu"), pool(2),
                  tf.keras.layers.Conv2D(36, 3, activation="relu")]
        layers += [pool(2)] if pools == 2 else []
        return tf.keras.Sequential(layers + [tf.keras.layers.Flatten(), tf.keras.layers.Dense(128, activation="relu"),
                                             tf.keras.layers.Dense(10, activation=last_activation)])
    return build


def _torch_cnn(pool=nn.MaxPool2d):
    return lambda: nn.Sequential(nn.Conv2d(1, 24, 3), nn.ReLU(), pool(2), nn.Conv2d(24, 36, 3), nn.ReLU(), pool(2),
                                 nn.Flatten(), nn.Linear(900, 128), nn.ReLU(), nn.Linear(128, 10))


@pytest.mark.parametrize("framework", [TF, PT])
@pytest.mark.parametrize("kind", ["fc", "cnn"])
def test_the_references_pass(kind, framework):
    result = exercises.check_model(functools.partial(models.model_builder(kind), framework), kind=kind,
                                   framework=framework)
    assert result.passed, result


@pytest.mark.parametrize("framework", [TF, PT])
def test_untouched_models_fail_as_todo(framework):
    _fails(exercises.check_model(..., kind="fc", framework=framework), "still `...`")
    if framework == TF:
        todo = lambda: tf.keras.Sequential([tf.keras.layers.Flatten(),  # noqa: E731
                                            tf.keras.layers.Dense(128, activation=...), ...])
    else:
        todo = lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 128), ..., ...)  # noqa: E731
    _fails(exercises.check_model(todo, kind="fc", framework=framework), "still `...`")


def test_wrong_models_fail_naming_the_expectation():
    _fails(exercises.check_model(_tf_fc(tf.keras.layers.Dense(1, activation="softmax")), kind="fc",
                                 framework=TF), "should give shape (6, 10)")
    _fails(exercises.check_model(_torch_fc(nn.Linear(128, 1)), kind="fc", framework=PT), "should give shape (6, 10)")
    _fails(exercises.check_model(_tf_fc(dtype="float64"), kind="fc", framework=TF), "float32")
    _fails(exercises.check_model(lambda: _torch_fc()().double(), kind="fc", framework=PT), "float32")
    _fails(exercises.check_model(_tf_fc(tf.keras.layers.Dense(10)), kind="fc", framework=TF), "probabilities")
    _fails(exercises.check_model(_torch_fc(nn.Linear(128, 10), nn.Softmax(dim=1)), kind="fc", framework=PT),
           "leave the softmax")
    _fails(exercises.check_model(_tf_fc(hidden="sigmoid"), kind="fc", framework=TF), "differ from the lab's")
    _fails(exercises.check_model(_tf_cnn(pools=1), kind="cnn", framework=TF), "do not fit")
    _fails(exercises.check_model(_tf_cnn(pool=tf.keras.layers.AveragePooling2D), kind="cnn", framework=TF),
           "differ from the lab's")
    _fails(exercises.check_model(_torch_cnn(pool=nn.AvgPool2d), kind="cnn", framework=PT), "differ from the lab's")
    _fails(exercises.check_model(lambda: 1 / 0, kind="cnn", framework=PT), "raised ZeroDivisionError")
    _fails(exercises.check_model(_tf_fc(), kind="fc", framework="jax"), "Unknown framework")


def test_a_failed_model_falls_back_on_the_reference(capsys):
    build = exercises.cnn_model.check(..., framework=PT)
    assert "in place of yours" in capsys.readouterr().out
    assert isinstance(build(), nn.Sequential)


# ---------------------------------------------------------------- evaluate

def _tf_evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return loss, accuracy


def _torch_evaluate(model, images, labels, softmax=False):
    with torch.no_grad():
        logits = model(images)
        scores = torch.softmax(logits, 1) if softmax else logits
        return F.cross_entropy(scores, labels).item(), (logits.argmax(1) == labels).float().mean().item()


@pytest.mark.parametrize("framework, fn", [(TF, _tf_evaluate), (PT, _torch_evaluate)])
def test_evaluate_passes(framework, fn):
    assert exercises.check_evaluate(fn, framework=framework).passed


def test_wrong_evaluations_fail():
    _fails(exercises.check_evaluate(..., framework=TF), "still `...`")
    _fails(exercises.check_evaluate(lambda m, x, y: ..., framework=PT), "still `...`")
    per_digit = lambda m, x, y: (F.cross_entropy(m(x), y, reduction="none").detach().numpy(), 0.5)  # noqa: E731
    _fails(exercises.check_evaluate(per_digit, framework=PT), "got shape (64,)")
    tensors = lambda m, x, y: (F.cross_entropy(m(x), y), (m(x).argmax(1) == y).float().mean())  # noqa: E731
    _fails(exercises.check_evaluate(tensors, framework=PT), "should be a Python float")
    count = lambda m, x, y: (m.evaluate(x, y, verbose=0)[0], int(m.evaluate(x, y, verbose=0)[1] * 64))  # noqa: E731
    _fails(exercises.check_evaluate(count, framework=TF), "should be a float")
    _fails(exercises.check_evaluate(functools.partial(_torch_evaluate, softmax=True), framework=PT),
           "takes the logits")
    swapped = lambda m, x, y: tuple(reversed(m.evaluate(x, y, verbose=0)))  # noqa: E731
    _fails(exercises.check_evaluate(swapped, framework=TF), "accuracy")


# ---------------------------------------------------------------- prediction

PREDICTIONS = np.array([[0.1, 0.1, 0.7, 0.1] + [0] * 6, [0.9] + [0.01] * 9])


@pytest.mark.parametrize("framework, predictions", [(TF, PREDICTIONS), (PT, torch.tensor(PREDICTIONS))])
def test_prediction(framework, predictions):
    assert exercises.check_prediction(np.argmax(PREDICTIONS[0]), predictions, framework=framework).passed
    assert exercises.check_prediction(torch.tensor(PREDICTIONS[0]).argmax(), predictions, framework=framework).passed
    _fails(exercises.check_prediction(..., predictions, framework=framework), "still `...`")
    _fails(exercises.check_prediction(np.argmax(PREDICTIONS, axis=1), predictions, framework=framework), "shape (2,)")
    _fails(exercises.check_prediction(PREDICTIONS[0].max(), predictions, framework=framework), "integer class")
    _fails(exercises.check_prediction(int(np.argmin(PREDICTIONS[0])), predictions, framework=framework),
           "should be 2")
    assert exercises.prediction.reference(framework, predictions) == 2


# ---------------------------------------------------------------- train_step

def _tf_step(reduce=tf.reduce_mean, apply=True, cast=None):
    def step(model, optimizer, images, labels):
        with tf.GradientTape() as tape:
            per_digit = tf.keras.losses.sparse_categorical_crossentropy(labels, model(images, training=True))
            loss = reduce(per_digit) if reduce else per_digit
        if apply:
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        return tf.cast(loss, cast) if cast else loss
    return step


def _torch_step(zero_grad=True, reduction="mean", half=False):
    def step(model, optimizer, images, labels):
        if zero_grad:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels, reduction=reduction)
        (loss if reduction != "none" else loss.mean()).backward()
        optimizer.step()
        return loss.detach().half() if half else loss.detach()
    return step


def test_train_steps_pass():
    assert exercises.check_train_step(_tf_step(), framework=TF).passed
    assert exercises.check_train_step(_torch_step(), framework=PT).passed


def test_wrong_train_steps_fail():
    def todo(model, optimizer, images, labels):
        loss = ...
        grads = ...
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss
    _fails(exercises.check_train_step(todo, framework=TF), "still `...`")
    _fails(exercises.check_train_step(..., framework=PT), "still `...`")
    _fails(exercises.check_train_step(_tf_step(reduce=None), framework=TF), "one number (0-d)")
    _fails(exercises.check_train_step(_torch_step(reduction="none"), framework=PT), "one number (0-d)")
    _fails(exercises.check_train_step(_tf_step(cast=tf.float64), framework=TF), "float32")
    _fails(exercises.check_train_step(_torch_step(half=True), framework=PT), "float32")
    _fails(exercises.check_train_step(_tf_step(reduce=tf.reduce_sum), framework=TF), "not the sum")
    _fails(exercises.check_train_step(_tf_step(apply=False), framework=TF), "did not change")
    _fails(exercises.check_train_step(_torch_step(zero_grad=False), framework=PT), "zero_grad")
