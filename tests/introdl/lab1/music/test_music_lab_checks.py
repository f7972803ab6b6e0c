"""The music lab's six self-checks: PASS for a right answer, and for each exercise a FAIL line
(never a traceback) for a wrong shape, a wrong dtype, wrong values and the untouched TODO.

The right answers here are written independently of the page; the page's own solutions are
checked in test_music_page.py and, strictly, in the book build.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from torch import nn

from introdl.lab1 import part1_checks as checks
from introdl.lab1.music import lab_checks
from introdl.lab1.music.fast_lstm_tf import FastLSTM
from introdl.lab1.music.sampling import sample_next

FRAMEWORKS = ("tensorflow", "pytorch")


@pytest.fixture(autouse=True)
def not_strict(monkeypatch):
    monkeypatch.delenv(checks.STRICT_ENV_VAR, raising=False)


def assert_pass(result):
    assert result.passed, repr(result)
    assert repr(result).startswith("PASS: ") and "\n" not in repr(result)


def assert_fail(result, *words):
    text = repr(result)
    assert not result.passed, text
    assert text.startswith("FAIL: ") and "\n" not in text, text
    assert "Traceback" not in text
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"


# --------------------------------------------------------------------------------------
# vectorize_string


def test_vectorize_string(vocab):
    for framework, to in (("tensorflow", np.array), ("pytorch", lambda ids: torch.tensor(ids, dtype=torch.long))):
        assert_pass(lab_checks.check_vectorize_string(lambda s: to([vocab.char2idx[c] for c in s]), vocab, framework))
        assert_fail(lab_checks.check_vectorize_string(lambda s: ..., vocab, framework), "still `...`")
        assert_fail(lab_checks.check_vectorize_string(lambda s: to([vocab.char2idx[c] for c in s])[:-1], vocab,
                                                      framework), "shape")
        assert_fail(lab_checks.check_vectorize_string(
            lambda s: to([vocab.char2idx[c] for c in s]) * 1.0, vocab, framework), "dtype", "integer")
        assert_fail(lab_checks.check_vectorize_string(lambda s: to([vocab.char2idx[c] + 1 for c in s]), vocab,
                                                      framework), "wrong id", "expected char2idx")
    assert_fail(lab_checks.check_vectorize_string(..., vocab), "still `...`")
    assert_fail(lab_checks.check_vectorize_string(lambda s: [vocab.char2idx[c] for c in s], vocab), "NumPy array")
    assert_fail(lab_checks.check_vectorize_string(lambda s: torch.tensor([vocab.char2idx[c] for c in s],
                                                                         dtype=torch.int32), vocab, "pytorch"),
                "torch.long")
    assert_fail(lab_checks.check_vectorize_string(lambda s: 1 / 0, vocab), "raised ZeroDivisionError")


# --------------------------------------------------------------------------------------
# get_batch


def numpy_get_batch(vectorized, seq_length, batch_size, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    starts = rng.integers(0, len(vectorized) - 1 - seq_length + 1, size=batch_size)
    x = np.stack([vectorized[s : s + seq_length] for s in starts])
    y = np.stack([vectorized[s + 1 : s + seq_length + 1] for s in starts])
    return x, y


def torch_get_batch(*args):
    x, y = numpy_get_batch(*args)
    return torch.as_tensor(x), torch.as_tensor(y)


@pytest.fixture
def ids(vocab, songs):
    return vocab.encode("\n\n".join(songs[:5]))


def test_get_batch(ids):
    check = lab_checks.check_get_batch
    assert_pass(check(numpy_get_batch, ids, 10, 3))
    assert "same windows as introdl" in repr(check(numpy_get_batch, ids, 10, 3))
    assert_pass(check(torch_get_batch, torch.as_tensor(ids), 10, 3, framework="pytorch"))
    other_windows = lambda v, n, b, rng=None: numpy_get_batch(v, n, b, np.random.default_rng(99))  # noqa: E731
    assert "fine" in repr(check(other_windows, ids, 10, 3))
    assert_fail(check(lambda *a: ..., ids, 10, 3), "still `...`")
    assert_fail(check(..., ids, 10, 3), "still `...`")
    assert_fail(check(lambda v, n, b, rng=None: numpy_get_batch(v, n + 1, b, rng), ids, 10, 3), "shape", "(3, 10)")
    assert_fail(check(lambda *a: tuple(z.astype(np.float32) for z in numpy_get_batch(*a)), ids, 10, 3), "dtype")
    assert_fail(check(lambda *a: tuple(z.int() for z in torch_get_batch(*a)), torch.as_tensor(ids), 10, 3,
                      framework="pytorch"),
                "torch.long")
    unshifted = lambda *a: (numpy_get_batch(*a)[0], numpy_get_batch(*a)[0])  # noqa: E731
    assert_fail(check(unshifted, ids, 10, 3), "shifted one character")
    other_text = lambda v, n, b, rng=None: numpy_get_batch(np.random.default_rng(0).permutation(v), n, b, rng)  # noqa: E731
    assert_fail(check(other_text, ids, 10, 3), "not a window of the text")
    assert_fail(check(lambda *a: numpy_get_batch(*a)[0], ids, 10, 3), "two batches")


def test_get_batch_kinds_of_arrays(ids):
    """What vocab.py's raising checks covered: lists, framework tensors, floats, mixed kinds, reversed rows."""
    check = lab_checks.check_get_batch
    assert_fail(check(lambda *a: tuple(z.tolist() for z in numpy_get_batch(*a)), ids, 10, 3),
                "x_batch should be a NumPy array", "got a list")
    for framework, to_tensor, kind in (("tensorflow", tf.constant, "tf.Tensor"),
                                       ("pytorch", torch.as_tensor, "torch.Tensor")):
        tensors = lambda *a, to=to_tensor: tuple(map(to, numpy_get_batch(*a)))  # noqa: E731
        result = check(tensors, ids, 10, 3, framework=framework)
        assert_pass(result)
        assert kind in repr(result)
        floats = lambda *a, to=to_tensor: tuple(to(z.astype(np.float32)) for z in numpy_get_batch(*a))  # noqa: E731
        assert_fail(check(floats, ids, 10, 3, framework=framework), "integer ids", "float32")
    mixed = lambda *a: (lambda x, y: (x, torch.as_tensor(y)))(*numpy_get_batch(*a))  # noqa: E731
    assert_fail(check(mixed, ids, 10, 3), "same kind of array", "NumPy array (np.array)")
    reversed_rows = lambda v, n, b, rng=None: (  # noqa: E731
        lambda x: (x[:, :-1], x[:, 1:]))(numpy_get_batch(v, n + 1, b, rng)[0][:, ::-1])
    assert_fail(check(reversed_rows, ids, 10, 3), "not a window of the text")
    assert_fail(check(numpy_get_batch, ids, 10, 3, framework="jax"), "Unknown framework 'jax'")


# --------------------------------------------------------------------------------------
# The model


class TFModel(tf.keras.Model):
    def __init__(self, vocab_size, embedding_dim, rnn_units, lstm=None, final_activation=None):
        super().__init__()
        self.embedding = tf.keras.layers.Embedding(vocab_size, embedding_dim)
        self.lstm = lstm or tf.keras.layers.LSTM(rnn_units, return_sequences=True, return_state=True)
        self.dense = tf.keras.layers.Dense(vocab_size, activation=final_activation)

    def call(self, inputs, states=None, return_state=False, training=False):
        x, h, c = self.lstm(self.embedding(inputs), initial_state=states)
        logits = self.dense(x)
        return (logits, [h, c]) if return_state else logits


class TorchModel(nn.Module):
    def __init__(self, vocab_size, embedding_dim, rnn_units, extra_outputs=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, rnn_units, batch_first=True)
        self.dense = nn.Linear(rnn_units, vocab_size + extra_outputs)

    def forward(self, inputs, states=None, return_state=False):
        if states is not None:
            states = (states[0].unsqueeze(0), states[1].unsqueeze(0))
        x, (h, c) = self.lstm(self.embedding(inputs), states)
        logits = self.dense(x)
        return (logits, [h[0], c[0]]) if return_state else logits


class TorchForgetsState(TorchModel):
    def forward(self, inputs, states=None, return_state=False):
        return super().forward(inputs, None, return_state)


class TorchTODO(nn.Module):
    def __init__(self, vocab_size, embedding_dim, rnn_units):
        super().__init__()
        self.embedding = ...
        self.lstm = ...
        self.dense = ...


def test_model_right_answers_pass():
    assert_pass(lab_checks.check_model(TFModel, "tensorflow"))
    assert_pass(lab_checks.check_model(lambda v, e, u: TFModel(v, e, u, lstm=FastLSTM(u)), "tensorflow"))
    assert_pass(lab_checks.check_model(TorchModel, "pytorch"))


class TFTODO(tf.keras.Model):
    def __init__(self, vocab_size, embedding_dim, rnn_units, lstm=None):
        super().__init__()
        self.embedding = ...
        self.lstm = ...
        self.dense = ...

    def call(self, inputs, states=None, return_state=False, training=False):
        ...


def test_model_wrong_answers_fail():
    check = lab_checks.check_model
    assert_fail(check(TFTODO, "tensorflow"), "still `...`")
    assert_fail(check(..., "tensorflow"), "still `...`")
    assert_fail(check(TorchTODO, "pytorch"), "self.embedding is still `...`")
    assert_fail(check(lambda v, e, u: TorchModel(v, e, u, extra_outputs=1), "pytorch"), "shape", "(2, 7, 11)")
    assert_fail(check(lambda v, e, u: TorchModel(v, e, u).double(), "pytorch"), "float32")
    assert_fail(check(lambda v, e, u: TFModel(v, e, u, final_activation="softmax"), "tensorflow"),
                "differs from introdl", "no activation")
    assert_fail(check(TorchForgetsState, "pytorch"), "state")
    assert_fail(check(lambda v, e, u: nn.Linear(3, 3), "pytorch"), "attributes embedding, lstm and dense")


# --------------------------------------------------------------------------------------
# The loss


def tf_loss(labels, logits):
    return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True))


def torch_loss(labels, logits):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))


def test_compute_loss():
    check = lab_checks.check_compute_loss
    assert_pass(check(tf_loss, "tensorflow"))
    assert_pass(check(torch_loss, "pytorch"))
    assert_fail(check(lambda labels, logits: ..., "tensorflow"), "still `...`")
    per_char = lambda labels, logits: tf.keras.losses.sparse_categorical_crossentropy(  # noqa: E731
        labels, logits, from_logits=True)
    assert_fail(check(per_char, "tensorflow"), "shape (2, 5)", "mean")
    torch_per_char = lambda labels, logits: torch.nn.functional.cross_entropy(  # noqa: E731
        logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), reduction="none").reshape(labels.shape)
    assert_fail(check(torch_per_char, "pytorch"), "one number (0-d)", "shape (2, 5)", "take its mean")
    assert_fail(check(lambda labels, logits: tf.cast(tf_loss(labels, logits), tf.float64), "tensorflow"), "float32")
    assert_fail(check(lambda labels, logits: torch_loss(labels, logits).double(), "pytorch"), "float32")
    summed = lambda labels, logits: torch_loss(labels, logits) * labels.numel()  # noqa: E731
    assert_fail(check(summed, "pytorch"), "the sum")
    no_logits = lambda labels, logits: tf.reduce_mean(  # noqa: E731
        tf.keras.losses.sparse_categorical_crossentropy(labels, logits))
    assert_fail(check(no_logits, "tensorflow"), "from_logits")
    numpy_loss = lambda labels, logits: torch.tensor(torch_loss(labels, logits).item())  # noqa: E731
    assert_fail(check(numpy_loss, "pytorch"), "not differentiable")


# --------------------------------------------------------------------------------------
# The training step


def tf_make_step(model, optimizer, loss_fn=tf_loss, apply=True):
    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        if apply:
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    return lambda x, y: step(tf.constant(x), tf.constant(y))


def torch_make_step(model, optimizer, zero_grad=True, returns="item"):
    def step(x, y):
        x, y = torch.as_tensor(x), torch.as_tensor(y)
        if zero_grad:
            optimizer.zero_grad()
        loss = torch_loss(y, model(x))
        loss.backward()
        optimizer.step()
        return {"item": loss.item(), "tensor": loss.detach(), "int": int(loss.item()),
                "per_char": F.cross_entropy(model(x).reshape(-1, model(x).shape[-1]), y.reshape(-1),
                                            reduction="none").detach()}[returns]

    return step


def test_train_step():
    check = lab_checks.check_train_step
    assert_pass(check(tf_make_step, "tensorflow"))
    assert_pass(check(torch_make_step, "pytorch"))
    assert_pass(check(lambda m, o: torch_make_step(m, o, returns="tensor"), "pytorch"))
    assert_fail(check(lambda m, o: ..., "tensorflow"), "still `...`")
    assert_fail(check(lambda m, o: None, "pytorch"), "returned None")
    assert_fail(check(lambda m, o: torch_make_step(m, o, returns="per_char"), "pytorch"), "shape")
    assert_fail(check(lambda m, o: torch_make_step(m, o, returns="int"), "pytorch"), "float")
    summed = lambda y, logits: tf_loss(y, logits) * tf.cast(tf.size(y), tf.float32)  # noqa: E731
    assert_fail(check(lambda m, o: tf_make_step(m, o, loss_fn=summed), "tensorflow"), "the sum")
    assert_fail(check(lambda m, o: tf_make_step(m, o, apply=False), "tensorflow"), "did not change")
    assert_fail(check(lambda m, o: torch_make_step(m, o, zero_grad=False), "pytorch"), "zero_grad")


# --------------------------------------------------------------------------------------
# Generation


def make_generate(framework, pick="sample", extra=0, as_list=False, drop_state=False, ignore_temperature=False):
    def generate(model, start_string, generation_length=1000, temperature=1.0, seed=0, vocab=None):
        rng = np.random.default_rng(seed)
        ids = [generate.vocab.char2idx[c] for c in start_string]
        if framework == "tensorflow":
            logits, states = model(tf.constant([ids]), return_state=True)
        else:
            with torch.no_grad():
                logits, states = model(torch.tensor([ids]), return_state=True)
        out = []
        for _ in range(generation_length + extra):
            last = np.asarray(logits[0, -1].numpy() if framework == "tensorflow" else logits[0, -1].double().numpy())
            used_temperature = 1.0 if ignore_temperature else temperature
            next_id = sample_next(last, used_temperature, rng) if pick == "sample" else int(np.argmax(last))
            states = None if drop_state else states  # each character from a fresh LSTM state
            out.append(generate.vocab.idx2char[next_id])
            if framework == "tensorflow":
                logits, states = model(tf.constant([[next_id]]), states=states, return_state=True)
            else:
                with torch.no_grad():
                    logits, states = model(torch.tensor([[next_id]]), states=states, return_state=True)
        return list(out) if as_list else start_string + "".join(out)

    return generate


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generate_text(framework, vocab):
    def fn(**kwargs):
        generate = make_generate(framework, **kwargs)
        generate.vocab = vocab
        return generate

    check = lab_checks.check_generate_text
    assert_pass(check(fn(), vocab, framework))
    assert_fail(check(lambda *a, **k: ..., vocab, framework), "still `...`")
    assert_fail(check(fn(extra=1), vocab, framework), "should return 41 characters")
    assert_fail(check(fn(as_list=True), vocab, framework), "should return a str")
    assert_fail(check(fn(pick="argmax"), vocab, framework), "differs from introdl", "sample_next")
    # Two mistakes an untrained model with nearly uniform logits let through (issue 18):
    assert_fail(check(fn(drop_state=True), vocab, framework), "(temperature 1), generate_text differs from introdl")
    assert_fail(check(fn(ignore_temperature=True), vocab, framework),
                "(temperature 0.5), generate_text differs from introdl")


def test_bad_framework_is_a_fail_line(vocab):
    accepted = "use one of tensorflow, pytorch (also accepted, any case: keras, tf, tf.keras, torch)."
    assert_fail(lab_checks.check_model(TFModel, "jax"), "Unknown framework 'jax'", accepted)
    assert_fail(lab_checks.check_vectorize_string(np.array, vocab, framework=3), "Unknown framework 3", accepted)
    assert_pass(lab_checks.check_vectorize_string(lambda s: np.array([vocab.char2idx[c] for c in s]), vocab,
                                                  framework="TF"))


def test_strict_mode_raises(monkeypatch, vocab):
    monkeypatch.setenv(checks.STRICT_ENV_VAR, "1")
    with pytest.raises(checks.CheckFailed, match="still `...`"):
        lab_checks.check_vectorize_string(lambda s: ..., vocab)
