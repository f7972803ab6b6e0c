"""introdl.digits: the shipped MNIST digits, their split, and one-line errors for bad input."""

import json

import numpy as np
import pytest

from introdl.data import make_mnist_digits
from introdl.digits import DATA_FILE, DigitDataError, check_digit_images, check_digit_labels, load_digits


@pytest.fixture(scope="module")
def digits():
    return load_digits()


def test_the_split_is_80_20_per_class_disjoint_and_the_same_every_time(digits):
    assert digits.train_images.shape == (8000, 28, 28) and digits.test_images.shape == (2000, 28, 28)
    assert digits.train_images.dtype == np.uint8 and digits.train_labels.dtype == np.int64
    per_class = np.bincount(np.concatenate([digits.train_labels, digits.test_labels]), minlength=10)
    assert per_class.tolist() == [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    assert np.allclose(np.bincount(digits.test_labels) / per_class, 0.2, atol=0.001)
    train = {image.tobytes() for image in digits.train_images}
    assert not any(image.tobytes() in train for image in digits.test_images)  # no digit in both sets
    again = load_digits()
    assert np.array_equal(again.train_labels, digits.train_labels)
    assert np.array_equal(again.test_images, digits.test_images)
    assert len(set(digits.train_labels[:100].tolist())) == 10  # classes interleaved, not in blocks


def test_the_digits_look_like_mnist(digits):
    """Centred strokes on a black background, the full 0-255 range: MNIST, not rescaled 8x8 digits."""
    mean = digits.train_images.mean(axis=0)
    assert mean[:2].max() < 1 and mean[12:16, 12:16].mean() > 60
    assert digits.train_images.max() == 255 and len(np.unique(digits.train_images)) == 256


@pytest.mark.parametrize("bad, message", [
    (np.zeros((3, 28, 27)), "must have shape (n, 28, 28), (n, 28, 28, 1) or (n, 1, 28, 28); got (3, 28, 27)"),
    (np.zeros((28, 28)), "got (28, 28)"),
    (np.zeros((3, 28, 28), np.int32), "must be uint8 (0-255) or floats in [0, 1]; got dtype int32"),
    (np.full((3, 28, 28), 255.0), "must be floats in [0, 1] (divide by 255); got values from 255 to 255"),
    (np.full((3, 28, 28), np.nan), "must be floats in [0, 1]"),
    (np.zeros((0, 28, 28), np.uint8), "is empty"),
])
def test_bad_images_get_one_line_saying_what_is_expected(bad, message):
    with pytest.raises(DigitDataError) as error:
        check_digit_images(bad)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_images_scaled_or_not_as_asked():
    assert check_digit_images(np.zeros((2, 1, 28, 28), np.float32), scaled=True).shape == (2, 1, 28, 28)
    with pytest.raises(DigitDataError, match=r"scale them to \[0, 1\] first"):
        check_digit_images(np.zeros((2, 28, 28), np.uint8), scaled=True)
    with pytest.raises(DigitDataError, match="must be uint8 grey levels"):
        check_digit_images(np.zeros((2, 28, 28), np.float32), scaled=False)


@pytest.mark.parametrize("labels, message", [
    (np.zeros((3, 10)), "one class per digit, shape (n,); got (3, 10)"),
    (np.array([0, 1, 10]), "integers 0-9; got dtype int64, values 0 to 10"),
    (np.array([0.0, 1.0, 2.0]), "integers 0-9; got dtype float64"),
])
def test_bad_labels_get_one_line(labels, message):
    with pytest.raises(DigitDataError) as error:
        check_digit_labels(labels)
    assert message in str(error.value)
    with pytest.raises(DigitDataError, match="has 2 entries for 3 images"):
        check_digit_labels(np.array([1, 2]), 3)


def test_a_missing_file_says_how_to_get_it_and_never_downloads(tmp_path, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: pytest.fail("tried to download"))
    with pytest.raises(DigitDataError) as error:
        load_digits(tmp_path / "mnist_digits.npz")
    assert "is missing" in str(error.value) and "git checkout" in str(error.value)
    assert "make_mnist_digits" in str(error.value) and "Nothing is downloaded" in str(error.value)


def test_the_maker_recovers_grey_levels_exactly_from_three_decimals(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(10, 2, 28, 28), dtype=np.uint8)  # two digits per class
    digits_dir = tmp_path / "package" / "src" / "digits"
    digits_dir.mkdir(parents=True)
    for digit in range(10):
        values = [round(v / 255, 3) for v in images[digit].ravel().tolist()]
        (digits_dir / f"{digit}.json").write_text(json.dumps({"data": values}))
    out = tmp_path / "out.npz"
    assert make_mnist_digits.main([str(tmp_path / "package"), "--output", str(out)]) == 0
    with np.load(out) as written:
        assert np.array_equal(written["images"], images.reshape(20, 28, 28))
        assert written["labels"].tolist() == [d for d in range(10) for _ in range(2)]


def test_the_shipped_file_is_the_one_the_maker_writes_from_the_package_layout():
    """The committed file is class by class, as the maker writes it (so a remake can be compared)."""
    with np.load(DATA_FILE) as data:
        labels = data["labels"]
    assert np.all(np.diff(labels.astype(int)) >= 0) and labels.dtype == np.uint8
