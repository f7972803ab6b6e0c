"""introdl.weights: after a copy the Keras layer and its PyTorch twin compute the same function,
in both directions; a copy that cannot work is refused with one line and changes nothing."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from introdl import weights  # noqa: E402
from introdl.weights import (  # noqa: E402
    copy_keras_model_to_torch,
    copy_keras_to_torch,
    copy_torch_to_keras,
    get_keras_weights,
    keras_torch_pairs,
    set_keras_weights,
)

layers = tf.keras.layers
RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 5, 3)).astype(np.float32)  # (batch, time, features)
IDS = np.array([[1, 2, 9, 0], [4, 4, 3, 7]])


def assert_same_function(keras_out, torch_out):
    """Equal to float32 rounding: both frameworks compute in float32, in their own order."""
    keras_out, torch_out = np.asarray(keras_out), np.asarray(torch_out)
    assert keras_out.shape == torch_out.shape
    np.testing.assert_allclose(keras_out, torch_out, rtol=1e-5, atol=1e-6)


def run_torch(module, x):
    with torch.no_grad():
        out = module(torch.from_numpy(x))
    return (out[0] if isinstance(out, tuple) else out).numpy()


def randomize(keras_layer, seed=1):
    """Random weights, biases included, so that a misplaced or dropped weight would show."""
    rng = np.random.default_rng(seed)
    keras_layer.set_weights([rng.normal(scale=0.5, size=w.shape).astype(np.float32) for w in keras_layer.get_weights()])


RECURRENT_PAIRS = {
    "SimpleRNN": (lambda: layers.SimpleRNN(4, return_sequences=True), lambda: nn.RNN(3, 4, batch_first=True)),
    "SimpleRNN relu": (lambda: layers.SimpleRNN(4, activation="relu", return_sequences=True),
                       lambda: nn.RNN(3, 4, batch_first=True, nonlinearity="relu")),
    "SimpleRNN without bias": (lambda: layers.SimpleRNN(4, use_bias=False, return_sequences=True),
                               lambda: nn.RNN(3, 4, bias=False, batch_first=True)),
    "LSTM": (lambda: layers.LSTM(4, return_sequences=True), lambda: nn.LSTM(3, 4, batch_first=True)),
    "Dense": (lambda: layers.Dense(4), lambda: nn.Linear(3, 4)),
    "Dense without bias": (lambda: layers.Dense(4, use_bias=False), lambda: nn.Linear(3, 4, bias=False)),
}


@pytest.mark.parametrize("name", RECURRENT_PAIRS)
def test_keras_to_torch_computes_the_same(name):
    make_keras, make_torch = RECURRENT_PAIRS[name]
    keras_layer, torch_module = make_keras(), make_torch()
    keras_layer(X)
    randomize(keras_layer)
    copy_keras_to_torch(keras_layer, torch_module)
    assert_same_function(keras_layer(X), run_torch(torch_module, X))


@pytest.mark.parametrize("name", RECURRENT_PAIRS)
def test_torch_to_keras_computes_the_same(name):
    make_keras, make_torch = RECURRENT_PAIRS[name]
    keras_layer, torch_module = make_keras(), make_torch()
    keras_layer(X)
    with torch.no_grad():  # PyTorch's own random weights, both biases non-zero
        for parameter in torch_module.parameters():
            parameter.normal_(0, 0.5)
    copy_torch_to_keras(torch_module, keras_layer)
    assert_same_function(keras_layer(X), run_torch(torch_module, X))


def test_embedding_both_ways():
    keras_layer, torch_module = layers.Embedding(10, 4), nn.Embedding(10, 4)
    keras_layer(IDS)
    copy_keras_to_torch(keras_layer, torch_module)
    assert np.array_equal(keras_layer(IDS).numpy(), run_torch(torch_module, IDS))
    fresh = nn.Embedding(10, 4)
    copy_torch_to_keras(fresh, keras_layer)
    assert np.array_equal(keras_layer(IDS).numpy(), run_torch(fresh, IDS))


def test_lstm_gates_and_biases_land_where_pytorch_reads_them():
    keras_layer, torch_module = layers.LSTM(4), nn.LSTM(3, 4, batch_first=True)
    keras_layer(X)
    randomize(keras_layer)
    copy_keras_to_torch(keras_layer, torch_module)
    kernel, recurrent, bias = keras_layer.get_weights()
    assert np.array_equal(torch_module.weight_ih_l0.detach().numpy(), kernel.T)  # gate blocks i, f, c/g, o in place
    assert np.array_equal(torch_module.weight_hh_l0.detach().numpy(), recurrent.T)
    assert np.array_equal(torch_module.bias_ih_l0.detach().numpy(), bias)
    assert not torch_module.bias_hh_l0.detach().numpy().any()
    assert torch_module.bias_hh_l0.requires_grad  # trained unless asked otherwise


def test_freeze_bias_hh_keeps_pytorchs_second_bias_out_of_training():
    keras_layer, torch_module = layers.LSTM(4), nn.LSTM(3, 4)
    keras_layer(X)
    copy_keras_to_torch(keras_layer, torch_module, freeze_bias_hh=True)
    assert not torch_module.bias_hh_l0.requires_grad and torch_module.bias_ih_l0.requires_grad


def test_fast_lstm_counts_as_a_keras_lstm():
    from introdl.music.fast_lstm_tf import FastLSTM

    fast, torch_module = FastLSTM(4), nn.LSTM(3, 4, batch_first=True)
    outputs, _, _ = fast(tf.constant(X))
    randomize(fast)
    copy_keras_to_torch(fast, torch_module)
    outputs, _, _ = fast(tf.constant(X))
    assert_same_function(outputs, run_torch(torch_module, X))


def test_get_and_set_keras_weights_are_the_keras_layout():
    keras_layer, torch_module = layers.LSTM(4), nn.LSTM(3, 4)
    keras_layer(X)
    randomize(keras_layer)
    set_keras_weights(torch_module, keras_layer.get_weights())
    for ours, theirs in zip(get_keras_weights(torch_module), keras_layer.get_weights(), strict=True):
        assert ours.shape == theirs.shape and np.array_equal(ours, theirs)
    with torch.no_grad():
        torch_module.bias_hh_l0.fill_(0.25)
    assert np.allclose(get_keras_weights(torch_module)[2], keras_layer.get_weights()[2] + 0.25)  # the biases summed
    copy = get_keras_weights(torch_module)[0]
    copy[:] = 0  # a copy, not a view of the parameter
    assert torch_module.weight_ih_l0.detach().numpy().any()


class KerasWords(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.embedding = layers.Embedding(10, 3)
        self.lstm = layers.LSTM(4, return_sequences=True)
        self.dropout = layers.Dropout(0.5)  # no weights: skipped
        self.head = layers.Dense(6)

    def call(self, ids):
        return self.head(self.dropout(self.lstm(self.embedding(ids))))


class TorchWords(nn.Module):
    def __init__(self, rnn=None):
        super().__init__()
        self.embedding = nn.Embedding(10, 3)
        self.lstm = rnn or nn.LSTM(3, 4, batch_first=True)
        self.dropout = nn.Dropout(0.5)
        self.head = nn.Linear(4, 6)

    def forward(self, ids):
        states, _ = self.lstm(self.embedding(ids))
        return self.head(self.dropout(states))


def test_a_model_is_copied_layer_by_layer_in_order():
    keras_model, torch_model = KerasWords(), TorchWords()
    keras_model(IDS)
    for layer in keras_model.layers:
        if layer.weights:
            randomize(layer)
    copied = copy_keras_model_to_torch(keras_model, torch_model, freeze_bias_hh=True)
    assert copied == [("embedding", "embedding"), ("lstm", "lstm"), ("head", "head")]
    torch_model.eval()
    assert_same_function(keras_model(IDS), run_torch(torch_model, IDS))
    assert not torch_model.lstm.bias_hh_l0.requires_grad


def test_sequential_models_and_nested_containers_pair_up():
    keras_model = tf.keras.Sequential([tf.keras.Input((3,)), layers.Dense(5, activation="relu"),
                                       tf.keras.Sequential([layers.Dense(4), layers.Dense(2)])])
    torch_model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Sequential(nn.Linear(5, 4), nn.Linear(4, 2)))
    keras_model(X[:, 0])
    pairs = keras_torch_pairs(keras_model, torch_model)
    assert [type(m).__name__ for _, m in pairs] == ["Linear"] * 3
    copy_keras_model_to_torch(keras_model, torch_model)
    assert_same_function(keras_model(X[:, 0]), run_torch(torch_model, X[:, 0]))


def test_the_music_models_pair_up():
    from introdl.music import model_tf, model_torch

    tf_model = model_tf.build_model(11, 8, 16, lstm="keras", seed=0)
    torch_model = model_torch.build_model(11, 8, 16, device="cpu")
    copy_keras_model_to_torch(tf_model, torch_model)
    assert_same_function(tf_model(IDS), run_torch(torch_model, IDS))
    layout = model_torch.get_keras_layout(torch_model)
    assert all(np.array_equal(layout[k], v) for k, v in model_tf.get_keras_layout(tf_model).items())


# --------------------------------------------------------------------------------------
# Refusals: one line, naming what was expected; nothing copied


def one_line(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_an_unbuilt_keras_layer_is_explained():
    with pytest.raises(ValueError, match="has no weights yet: call it on an input") as excinfo:
        copy_keras_to_torch(layers.LSTM(4), nn.LSTM(3, 4))
    one_line(excinfo)
    with pytest.raises(ValueError, match="has no weights yet"):
        copy_torch_to_keras(nn.Linear(3, 4), layers.Dense(4))


def test_mismatched_shapes_name_both_and_copy_nothing():
    keras_layer = layers.LSTM(4)
    keras_layer(X)
    with pytest.raises(ValueError, match=r"LSTM input kernel: the Keras weight gives shape \(16, 3\) but the "
                                         r"PyTorch parameter has shape \(20, 3\)") as excinfo:
        copy_keras_to_torch(keras_layer, nn.LSTM(3, 5))
    one_line(excinfo)
    with pytest.raises(ValueError, match=r"the PyTorch module gives shape \(3, 20\) but the Keras layer has shape \(3, 16\)"):
        copy_torch_to_keras(nn.LSTM(3, 5), keras_layer)
    keras_model, torch_model = KerasWords(), TorchWords()
    torch_model.head = nn.Linear(4, 7)  # the last pair does not fit
    keras_model(IDS)
    before = [p.detach().clone() for p in torch_model.parameters()]
    with pytest.raises(ValueError, match=r"^Pair 3 of 3, Keras 'head' \(Dense\) -> PyTorch 'head' \(Linear\): "
                                         r"Dense kernel: the Keras weight gives shape \(6, 4\)"):
        copy_keras_model_to_torch(keras_model, torch_model)
    assert all(torch.equal(a, b) for a, b in zip(before, torch_model.parameters()))  # the first two pairs untouched


def test_unsupported_layers_and_wrong_pairings():
    keras_layer = layers.LSTM(4)
    keras_layer(X)
    with pytest.raises(TypeError, match="A Keras LSTM is copied into a torch.nn.LSTM, got GRU"):
        copy_keras_to_torch(keras_layer, nn.GRU(3, 4))
    with pytest.raises(TypeError, match="does not know how to copy a Keras GRU; it copies Dense, Embedding"):
        copy_keras_to_torch(layers.GRU(4), nn.GRU(3, 4))
    with pytest.raises(TypeError, match="no Keras layout for a torch.nn.Conv1d"):
        get_keras_weights(nn.Conv1d(3, 4, 2))
    with pytest.raises(TypeError, match="second argument should be a torch.nn module, got ndarray"):
        copy_keras_to_torch(keras_layer, np.zeros(3))
    with pytest.raises(TypeError, match="weights should be a list of arrays"):
        set_keras_weights(nn.Linear(3, 4), np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"A Keras Dense has 1 or 2 weight arrays .* got 3"):
        set_keras_weights(nn.Linear(3, 4), [np.zeros((3, 4))] * 3)


def test_settings_pytorch_cannot_follow_are_refused():
    relu = layers.SimpleRNN(4, activation="relu")
    relu(X)
    with pytest.raises(ValueError, match="uses relu but the nn.RNN uses tanh"):
        copy_keras_to_torch(relu, nn.RNN(3, 4))
    hard = layers.LSTM(4, recurrent_activation="hard_sigmoid")
    hard(X)
    with pytest.raises(ValueError, match="recurrent_activation='hard_sigmoid'"):
        copy_keras_to_torch(hard, nn.LSTM(3, 4))
    backwards = layers.LSTM(4, go_backwards=True)
    backwards(X)
    with pytest.raises(ValueError, match="go_backwards=True"):
        copy_keras_to_torch(backwards, nn.LSTM(3, 4))
    biased = layers.SimpleRNN(4)
    biased(X)
    with pytest.raises(ValueError, match="has a bias but the PyTorch one was built with bias=False"):
        copy_keras_to_torch(biased, nn.RNN(3, 4, bias=False))
    for module in (nn.RNN(3, 4, num_layers=2), nn.RNN(3, 4, bidirectional=True)):
        with pytest.raises(ValueError, match="num_layers=1 and bidirectional=False"):
            copy_keras_to_torch(biased, module)
    unbiased = layers.Dense(4, use_bias=False)
    unbiased(X)
    with pytest.raises(ValueError, match="non-zero bias but the Keras Dense was built with use_bias=False"):
        copy_torch_to_keras(nn.Linear(3, 4), unbiased)


def test_a_model_pairing_error_names_the_first_mismatched_pair_and_copies_nothing():
    keras_model, torch_model = KerasWords(), TorchWords(rnn=nn.GRU(3, 4, batch_first=True))
    keras_model(IDS)
    before = torch_model.embedding.weight.detach().clone()
    with pytest.raises(TypeError, match=r"^Pair 2 of 3, Keras 'lstm' \(LSTM\) -> PyTorch 'lstm' \(GRU\): "
                                        r"A Keras LSTM is copied into a torch.nn.LSTM, got GRU") as excinfo:
        copy_keras_model_to_torch(keras_model, torch_model)
    one_line(excinfo)
    assert torch.equal(before, torch_model.embedding.weight)  # the first pair fit, and was not copied either


def test_a_model_with_a_different_number_of_layers_lists_both():
    keras_model = KerasWords()
    keras_model(IDS)
    torch_model = nn.Sequential(nn.Embedding(10, 3), nn.Linear(3, 6))
    with pytest.raises(ValueError, match=r"The Keras model has 3 layers with weights, embedding \(Embedding\), "
                                         r"lstm \(LSTM\), head \(Dense\), but the PyTorch model has 2, "
                                         r"0 \(Embedding\), 1 \(Linear\)") as excinfo:
        copy_keras_model_to_torch(keras_model, torch_model)
    one_line(excinfo)


def test_an_unsupported_layer_in_a_model_is_named():
    keras_model = tf.keras.Sequential([tf.keras.Input((4, 3)), layers.Conv1D(2, 2)])
    keras_model(X[:, :4])
    with pytest.raises(TypeError, match=r"Pair 1 of 1, Keras 'conv1d.*' \(Conv1D\) -> PyTorch '0' \(Conv1d\): "
                                        "copy_keras_to_torch does not know how to copy a Keras Conv1D"):
        copy_keras_model_to_torch(keras_model, nn.Sequential(nn.Conv1d(3, 2, 2)))


def test_importing_weights_imports_no_framework():
    import subprocess
    import sys

    code = "import sys, introdl.weights; print(sorted(m for m in ('tensorflow', 'torch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert weights.__all__
