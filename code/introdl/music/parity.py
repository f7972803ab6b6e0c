"""Do the TensorFlow and PyTorch models compute the same function? Load the same weights
into both and compare their outputs.

Keras' LSTM weights go into ``torch.nn.LSTM`` with each kernel transposed (Keras stores
[in, 4*units], PyTorch [4*units, in]), the gates in the same order (Keras i, f, c, o is
PyTorch's i, f, g, o), the Keras bias in ``bias_ih`` and ``bias_hh`` zero.
"""

from __future__ import annotations

import numpy as np


def keras_torch_parity(vocab_size: int = 90, embedding_dim: int = 256, rnn_units: int = 1024,
                       batch_size: int = 2, seq_length: int = 50, lstm: str = "keras",
                       seed: int = 0) -> dict:
    """Build a Keras model, copy its weights into the PyTorch model, compare on one batch.

    Returns the largest absolute difference of the logits and the difference of the losses
    (float32: expect about 1e-6 or less).
    """
    import torch

    from . import model_tf, model_torch

    tf_model = model_tf.build_model(vocab_size, embedding_dim, rnn_units, lstm=lstm, seed=seed)
    torch_model = model_torch.build_model(vocab_size, embedding_dim, rnn_units, device="cpu")
    model_torch.set_keras_layout(torch_model, model_tf.get_keras_layout(tf_model))
    rng = np.random.default_rng(seed)
    x = rng.integers(0, vocab_size, size=(batch_size, seq_length))
    y = rng.integers(0, vocab_size, size=(batch_size, seq_length))
    tf_logits = tf_model(x).numpy()
    tf_loss = float(model_tf.compute_loss(y, tf_logits))
    with torch.no_grad():
        torch_logits = torch_model(torch.as_tensor(x))
        torch_loss = float(model_torch.compute_loss(torch.as_tensor(y), torch_logits))
    return {
        "max_abs_logit_diff": float(np.abs(tf_logits - torch_logits.numpy()).max()),
        "loss_diff": abs(tf_loss - torch_loss),
        "tensorflow_loss": tf_loss,
        "pytorch_loss": torch_loss,
        "parameters": (model_tf.count_parameters(tf_model), model_torch.count_parameters(torch_model)),
    }


def fast_keras_parity(vocab_size: int = 90, embedding_dim: int = 256, rnn_units: int = 1024,
                      batch_size: int = 2, seq_length: int = 50, seed: int = 0) -> dict:
    """Compare FastLSTM with keras.layers.LSTM (same weights): logits and all gradients."""
    import tensorflow as tf

    from . import model_tf

    keras_model = model_tf.build_model(vocab_size, embedding_dim, rnn_units, lstm="keras", seed=seed)
    fast_model = model_tf.build_model(vocab_size, embedding_dim, rnn_units, lstm="fast")
    model_tf.set_keras_layout(fast_model, model_tf.get_keras_layout(keras_model))
    rng = np.random.default_rng(seed)
    x = tf.constant(rng.integers(0, vocab_size, size=(batch_size, seq_length)))
    y = tf.constant(rng.integers(0, vocab_size, size=(batch_size, seq_length)))
    results = []
    for model in (keras_model, fast_model):
        with tf.GradientTape() as tape:
            logits = model(x)
            loss = model_tf.compute_loss(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        results.append((logits.numpy(), float(loss), [tf.convert_to_tensor(g).numpy() for g in grads]))
    (l1, loss1, g1), (l2, loss2, g2) = results
    return {
        "max_abs_logit_diff": float(np.abs(l1 - l2).max()),
        "loss_diff": abs(loss1 - loss2),
        "max_abs_grad_diff": max(float(np.abs(a - b).max()) for a, b in zip(g1, g2)),
    }
