"""copy_keras_to_torch: a Keras layer's weights make its PyTorch twin compute the same function."""

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from introdl.weights import copy_keras_to_torch  # noqa: E402

layers = tf.keras.layers
X = np.random.default_rng(0).normal(size=(2, 5, 3)).astype(np.float32)


def torch_out(module, x):
    with torch.no_grad():
        out = module(torch.from_numpy(x))
    return (out[0] if isinstance(out, tuple) else out).numpy()


@pytest.mark.parametrize("keras_layer, torch_module", [
    (lambda: layers.SimpleRNN(4, return_sequences=True), lambda: nn.RNN(3, 4, batch_first=True)),
    (lambda: layers.SimpleRNN(4, activation="relu", return_sequences=True),
     lambda: nn.RNN(3, 4, batch_first=True, nonlinearity="relu")),
    (lambda: layers.SimpleRNN(4, use_bias=False, return_sequences=True), lambda: nn.RNN(3, 4, bias=False, batch_first=True)),
    (lambda: layers.LSTM(4, return_sequences=True), lambda: nn.LSTM(3, 4, batch_first=True)),
    (lambda: layers.Dense(4), lambda: nn.Linear(3, 4)),
])
def test_copied_layers_compute_the_same(keras_layer, torch_module):
    keras_layer, torch_module = keras_layer(), torch_module()
    keras_layer(X)
    weights = keras_layer.get_weights()
    if len(weights) > 2:  # a non-zero bias, so that a misplaced bias would show
        weights[-1] = np.random.default_rng(1).normal(size=weights[-1].shape).astype(np.float32)
        keras_layer.set_weights(weights)
    copy_keras_to_torch(keras_layer, torch_module)
    assert np.abs(keras_layer(X).numpy() - torch_out(torch_module, X)).max() < 1e-5


def test_embedding_is_copied():
    keras_layer, torch_module = layers.Embedding(10, 4), nn.Embedding(10, 4)
    ids = np.array([[1, 2, 9]])
    keras_layer(ids)
    copy_keras_to_torch(keras_layer, torch_module)
    assert np.abs(keras_layer(ids).numpy() - torch_out(torch_module, ids)).max() == 0


def test_unbuilt_layer_is_explained():
    with pytest.raises(ValueError, match="has no weights yet: call it on an input"):
        copy_keras_to_torch(layers.LSTM(4), nn.LSTM(3, 4))


def test_mismatched_sizes_name_both_shapes():
    keras_layer = layers.LSTM(4)
    keras_layer(X)
    with pytest.raises(ValueError, match=r"LSTM input kernel: the Keras weight gives shape \(16, 3\) but the "
                                         r"PyTorch parameter has shape \(20, 3\)"):
        copy_keras_to_torch(keras_layer, nn.LSTM(3, 5))


def test_wrong_pairing_and_unknown_layers():
    keras_layer = layers.LSTM(4)
    keras_layer(X)
    with pytest.raises(TypeError, match="A Keras LSTM is copied into a torch.nn.LSTM, got GRU"):
        copy_keras_to_torch(keras_layer, nn.GRU(3, 4))
    with pytest.raises(TypeError, match="does not know how to copy a Keras GRU"):
        copy_keras_to_torch(layers.GRU(4), nn.GRU(3, 4))


def test_nonlinearity_bias_and_layer_count_must_match():
    relu = layers.SimpleRNN(4, activation="relu")
    relu(X)
    with pytest.raises(ValueError, match="uses relu but the nn.RNN uses tanh"):
        copy_keras_to_torch(relu, nn.RNN(3, 4))
    biased = layers.SimpleRNN(4)
    biased(X)
    with pytest.raises(ValueError, match="has a bias but the PyTorch one was built with bias=False"):
        copy_keras_to_torch(biased, nn.RNN(3, 4, bias=False))
    with pytest.raises(ValueError, match="num_layers=1 and bidirectional=False"):
        copy_keras_to_torch(biased, nn.RNN(3, 4, num_layers=2))

