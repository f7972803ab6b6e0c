"""introdl.lecture03.segmentation: pixel accuracy, IoU per class and mean IoU, with their edge cases."""

import numpy as np
import pytest

from introdl.lecture03.segmentation import class_iou, confusion_matrix, mean_iou, pixel_accuracy


def test_a_perfect_prediction():
    mask = np.array([[0, 1], [2, 2]])
    assert pixel_accuracy(mask, mask) == 1.0
    assert np.array_equal(class_iou(mask, mask, 3), [1.0, 1.0, 1.0])
    assert mean_iou(mask, mask, 3) == 1.0


def test_no_overlap_gives_zero_iou():
    true = np.array([[1, 1, 0, 0]])
    pred = np.array([[0, 0, 1, 1]])
    assert pixel_accuracy(true, pred) == 0.0
    assert np.array_equal(class_iou(true, pred, 2), [0.0, 0.0])


def test_a_class_in_neither_mask_has_no_iou_and_is_left_out_of_the_mean():
    true = np.array([[0, 0, 1, 1]])
    pred = np.array([[0, 1, 1, 1]])
    iou = class_iou(true, pred, 3)
    assert iou[0] == pytest.approx(1 / 2) and iou[1] == pytest.approx(2 / 3) and np.isnan(iou[2])
    assert mean_iou(true, pred, 3) == pytest.approx((1 / 2 + 2 / 3) / 2)


def test_a_class_predicted_but_absent_scores_zero():
    true = np.zeros((2, 2), int)
    pred = np.array([[0, 0], [0, 3]])
    assert class_iou(true, pred, 4)[3] == 0.0
    assert np.isnan(class_iou(true, pred, 4)[1])


def test_background_only_guess_has_high_accuracy_but_low_mean_iou():
    true = np.zeros((10, 10), int)
    true[:2, :2] = 1
    guess = np.zeros_like(true)
    assert pixel_accuracy(true, guess) == 0.96
    assert mean_iou(true, guess, 2) == pytest.approx(0.48)


def test_iou_pools_pixels_over_all_images():
    true = np.array([[[1, 0]], [[1, 1]]])
    pred = np.array([[[1, 1]], [[1, 0]]])
    assert class_iou(true, pred, 2)[1] == pytest.approx(2 / 4)


def test_confusion_matrix_rows_are_true_columns_predicted():
    counts = confusion_matrix(np.array([0, 0, 1]), np.array([0, 1, 1]), 2)
    assert counts.tolist() == [[1, 1], [0, 1]]


@pytest.mark.parametrize("true, pred, message", [
    (np.zeros((2, 2), int), np.zeros((2, 3), int), "same shape"),
    (np.zeros((2, 2)), np.zeros((2, 2), int), "integer classes"),
    (np.zeros((0,), int), np.zeros((0,), int), "empty"),
    (np.full((2,), -1), np.zeros((2,), int), "must lie in"),
    (np.full((2,), 5), np.zeros((2,), int), "must lie in"),
])
def test_bad_masks_are_one_line_errors(true, pred, message):
    with pytest.raises(ValueError, match=message) as error:
        class_iou(true, pred, 3)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("classes", [0, 2.0, True])
def test_bad_class_counts_are_refused(classes):
    with pytest.raises(ValueError, match="classes must be"):
        mean_iou(np.zeros(2, int), np.zeros(2, int), classes)
