"""introdl.lab2.figures: each figure draws, and bad digits are refused in one line."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.digits import DigitDataError  # noqa: E402
from introdl.lab2 import figures  # noqa: E402

IMAGES = np.random.default_rng(0).integers(0, 256, size=(12, 28, 28), dtype=np.uint8)
LABELS = np.arange(12) % 10


def test_figures_draw():
    probabilities = np.full((12, 10), 0.05)
    probabilities[np.arange(12), (LABELS + 1) % 10] = 0.55
    for fig in (figures.show_digits(IMAGES, LABELS, columns=6),
                figures.plot_prediction(IMAGES[0], probabilities[0], int(LABELS[0])),
                figures.show_mistakes(IMAGES, LABELS, (LABELS + 1) % 10, probabilities.max(axis=1)),
                figures.plot_confusions({"TensorFlow": np.eye(10, dtype=int) * 5, "PyTorch": np.ones((10, 10), int)}),
                figures.plot_training({"TensorFlow": ([1, 2], [0.5, 0.9]), "PyTorch": ([1, 2], [0.6, 0.9])})):
        assert fig.axes
        plt.close(fig)


def test_bad_digits_are_refused():
    with pytest.raises(DigitDataError, match="must have shape"):
        figures.show_digits(np.zeros((3, 28)), [1, 2, 3])
    with pytest.raises(ValueError, match="one value per class"):
        figures.plot_prediction(IMAGES[0], [0.5, 0.5], 1)
