"""Lecture 2's third chapter: backpropagation through time, exploding gradients and clipping,
vanishing gradients and three remedies. It runs alone, the two frameworks' gradients agree, and
as built it has every section, figure and result."""

import pytest

from lecture02_chapter_runs import check_first_cell_is_setup, images, markdown_outputs, results_rows, run_chapter, stderr
from lecture02_chapters import chapter_html, check_results_table, figures, missing_sections, source_path

NAME = "gradients_through_time"
PAGE = f"book/lectures/lecture02/{NAME}"

SECTIONS = ["Backpropagation through time, and its gradients", "Backpropagation through time",
            "Exploding gradients: clip them", "Vanishing gradients, and three remedies", "Results"]
EXPERIMENTS = ["Backpropagation through time", "Clipping by value or by norm", "Gradient clipping",
               "Remedies, copy first of"]
KINDS = ("tanh RNN", "ReLU RNN", "ReLU RNN, identity init", "LSTM")


@pytest.fixture(scope="module")
def run():
    return run_chapter(NAME)


def test_the_chapter_runs_alone_and_quietly(run):
    check_first_cell_is_setup(run, log_level=3)
    assert not stderr(run)


def test_the_gradients_through_time_agree_and_vanish_at_radius_half(run):
    rows = results_rows(run)
    for name in ("tanh", "ReLU"):
        for scale in (0.5, 1.0, 1.5):
            tf_value, torch_value = (float(v) for v in
                                     rows["Backpropagation through time", f"{name}, radius {scale}: ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖"])
            assert tf_value == pytest.approx(torch_value, rel=1e-2)
        assert float(rows["Backpropagation through time", f"{name}, radius 0.5: ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖"][0]) < 0.5 ** 39
    assert any(text.startswith("Read from this run, going back 39 steps") for text in markdown_outputs(run))


def test_clipping_keeps_the_direction_and_every_run_is_reported(run):
    rows = results_rows(run)
    assert rows["Clipping by value or by norm", "cosine(clipped, original): by value / by global norm"] == (
        "0.943 / 1.000", "0.943 / 1.000")
    for label in ("no clipping", "clipped at 1"):
        assert (("Gradient clipping", f"{label}: final loss (first non-finite step)") in rows
                and ("Gradient clipping", f"{label}: largest gradient norm seen") in rows)
    assert any(text.startswith("Without clipping, the loss") for text in markdown_outputs(run))


def test_every_remedy_is_trained_in_both_frameworks(run):
    rows = results_rows(run)
    for kind in KINDS:
        for value in rows["Remedies, copy first of 5", f"{kind}: test accuracy"]:
            assert value.endswith("%") and 0 <= float(value[:-1]) <= 100
    assert len(images(run)) == 3  # gradient norms, clipping, remedies
    assert any(text.startswith("The smoke profile trains too briefly") for text in markdown_outputs(run))


def test_the_source_links_its_neighbours_and_keeps_its_citations():
    text = " ".join(source_path(PAGE).read_text().split())  # line breaks as spaces
    for link in ("{doc}`sequences_and_recurrence`", "{doc}`next_word`", "{doc}`lstm`"):
        assert link in text, link
    for citation in ("Pascanu, Mikolov and Bengio (2013", "Bengio, Simard and Frasconi (1994", "Le, Jaitly and Hinton, 2015",
                     "Jozefowicz, Zaremba and Sutskever (2015)", "Tallec and Ollivier (2018"):
        assert citation in text, citation


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_every_figure_is_rendered(html):
    assert len(figures(html)) >= 3, figures(html)  # gradient norms, clipping, remedies


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)
