"""The 6.S191 music model in TensorFlow/Keras: Embedding -> LSTM -> Dense over characters.

Same public API as ``model_torch.py`` (diff the two files): build_model, compute_loss,
make_optimizer, make_train_step, evaluate_loss, generate_text, and weights in the "Keras
layout" (kernel [in, 4*units], gate order i, f, c, o) shared by both.

Two LSTMs with the same weights are available: ``lstm="keras"`` is plain
``keras.layers.LSTM``; ``lstm="fast"`` is ``FastLSTM`` from fast_lstm_tf.py, faster to
train on a CPU (see that module for why; ``benchmarks/music_train_step.py`` times both).
``lstm="auto"`` (the default) takes FastLSTM on a CPU and Keras' LSTM where TensorFlow sees
a GPU, since there Keras runs cuDNN's fused kernel.

State: training starts every batch from a zero state (the batches are random windows, so a
state carried over from the previous batch would belong to unrelated text; the 2021 lab's
``stateful=True`` did that). Generation carries the state explicitly from one character to
the next: ``logits, states = model(x, states=states, return_state=True)``.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from ...frameworks import TENSORFLOW  # noqa: E402
from .fast_lstm_tf import FastLSTM  # noqa: E402
from .sampling import check_generation_args, sample_next  # noqa: E402

FRAMEWORK = TENSORFLOW
LSTM_VARIANTS = ("auto", "fast", "keras")
# What build_model takes beyond the sizes and the seed, only in this framework
# (training.train_model's ``model_options``; the command line's --lstm).
MODEL_OPTIONS = ("lstm",)
WEIGHTS_FILE = "weights_tensorflow.npz"


class CharLSTM(keras.Model):
    """Characters in, next-character logits out (one set per position)."""

    def __init__(self, vocab_size: int, embedding_dim: int = 256, rnn_units: int = 1024,
                 lstm="auto", **kwargs):
        """``lstm``: "auto", "keras" or "fast" (see ``resolve_lstm``), or an LSTM layer to use
        (one that returns sequences and state, as the lab's page passes to its own model)."""
        super().__init__(**kwargs)
        self.vocab_size, self.embedding_dim, self.rnn_units = vocab_size, embedding_dim, rnn_units
        self.embedding = keras.layers.Embedding(vocab_size, embedding_dim)
        if not isinstance(lstm, str):
            self.lstm_variant = "fast" if isinstance(lstm, FastLSTM) else "keras"
            self.lstm = lstm
        elif resolve_lstm(lstm) == "keras":
            self.lstm_variant = "keras"
            self.lstm = keras.layers.LSTM(rnn_units, return_sequences=True, return_state=True)
        else:
            self.lstm_variant = "fast"
            self.lstm = FastLSTM(rnn_units)
        self.dense = keras.layers.Dense(vocab_size)

    def call(self, inputs, states=None, return_state=False, training=False):
        x = self.embedding(inputs)
        x, h, c = self.lstm(x, initial_state=states)
        logits = self.dense(x)
        return (logits, [h, c]) if return_state else logits


def resolve_lstm(lstm: str) -> str:
    """"auto" -> "keras" (cuDNN) if TensorFlow sees a GPU, else "fast"."""
    if lstm not in LSTM_VARIANTS:
        raise ValueError(
            f"lstm={lstm!r}: use 'fast' (FastLSTM), 'keras' (keras.layers.LSTM) or 'auto' "
            "(FastLSTM on CPU, Keras' cuDNN LSTM on a GPU)."
        )
    if lstm == "auto":
        return "keras" if tf.config.list_logical_devices("GPU") else "fast"
    return lstm


def build_model(vocab_size: int, embedding_dim: int = 256, rnn_units: int = 1024,
                lstm: str = "auto", seed: int | None = None) -> CharLSTM:
    """Create the model with its weights (Keras' default initializers; ``seed`` makes them repeatable)."""
    if seed is not None:
        keras.utils.set_random_seed(seed)
    model = CharLSTM(vocab_size, embedding_dim, rnn_units, lstm=lstm)
    model(tf.zeros([1, 1], dtype=tf.int64))  # create the weights
    return model


def count_parameters(model) -> int:
    return int(model.count_params())


def compute_loss(labels, logits):
    """Mean sparse categorical cross-entropy over all positions (as PyTorch's default)."""
    return tf.reduce_mean(
        keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
    )


def make_optimizer(model, learning_rate: float = 5e-3):
    return keras.optimizers.Adam(learning_rate)


def make_train_step(model, optimizer, dense_gradients: bool = False):
    """One optimisation step on a batch (x, y), compiled to a graph by tf.function.

    ``dense_gradients=True`` turns the embedding's sparse gradient (``tf.IndexedSlices``, one
    slice per occurrence of a character) into a dense tensor before the update. SGD does the
    same either way; Keras 3's Adam squares each slice separately, so it differs (see
    ``parity.training_parity``).
    """

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss = compute_loss(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        if dense_gradients:
            grads = [tf.convert_to_tensor(g) for g in grads]
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    return lambda x, y: float(train_step(tf.constant(x), tf.constant(y)))


def evaluate_loss(model, batches) -> float:
    """Mean loss over fixed (x, y) batches, without training."""
    if not hasattr(model, "_introdl_eval"):
        model._introdl_eval = tf.function(lambda x, y: compute_loss(y, model(x)))
    return float(np.mean([model._introdl_eval(tf.constant(x), tf.constant(y)) for x, y in batches]))


def compare_loss_reductions(model, x, y) -> dict:
    """The lab's summed loss against the mean loss used here, with their gradients.

    The 2021 TF lab differentiates the *unreduced* per-character losses, so its gradient
    is that of their sum: ``tokens`` (batch x sequence) times the gradient of the mean.
    Adam divides each step by a running gradient scale, so the two train almost alike;
    plain SGD would need a learning rate ``tokens`` times smaller for the sum.
    """
    with tf.GradientTape(persistent=True) as tape:
        logits = model(tf.constant(x))
        per_char = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
        total, mean = tf.reduce_sum(per_char), tf.reduce_mean(per_char)
    variables = model.trainable_variables
    grad_sum = tf.linalg.global_norm(tape.gradient(total, variables))
    grad_mean = tf.linalg.global_norm(tape.gradient(mean, variables))
    return {
        "tokens": int(np.size(y)),
        "sum_loss": float(total),
        "mean_loss": float(mean),
        "grad_norm_sum": float(grad_sum),
        "grad_norm_mean": float(grad_mean),
    }


def _step_function(model):
    """One generation step with the LSTM state passed in and returned (a cached tf.function)."""
    if not hasattr(model, "_introdl_step"):
        model._introdl_step = tf.function(
            lambda x, states: model(x, states=states, return_state=True), reduce_retracing=True
        )
    return model._introdl_step


def generate_text(model, vocab, start_string: str = "X", num_chars: int = 1000,
                  temperature: float = 1.0, seed: int = 0) -> str:
    """Write ``num_chars`` characters after ``start_string``, one at a time.

    The LSTM state is carried from each character to the next; ``seed`` makes the random
    choices repeatable. Returns ``start_string`` followed by the new characters.
    """
    temperature = check_generation_args(vocab, start_string, num_chars, temperature)
    rng = np.random.default_rng(seed)
    step = _step_function(model)
    # Read the start string once to build the state, then feed back one character at a time.
    logits, states = step(tf.constant(vocab.encode(start_string)[None, :]), None)
    new_ids = []
    for _ in range(int(num_chars)):
        next_id = sample_next(logits[0, -1].numpy(), temperature, rng)
        new_ids.append(next_id)
        logits, states = step(tf.constant([[next_id]], dtype=tf.int64), states)
    return start_string + vocab.decode(new_ids)


# Weights in the Keras layout, shared with model_torch.py (parity checks, checkpoints).

def get_keras_layout(model) -> dict:
    kernel, recurrent_kernel, bias = model.lstm.get_weights()
    dense_kernel, dense_bias = model.dense.get_weights()
    return {
        "embedding": model.embedding.get_weights()[0],
        "kernel": kernel,
        "recurrent_kernel": recurrent_kernel,
        "bias": bias,
        "dense_kernel": dense_kernel,
        "dense_bias": dense_bias,
    }


def set_keras_layout(model, weights: dict) -> None:
    model.embedding.set_weights([weights["embedding"]])
    model.lstm.set_weights([weights["kernel"], weights["recurrent_kernel"], weights["bias"]])
    model.dense.set_weights([weights["dense_kernel"], weights["dense_bias"]])


def model_config(model) -> dict:
    return {
        "vocab_size": model.vocab_size,
        "embedding_dim": model.embedding_dim,
        "rnn_units": model.rnn_units,
        "lstm": model.lstm_variant,
    }


def save_weights(model, folder) -> None:
    np.savez(os.path.join(folder, WEIGHTS_FILE), **get_keras_layout(model))


def load_weights(model, folder) -> None:
    with np.load(os.path.join(folder, WEIGHTS_FILE)) as weights:
        set_keras_layout(model, dict(weights))
