"""introdl.lecture03.shifts: whole-pixel shifts with zero fill; a convolution is equivariant to them."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

from introdl.digits import DigitDataError
from introdl.lecture03.shifts import accuracy_against_shift, shift_digits

DIGITS = np.random.default_rng(2).uniform(size=(3, 28, 28)).astype(np.float32)


def test_a_shift_moves_the_content_and_fills_with_zeros():
    moved = shift_digits(DIGITS, dx=3, dy=-2)
    assert np.array_equal(moved[:, :-2, 3:], DIGITS[:, 2:, :-3])
    assert not moved[:, -2:].any() and not moved[:, :, :3].any()
    assert np.array_equal(shift_digits(DIGITS), DIGITS)
    assert not shift_digits(DIGITS, dx=28).any()
    assert shift_digits(DIGITS.astype(np.float64) * 0 + 1, dx=-1)[:, :, -1].sum() == 0


def test_bad_shifts_and_images_are_refused_in_one_line():
    with pytest.raises(ValueError, match="dx must be a whole number of pixels, got 1.5"):
        shift_digits(DIGITS, dx=1.5)
    with pytest.raises(ValueError, match=r"without a channel axis, \(n, 28, 28\)"):
        shift_digits(DIGITS[..., None], dx=1)
    with pytest.raises(DigitDataError, match="must have shape"):
        shift_digits(np.zeros((2, 5, 5)), dx=1)


def test_accuracy_against_shift_counts_argmax_hits():
    labels = np.array([0, 1, 2])
    always_right = lambda x: np.eye(10)[labels]  # noqa: E731
    assert accuracy_against_shift(always_right, DIGITS, labels, [-1, 0, 1]) == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_a_convolution_is_equivariant_to_shifts_inside_the_frame(framework):
    kernel = np.random.default_rng(3).normal(size=(3, 3, 1, 4)).astype(np.float32)  # (kh, kw, in, out)
    dx, dy = 3, 2
    moved = shift_digits(DIGITS, dx=dx, dy=dy)
    if framework == "tensorflow":
        tf = pytest.importorskip("tensorflow")
        conv = lambda x: tf.nn.conv2d(x[..., None], kernel, 1, "VALID").numpy().transpose(0, 3, 1, 2)  # noqa: E731
    else:
        torch = pytest.importorskip("torch")
        weight = torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy())
        conv = lambda x: torch.nn.functional.conv2d(torch.from_numpy(x[:, None]), weight).numpy()  # noqa: E731
    maps, maps_of_moved = conv(DIGITS), conv(moved)  # (n, 4, 26, 26)
    assert np.abs(maps_of_moved[..., dy:, dx:] - maps[..., :-dy, :-dx]).max() < 1e-5
    assert np.abs(maps_of_moved - np.roll(maps, (dy, dx), axis=(2, 3))).max() > 0.1  # not at the border
