"""Lecture 3's convolution chapter: it runs alone; by hand equals tf.nn.conv2d and F.conv2d; the
flipped kernel gives the FFT's true convolution; the output sizes agree with the formula."""

import pytest

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, html_tables, printed,
                                    run_chapter, source, stderr)

NAME = "convolution"
EXPERIMENTS = {
    "5 x 5 example (lecture)": ["max |built-in − by hand|"],
    "True convolution (FFT)": ["max |conv2d(flipped kernel) − FFT|"],
    "Hand-made filters on a digit": ["max |built-in − by hand|"],
    "'same' padding at stride 2": ["max |built-in − by hand (0 before, 1 after)|"],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_every_built_in_equals_the_by_hand_convolution(run):
    rows = check_results(run, EXPERIMENTS)
    assert rows["5 x 5 example (lecture)", "max |built-in − by hand|"] == ("0", "0")
    assert all(float(value) < 1e-5 for cells in rows.values() for value in cells)
    assert "cross-correlation == true convolution? False" in printed(run)
    assert "padding='same' is not supported for strided convolutions" in printed(run)


def test_the_output_sizes_agree_with_the_formula(run):
    sizes = html_tables(run)[0]
    assert len(sizes) >= 6
    assert all(len(set(cells)) == 1 for cells in sizes.values()), sizes  # formula, TensorFlow, PyTorch


def test_the_figures_have_alt_text(run):
    check_figures(run, 2)


def test_the_source_links_its_neighbours():
    text = source(NAME)
    assert "{doc}`first chapter <images_as_arrays>`" in text and "{doc}`next chapter <cnn_building_blocks>`" in text
