"""Backpropagation through time, measured: the set-up Lecture 2's chapters share, and their sentences.

The chapter *Backpropagation through time* (``book/lectures/lecture02/gradients_through_time``)
follows the gradient of a vanilla RNN back through its steps; the LSTM chapter compares the
LSTM's cell state with it on the same inputs. Both take their inputs from here::

    from introdl.lecture02.gradients import bptt_setup, state_gradient_norms_tf
    bptt = bptt_setup()
    norms = state_gradient_norms_tf(bptt.W_hh[1.0], bptt.W_xh, tf.constant(bptt.x), bptt.readout, tf.math.tanh)

- ``bptt_setup``: recurrent weights that are a random orthogonal matrix times a scale (so
  every singular value is that scale), input weights, one input sequence and the readout
  vector of the loss ``L = readout · h_T``, all from one seeded NumPy generator;
- ``state_gradient_norms_tf`` / ``state_gradient_norms_torch``: ``||dL/dh_t||`` for every step
  of a vanilla RNN, the same code as the chapter's cells;
- ``change``, ``bptt_summary``: how the gradient's norm changes from the last step back to
  the first, in words;
- ``cosine``: the cosine between a gradient and its clipped version, over all its tensors;
- ``clipping_summary``, ``remedies_summary``: the chapter's computed sentences on the
  clipping and remedy runs (runs keyed by framework id).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..frameworks import IDS, display_name
from .figures import first_non_finite

__all__ = [
    "BPTTSetup",
    "bptt_setup",
    "bptt_summary",
    "change",
    "clipping_summary",
    "cosine",
    "remedies_summary",
    "state_gradient_norms_tf",
    "state_gradient_norms_torch",
]


@dataclass(frozen=True)
class BPTTSetup:
    """The vanilla RNN whose gradient the chapters follow back through time."""

    units: int
    inputs: int
    steps: int
    scales: tuple  # the scales of W_hh, each its every singular value
    W_hh: dict  # scale -> float32 (units, units): scale times one random orthogonal matrix
    W_xh: np.ndarray  # float32 (units, inputs)
    x: np.ndarray  # float32 (1, steps, inputs): one input sequence
    readout: np.ndarray  # float32 (units,): the loss is L = readout · h_T


def bptt_setup(units: int = 32, inputs: int = 4, steps: int = 40, scales=(0.5, 1.0, 1.5), seed: int = 2) -> BPTTSetup:
    """Draw the weights and inputs from ``np.random.default_rng(seed)``, in a fixed order."""
    for value, name in ((units, "units"), (inputs, "inputs"), (steps, "steps")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}.")
    scales = tuple(float(scale) for scale in scales)
    if not scales or min(scales) <= 0:
        raise ValueError(f"scales must be positive numbers, got {scales!r}.")
    rng = np.random.default_rng(seed)
    orthogonal, _ = np.linalg.qr(rng.normal(size=(units, units)))
    W_xh = (rng.normal(size=(units, inputs)) / np.sqrt(inputs)).astype(np.float32)
    x = rng.normal(size=(1, steps, inputs)).astype(np.float32)
    readout = rng.normal(size=(units,)).astype(np.float32)
    W_hh = {scale: (scale * orthogonal).astype(np.float32) for scale in scales}
    return BPTTSetup(int(units), int(inputs), int(steps), scales, W_hh, W_xh, x, readout)


# The same code as the cells of book/lectures/lecture02/gradients_through_time.md.

def state_gradient_norms_tf(W_hh, W_xh, x_sequence, readout, activation):
    """||dL/dh_t|| for every step t of a vanilla RNN, with L = readout · h_T."""
    import tensorflow as tf

    W_hh, W_xh = tf.constant(W_hh), tf.constant(W_xh)
    h = tf.zeros((x_sequence.shape[0], W_hh.shape[0]))
    states = []
    with tf.GradientTape() as tape:
        # Nothing here is a tf.Variable, so the tape records nothing unless told to: watching
        # h_0 makes it record every operation that depends on it, and so every later state.
        tape.watch(h)
        for t in range(x_sequence.shape[1]):
            h = activation(h @ tf.transpose(W_hh) + x_sequence[:, t] @ tf.transpose(W_xh))
            states.append(h)
        loss = tf.reduce_sum(states[-1] * readout)
    gradients = tape.gradient(loss, states)  # one gradient per intermediate state
    return np.array([float(tf.norm(g)) for g in gradients])


def state_gradient_norms_torch(W_hh, W_xh, x_sequence, readout, activation):
    """||dL/dh_t|| for every step t of a vanilla RNN, with L = readout · h_T."""
    import torch

    W_hh, W_xh = torch.from_numpy(W_hh), torch.from_numpy(W_xh)
    # No tensor here is a trainable parameter, so autograd records nothing unless asked:
    # h_0 requiring a gradient makes every later state part of the graph.
    h = torch.zeros(x_sequence.shape[0], W_hh.shape[0], requires_grad=True)
    states = []
    for t in range(x_sequence.shape[1]):
        h = activation(h @ W_hh.T + x_sequence[:, t] @ W_xh.T)
        states.append(h)
    loss = (states[-1] * torch.from_numpy(readout)).sum()
    gradients = torch.autograd.grad(loss, states)  # one gradient per intermediate state
    return np.array([g.norm().item() for g in gradients])


def change(norms) -> str:
    """How the gradient's norm changes from the last step back to the first, in words."""
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1 or len(norms) < 2:
        raise ValueError(f"give the norms of at least two steps, first to last; got shape {norms.shape}.")
    factor = norms[0] / norms[-1]
    if factor == 0:
        return "vanishes to exactly 0 (below float32's smallest number)"
    return f"grows {factor:.1e}-fold" if factor > 1 else f"shrinks {1 / factor:.1e}-fold"


def bptt_summary(norms, steps: int, scales, smallest_scale_bound: float) -> str:
    """The chapter's sentence on ``norms[(activation, scale)]`` (one framework's), tanh and ReLU."""
    tanh_text = ", ".join(f"{change(norms['tanh', scale])} at radius {scale}" for scale in scales)
    relu_text = ", ".join(f"{change(norms['ReLU', scale])} at radius {scale}" for scale in scales)
    largest, smallest = max(scales), min(scales)
    saturation = ""
    if np.all(np.asarray(norms["tanh", largest]) < np.asarray(norms["ReLU", largest])):  # at every step
        saturation = (f" At radius {largest}, tanh's curve stays below ReLU's: large weights drive tanh into "
                      "saturation, where its slope $1 - \\tanh^2$ is near 0 and cancels the stretching by "
                      "$W_{hh}$. ReLU's slope is 1 on every active unit, so nothing cancels it.")
    ratios = {name: norms[name, smallest][0] / norms[name, smallest][-1] for name in ("tanh", "ReLU")}
    return (
        f"Read from this run, going back {steps - 1} steps from the last state to the first: with tanh the "
        f"gradient {tanh_text}; with ReLU it {relu_text}.{saturation} At scale {smallest} the bound above "
        f"guarantees a shrinking by at least ${smallest}^{{{steps - 1}}} = {smallest_scale_bound:.1e}$, and the "
        "measured ratios, " + " and ".join(f"{ratio:.1e} ({name})" for name, ratio in ratios.items())
        + ", are within it. The two frameworks give the same curves (solid and dashed lie on each other), "
        "because they start from the same weights and compute the same function.")


def cosine(gradient, clipped) -> float:
    """The cosine between two gradients given as lists of arrays (all their entries as one vector)."""
    a, b = (np.concatenate([np.ravel(g) for g in grads]) for grads in (gradient, clipped))
    if a.shape != b.shape:
        raise ValueError(f"the two gradients have {a.size} and {b.size} entries: give the same tensors.")
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def clipping_summary(runs, steps: int, n_symbols: int) -> str:
    """The sentence on ``runs[clipped][framework] = (losses, gradient_norms)``, clipped False and True."""
    unclipped = {framework: first_non_finite(runs[False][framework][0]) for framework in IDS}
    clipped_final = {framework: float(np.mean(runs[True][framework][0][-20:])) for framework in IDS}
    return (
        "Without clipping, the loss "
        + " and ".join(f"stopped being a finite number at step {step} in {display_name(framework)}"
                       if step is not None else f"stayed finite for all {steps} steps in {display_name(framework)}"
                       for framework, step in unclipped.items())
        + ". Clipped, the same start and batches end with a mean loss over the last 20 steps of "
        + " and ".join(f"{loss:.2f} in {display_name(framework)}" for framework, loss in clipped_final.items())
        + f", against {np.log(n_symbols):.2f} for guessing.")


def _the_models(kinds) -> str:
    return "the " + " and the ".join(kinds) if kinds else "no model"


def remedies_summary(runs, kinds, profile: str) -> str:
    """The sentence on which copy-first models learned the task (``runs[kind]["accuracy"][framework]``)."""
    solved = [kind for kind in kinds if min(runs[kind]["accuracy"].values()) > 0.9]
    unsolved = [kind for kind in kinds if max(runs[kind]["accuracy"].values()) < 0.5]
    summary = (f"In this run, {_the_models(solved)} learned the task in both frameworks (over 90% "
               f"on 1,000 new sequences), and {_the_models(unsolved)} stayed below 50% in both.")
    if "ReLU RNN" in unsolved and "ReLU RNN, identity init" in solved:
        summary += " So ReLU alone did not fix the problem here; together with the identity start it did."
    if profile == "smoke":
        summary = ("The smoke profile trains too briefly for these accuracies to mean anything; the full "
                   "profile (the published page) says which models learned the task.")
    return summary + (" Each model's two runs share their start, their batches and their trained parameters "
                      "(PyTorch's second bias frozen); the appendix measures what still makes them drift apart.")
