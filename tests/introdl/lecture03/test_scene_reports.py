"""introdl.lecture03.segmentation_report and detection_report: each sentence's branches, and bad input."""

import numpy as np
import pytest

from introdl.lecture03 import detection_report, segmentation_report


def _scores(miou_tf=0.9, miou_torch=0.88, iou_tf=(0.99, 0.9, 0.8, 0.7), iou_torch=(0.99, 0.9, 0.8, 0.6)):
    return {"tensorflow": {"pixel accuracy": 0.98, "mean IoU": miou_tf, "IoU": np.array(iou_tf)},
            "pytorch": {"pixel accuracy": 0.97, "mean IoU": miou_torch, "IoU": np.array(iou_torch)}}


def test_class_shares():
    masks = np.array([[0, 0, 0, 0, 0, 1, 2, 3]])
    text = segmentation_report.class_shares(masks)
    assert text == "Background covers 62.5% of the training pixels; squares 12.5%, discs 12.5% and triangles 12.5%."
    with pytest.raises(ValueError, match="integer classes"):
        segmentation_report.class_shares(np.array([[4]]))


def test_baseline_sentence():
    text = segmentation_report.baseline(0.83, 0.2)
    assert "pixel accuracy of 83.0% but a mean IoU of only 0.200" in text
    with pytest.raises(ValueError, match="share between 0 and 1"):
        segmentation_report.baseline(83, 0.2)


def test_summary_when_both_beat_the_baseline_and_agree_on_the_hardest_shape():
    text = segmentation_report.summary(_scores(), 0.21, 0.995)
    assert "TensorFlow's network gives 98.0%" in text and "PyTorch's 97.0% and 0.880" in text
    assert "Both are far above" in text
    assert "Both find triangles hardest (IoU 0.700 and 0.600)" in text
    assert "99.5% of the test pixels" in text


def test_summary_when_one_is_not_above_the_baseline_and_they_differ_on_the_hardest_shape():
    text = segmentation_report.summary(_scores(miou_torch=0.25, iou_torch=(0.9, 0.1, 0.5, 0.6)), 0.21, 0.8)
    assert "PyTorch is not clearly above" in text
    assert "TensorFlow's network finds triangles hardest, PyTorch's squares." in text


def test_summary_when_neither_is_above_the_baseline():
    text = segmentation_report.summary(_scores(miou_tf=0.22, miou_torch=0.23), 0.21, 0.9)
    assert "TensorFlow and PyTorch are not clearly above" in text


def test_summary_skips_a_shape_absent_from_the_test_set():
    text = segmentation_report.summary(_scores(iou_tf=(0.99, np.nan, 0.8, 0.9), iou_torch=(0.99, np.nan, 0.7, 0.9)), 0.2, 0.9)
    assert "Both find discs hardest" in text


@pytest.mark.parametrize("scores, message", [
    ([], "dict"),
    ({"tensorflow": {}}, "one entry for each"),
    ({"tensorflow": {"mean IoU": 1}, "pytorch": {}}, "lacks"),
])
def test_summary_refuses_bad_scores(scores, message):
    with pytest.raises(ValueError, match=message):
        segmentation_report.summary(scores, 0.2, 0.9)


def test_window_counts():
    assert detection_report.window_counts({"a": 1000}) == "A sliding-window detector would classify 1,000 windows for a."
    assert detection_report.window_counts({"a": 1, "b": 2, "c": 3}).endswith("1 windows for a, 2 windows for b and 3 windows for c.")
    with pytest.raises(ValueError, match="non-empty dict"):
        detection_report.window_counts({})


def test_detection_summary_branches():
    good, bad, baseline = np.array([0.8, 0.7, 0.4]), np.array([0.2, 0.3, 0.1]), np.array([0.2, 0.2, 0.2])
    both = detection_report.summary({"tensorflow": good, "pytorch": good}, baseline)
    assert "mean IoU of 0.633, with 66.7% of its boxes at IoU ≥ 0.5" in both and "Both are far better" in both
    one = detection_report.summary({"tensorflow": bad, "pytorch": good}, baseline)
    assert "Only PyTorch's is clearly better" in one
    neither = detection_report.summary({"tensorflow": bad, "pytorch": bad}, baseline)
    assert "Neither is clearly better yet" in neither


@pytest.mark.parametrize("ious, baseline, message", [
    ({"tensorflow": [0.5]}, [0.1], "one entry for each"),
    ({"tensorflow": [1.5], "pytorch": [0.5]}, [0.1], "between 0 and 1"),
    ({"tensorflow": [0.5], "pytorch": [0.5]}, [], "baseline_ious"),
    ([0.5], [0.1], "dict"),
])
def test_detection_summary_refuses_bad_input(ious, baseline, message):
    with pytest.raises(ValueError, match=message):
        detection_report.summary(ious, baseline)
