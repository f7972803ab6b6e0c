"""introdl.lecture02.figures: the chapters' plots draw what they are given, and refuse what they cannot."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.frameworks import PYTORCH, TENSORFLOW  # noqa: E402
from introdl.lecture02 import figures  # noqa: E402


def test_first_non_finite():
    assert figures.first_non_finite([1.0, 2.0]) is None
    assert figures.first_non_finite([1.0, np.inf, np.nan]) == 1


def test_next_word_losses_plot_both_frameworks_and_the_uniform_guess():
    fig, ax = plt.subplots()
    losses = {TENSORFLOW: np.linspace(7, 5, 60), PYTORCH: np.linspace(7, 5.1, 60)}
    figures.plot_next_word_losses(ax, losses, {TENSORFLOW: 5.5, PYTORCH: 5.6}, vocabulary_size=1000)
    assert len(ax.lines[0].get_xdata()) == 60 - figures.SMOOTHING_WIDTH + 1
    assert any(np.allclose(line.get_ydata(), np.log(1000)) for line in ax.lines)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "TensorFlow" in labels and "PyTorch" in labels
    with pytest.raises(ValueError, match="one entry per framework"):
        figures.plot_next_word_losses(ax, {"TensorFlow": [1.0]}, {}, 10)
    plt.close(fig)


def test_clipping_plot_marks_the_first_non_finite_step():
    fig, axes = plt.subplots(1, 2)
    runs = {False: {TENSORFLOW: ([2.0, 50.0, np.nan], [1, 2, 3]), PYTORCH: ([2.0, 3.0, 4.0], [1, 2, 3])},
            True: {TENSORFLOW: ([2.0, 1.0, 1.0], [1, 1, 1]), PYTORCH: ([2.0, 1.0, 1.0], [1, 1, 1])}}
    figures.plot_clipping_runs(axes, runs, n_symbols=8, steps=3)
    texts = [text.get_text() for text in axes[0].texts]
    assert texts == [" TensorFlow: loss 5.0e+01 at step 1, then nan"]
    assert axes[0].get_yscale() == "log" and axes[1].get_yscale() == "linear"
    plt.close(fig)


def test_state_gradient_and_copy_first_plots():
    fig, axes = plt.subplots(1, 2)
    norms = {(name, scale): np.geomspace(1e-3, 1, 10) for name in ("tanh", "ReLU") for scale in (0.5, 1.0)}
    figures.plot_state_gradient_norms(axes, norms, norms, scales=(0.5, 1.0))
    assert axes[0].get_yscale() == "log" and list(axes[0].lines[0].get_xdata()) == list(range(1, 11))
    with pytest.raises(ValueError, match="one axes per activation"):
        figures.plot_state_gradient_norms(axes[:1], norms, norms)
    plt.close(fig)
    fig, ax = plt.subplots()
    runs = {kind: {"losses": {TENSORFLOW: np.ones(30), PYTORCH: np.ones(30)}} for kind in ("tanh RNN", "LSTM")}
    figures.plot_copy_first_losses(ax, runs, ("tanh RNN", "LSTM"), n_symbols=8)
    assert any(np.allclose(line.get_ydata(), np.log(8)) for line in ax.lines)
    plt.close(fig)
