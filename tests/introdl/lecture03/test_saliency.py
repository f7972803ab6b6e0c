"""introdl.lecture03.saliency: from the same weights the two frameworks' saliency maps agree."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
torch = pytest.importorskip("torch")

from introdl.lecture03.models import DigitCNN, cnn_tf  # noqa: E402
from introdl.lecture03.saliency import compare_maps, saliency_tf, saliency_torch  # noqa: E402
from introdl.weights import copy_keras_model_to_torch  # noqa: E402

DIGITS = np.random.default_rng(1).uniform(size=(4, 28, 28)).astype(np.float32)
LABELS = np.array([0, 3, 7, 9])


def test_an_untrained_cnn_has_the_same_saliency_in_both_frameworks():
    tf_model, torch_model = cnn_tf(), DigitCNN()
    copy_keras_model_to_torch(tf_model, torch_model)
    maps_tf, maps_torch = saliency_tf(tf_model, DIGITS, LABELS), saliency_torch(torch_model, DIGITS, LABELS)
    assert maps_tf.shape == maps_torch.shape == (4, 28, 28) and (maps_tf >= 0).all()
    relative, correlation = compare_maps(maps_tf, maps_torch)
    assert relative < 1e-4 and correlation > 0.9999


def test_the_saliency_is_the_gradient_of_the_label_logit():
    tf_model = cnn_tf()
    maps = saliency_tf(tf_model, DIGITS[:1], LABELS[:1])
    pixel, step = (0, 14, 14), 1e-2  # a finite difference at one pixel, in float64 through NumPy's rounding
    up, down = DIGITS[:1].copy(), DIGITS[:1].copy()
    up[pixel] += step
    down[pixel] -= step
    logit = lambda x: float(tf_model(x[..., None])[0, LABELS[0]])  # noqa: E731
    assert abs(maps[pixel] - abs(logit(up) - logit(down)) / (2 * step)) < 1e-3


def test_another_label_gives_another_map_and_compare_maps_checks_shapes():
    torch_model = DigitCNN()
    assert not np.allclose(saliency_torch(torch_model, DIGITS, LABELS), saliency_torch(torch_model, DIGITS, LABELS[::-1].copy()))
    assert compare_maps(np.zeros((2, 3)), np.zeros((2, 3)))[0] == 0.0
    with pytest.raises(ValueError, match=r"one shape, got \(2, 3\) and \(3, 2\)"):
        compare_maps(np.zeros((2, 3)), np.zeros((3, 2)))
