"""introdl.lecture03.trained_figures: each figure draws what it is given and refuses bad shapes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.frameworks import PYTORCH, TENSORFLOW  # noqa: E402
from introdl.lecture03 import trained_figures  # noqa: E402

RNG = np.random.default_rng(0)
DIGITS = RNG.uniform(size=(3, 28, 28))


def test_the_figures_draw():
    figures = [trained_figures.digits_and_shuffled(DIGITS, DIGITS[:, ::-1]),
               trained_figures.filter_grid(RNG.normal(size=(24, 3, 3)), title="filters"),
               trained_figures.feature_maps(DIGITS[0], RNG.uniform(size=(24, 26, 26))),
               trained_figures.saliency_maps(DIGITS, {TENSORFLOW: DIGITS, PYTORCH: DIGITS}, labels=[1, 2, 3]),
               trained_figures.accuracy_against_shift([-1, 0, 1], {"CNN": {TENSORFLOW: [0.9, 1, 0.9]}})]
    assert len(figures[1].axes) == 24 and len(figures[3].axes) == 9
    assert [line.get_label() for line in figures[4].axes[0].lines] == ["CNN, TensorFlow"]
    plt.close("all")


def test_bad_shapes_are_refused_in_one_line():
    with pytest.raises(ValueError, match="must have the same shape"):
        trained_figures.digits_and_shuffled(DIGITS, DIGITS[:2])
    with pytest.raises(ValueError, match=r"saliency maps \(2, 28, 28\) must have the images' shape"):
        trained_figures.saliency_maps(DIGITS, {TENSORFLOW: DIGITS[:2]})
    with pytest.raises(ValueError, match="has 2 values for 3 shifts"):
        trained_figures.accuracy_against_shift([-1, 0, 1], {"CNN": {PYTORCH: [0.9, 1]}})
    with pytest.raises(ValueError, match="must be a non-empty 3-D array"):
        trained_figures.filter_grid(np.zeros((3, 3)))
    plt.close("all")
