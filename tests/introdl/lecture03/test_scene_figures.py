"""introdl.lecture03.scene_figures: the figures' layout, and one-line errors for bad input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.lecture03 import scene_figures  # noqa: E402
from introdl.lecture03.scenes import CLASS_NAMES, make_scenes  # noqa: E402

SCENES = make_scenes(8, size=24, objects=1, extent=(5, 9), seed=0)


def test_class_colormap_has_one_colour_per_class():
    assert scene_figures.class_colormap().N == len(CLASS_NAMES)


def test_show_scenes_and_segmentations_draw_one_row_per_kind():
    figure = scene_figures.show_scenes(SCENES.images, SCENES.masks, count=4)
    assert len(figure.axes) == 8
    plt.close(figure)
    figure = scene_figures.show_segmentations(SCENES.images, SCENES.masks,
                                              {"torch": SCENES.masks, "tf": SCENES.masks}, count=3)
    assert len(figure.axes) == 12
    assert figure.axes[6].get_ylabel().startswith("TensorFlow")  # the book's framework order
    plt.close(figure)


def test_show_boxes_titles_give_both_ious():
    boxes = SCENES.boxes[:, 0]
    figure = scene_figures.show_boxes(SCENES.images, boxes, {"tensorflow": boxes, "pytorch": boxes},
                                      {"tensorflow": np.ones(8), "pytorch": np.full(8, 0.5)}, count=6)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles[0] == "1.00 / 0.50" and len(titles) == 6
    plt.close(figure)


@pytest.mark.parametrize("call, message", [
    (lambda: scene_figures.show_scenes(SCENES.images[..., None], SCENES.masks), "without a channel axis"),
    (lambda: scene_figures.show_scenes(SCENES.images, SCENES.masks, count=20), "fewer than"),
    (lambda: scene_figures.show_segmentations(SCENES.images, SCENES.masks, []), "dict"),
    (lambda: scene_figures.show_boxes(SCENES.images, SCENES.boxes[:, 0], {"tf": SCENES.boxes[:, 0]},
                                      {"torch": np.ones(8)}), "same frameworks"),
])
def test_bad_input_is_a_one_line_error(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value)
    plt.close("all")
