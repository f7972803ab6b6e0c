"""Lecture 3, chapter 'Shifted digits' (smoke profile): equivariance asserted in both frameworks,
pooling's one-cell shift, accuracy against shift plotted, the computed sentence, the Results."""

import re

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, markdown_outputs,
                                    percent, printed, run_chapter, stderr)


def test_the_chapter_checks_equivariance_and_measures_shifts():
    run = run_chapter("translation")
    check_first_cell_is_setup(run)
    assert not stderr(run)
    check_figures(run, 1)
    for tag in ("tensorflow", "pytorch"):
        assert "inside: max |conv(shift(x)) - shift(conv(x))|" in printed(run, tag=tag, text="shift(conv(x))")
    pooling = printed(run, text="def pooled_first_layer")
    two = re.search(r"moved 2 px: .* against the map moved one cell ([\d.]+)", pooling)
    assert two and float(two.group(1)) == 0.0, pooling  # a 2-pixel shift moves the pooled map by one cell exactly
    rows = check_results(run, {
        "CNN, unshifted digits": ["test accuracy"], "dense, unshifted digits": ["test accuracy"],
        "Conv layer, digit moved (3, 2)": ["max difference inside the frame"],
        "CNN, digits moved 2 px right": ["test accuracy"], "CNN, digits moved 4 px right": ["test accuracy"],
        "dense, digits moved 2 px right": ["test accuracy"], "dense, digits moved 4 px right": ["test accuracy"],
    })
    assert all(percent(cell) > 0.5 for cell in rows["CNN, unshifted digits", "test accuracy"])
    (sentence,) = markdown_outputs(run, text="shift_summary(")
    assert sentence.startswith("Unshifted, the CNN scored")
