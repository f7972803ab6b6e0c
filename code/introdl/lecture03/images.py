"""Images as arrays (Lecture 3's first chapter): a colour sample image, digits by class, and a
rigid hand-made classifier that shows why features must be learned.

- ``sample_colour_image``: Grace Hopper's portrait, a JPEG that ships inside Matplotlib, as
  a uint8 (H, W, 3) array: a colour image with no download;
- ``one_per_class``: the index of the first digit of each class, 0 to 9;
- ``class_templates`` / ``nearest_template``: the mean training digit of each class, and the
  class whose template is nearest to each digit (a fixed, hand-made "feature");
- ``shift_images``: digits moved right by some pixels (zeros come in at the left);
- ``template_summary``: what the template classifier's accuracies show, in words.
"""

from __future__ import annotations

import numpy as np

from ..digits import check_digit_images, check_digit_labels

__all__ = ["SAMPLE_IMAGE", "class_templates", "nearest_template", "one_per_class", "sample_colour_image",
           "shift_images", "template_summary"]

SAMPLE_IMAGE = "grace_hopper.jpg"  # in matplotlib's mpl-data/sample_data


def sample_colour_image() -> np.ndarray:
    """Matplotlib's sample portrait of Grace Hopper as uint8 (height, width, 3): red, green, blue."""
    import matplotlib.cbook
    import matplotlib.image

    try:
        path = matplotlib.cbook.get_sample_data(SAMPLE_IMAGE, asfileobj=False)
    except (OSError, ValueError) as error:  # matplotlib installed without its sample data
        raise FileNotFoundError(f"Matplotlib's sample image {SAMPLE_IMAGE} is missing ({error}); "
                                "reinstall matplotlib from the pinned requirements.") from None
    image = np.asarray(matplotlib.image.imread(path))
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"{SAMPLE_IMAGE} should read as uint8 (H, W, 3); got {image.dtype} {image.shape}.")
    return image


def one_per_class(labels) -> list[int]:
    """The index of the first digit of each class 0-9 in ``labels``."""
    labels = check_digit_labels(labels)
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"labels has no digit of class {missing}: give labels with every class 0-9.")
    return [int(np.flatnonzero(labels == digit)[0]) for digit in range(10)]


def class_templates(images, labels) -> np.ndarray:
    """The mean image of each class, (10, 28, 28) floats in [0, 1]."""
    images = check_digit_images(images)
    labels = check_digit_labels(labels, len(images))
    x = images.reshape(len(images), 28, 28).astype(np.float64)
    x = x / 255 if images.dtype == np.uint8 else x
    one_per_class(labels)  # every class must be there
    return np.stack([x[labels == digit].mean(axis=0) for digit in range(10)])


def nearest_template(images, templates) -> np.ndarray:
    """For each digit, the class whose template is nearest in squared pixel distance."""
    images = check_digit_images(images)
    templates = np.asarray(templates, dtype=np.float64)
    if templates.shape != (10, 28, 28):
        raise ValueError(f"templates must be (10, 28, 28), one per class; got {templates.shape}.")
    x = images.reshape(len(images), -1).astype(np.float64)
    x = x / 255 if images.dtype == np.uint8 else x
    t = templates.reshape(10, -1)
    distances = (x ** 2).sum(1)[:, None] - 2 * x @ t.T + (t ** 2).sum(1)[None, :]
    return distances.argmin(axis=1)


def shift_images(images, pixels: int) -> np.ndarray:
    """The digits moved ``pixels`` to the right (left if negative); blank columns come in."""
    images = check_digit_images(images)
    if isinstance(pixels, bool) or not isinstance(pixels, (int, np.integer)) or abs(pixels) >= 28:
        raise ValueError(f"pixels must be a whole number between -27 and 27; got {pixels!r}.")
    shifted = np.zeros_like(images)
    if pixels >= 0:
        shifted[:, :, pixels:] = images[:, :, :28 - pixels]
    else:
        shifted[:, :, :pixels] = images[:, :, -pixels:]
    return shifted


def template_summary(accuracy: float, shifted_accuracy: float, pixels: int) -> str:
    """A sentence on the template classifier's test accuracy before and after a shift."""
    for name, value in (("accuracy", accuracy), ("shifted_accuracy", shifted_accuracy)):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be a fraction between 0 and 1; got {value!r}.")
    text = (f"The nearest-template classifier gets {accuracy:.1%} of the test digits right. "
            f"Moved {abs(pixels)} pixels sideways, the same digits get {shifted_accuracy:.1%} right")
    drop = accuracy - shifted_accuracy
    if drop > 0.1:
        return text + (f", {drop:.1%} fewer: a template is a fixed pattern of pixels, "
                       "and a digit that moves no longer lines up with it.")
    if drop > 0:
        return text + f", only {drop:.1%} fewer: this shift barely moves the ink off the templates."
    return text + ": the shift did not hurt here."
