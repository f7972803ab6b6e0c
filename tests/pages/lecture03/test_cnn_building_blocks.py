"""Lecture 3's building-blocks chapter: it runs alone; each stage and max pooling equal NumPy in
both frameworks; the measured receptive field equals the recurrence in both."""

import pytest

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, printed, run_chapter,
                                    source, stderr)

NAME = "cnn_building_blocks"
EXPERIMENTS = {
    "Convolution → ReLU → max pooling": ["max |framework − NumPy|"],
    "Max pooling, 4 x 4 example": ["max |built-in − by hand|"],
    "Lab-shaped CNN": ["feature maps before Flatten"],
    "Receptive field (centre unit)": ["side after 5 layers (recurrence: 18)"],
    "Max pooling, same stack": ["pixels the centre unit's gradient reaches"],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_stages_pooling_and_fields_agree(run):
    rows = check_results(run, EXPERIMENTS)
    assert all(float(v) < 1e-5 for v in rows["Convolution → ReLU → max pooling", "max |framework − NumPy|"])
    assert rows["Max pooling, 4 x 4 example", "max |built-in − by hand|"] == ("0", "0")
    assert rows["Lab-shaped CNN", "feature maps before Flatten"] == ("(5, 5, 36)", "(36, 5, 5)")
    assert rows["Receptive field (centre unit)", "side after 5 layers (recurrence: 18)"] == ("18", "18")
    tf_pixels, torch_pixels = rows["Max pooling, same stack", "pixels the centre unit's gradient reaches"]
    assert tf_pixels == torch_pixels and int(tf_pixels) < 18 * 18
    assert "TensorFlow extents: [(3, 3), (4, 4), (8, 8), (10, 10), (18, 18)]" in printed(run)
    assert "PyTorch extents: [(3, 3), (4, 4), (8, 8), (10, 10), (18, 18)]" in printed(run)


def test_the_figures_have_alt_text(run):
    check_figures(run, 2)


def test_the_source_links_its_neighbours():
    text = source(NAME)
    assert "{doc}`previous chapter <convolution>`" in text and "{doc}`dense_against_convolution`" in text
