"""introdl.side_by_side: both frameworks' steps see the same batches in the same order, and the
histories (losses, other numbers, evaluations, seconds) come back keyed by framework id."""

from __future__ import annotations

import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

from introdl.frameworks import PYTORCH, TENSORFLOW
from introdl.side_by_side import History, train_side_by_side


def regression_batches(count=12, batch=8, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        x = rng.normal(size=(batch, 3)).astype(np.float32)
        yield x, (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)


def tiny_models(learning_rate=0.1):
    """A Dense(1) and an nn.Linear(3, 1) from the same weights, each with its plain SGD training step."""
    tf = pytest.importorskip("tensorflow")
    torch = pytest.importorskip("torch")
    from introdl.weights import copy_keras_to_torch

    tf_layer, torch_layer = tf.keras.layers.Dense(1), torch.nn.Linear(3, 1)
    tf_layer(np.zeros((1, 3), np.float32))
    copy_keras_to_torch(tf_layer, torch_layer)
    tf_optimizer = tf.keras.optimizers.SGD(learning_rate)
    torch_optimizer = torch.optim.SGD(torch_layer.parameters(), lr=learning_rate)

    @tf.function
    def tf_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((tf_layer(x) - y) ** 2)
        gradients = tape.gradient(loss, tf_layer.trainable_variables)
        tf_optimizer.apply_gradients(zip(gradients, tf_layer.trainable_variables))
        return loss

    def torch_step(x, y):
        loss = ((torch_layer(torch.from_numpy(x)) - torch.from_numpy(y)) ** 2).mean()
        torch_optimizer.zero_grad()
        loss.backward()
        torch_optimizer.step()
        return loss.item()

    return {TENSORFLOW: tf_step, PYTORCH: torch_step}, (tf_layer, torch_layer)


def test_the_same_model_trained_in_both_frameworks_gives_the_same_losses():
    steps, (tf_layer, torch_layer) = tiny_models()
    histories = train_side_by_side(steps, regression_batches())
    assert list(histories) == [TENSORFLOW, PYTORCH]
    tf_losses, torch_losses = histories[TENSORFLOW].losses, histories[PYTORCH].losses
    assert len(tf_losses) == len(torch_losses) == 12
    assert tf_losses[-1] < tf_losses[0] / 4  # it trained
    np.testing.assert_allclose(tf_losses, torch_losses, rtol=1e-5)  # same weights, batches and SGD
    np.testing.assert_allclose(tf_layer.get_weights()[0].T, torch_layer.weight.detach().numpy(), rtol=1e-5)
    for history in histories.values():
        assert isinstance(history, History) and history.steps == 12
        assert history.seconds > 0 and history.first_step_seconds > 0
        assert history.seconds_per_step == pytest.approx(history.seconds / 11)


def recording_step(log, name, loss=1.0):
    def step(*batch):
        log.append((name, batch))
        return loss
    return step


def test_each_batch_goes_to_every_framework_before_the_next_is_drawn():
    log, drawn = [], []

    def batches():
        for number in range(3):
            drawn.append(number)
            yield np.full(2, number), np.full(2, -number), "carry"

    train_side_by_side({"torch": recording_step(log, PYTORCH), "tf": recording_step(log, TENSORFLOW)}, batches())
    assert [(name, int(batch[0][0]), batch[2]) for name, batch in log] == [
        (TENSORFLOW, 0, "carry"), (PYTORCH, 0, "carry"), (TENSORFLOW, 1, "carry"), (PYTORCH, 1, "carry"),
        (TENSORFLOW, 2, "carry"), (PYTORCH, 2, "carry")]  # the book's order, TensorFlow first
    assert log[0][1][0] is log[1][1][0]  # the very same array for both


def test_a_batch_that_is_not_a_tuple_is_one_argument():
    log = []
    train_side_by_side({PYTORCH: recording_step(log, PYTORCH)}, [np.arange(3), np.arange(3)])
    assert len(log) == 2 and len(log[0][1]) == 1


def test_steps_may_return_tensors_or_named_numbers():
    tf = pytest.importorskip("tensorflow")
    torch = pytest.importorskip("torch")
    values = iter(range(100))

    def tf_step(x):
        return {"loss": tf.constant(2.0), "grad_norm": tf.constant(float(next(values)))}

    def torch_step(x):
        return {"loss": torch.tensor(2.0), "grad_norm": np.float32(3.0)}

    histories = train_side_by_side({TENSORFLOW: tf_step, PYTORCH: torch_step}, [(0,), (1,), (2,)])
    assert histories[TENSORFLOW].metrics == {"loss": [2.0, 2.0, 2.0], "grad_norm": [0.0, 1.0, 2.0]}
    assert histories[PYTORCH].metrics["grad_norm"] == [3.0, 3.0, 3.0]


def test_a_diverging_loss_is_recorded_not_an_error():
    losses = iter([1.0, float("inf"), float("nan")])
    history = train_side_by_side({PYTORCH: lambda x: next(losses)}, [(0,)] * 3)[PYTORCH]
    assert history.losses[0] == 1.0 and math.isinf(history.losses[1]) and math.isnan(history.losses[2])


def test_evaluations_run_every_n_steps_and_after_the_last():
    counter = {TENSORFLOW: 0, PYTORCH: 0}

    def evaluator(framework):
        def evaluate():
            counter[framework] += 1
            return {"loss": 0.5, "accuracy": counter[framework] / 10}
        return evaluate

    histories = train_side_by_side({TENSORFLOW: lambda x: 1.0, PYTORCH: lambda x: 2.0}, ((i,) for i in range(7)),
                                   evaluate={TENSORFLOW: evaluator(TENSORFLOW), PYTORCH: evaluator(PYTORCH)}, every=3)
    for history in histories.values():
        assert history.evaluated_at == [3, 6, 7]
        assert history.evaluations == {"loss": [0.5, 0.5, 0.5], "accuracy": [0.1, 0.2, 0.3]}


def test_without_every_evaluation_runs_once_at_the_end_and_a_number_is_the_loss():
    histories = train_side_by_side({PYTORCH: lambda x: 1.0}, [(0,)] * 4, evaluate={"PyTorch": lambda: 0.25})
    assert histories[PYTORCH].evaluated_at == [4] and histories[PYTORCH].evaluations == {"loss": [0.25]}


def test_the_progress_line_shows_each_framework(capsys):
    train_side_by_side({TENSORFLOW: lambda x: 1.0, PYTORCH: lambda x: 2.0}, [(0,)] * 4,
                       evaluate={TENSORFLOW: lambda: 0.5, PYTORCH: lambda: 0.75}, progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("TensorFlow: step 4/4") and "validation 0.500" in line for line in lines)
    assert any(line.startswith("PyTorch: step 4/4") and "loss 2.000" in line for line in lines)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"steps": {}}, TypeError, r"steps should be a dict \{framework id: function\}"),
    ({"steps": [lambda x: 1.0]}, TypeError, "steps should be a dict"),
    ({"steps": {"jax": lambda x: 1.0}}, ValueError, "Unknown framework 'jax'"),
    ({"steps": {"tf": lambda x: 1.0, "keras": lambda x: 1.0}}, ValueError, "names TensorFlow twice"),
    ({"steps": {PYTORCH: "step"}}, TypeError, r"steps\['pytorch'\] should be a function, got str"),
    ({"evaluate": {TENSORFLOW: lambda: 1.0}}, ValueError, "evaluate names TensorFlow, which has no training step"),
    ({"every": 0}, ValueError, "every=0: evaluate after every this many steps"),
    ({"batches": []}, ValueError, "batches gave no batch: an empty list, or a generator already used up"),
    ({"batches": iter([]), "progress": True}, ValueError, "progress=True needs the number of batches"),
])
def test_bad_arguments_are_one_line_errors(kwargs, error, message):
    arguments = {"steps": {PYTORCH: lambda x: 1.0}, "batches": [(0,)], **kwargs}
    with pytest.raises(error, match=message) as excinfo:
        train_side_by_side(**arguments)
    assert "\n" not in str(excinfo.value)


@pytest.mark.parametrize("result, message", [
    ((1.0, 2.0), "is a tuple of 2 values; return the loss"),
    ({"norm": 1.0}, "is a mapping without 'loss'"),
    (np.ones(3), r"is a ndarray of shape \(3,\), not one number"),
    (None, "is a NoneType"),
    ("1.0", "is '1.0'"),
])
def test_a_step_that_does_not_return_a_loss_is_named(result, message):
    with pytest.raises(TypeError, match=rf"the PyTorch step's result at step 1 {message}"):
        train_side_by_side({PYTORCH: lambda x: result}, [(0,)])


def test_a_used_up_generator_is_explained():
    batches = regression_batches(count=2)
    steps = {PYTORCH: lambda x, y: 1.0}
    train_side_by_side(steps, batches)
    with pytest.raises(ValueError, match="make a new one for each run"):
        train_side_by_side(steps, batches)
