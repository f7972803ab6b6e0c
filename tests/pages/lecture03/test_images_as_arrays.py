"""Lecture 3's first chapter, images as arrays: it runs alone, shows its figures with alt text,
computes the template sentence, and both frameworks' convolutions equal NumPy's."""

import pytest

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, markdown_outputs,
                                    printed, run_chapter, source, stderr)

NAME = "images_as_arrays"
EXPERIMENTS = {
    "Digit batch": ["layout a Conv2D takes", "max change after a layout round trip"],
    "Same convolution weights": ["feature maps, batch of 8", "max |layer − NumPy by hand| (NHWC)"],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_layouts_and_the_same_weights_agree(run):
    rows = check_results(run, EXPERIMENTS)
    assert rows["Digit batch", "layout a Conv2D takes"] == ("NHWC (8, 28, 28, 1)", "NCHW (8, 1, 28, 28)")
    assert rows["Digit batch", "max change after a layout round trip"] == ("0", "0")
    assert all(float(v) < 1e-5 for v in rows["Same convolution weights", "max |layer − NumPy by hand| (NHWC)"])
    assert "not contiguous: False | after .contiguous(): True" in printed(run)


def test_the_wrong_layout_fails_in_each_framework(run):
    text = printed(run, tag="tensorflow") + printed(run, tag="pytorch")
    assert "ValueError - Input 0" in text and "expected input[8, 28, 28, 1] to have 1 channels" in text


def test_the_figures_and_the_template_sentence(run):
    check_figures(run, 3)
    (sentence,) = markdown_outputs(run, text="template_summary")
    assert "nearest-template classifier gets" in sentence and "fewer: a template is a fixed pattern" in sentence


def test_the_source_links_the_lecture_and_the_next_chapter():
    text = source(NAME)
    assert "<index>`" in text and "{doc}`next chapter <convolution>`" in text
