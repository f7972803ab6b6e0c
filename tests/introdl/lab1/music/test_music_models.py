"""Both frameworks' models: same size, same function, correct state, they learn, they write."""

import numpy as np
import pytest

from introdl.lab1.music import model_tf, model_torch
from introdl.lab1.music.parity import fast_keras_parity, keras_torch_parity

TINY = {"embedding_dim": 8, "rnn_units": 16}  # tiny sizes keep the tests fast

BACKENDS = [model_tf, model_torch]


def lstm_parameters(vocab, embedding, units):
    # Embedding + LSTM (one bias per gate, as Keras) + Dense
    return vocab * embedding + 4 * (embedding * units + units * units + units) + units * vocab + vocab


@pytest.mark.parametrize("backend", BACKENDS, ids=["tensorflow", "pytorch"])
def test_parameter_counts_match_the_formula(backend, vocab):
    model = backend.build_model(len(vocab), **TINY)
    assert backend.count_parameters(model) == lstm_parameters(len(vocab), 8, 16)


def test_full_size_parameter_counts_are_equal():
    assert model_tf.count_parameters(model_tf.build_model(83)) == 5_353_299  # the 2021 lab's count
    assert model_torch.count_parameters(model_torch.build_model(83)) == 5_353_299


@pytest.mark.parametrize("lstm", ["keras", "fast"])
def test_keras_weights_give_the_same_logits_in_pytorch(lstm):
    result = keras_torch_parity(vocab_size=30, embedding_dim=16, rnn_units=32, seq_length=25, lstm=lstm)
    assert result["max_abs_logit_diff"] < 1e-5
    assert result["loss_diff"] < 1e-5
    assert result["parameters"][0] == result["parameters"][1]


def test_parity_at_the_lab_size():
    result = keras_torch_parity(vocab_size=83, seq_length=10, batch_size=1)
    assert result["max_abs_logit_diff"] < 1e-5 and result["loss_diff"] < 1e-5


def test_fast_lstm_matches_keras_lstm_including_gradients():
    result = fast_keras_parity(vocab_size=30, embedding_dim=16, rnn_units=32, seq_length=20)
    assert result["max_abs_logit_diff"] < 1e-5
    assert result["max_abs_grad_diff"] < 1e-5


def test_fast_lstm_matches_keras_lstm_at_the_lab_size():
    """The music page checks this at a quarter of the width, to spare its kernel's memory."""
    result = fast_keras_parity(vocab_size=83, embedding_dim=256, rnn_units=1024, batch_size=1, seq_length=10)
    assert result["max_abs_logit_diff"] < 1e-4 and result["max_abs_grad_diff"] < 1e-4


@pytest.mark.parametrize("backend", BACKENDS, ids=["tensorflow", "pytorch"])
def test_summed_loss_is_tokens_times_mean(backend, vocab, batch):
    model = backend.build_model(len(vocab), **TINY, seed=0)
    r = backend.compare_loss_reductions(model, *batch)
    assert r["tokens"] == batch[1].size
    assert r["sum_loss"] == pytest.approx(r["tokens"] * r["mean_loss"], rel=1e-5)
    assert r["grad_norm_sum"] == pytest.approx(r["tokens"] * r["grad_norm_mean"], rel=1e-4)


def _numpy(logits):
    return logits.detach().numpy() if hasattr(logits, "detach") else np.asarray(logits)


def _as_input(backend, x):
    if backend is model_torch:
        import torch

        return torch.as_tensor(x)
    return x


@pytest.mark.parametrize(
    "backend, kwargs",
    [(model_tf, {"lstm": "fast"}), (model_tf, {"lstm": "keras"}), (model_torch, {})],
    ids=["tensorflow-fast", "tensorflow-keras", "pytorch"],
)
def test_state_is_carried_step_by_step_and_never_leaks(backend, kwargs, vocab, batch):
    model = backend.build_model(len(vocab), **TINY, seed=1, **kwargs)
    x = batch[0]
    whole = _numpy(model(_as_input(backend, x)))
    # No state leaks between calls: the same batch gives the same logits again.
    assert np.allclose(_numpy(model(_as_input(backend, x))), whole, atol=1e-6)
    # Feeding one character at a time with the state carried reproduces the whole sequence.
    states, steps = None, []
    for t in range(x.shape[1]):
        logits, states = model(_as_input(backend, x[:, t : t + 1]), states=states, return_state=True)
        steps.append(_numpy(logits))
    assert np.allclose(np.concatenate(steps, axis=1), whole, atol=1e-5)


@pytest.mark.parametrize("backend", BACKENDS, ids=["tensorflow", "pytorch"])
def test_training_steps_lower_the_loss_on_a_batch(backend, vocab, batch):
    model = backend.build_model(len(vocab), **TINY, seed=0)
    step = backend.make_train_step(model, backend.make_optimizer(model, 5e-3))
    losses = [step(*batch) for _ in range(30)]
    assert losses[-1] < 0.8 * losses[0]
    assert backend.evaluate_loss(model, [batch]) == pytest.approx(losses[-1], rel=0.2)


@pytest.mark.parametrize("backend", BACKENDS, ids=["tensorflow", "pytorch"])
def test_generation_is_seeded_and_validated(backend, vocab):
    model = backend.build_model(len(vocab), **TINY, seed=0)
    text = backend.generate_text(model, vocab, "X:", num_chars=40, temperature=0.8, seed=5)
    assert text.startswith("X:") and len(text) == 42 and set(text) <= set(vocab.chars)
    assert backend.generate_text(model, vocab, "X:", 40, 0.8, seed=5) == text
    assert backend.generate_text(model, vocab, "X:", 40, 0.8, seed=6) != text
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="greater than 0"):
            backend.generate_text(model, vocab, "X", 5, temperature=bad)
    with pytest.raises(ValueError, match="not in the model's vocabulary"):
        backend.generate_text(model, vocab, "X€", 5)


def test_torch_generation_leaves_onednn_as_it_found_it(vocab):
    import torch

    model = model_torch.build_model(len(vocab), **TINY, seed=0)
    assert torch.backends.mkldnn.enabled
    model_torch.generate_text(model, vocab, "X:", num_chars=5)
    assert torch.backends.mkldnn.enabled  # switched off only while writing


def test_same_weights_and_seed_write_the_same_text_in_both(vocab):
    tf_model = model_tf.build_model(len(vocab), **TINY, seed=2)
    torch_model = model_torch.build_model(len(vocab), **TINY)
    model_torch.set_keras_layout(torch_model, model_tf.get_keras_layout(tf_model))
    args = (vocab, "X", 60, 1.0, 9)
    assert model_tf.generate_text(tf_model, *args) == model_torch.generate_text(torch_model, *args)
