"""Lecture 3's detection chapter: it runs alone and quietly; the sliding-window counts, the box
network's same start in both frameworks (the Flatten's row order), its IoU against the mean-box
baseline, the figure, the computed sentences, and the applications' references."""

import pytest

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, markdown_outputs, percent,
                                    printed, run_chapter, source, stderr)

NAME = "detection_and_applications"
EXPERIMENTS = {
    "Box regression: training": ["mean squared error, last epoch (2 epochs)", "seconds (steps after the first)"],
    "Box regression: held-out scenes": ["mean IoU", "boxes with IoU ≥ 0.5", "mean IoU of the mean-box baseline"],
}


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_source_stays_short_and_keeps_its_references():
    text = source(NAME)
    assert len(text.splitlines()) <= 700
    for reference in ("Girshick, Donahue, Darrell and Malik, 2014", "Ren, He, Girshick and Sun, 2015",
                      "Amini,\nRosman, Karaman and Rus", "Variational end-to-end navigation and localization",
                      "McKinney et al.", "International evaluation of an AI system for breast cancer screening"):
        assert reference in text, reference


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run)
    assert not stderr(run)


def test_the_results_and_the_same_start(run):
    rows = check_results(run, EXPERIMENTS)
    for framework in (0, 1):
        assert 0 <= float(rows["Box regression: held-out scenes", "mean IoU"][framework]) <= 1
        assert 0 <= percent(rows["Box regression: held-out scenes", "boxes with IoU ≥ 0.5"][framework]) <= 1
    baseline = rows["Box regression: held-out scenes", "mean IoU of the mean-box baseline"]
    assert baseline[0] == baseline[1]  # one baseline, shown in both columns
    start = printed(run, text="copy_keras_model_to_torch(box_net_tf")
    assert float(start.split(":")[-1]) < 1e-5


def test_figure_and_computed_sentences(run):
    check_figures(run, 1)
    sentences = markdown_outputs(run)
    windows = [s for s in sentences if s.startswith("A sliding-window detector would classify")]
    assert len(windows) == 1 and "for one 32 x 32 scene" in windows[0]
    assert any(s.startswith("On the held-out scenes, TensorFlow's network reaches a mean IoU") for s in sentences)
