"""Saliency maps, written once: how much each pixel moves a digit's class score.

*What a CNN learned* (``book/lectures/lecture03/what_a_cnn_learned``) writes these two
functions in its cells; this module holds the same code (checked by
``tests/introdl/lecture03/test_lecture03_written_once.py``). The saliency of a pixel is the
absolute gradient of the class's logit (its score before the softmax) with respect to that
pixel (Simonyan, Vedaldi and Zisserman, 2013)::

    from introdl.lecture03.saliency import saliency_tf, saliency_torch, compare_maps
    maps_tf = saliency_tf(tf_model, images, labels)          # (n, 28, 28)
    maps_torch = saliency_torch(torch_model, images, labels)
    compare_maps(maps_tf, maps_torch)                        # (largest difference / largest value, correlation)
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf
import torch

__all__ = ["compare_maps", "saliency_tf", "saliency_torch"]


def saliency_tf(model, images, labels):
    """|d logit of the label / d pixel| for digits (n, 28, 28) in [0, 1]: an array (n, 28, 28)."""
    x = tf.constant(images[..., None])
    with tf.GradientTape() as tape:
        tape.watch(x)  # x is a constant, not a variable: ask the tape to follow it
        scores = tf.gather(model(x, training=False), labels, batch_dims=1)  # one logit per digit
    return tf.abs(tape.gradient(scores, x))[..., 0].numpy()


def saliency_torch(model, images, labels):
    """|d logit of the label / d pixel| for digits (n, 28, 28) in [0, 1]: an array (n, 28, 28)."""
    model.eval()
    device = next(model.parameters()).device
    x = torch.from_numpy(images[:, None]).to(device).requires_grad_()
    scores = model(x).gather(1, torch.from_numpy(labels).to(device)[:, None])  # one logit per digit
    scores.sum().backward()  # each digit's score depends on its own pixels only
    return x.grad.abs()[:, 0].cpu().numpy()


def compare_maps(first, second) -> tuple[float, float]:
    """(largest |difference| over the largest value, correlation) of two stacks of saliency maps."""
    first, second = np.asarray(first, dtype=np.float64), np.asarray(second, dtype=np.float64)
    if first.shape != second.shape or first.size == 0:
        raise ValueError(f"compare_maps needs two stacks of maps of one shape, got {first.shape} and {second.shape}.")
    scale = max(np.abs(first).max(), np.abs(second).max())
    if scale == 0:
        return 0.0, float("nan")
    correlation = float(np.corrcoef(first.ravel(), second.ravel())[0, 1])
    return float(np.abs(first - second).max() / scale), correlation
