"""introdl.lecture02.gradients: the BPTT set-up, the gradient norms and the chapter's sentences."""

import numpy as np
import pytest

from introdl.frameworks import PYTORCH, TENSORFLOW
from introdl.lecture02 import gradients


def test_bptt_setup_is_seeded_and_scaled_orthogonal():
    bptt = gradients.bptt_setup(units=8, inputs=3, steps=5, scales=(0.5, 2.0), seed=7)
    again = gradients.bptt_setup(units=8, inputs=3, steps=5, scales=(0.5, 2.0), seed=7)
    assert np.array_equal(bptt.x, again.x) and np.array_equal(bptt.W_hh[2.0], again.W_hh[2.0])
    assert bptt.x.shape == (1, 5, 3) and bptt.W_xh.shape == (8, 3) and bptt.readout.shape == (8,)
    assert all(a.dtype == np.float32 for a in (bptt.x, bptt.W_xh, bptt.readout, bptt.W_hh[0.5]))
    for scale in bptt.scales:
        assert np.allclose(np.linalg.svd(bptt.W_hh[scale], compute_uv=False), scale, rtol=1e-5)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        gradients.bptt_setup(steps=0)


def test_the_two_frameworks_give_the_same_norms_and_the_bound_holds():
    tf = pytest.importorskip("tensorflow")
    torch = pytest.importorskip("torch")
    bptt = gradients.bptt_setup(units=6, inputs=2, steps=12, scales=(0.5,), seed=1)
    norms_tf = gradients.state_gradient_norms_tf(bptt.W_hh[0.5], bptt.W_xh, tf.constant(bptt.x), bptt.readout,
                                                 tf.math.tanh)
    norms_torch = gradients.state_gradient_norms_torch(bptt.W_hh[0.5], bptt.W_xh, torch.from_numpy(bptt.x),
                                                       bptt.readout, torch.tanh)
    assert norms_tf.shape == (12,)
    np.testing.assert_allclose(norms_tf, norms_torch, rtol=1e-4)
    assert norms_tf[-1] == pytest.approx(np.linalg.norm(bptt.readout), rel=1e-6)  # dL/dh_T is the readout
    assert norms_tf[0] / norms_tf[-1] <= 0.5 ** 11 * (1 + 1e-3)  # (gamma sigma_max)^(T-1), gamma = 1


def test_change_in_words():
    assert gradients.change([1e-3, 1.0]) == "shrinks 1.0e+03-fold"
    assert gradients.change([10.0, 1.0]) == "grows 1.0e+01-fold"
    assert gradients.change([0.0, 1.0]).startswith("vanishes to exactly 0")
    with pytest.raises(ValueError, match="at least two steps"):
        gradients.change([1.0])


def test_bptt_summary_names_every_scale_and_the_bound():
    norms = {(name, scale): np.array([scale ** 3, 1.0]) for name in ("tanh", "ReLU") for scale in (0.5, 1.5)}
    norms["tanh", 1.5] = np.array([0.5, 0.9])  # below ReLU's at every step: saturation
    text = gradients.bptt_summary(norms, steps=4, scales=(0.5, 1.5), smallest_scale_bound=0.125)
    assert "going back 3 steps" in text and "at radius 0.5" in text and "at radius 1.5" in text
    assert "saturation" in text and "$0.5^{3} = 1.2e-01$" in text


def test_cosine_of_a_rescaled_gradient_is_one():
    gradient = [np.array([[3.0, -0.2]]), np.array([0.5])]
    assert gradients.cosine(gradient, [2 * g for g in gradient]) == pytest.approx(1.0)
    assert gradients.cosine(gradient, [np.array([[1.0, -0.2]]), np.array([0.5])]) < 0.99
    with pytest.raises(ValueError, match="same tensors"):
        gradients.cosine(gradient, gradient[:1])


def test_clipping_summary_reports_the_first_non_finite_step():
    runs = {False: {TENSORFLOW: ([3.0, np.inf, np.nan], [1, 2, 3]), PYTORCH: ([3.0, 2.0, 1.0], [1, 2, 3])},
            True: {TENSORFLOW: ([2.0, 1.0], [1, 1]), PYTORCH: ([2.0, 1.0], [1, 1])}}
    text = gradients.clipping_summary(runs, steps=3, n_symbols=8)
    assert "stopped being a finite number at step 1 in TensorFlow" in text
    assert "stayed finite for all 3 steps in PyTorch" in text and "against 2.08 for guessing" in text


def test_remedies_summary():
    kinds = ("ReLU RNN", "ReLU RNN, identity init")
    runs = {"ReLU RNN": {"accuracy": {TENSORFLOW: 0.2, PYTORCH: 0.3}},
            "ReLU RNN, identity init": {"accuracy": {TENSORFLOW: 0.95, PYTORCH: 0.99}}}
    text = gradients.remedies_summary(runs, kinds, "full")
    assert "the ReLU RNN, identity init learned the task" in text and "the ReLU RNN stayed below 50%" in text
    assert "together with the identity start it did" in text
    assert gradients.remedies_summary(runs, kinds, "smoke").startswith("The smoke profile trains too briefly")
