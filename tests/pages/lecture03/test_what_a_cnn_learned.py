"""Lecture 3, chapter 'What a CNN learned' (smoke profile): the CNN trained in both frameworks,
its filters and feature maps in each, saliency maps equal from the same weights, the Results."""

from lecture03_chapter_runs import (check_figures, check_first_cell_is_setup, check_results, percent, printed,
                                    run_chapter, stderr)


def test_the_chapter_trains_looks_inside_and_compares_saliency():
    run = run_chapter("what_a_cnn_learned")
    check_first_cell_is_setup(run)
    assert not stderr(run)
    check_figures(run, 5)  # filters and feature maps in each framework, the saliency maps
    assert "the two models predict the same class for" in printed(run, text="train_twins(")
    assert "same weights: largest difference" in printed(run, text="copy_keras_model_to_torch(cnn_model_tf")
    rows = check_results(run, {
        "CNN on the digits": ["test accuracy", "training time, first step left out (s)",
                              "max |TensorFlow - PyTorch| first-layer weight"],
        "Saliency, trained weights copied": ["largest difference / largest value"],
        "Saliency, each framework's own training": ["correlation between the frameworks"],
    })
    assert all(percent(cell) > 0.5 for cell in rows["CNN on the digits", "test accuracy"])
    assert float(rows["Saliency, trained weights copied", "largest difference / largest value"][0]) < 1e-4
