"""introdl.lecture03.detection: box IoU, hit rate and sliding-window counts, with their edge cases."""

import numpy as np
import pytest

from introdl.lecture03.detection import box_iou, hit_rate, sliding_window_count


def test_identical_boxes_have_iou_one():
    assert box_iou([2, 3, 4, 5], [2, 3, 4, 5]) == 1.0


def test_disjoint_and_touching_boxes_have_iou_zero():
    assert box_iou([0, 0, 2, 2], [5, 5, 2, 2]) == 0.0
    assert box_iou([0, 0, 2, 2], [2, 0, 2, 2]) == 0.0  # they share an edge, no area


def test_partial_overlap_and_containment():
    assert box_iou([0, 0, 2, 2], [1, 1, 2, 2]) == pytest.approx(1 / 7)
    assert box_iou([0, 0, 4, 4], [1, 1, 2, 2]) == pytest.approx(4 / 16)
    assert box_iou([1, 1, 2, 2], [0, 0, 4, 4]) == pytest.approx(4 / 16)  # symmetric


def test_empty_boxes_share_nothing():
    assert box_iou([1, 1, 0, 0], [1, 1, 0, 0]) == 0.0
    assert box_iou([1, 1, 0, 3], [0, 0, 4, 4]) == 0.0


def test_arrays_of_boxes_broadcast():
    truth = np.array([[0, 0, 2, 2], [0, 0, 2, 2]])
    iou = box_iou(truth, np.array([[0, 0, 2, 2], [0, 0, 1, 2]]))
    assert iou.shape == (2,) and iou.tolist() == [1.0, 0.5]
    assert box_iou(truth, [0, 0, 2, 2]).tolist() == [1.0, 1.0]
    assert box_iou(np.array([[0.1, 0.1, 0.2, 0.2]]), np.array([[0.1, 0.1, 0.2, 0.2]])).tolist() == [1.0]


@pytest.mark.parametrize("a, b, message", [
    ([0, 0, 1], [0, 0, 1, 1], "last axis of 4"),
    ([0, 0, -1, 1], [0, 0, 1, 1], "negative width"),
    ([0, 0, np.nan, 1], [0, 0, 1, 1], "non-finite"),
    (np.zeros((2, 4)), np.zeros((3, 4)), "broadcast"),
])
def test_bad_boxes_are_one_line_errors(a, b, message):
    with pytest.raises(ValueError, match=message) as error:
        box_iou(a, b)
    assert "\n" not in str(error.value)


def test_hit_rate_counts_the_threshold_itself():
    assert hit_rate([0.5, 0.49, 0.9, 0.1]) == 0.5
    assert hit_rate([0.5, 0.7], threshold=0.75) == 0.0


@pytest.mark.parametrize("ious, threshold, message", [
    ([], 0.5, "empty"), ([1.2], 0.5, "between 0 and 1"), ([0.5], 0, "threshold"), ([0.5], 1.5, "threshold"),
])
def test_bad_hit_rate_inputs(ious, threshold, message):
    with pytest.raises(ValueError, match=message):
        hit_rate(ious, threshold)


def test_sliding_window_count():
    assert sliding_window_count(4, 4, [(2, 2)]) == 9
    assert sliding_window_count(4, 4, [(2, 2)], stride=2) == 4
    assert sliding_window_count(4, 4, [(2, 2), (4, 4), (5, 1)]) == 10  # a too-large window fits nowhere
    assert sliding_window_count(3, 5, [(1, 1)]) == 15


@pytest.mark.parametrize("args, message", [
    ((0, 4, [(2, 2)]), "height"), ((4, 4, []), "empty"), ((4, 4, [(2,)]), "pair"), ((4, 4, [(0, 2)]), "window's height"),
])
def test_bad_window_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        sliding_window_count(*args)
