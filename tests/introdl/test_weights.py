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
    copy_torch_model_to_keras,
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
    from introdl.lab1.music.fast_lstm_tf import FastLSTM

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
    from introdl.lab1.music import model_tf, model_torch

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


# --------------------------------------------------------------------------------------
# Convolutions: Conv2D (kh, kw, in, out) NHWC against nn.Conv2d (out, in, kh, kw) NCHW

IMAGES = RNG.normal(size=(2, 9, 8, 3)).astype(np.float32)  # (batch, height, width, channels), not square


def nchw(x):
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))


def run_torch_images(module, x):
    """The module on NHWC images, its output back in NHWC (or as it is when not 4-D)."""
    out = run_torch(module, nchw(x))
    return out.transpose(0, 2, 3, 1) if out.ndim == 4 else out


CONV_PAIRS = {
    "valid": (lambda: layers.Conv2D(4, 3), lambda: nn.Conv2d(3, 4, 3)),
    "same as padding=1": (lambda: layers.Conv2D(4, 3, padding="same"), lambda: nn.Conv2d(3, 4, 3, padding=1)),
    "same as 'same', 5x3": (lambda: layers.Conv2D(4, (5, 3), padding="same"),
                            lambda: nn.Conv2d(3, 4, (5, 3), padding="same")),
    "same, even kernel": (lambda: layers.Conv2D(4, 2, padding="same"), lambda: nn.Conv2d(3, 4, 2, padding="same")),
    "stride 2": (lambda: layers.Conv2D(4, 3, strides=2), lambda: nn.Conv2d(3, 4, 3, stride=2)),
    "dilation 2": (lambda: layers.Conv2D(4, 3, dilation_rate=2, padding="same"),
                   lambda: nn.Conv2d(3, 4, 3, dilation=2, padding=2)),
    "without bias": (lambda: layers.Conv2D(4, 3, use_bias=False), lambda: nn.Conv2d(3, 4, 3, bias=False)),
}


@pytest.mark.filterwarnings("ignore:Using padding=.same. with even kernel")
@pytest.mark.parametrize("name", CONV_PAIRS)
def test_a_conv2d_is_copied_both_ways(name):
    make_keras, make_torch = CONV_PAIRS[name]
    keras_layer, torch_module = make_keras(), make_torch()
    keras_layer(IMAGES)
    randomize(keras_layer)
    copy_keras_to_torch(keras_layer, torch_module)
    assert_same_function(keras_layer(IMAGES), run_torch_images(torch_module, IMAGES))
    fresh = make_torch()
    with torch.no_grad():
        for parameter in fresh.parameters():
            parameter.normal_(0, 0.5)
    copy_torch_to_keras(fresh, keras_layer)
    assert_same_function(keras_layer(IMAGES), run_torch_images(fresh, IMAGES))


def test_a_conv2d_kernel_is_transposed_3_2_0_1():
    keras_layer, torch_module = layers.Conv2D(4, (2, 3)), nn.Conv2d(3, 4, (2, 3))
    keras_layer(IMAGES)
    randomize(keras_layer)
    copy_keras_to_torch(keras_layer, torch_module)
    kernel, bias = keras_layer.get_weights()
    assert kernel.shape == (2, 3, 3, 4) and tuple(torch_module.weight.shape) == (4, 3, 2, 3)
    assert np.array_equal(torch_module.weight.detach().numpy(), kernel.transpose(3, 2, 0, 1))
    assert np.array_equal(torch_module.bias.detach().numpy(), bias)
    for ours, theirs in zip(get_keras_weights(torch_module), keras_layer.get_weights(), strict=True):
        assert np.array_equal(ours, theirs)
    other = nn.Conv2d(3, 4, (2, 3))
    set_keras_weights(other, keras_layer.get_weights())
    assert torch.equal(other.weight, torch_module.weight) and torch.equal(other.bias, torch_module.bias)


def test_nhwc_flatten_order_reorders_a_flattened_map():
    feature_map = RNG.normal(size=(3, 4, 5))  # (height, width, channels)
    order = weights.nhwc_flatten_order(3, 4, 5)
    assert np.array_equal(feature_map.transpose(2, 0, 1).reshape(-1), feature_map.reshape(-1)[order])
    assert np.array_equal(weights.nhwc_flatten_order(3, 4, 1), np.arange(12))  # one channel: the same order
    assert np.array_equal(order[np.argsort(order)], np.arange(60))
    with pytest.raises(ValueError, match=r"three positive whole numbers \(height, width, channels\), got \(3, 0, 2\)"):
        weights.nhwc_flatten_order(3, 0, 2)


def keras_cnn():
    """The lecture's CNN in small: Conv2D, MaxPooling2D, Conv2D, MaxPooling2D, Flatten, Dense, Dense."""
    return tf.keras.Sequential([
        tf.keras.Input((14, 14, 1)),
        layers.Conv2D(4, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(6, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(8, activation="relu"), layers.Dense(3),
    ])


def torch_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(6 * 2 * 2, 8), nn.ReLU(), nn.Linear(8, 3),
    )


DIGITS = RNG.uniform(size=(5, 14, 14, 1)).astype(np.float32)


def test_a_cnn_and_its_twin_compute_the_same_after_the_copy():
    keras_model, torch_model = keras_cnn(), torch_cnn()
    for layer in keras_model.layers:
        if layer.weights:
            randomize(layer)
    copied = copy_keras_model_to_torch(keras_model, torch_model)
    assert [torch_name for _, torch_name in copied] == ["0", "3", "7", "9"]
    np.testing.assert_allclose(keras_model(DIGITS).numpy(), run_torch(torch_model, nchw(DIGITS)), atol=1e-5)
    dense = keras_model.layers[5]  # its rows reordered, the next Dense's not
    assert np.array_equal(torch_model[7].weight.detach().numpy(),
                          dense.get_weights()[0][weights.nhwc_flatten_order(2, 2, 6)].T)
    assert np.array_equal(torch_model[9].weight.detach().numpy(), keras_model.layers[6].get_weights()[0].T)


def test_without_the_reordering_the_twins_differ():
    keras_model, torch_model = keras_cnn(), torch_cnn()
    copy_keras_model_to_torch(keras_model, torch_model)
    copy_keras_to_torch(keras_model.layers[5], torch_model[7], flatten_from=None)  # the kernel as it is
    assert not np.allclose(keras_model(DIGITS).numpy(), run_torch(torch_model, nchw(DIGITS)), atol=1e-3)
    copy_keras_to_torch(keras_model.layers[5], torch_model[7])  # 'auto': the graph shows the Flatten
    np.testing.assert_allclose(keras_model(DIGITS).numpy(), run_torch(torch_model, nchw(DIGITS)), atol=1e-5)
    copy_keras_to_torch(keras_model.layers[5], torch_model[7], flatten_from=(2, 2, 6))  # said outright
    np.testing.assert_allclose(keras_model(DIGITS).numpy(), run_torch(torch_model, nchw(DIGITS)), atol=1e-5)


def test_a_cnn_round_trip_gives_back_the_same_weights():
    keras_model, torch_model, other = keras_cnn(), torch_cnn(), keras_cnn()
    for layer in keras_model.layers:
        if layer.weights:
            randomize(layer)
    copy_keras_model_to_torch(keras_model, torch_model)
    copied = copy_torch_model_to_keras(torch_model, other)
    assert copied == [(other.layers[i].name, name) for i, name in zip((0, 2, 5, 6), ("0", "3", "7", "9"))]
    for ours, theirs in zip(other.get_weights(), keras_model.get_weights(), strict=True):
        assert np.array_equal(ours, theirs)
    dense, linear = other.layers[5], torch_model[7]
    copy_torch_to_keras(linear, dense)  # one layer, 'auto': the rows go back to Keras' order
    assert np.array_equal(dense.get_weights()[0], keras_model.layers[5].get_weights()[0])


def test_the_flatten_is_found_through_dropout_and_in_subclassed_models():
    inputs = tf.keras.Input((14, 14, 1))
    hidden = layers.MaxPooling2D()(layers.Conv2D(6, 3, activation="relu")(inputs))
    hidden = layers.Dropout(0.5)(layers.Flatten()(hidden))
    functional = tf.keras.Model(inputs, layers.Dense(3)(hidden))
    twin = nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(6 * 6 * 6, 3))
    copy_keras_model_to_torch(functional, twin)
    twin.eval()
    np.testing.assert_allclose(functional(DIGITS).numpy(), run_torch(twin, nchw(DIGITS)), atol=1e-5)

    class Subclassed(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.conv, self.pool = layers.Conv2D(6, 3, activation="relu"), layers.MaxPooling2D()
            self.flatten, self.head = layers.Flatten(), layers.Dense(3)

        def call(self, x):
            return self.head(self.flatten(self.pool(self.conv(x))))

    subclassed = Subclassed()
    subclassed(DIGITS)
    copy_keras_model_to_torch(subclassed, twin)
    np.testing.assert_allclose(subclassed(DIGITS).numpy(), run_torch(twin, nchw(DIGITS)), atol=1e-5)


def test_a_channels_first_flatten_still_flattens_channels_last():
    maps = RNG.normal(size=(2, 3, 4, 5)).astype(np.float32)  # (batch, channels, height, width)
    keras_model = tf.keras.Sequential([tf.keras.Input((3, 4, 5)), layers.Flatten(data_format="channels_first"),
                                       layers.Dense(2)])
    torch_model = nn.Sequential(nn.Flatten(), nn.Linear(60, 2))
    copy_keras_model_to_torch(keras_model, torch_model)
    np.testing.assert_allclose(keras_model(maps).numpy(), run_torch(torch_model, maps), atol=1e-5)


def test_convolutions_pytorch_cannot_follow_are_refused_in_one_line():
    refusals = {
        r"strides=\(2, 2\) but the nn.Conv2d has stride=\(1, 1\)": (layers.Conv2D(4, 3, strides=2), nn.Conv2d(3, 4, 3)),
        r"dilation_rate=\(2, 2\) but the nn.Conv2d has dilation=\(1, 1\)":
            (layers.Conv2D(4, 3, dilation_rate=2), nn.Conv2d(3, 4, 3)),
        r"Grouped convolutions are not copied \(Keras groups=3, nn.Conv2d groups=3\)":
            (layers.Conv2D(3, 3, groups=3), nn.Conv2d(3, 3, 3, groups=3)),
        "padding_mode='reflect' but a Keras Conv2D pads with zeros":
            (layers.Conv2D(4, 3, padding="same"), nn.Conv2d(3, 4, 3, padding=1, padding_mode="reflect")),
        r"padding='valid' \(none\) but the nn.Conv2d has padding=\(1, 1\)":
            (layers.Conv2D(4, 3), nn.Conv2d(3, 4, 3, padding=1)),
        r"padding='same' with strides=\(2, 2\): TensorFlow then pads by an amount that depends on the input size":
            (layers.Conv2D(4, 3, strides=2, padding="same"), nn.Conv2d(3, 4, 3, stride=2, padding=1)),
        r"padding='same' with an even kernel \(2, 2\)": (layers.Conv2D(4, 2, padding="same"), nn.Conv2d(3, 4, 2)),
        r"means padding=\(1, 1\) \(or 'same'\) in nn.Conv2d, but the nn.Conv2d has padding=\(0, 0\)":
            (layers.Conv2D(4, 3, padding="same"), nn.Conv2d(3, 4, 3)),
        "has a bias but the nn.Conv2d was built with bias=False": (layers.Conv2D(4, 3), nn.Conv2d(3, 4, 3, bias=False)),
        r"Conv2D kernel: the Keras weight gives shape \(4, 3, 3, 3\) but the PyTorch parameter has shape \(5, 3, 3, 3\)":
            (layers.Conv2D(4, 3), nn.Conv2d(3, 5, 3)),
    }
    for message, (keras_layer, torch_module) in refusals.items():
        keras_layer(IMAGES)
        before = [p.detach().clone() for p in torch_module.parameters()]
        with pytest.raises(ValueError, match=message) as excinfo:
            copy_keras_to_torch(keras_layer, torch_module)
        one_line(excinfo)
        assert all(torch.equal(a, b) for a, b in zip(before, torch_module.parameters()))
        if "kernel: the Keras" not in message and "bias=False" not in message:
            with pytest.raises(ValueError, match=message):  # the reverse copy refuses the same pairs
                copy_torch_to_keras(torch_module, keras_layer)


def test_channels_first_conv_and_bad_flatten_arguments_are_refused():
    first = layers.Conv2D(4, 3, data_format="channels_first")
    first.build((None, 3, 9, 8))
    with pytest.raises(ValueError, match="data_format='channels_first'; this module copies channels_last") as excinfo:
        copy_keras_to_torch(first, nn.Conv2d(3, 4, 3))
    one_line(excinfo)
    keras_model, torch_model = keras_cnn(), torch_cnn()
    dense = keras_model.layers[5]
    with pytest.raises(ValueError, match=r"Dense after a Flatten of an \(3, 3, 6\) .* should have 54 input rows, "
                                         "but its kernel has 24"):
        copy_keras_to_torch(dense, torch_model[7], flatten_from=(3, 3, 6))
    with pytest.raises(ValueError, match=r"flatten_from should be \(height, width, channels\), got \(2, 2\)"):
        copy_keras_to_torch(dense, torch_model[7], flatten_from=(2, 2))
    with pytest.raises(ValueError, match="flatten_from should be 'auto', None or"):
        copy_keras_to_torch(dense, torch_model[7], flatten_from="yes")
    torch_model[3] = nn.Conv2d(4, 6, 3, stride=2)  # a model-level refusal names the pair, copies nothing
    before = torch_model[0].weight.detach().clone()
    with pytest.raises(ValueError, match=r"^Pair 2 of 4, Keras 'conv2d.*' \(Conv2D\) -> PyTorch '3' \(Conv2d\): "
                                         "The Keras Conv2D has strides"):
        copy_keras_model_to_torch(keras_model, torch_model)
    assert torch.equal(before, torch_model[0].weight)
    keras_before = keras_model.get_weights()
    with pytest.raises(ValueError, match=r"^Pair 2 of 4"):
        copy_torch_model_to_keras(torch_model, keras_model)
    assert all(np.array_equal(a, b) for a, b in zip(keras_before, keras_model.get_weights()))
