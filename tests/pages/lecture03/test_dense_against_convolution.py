"""Lecture 3, chapter 'Dense layers against convolutions' (smoke profile): the weight counts in both
frameworks, the same start, the shuffled-pixel runs, the computed sentence and the Results."""

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, markdown_outputs,
                                    percent, printed, run_chapter, stderr)

SLUG = "dense_against_convolution"


def test_the_chapter_runs_and_counts_trains_and_reports():
    run = run_chapter(SLUG)
    check_first_cell_is_setup(run)
    assert not stderr(run)
    assert "times as many weights" in printed(run, text="dense_count / conv_count")
    assert "same start: max logit difference" in printed(run, text="start_equal(cnn_model_tf")
    check_figures(run, 1)
    rows = check_results(run, {
        "Weights for 26x26x24 outputs": ["convolution, 3x3 filters", "dense layer on 784 pixels"],
        "Whole networks": ["weights in the dense network", "weights in the CNN"],
        "dense, original pixels": ["test accuracy"], "dense, shuffled pixels": ["test accuracy"],
        "CNN, original pixels": ["test accuracy"], "CNN, shuffled pixels": ["test accuracy"],
    })
    assert rows["Weights for 26x26x24 outputs", "convolution, 3x3 filters"] == ("240", "240")
    assert rows["Whole networks", "weights in the CNN"] == ("124,670", "124,670")
    for network in ("dense", "CNN"):  # even one smoke epoch on 1,000 digits learns something
        assert all(percent(cell) > 0.5 for cell in rows[f"{network}, original pixels", "test accuracy"])
    (sentence,) = markdown_outputs(run, text="shuffled_pixels_summary(")
    assert sentence.startswith("Shuffling the pixels cost the dense network")
