"""The 6.S191 music model in PyTorch: Embedding -> LSTM -> Linear over characters.

Same public API as ``model_tf.py`` (diff the two files): build_model, compute_loss,
make_optimizer, make_train_step, evaluate_loss, generate_text, and weights in the "Keras
layout" (kernel [in, 4*units], gate order i, f, c, o; PyTorch's i, f, g, o is the same
order) shared by both.

Two details make the two models the same function with the same number of parameters:

* Keras' LSTM has one bias per gate; ``torch.nn.LSTM`` has two (``bias_ih`` and
  ``bias_hh``) that are only ever added together. Here ``bias_hh`` is a constant zero
  buffer, so the model has Keras' parameter count and the Keras bias maps to ``bias_ih``.
* The initialization follows Keras' defaults instead of PyTorch's: embeddings uniform in
  +-0.05, input kernel Glorot uniform, recurrent kernel orthogonal, biases zero with the
  forget gate's bias 1, output layer Glorot uniform. Adam's epsilon is Keras' 1e-7.
"""

from __future__ import annotations

import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ...frameworks import PYTORCH
from ...weights import get_keras_weights, set_keras_weights
from .sampling import check_generation_args, sample_next

FRAMEWORK = PYTORCH
# What build_model takes beyond the sizes and the seed, only in this framework
# (training.train_model's ``model_options``).
MODEL_OPTIONS = ("device",)
WEIGHTS_FILE = "weights_pytorch.pt"


class CharLSTM(nn.Module):
    """Characters in, next-character logits out (one set per position)."""

    def __init__(self, vocab_size: int, embedding_dim: int = 256, rnn_units: int = 1024):
        super().__init__()
        self.vocab_size, self.embedding_dim, self.rnn_units = vocab_size, embedding_dim, rnn_units
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, rnn_units, batch_first=True)
        # One bias per gate, as in Keras: bias_hh becomes a constant zero (not a parameter).
        del self.lstm.bias_hh_l0
        self.lstm.register_buffer("bias_hh_l0", torch.zeros(4 * rnn_units))
        self.lstm._init_flat_weights()  # let nn.LSTM see the buffer in place of the parameter
        self.dense = nn.Linear(rnn_units, vocab_size)
        init_like_keras(self)

    def forward(self, inputs, states=None, return_state=False):
        x = self.embedding(inputs)
        if states is not None:  # [h, c], each [batch, units]; nn.LSTM wants [layers, batch, units]
            states = (states[0].unsqueeze(0), states[1].unsqueeze(0))
        x, (h, c) = self.lstm(x, states)
        logits = self.dense(x)
        return (logits, [h[0], c[0]]) if return_state else logits


@torch.no_grad()
def init_like_keras(model: CharLSTM) -> None:
    """Keras' default initializers, written for PyTorch's (transposed) weight shapes."""
    units = model.rnn_units
    nn.init.uniform_(model.embedding.weight, -0.05, 0.05)
    nn.init.xavier_uniform_(model.lstm.weight_ih_l0)  # fan_in/fan_out as Keras' [in, 4*units]
    nn.init.orthogonal_(model.lstm.weight_hh_l0)  # its transpose has orthonormal rows, as Keras'
    model.lstm.bias_ih_l0.zero_()
    model.lstm.bias_ih_l0[units : 2 * units] = 1.0  # Keras' unit_forget_bias
    nn.init.xavier_uniform_(model.dense.weight)
    nn.init.zeros_(model.dense.bias)


def build_model(vocab_size: int, embedding_dim: int = 256, rnn_units: int = 1024,
                seed: int | None = None, device=None) -> CharLSTM:
    """Create the model (Keras-style initialization; ``seed`` makes it repeatable).

    ``device`` defaults to the GPU when PyTorch sees one, else the CPU.
    """
    if seed is not None:
        torch.manual_seed(seed)
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    return CharLSTM(vocab_size, embedding_dim, rnn_units).to(device)


def count_parameters(model) -> int:
    return sum(p.numel() for p in model.parameters())


def _device(model):
    return next(model.parameters()).device


def compute_loss(labels, logits):
    """Mean cross-entropy over all positions (``F.cross_entropy``'s default reduction)."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))


def make_optimizer(model, learning_rate: float = 5e-3):
    # fused=True updates all weights in one kernel instead of a dozen element-wise passes
    # over 5.4 M numbers, which shortens every training step on a CPU (benchmarks/README.md).
    return torch.optim.Adam(model.parameters(), lr=learning_rate, eps=1e-7, fused=True)


def make_train_step(model, optimizer):
    """One optimisation step on a NumPy batch (x, y); returns the loss as a float."""
    device = _device(model)

    def train_step(x, y):
        x, y = torch.as_tensor(x, device=device), torch.as_tensor(y, device=device)
        model.train()
        optimizer.zero_grad()
        loss = compute_loss(y, model(x))
        loss.backward()
        optimizer.step()
        return loss.item()

    return train_step


@torch.no_grad()
def evaluate_loss(model, batches) -> float:
    """Mean loss over fixed (x, y) batches, without training."""
    model.eval()
    device = _device(model)
    losses = [
        compute_loss(torch.as_tensor(y, device=device), model(torch.as_tensor(x, device=device))).item()
        for x, y in batches
    ]
    return float(np.mean(losses))


def compare_loss_reductions(model, x, y) -> dict:
    """The TF lab's summed loss against the mean loss used here, with their gradients.

    ``sum = tokens * mean`` and so are their gradients, where tokens = batch x sequence.
    """
    device = _device(model)
    x, y = torch.as_tensor(x, device=device), torch.as_tensor(y, device=device)
    model.train()  # cuDNN's LSTM backward runs only in training mode (no dropout here: same outputs)
    logits = model(x)
    per_char = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="none")
    norms = {}
    for name, loss in (("sum", per_char.sum()), ("mean", per_char.mean())):
        grads = torch.autograd.grad(loss, [p for p in model.parameters() if p.requires_grad], retain_graph=True)
        norms[name] = (loss.item(), torch.sqrt(sum((g * g).sum() for g in grads)).item())
    return {
        "tokens": int(y.numel()),
        "sum_loss": norms["sum"][0],
        "mean_loss": norms["mean"][0],
        "grad_norm_sum": norms["sum"][1],
        "grad_norm_mean": norms["mean"][1],
    }


@torch.no_grad()
def generate_text(model, vocab, start_string: str = "X", num_chars: int = 1000,
                  temperature: float = 1.0, seed: int = 0) -> str:
    """Write ``num_chars`` characters after ``start_string``, one at a time.

    The LSTM state is carried from each character to the next; ``seed`` makes the random
    choices repeatable. Returns ``start_string`` followed by the new characters.
    """
    temperature = check_generation_args(vocab, start_string, num_chars, temperature)
    rng = np.random.default_rng(seed)
    model.eval()
    device = _device(model)
    # Read the start string once to build the state, then feed back one character at a time.
    logits, states = model(torch.as_tensor(vocab.encode(start_string)[None, :], device=device),
                           return_state=True)
    new_ids = []
    # On a CPU, PyTorch runs the LSTM with oneDNN's fused kernel, which prepares its own copy
    # of the weights (16 MB at the lab's sizes) on every call: for one character at a time
    # that costs more than the arithmetic, so generation uses the plain kernel.
    onednn_was_enabled = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = False
    try:
        for _ in range(int(num_chars)):
            next_id = sample_next(logits[0, -1].double().cpu().numpy(), temperature, rng)
            new_ids.append(next_id)
            logits, states = model(torch.tensor([[next_id]], device=device), states=states, return_state=True)
    finally:
        torch.backends.mkldnn.enabled = onednn_was_enabled
    return start_string + vocab.decode(new_ids)


# Weights in the Keras layout, shared with model_tf.py (parity checks, checkpoints). The
# layer-by-layer conversion (transposes, the two LSTM biases) is introdl.weights'.

def get_keras_layout(model) -> dict:
    """The model's weights as model_tf.get_keras_layout gives them (the LSTM's two biases summed)."""
    kernel, recurrent_kernel, bias = get_keras_weights(model.lstm)
    dense_kernel, dense_bias = get_keras_weights(model.dense)
    return {
        "embedding": get_keras_weights(model.embedding)[0],
        "kernel": kernel,
        "recurrent_kernel": recurrent_kernel,
        "bias": bias,
        "dense_kernel": dense_kernel,
        "dense_bias": dense_bias,
    }


def set_keras_layout(model, weights: dict) -> None:
    """Load Keras-layout weights: kernels transposed, the Keras bias into bias_ih, bias_hh zero."""
    set_keras_weights(model.embedding, [weights["embedding"]])
    set_keras_weights(model.lstm, [weights["kernel"], weights["recurrent_kernel"], weights["bias"]])
    set_keras_weights(model.dense, [weights["dense_kernel"], weights["dense_bias"]])


def model_config(model) -> dict:
    return {"vocab_size": model.vocab_size, "embedding_dim": model.embedding_dim,
            "rnn_units": model.rnn_units}


def save_weights(model, folder) -> None:
    torch.save(model.state_dict(), os.path.join(folder, WEIGHTS_FILE))


def load_weights(model, folder) -> None:
    state = torch.load(os.path.join(folder, WEIGHTS_FILE), map_location=_device(model), weights_only=True)
    model.load_state_dict(state)
