"""introdl.lab2.data: layouts, shifts and the shared epoch order."""

import numpy as np
import pytest

from introdl.digits import DigitDataError
from introdl.lab2.data import epoch_order, scaled, shift_digits, to_nchw, to_nhwc


def _digits(n=5, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


def test_layouts_scale_and_place_the_channel():
    images = _digits()
    nhwc, nchw = to_nhwc(images), to_nchw(images)
    assert nhwc.shape == (5, 28, 28, 1) and nchw.shape == (5, 1, 28, 28)
    assert nhwc.dtype == nchw.dtype == np.float32
    assert np.array_equal(nhwc[..., 0], nchw[:, 0]) and np.allclose(nhwc[..., 0], images / 255.0)
    assert np.array_equal(to_nchw(nhwc), nchw) and np.array_equal(to_nhwc(nchw), nhwc)  # either layout in
    assert np.array_equal(scaled(nhwc), nhwc[..., 0])  # floats in [0, 1] are kept


@pytest.mark.parametrize("bad, phrase", [
    (np.zeros((28, 28), np.uint8), "must have shape"),
    (np.zeros((2, 28, 28), np.int32), "dtype int32"),
    (np.full((2, 28, 28), 255.0, np.float32), "divide by 255"),
])
def test_bad_digits_give_one_line_errors(bad, phrase):
    for convert in (to_nhwc, to_nchw):
        with pytest.raises(DigitDataError, match=phrase) as error:
            convert(bad)
        assert "\n" not in str(error.value)


def test_shift_moves_without_wrapping():
    image = np.zeros((1, 28, 28), np.uint8)
    image[0, 0, 5] = 200  # a pixel on the top row
    down = shift_digits(image, np.array([[2, -1]]))
    assert down[0, 2, 4] == 200 and down.sum() == 200
    up = shift_digits(image, np.array([[-1, 0]]))
    assert up.sum() == 0  # pushed out of the image, not wrapped to the bottom row
    assert np.array_equal(shift_digits(image, np.zeros((1, 2), int)), image)


def test_shift_rejects_bad_shifts():
    with pytest.raises(ValueError, match="shifts must be integers"):
        shift_digits(_digits(2), np.zeros((3, 2), int))
    with pytest.raises(ValueError, match="out of the 28x28"):
        shift_digits(_digits(1), np.array([[28, 0]]))


def test_epoch_order_is_a_seeded_permutation_with_bounded_shifts():
    images, labels = _digits(50), np.arange(50) % 10
    a = epoch_order(images, labels, np.random.default_rng(3), max_shift=2)
    b = epoch_order(images, labels, np.random.default_rng(3), max_shift=2)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    plain, plain_labels = epoch_order(images, labels, np.random.default_rng(3))
    order = np.random.default_rng(3).permutation(50)
    assert np.array_equal(plain, images[order]) and np.array_equal(plain_labels, labels[order])
    assert not np.array_equal(a[0], plain)  # shifted
    assert sorted(plain_labels) == sorted(labels)
