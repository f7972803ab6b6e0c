"""Do the TensorFlow and PyTorch models compute the same function? Load the same weights
into both and compare their outputs.

The copy is ``introdl.weights.copy_keras_model_to_torch``: Keras' LSTM weights go into
``torch.nn.LSTM`` with each kernel transposed (Keras stores [in, 4*units], PyTorch
[4*units, in]), the gates in the same order (Keras i, f, c, o is PyTorch's i, f, g, o), the
Keras bias in ``bias_ih`` and ``bias_hh`` zero.
"""

from __future__ import annotations

import numpy as np

from ...weights import copy_keras_model_to_torch


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
    copy_keras_model_to_torch(tf_model, torch_model)
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


TRAINING_OPTIMIZERS = ("sgd", "adam", "adam-dense", "adam-matched")


def max_weight_difference(tf_model, torch_model) -> float:
    """Largest absolute difference between the two models' weights (in the Keras layout)."""
    from . import model_tf, model_torch

    tf_weights, torch_weights = model_tf.get_keras_layout(tf_model), model_torch.get_keras_layout(torch_model)
    return max(float(np.abs(tf_weights[k] - torch_weights[k]).max()) for k in tf_weights)


def training_parity(optimizer: str = "sgd", steps: int = 20, vocab_size: int = 83, embedding_dim: int = 32,
                    rnn_units: int = 64, batch_size: int = 4, seq_length: int = 20, learning_rate=None,
                    epsilon: float = 1e-7, seed: int = 0) -> list[float]:
    """Train a Keras and a PyTorch model from the same weights on the same batches.

    Returns the largest weight difference between them after each of ``steps`` steps.

    ``optimizer``:

    * ``"sgd"``: plain SGD in both (default learning rate 0.5, for the mean loss);
    * ``"adam"``: Adam with the same settings in both (lr 5e-3, epsilon ``epsilon``): Keras 3
      divides by ``sqrt(v) + eps`` with the bias correction folded into the step size, PyTorch
      by ``sqrt(v) / sqrt(1 - beta2**t) + eps``, so their epsilons act differently;
    * ``"adam-dense"``: as ``"adam"``, but TensorFlow's embedding gradient is made dense
      before the update. Keras hands Adam the embedding gradient as ``tf.IndexedSlices``, one
      slice per occurrence of a character in the batch, and Keras 3's Adam squares each slice
      before they are added up: its ``v`` gets the sum of the squares, not the square of the
      sum, for every character that occurs more than once;
    * ``"adam-matched"``: dense embedding gradient, and PyTorch's epsilon set before every
      step t to ``eps / sqrt(1 - beta2**t)``, which makes the two updates the same formula.
    """
    import tensorflow as tf
    import torch

    from . import model_tf, model_torch

    if optimizer not in TRAINING_OPTIMIZERS:
        raise ValueError(f"optimizer={optimizer!r}: use one of {TRAINING_OPTIMIZERS}.")
    lr = learning_rate if learning_rate is not None else (0.5 if optimizer == "sgd" else 5e-3)
    tf_model = model_tf.build_model(vocab_size, embedding_dim, rnn_units, lstm="keras", seed=seed)
    torch_model = model_torch.build_model(vocab_size, embedding_dim, rnn_units, device="cpu")
    copy_keras_model_to_torch(tf_model, torch_model)
    if optimizer == "sgd":
        tf_opt = tf.keras.optimizers.SGD(lr)
        torch_opt = torch.optim.SGD(torch_model.parameters(), lr=lr)
    else:
        tf_opt = tf.keras.optimizers.Adam(lr, epsilon=epsilon)
        torch_opt = torch.optim.Adam(torch_model.parameters(), lr=lr, eps=epsilon)
    tf_step = model_tf.make_train_step(tf_model, tf_opt, dense_gradients=optimizer in ("adam-dense", "adam-matched"))
    torch_step = model_torch.make_train_step(torch_model, torch_opt)
    beta2 = torch_opt.param_groups[0].get("betas", (0.9, 0.999))[1]
    rng = np.random.default_rng(seed)
    differences = []
    for step in range(1, steps + 1):
        x = rng.integers(0, vocab_size, size=(batch_size, seq_length))
        y = rng.integers(0, vocab_size, size=(batch_size, seq_length))
        if optimizer == "adam-matched":
            for group in torch_opt.param_groups:
                group["eps"] = epsilon / np.sqrt(1 - beta2**step)
        tf_step(x, y)
        torch_step(x, y)
        differences.append(max_weight_difference(tf_model, torch_model))
    return differences
