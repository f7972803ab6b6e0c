"""introdl.lecture03.shuffle_report and .shift_report: each branch of the computed sentences."""

import pytest

from introdl.lecture03.shift_report import shift_summary
from introdl.lecture03.shuffle_report import shuffled_pixels_summary


def shuffle(dense, cnn):
    return {"dense": dict(zip(("original", "shuffled"), dense)), "CNN": dict(zip(("original", "shuffled"), cnn))}


def test_the_expected_outcome_is_said_as_such():
    text = shuffled_pixels_summary(shuffle((0.95, 0.948), (0.97, 0.90)))
    assert "cost the dense network 0.2 percentage points" in text and "the CNN 7.0" in text
    assert "within the noise" in text and "The CNN lost more" in text and "reversing the order" in text
    assert "beat the CNN" not in shuffled_pixels_summary(shuffle((0.95, 0.948), (0.97, 0.96)))


def test_other_outcomes_are_not_dressed_up():
    text = shuffled_pixels_summary(shuffle((0.95, 0.90), (0.96, 0.955)))
    assert "more than a training run's noise" in text and "did not lose clearly more" in text
    text = shuffled_pixels_summary(shuffle((0.95, 0.95), (0.97, 0.80)))
    assert "reversing the order on real digits" in text
    text = shuffled_pixels_summary(shuffle((0.95, 0.95), (0.94, 0.80)))
    assert text.endswith("On shuffled digits the dense network beat the CNN.")


def test_bad_shuffle_accuracies_are_refused():
    with pytest.raises(ValueError, match=r"accuracies\['dense'\]\['shuffled'\] must be a test accuracy"):
        shuffled_pixels_summary({"dense": {"original": 0.9}, "CNN": {"original": 0.9, "shuffled": 0.9}})
    with pytest.raises(ValueError, match=r"in \[0, 1\], got 95.0"):
        shuffled_pixels_summary(shuffle((95.0, 0.9), (0.9, 0.9)))


SHIFTS = [-2, 0, 2]


def test_the_shift_summary_says_which_held_up():
    text = shift_summary(SHIFTS, {"CNN": [0.90, 0.97, 0.92], "dense": [0.50, 0.95, 0.60]}, pixels=2)
    assert text.startswith("Unshifted, the CNN scored 97.0% and the dense network 95.0%.")
    assert "the CNN kept 91.0%, 94% of its unshifted accuracy" in text and "held up clearly better" in text
    assert "far from invariant" not in text
    text = shift_summary(SHIFTS, {"CNN": [0.50, 0.97, 0.52], "dense": [0.80, 0.95, 0.80]}, pixels=2)
    assert "the dense network held up better" in text and "far from invariant" in text
    text = shift_summary(SHIFTS, {"CNN": [0.60, 0.97, 0.60], "dense": [0.60, 0.95, 0.61]}, pixels=2)
    assert "Neither held up clearly better" in text


def test_bad_shift_inputs_are_refused():
    with pytest.raises(ValueError, match=r"shifts must include 0, 3 and -3"):
        shift_summary(SHIFTS, {"CNN": [1, 1, 1], "dense": [1, 1, 1]}, pixels=3)
    with pytest.raises(ValueError, match=r"accuracies\['dense'\] must hold one test accuracy per shift \(3\)"):
        shift_summary(SHIFTS, {"CNN": [1, 1, 1]}, pixels=2)
