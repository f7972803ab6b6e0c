"""introdl.lecture02.training: the training step written once, and the copy-first models."""

import numpy as np
import pytest

from introdl.frameworks import IDS, PYTORCH, TENSORFLOW
from introdl.lecture02.sequence_tasks import CopyFirstTask
from introdl.side_by_side import train_side_by_side

training = pytest.importorskip("introdl.lecture02.training")
tf = training.tf
torch = training.torch

TASK = CopyFirstTask(length=4)


@pytest.fixture(autouse=True)
def seeded():
    tf.keras.utils.set_random_seed(0)
    torch.manual_seed(0)


def parameters(torch_model):
    return np.concatenate([p.detach().cpu().numpy().ravel() for p in torch_model.parameters()])


@pytest.mark.parametrize("kind", training.COPY_FIRST_KINDS)
def test_the_twins_start_equal_and_train_one_bias(kind):
    tf_model, torch_model = training.equal_copy_first_models(kind, TASK, device="cpu")
    x = TASK.test_set(8)[0]
    assert np.abs(training.predict_tf(tf_model, x) - training.predict_torch(torch_model, x)).max() < 1e-5
    assert not torch_model.rnn.bias_hh_l0.requires_grad and torch_model.rnn.bias_ih_l0.requires_grad
    assert torch_model.rnn.bias_hh_l0.abs().max().item() == 0
    assert training.predict_tf(tf_model, x).shape == (8, TASK.n_symbols)


def test_start_equal_refuses_models_that_compute_differently():
    class Shifted(training.CopyFirstModel):
        def forward(self, x):
            return super().forward(x) + 0.1

    tf_model = training.copy_first_model_tf("tanh RNN", TASK)
    with pytest.raises(AssertionError, match="do not start equal"):
        training.start_equal(tf_model, Shifted("tanh RNN", TASK), TASK.test_set(4)[0], "cpu")
    with pytest.raises(TypeError, match="Pair 2 of 3"):  # a Keras tanh RNN into an nn.LSTM
        training.start_equal(tf_model, training.CopyFirstModel("LSTM", TASK), TASK.test_set(4)[0], "cpu")


def test_forget_bias_and_identity_start_reach_both_frameworks():
    tf_model, torch_model = training.equal_copy_first_models("LSTM", TASK, training.forget_bias(5.0), device="cpu")
    units = tf_model.layers[1].units
    bias = tf_model.layers[1].get_weights()[2]
    assert np.all(bias[units:2 * units] == 5.0) and not np.any(bias[:units] == 5.0)
    assert np.allclose(torch_model.rnn.bias_ih_l0.detach().numpy()[units:2 * units], 5.0)

    tf_model, torch_model = training.equal_copy_first_models(
        "ReLU RNN", TASK, training.recurrent_weights_times_identity(1.1), device="cpu")
    assert np.allclose(tf_model.layers[1].get_weights()[1], 1.1 * np.eye(units))
    assert np.allclose(torch_model.rnn.weight_hh_l0.detach().numpy(), 1.1 * np.eye(units))


def test_the_two_steps_agree_side_by_side():
    """Same start, same batches, SGD: the same losses and gradient norms, and the same weights after."""
    tf_model, torch_model = training.equal_copy_first_models("tanh RNN", TASK, device="cpu")
    steps = {TENSORFLOW: training.tf_train_step(tf_model, tf.keras.optimizers.SGD(0.1)),
             PYTORCH: training.torch_train_step(torch_model, torch.optim.SGD(torch_model.parameters(), 0.1))}
    histories = train_side_by_side(steps, TASK.batches(16, 3))
    for metric in ("loss", "grad_norm"):
        assert len(histories[TENSORFLOW].metrics[metric]) == len(histories[PYTORCH].metrics[metric]) == 3
        np.testing.assert_allclose(histories[TENSORFLOW].metrics[metric], histories[PYTORCH].metrics[metric], rtol=1e-3)
    x = TASK.test_set(8)[0]
    assert np.abs(training.predict_tf(tf_model, x) - training.predict_torch(torch_model, x)).max() < 1e-4


def test_the_torch_step_clips_and_reports_the_norm_before_clipping():
    torch_model = training.CopyFirstModel("tanh RNN", TASK)
    before = parameters(torch_model)
    step = training.torch_train_step(torch_model, torch.optim.SGD(torch_model.parameters(), 1.0), clip_norm=1e-3)
    result = step(*next(TASK.batches(16, 1)))
    assert result["grad_norm"] > 1e-2  # the norm measured before clipping
    assert np.linalg.norm(parameters(torch_model) - before) == pytest.approx(1e-3, rel=1e-3)


def test_the_tf_step_clips_with_the_optimizers_global_clipnorm():
    tf_model = training.copy_first_model_tf("tanh RNN", TASK)
    tf_model(TASK.test_set(2)[0])
    before = np.concatenate([w.ravel() for w in tf_model.get_weights()])
    step = training.tf_train_step(tf_model, tf.keras.optimizers.SGD(1.0, global_clipnorm=1e-3))
    result = step(*next(TASK.batches(16, 1)))
    after = np.concatenate([w.ravel() for w in tf_model.get_weights()])
    assert float(result["grad_norm"]) > 1e-2
    assert np.linalg.norm(after - before) == pytest.approx(1e-3, rel=1e-3)


def test_train_copy_first_returns_both_frameworks_runs():
    run = training.train_copy_first("LSTM", TASK, steps=3, device="cpu", test_size=50)
    assert set(run) == {"models", "losses", "accuracy", "seconds"}
    for key in run:
        assert tuple(run[key]) == IDS
    assert len(run["losses"][TENSORFLOW]) == len(run["losses"][PYTORCH]) == 3
    assert run["losses"][TENSORFLOW][0] == pytest.approx(run["losses"][PYTORCH][0], rel=1e-4)
    assert all(0 <= score <= 1 for score in run["accuracy"].values())
    lstm = run["models"][TENSORFLOW].layers[1]
    # The forget-gate bias started at FORGET_BIAS; three Adam steps of 3e-3 move it little.
    assert np.allclose(lstm.get_weights()[2][lstm.units:2 * lstm.units], training.FORGET_BIAS, atol=0.05)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="Unknown model kind 'GRU'.*'LSTM'"):
        training.equal_copy_first_models("GRU", TASK)
    with pytest.raises(TypeError, match="CopyFirstTask"):
        training.equal_copy_first_models("LSTM", 20)
    with pytest.raises(TypeError, match="CopyFirstTask"):
        training.train_pair(None, None, "task", steps=1)
