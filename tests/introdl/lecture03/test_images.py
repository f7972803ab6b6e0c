"""introdl.lecture03.images and basics_figures: the sample image, digits by class, the template
classifier and its sentence, and the figures' bad-input errors."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.digits import DigitDataError  # noqa: E402
from introdl.lecture03 import basics_figures, images  # noqa: E402


def test_the_sample_image_is_a_colour_array():
    image = images.sample_colour_image()
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3


def test_one_per_class_and_templates():
    labels = np.array([3, 1, 0, 2, 4, 5, 6, 7, 8, 9, 1])
    assert images.one_per_class(labels) == [2, 1, 3, 0, 4, 5, 6, 7, 8, 9]
    digits = np.zeros((11, 28, 28), np.uint8)
    for index, label in enumerate(labels):
        digits[index, label, :] = 255  # each class inks its own row
    templates = images.class_templates(digits, labels)
    assert templates.shape == (10, 28, 28) and templates.max() == 1.0
    assert images.nearest_template(digits, templates).tolist() == labels.tolist()


def test_shift_images_moves_the_ink_and_keeps_the_size():
    digits = np.zeros((1, 28, 28), np.uint8)
    digits[0, 5, 10] = 200
    assert images.shift_images(digits, 3)[0, 5, 13] == 200
    assert images.shift_images(digits, -2)[0, 5, 8] == 200
    assert images.shift_images(digits, 0).tolist() == digits.tolist()


def test_template_summary_says_what_the_shift_did():
    assert "40.0% fewer: a template is a fixed pattern" in images.template_summary(0.8, 0.4, 3)
    assert "only 2.0% fewer" in images.template_summary(0.8, 0.78, 1)
    assert images.template_summary(0.8, 0.8, 1).endswith("the shift did not hurt here.")
    with pytest.raises(ValueError, match="fraction between 0 and 1"):
        images.template_summary(78.2, 0.4, 3)


@pytest.mark.parametrize("call, error, message", [
    (lambda: images.one_per_class(np.array([0, 1, 2])), ValueError, "no digit of class"),
    (lambda: images.one_per_class(np.array([0, 11])), DigitDataError, "integers 0-9"),
    (lambda: images.class_templates(np.zeros((2, 28, 27), np.uint8), np.array([0, 1])), DigitDataError, "shape"),
    (lambda: images.nearest_template(np.zeros((1, 28, 28), np.uint8), np.zeros((9, 28, 28))), ValueError, "one per class"),
    (lambda: images.shift_images(np.zeros((1, 28, 28), np.uint8), 28), ValueError, "between -27 and 27"),
    (lambda: basics_figures.digit_pixels(np.zeros((28, 28)), 1), ValueError, "one uint8 28x28"),
    (lambda: basics_figures.colour_channels(np.zeros((4, 4))), ValueError, r"\(H, W, 3\)"),
    (lambda: basics_figures.map_grid({}), ValueError, "maps is empty"),
    (lambda: basics_figures.map_grid({"a": np.zeros((2, 2, 2))}), ValueError, "2-D map"),
    (lambda: basics_figures.receptive_field_maps({"tf": [np.ones((3, 3))]}, [3], ["a"]), ValueError, "one list of maps"),
])
def test_bad_input_gets_one_line_errors(call, error, message):
    with pytest.raises(error, match=message) as raised:
        call()
    assert "\n" not in str(raised.value)


def test_the_figures_draw():
    import matplotlib.pyplot as plt

    digit = (np.arange(784) % 256).astype(np.uint8).reshape(28, 28)
    for fig in (basics_figures.digit_pixels(digit, 7),
                basics_figures.digit_rows(digit[None], np.array([7]), {"one": [0]}),
                basics_figures.map_grid({"a": np.eye(3), "b": -np.eye(3)}, symmetric={"b": True}, values=True),
                basics_figures.receptive_field_maps({"tf": [np.eye(5)], "torch": [np.eye(5)]}, [5], ["conv"])):
        assert fig.axes
        plt.close(fig)
