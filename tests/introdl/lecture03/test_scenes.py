"""introdl.lecture03.scenes: seeded scenes whose masks, boxes and labels agree."""

import numpy as np
import pytest

from introdl.lecture03.scenes import CLASS_NAMES, SHAPES, Scenes, make_scenes, shape_mask


def test_the_same_seed_gives_the_same_scenes_and_another_seed_others():
    a, b, c = make_scenes(20, seed=3), make_scenes(20, seed=3), make_scenes(20, seed=4)
    for name in ("images", "masks", "boxes", "labels"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.images, c.images)


def test_shapes_dtypes_and_ranges():
    scenes = make_scenes(30, size=24, objects=(1, 2), extent=(5, 8), seed=0)
    assert isinstance(scenes, Scenes) and len(scenes) == 30 and scenes.size == 24
    assert scenes.images.shape == scenes.masks.shape == (30, 24, 24)
    assert scenes.images.dtype == np.float32 and scenes.masks.dtype == np.int64
    assert scenes.boxes.shape == (30, 2, 4) and scenes.labels.shape == (30, 2)
    assert 0 <= scenes.images.min() and scenes.images.max() <= 1
    assert set(np.unique(scenes.masks)) <= set(range(len(CLASS_NAMES)))
    counts = (scenes.labels > 0).sum(axis=1)
    assert counts.min() >= 1 and counts.max() <= 2
    assert "30 scenes of 24x24 pixels" in repr(scenes)


def test_every_box_frames_exactly_its_shapes_pixels():
    scenes = make_scenes(40, size=32, objects=(1, 3), seed=1)
    for mask, boxes, labels in zip(scenes.masks, scenes.boxes, scenes.labels):
        covered = np.zeros_like(mask, bool)
        for (x, y, w, h), label in zip(boxes.astype(int), labels):
            if label == 0:
                assert (w, h) == (0, 0)  # padding rows
                continue
            inside = mask[y:y + h, x:x + w]
            assert (inside == label).any(axis=0).all() and (inside == label).any(axis=1).all()  # tight box
            assert set(np.unique(inside)) <= {0, label}  # no other shape inside the box
            covered[y:y + h, x:x + w] |= inside == label
        assert np.array_equal(covered, mask > 0)  # every shape pixel belongs to a box


def test_one_object_per_scene_for_detection():
    scenes = make_scenes(50, objects=1, extent=(6, 20), seed=2)
    assert scenes.labels.shape == (50, 1) and (scenes.labels[:, 0] > 0).all()
    normalised = scenes.boxes[:, 0] / scenes.size
    assert normalised.min() >= 0 and (normalised[:, 0] + normalised[:, 2]).max() <= 1


def test_a_class_is_told_by_its_outline_not_its_grey_level():
    scenes = make_scenes(200, noise=0.0, seed=5)
    means = [scenes.images[scenes.masks == label].mean() for label in range(1, len(CLASS_NAMES))]
    assert np.ptp(means) < 0.05  # all shapes share one brightness distribution


@pytest.mark.parametrize("shape", SHAPES)
def test_shape_masks_fit_their_frame(shape):
    mask = shape_mask(shape, 20, top=4, left=6, extent=10)
    rows, cols = np.nonzero(mask)
    assert rows.min() >= 4 and rows.max() <= 13 and cols.min() >= 6 and cols.max() <= 15
    area = {"square": 100, "disc": np.pi * 25, "triangle": 50}[shape]
    assert abs(mask.sum() - area) <= 0.15 * area


@pytest.mark.parametrize("kwargs, message", [
    ({"count": 0}, "count must be"),
    ({"count": 2.5}, "count must be a whole number"),
    ({"size": 4}, "size must be"),
    ({"objects": 0}, "objects must be"),
    ({"objects": (3, 1)}, "smallest <= largest"),
    ({"objects": (1, 2, 3)}, "a pair"),
    ({"extent": 100}, "extent must be"),
    ({"noise": -0.1}, "noise must be"),
    ({"noise": True}, "noise must be"),
    ({"seed": -1}, "seed must be"),
    ({"size": 16, "objects": 6, "extent": 14}, "could not place"),
])
def test_bad_arguments_are_one_line_errors(kwargs, message):
    arguments = {"count": 3, **kwargs}
    count = arguments.pop("count")
    with pytest.raises(ValueError, match=message) as error:
        make_scenes(count, **arguments)
    assert "\n" not in str(error.value)


def test_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="shape must be one of"):
        shape_mask("star", 10, 0, 0, 5)
