"""The Lecture 2 page, as built in the smoke profile: every part of the lecture is there,
with its figures, and every experiment reports both frameworks in the closing table."""

import re

import pytest

from test_book import ImageCollector, read_page

PAGE = "book/lectures/lecture02_sequence"

SECTIONS = [
    "Sequences, and what a model can do with them",
    "The recurrence",
    "A training loop, written once",
    "Next-word prediction",
    "What a sequence model needs: the four design criteria",
    "Backpropagation through time",
    "Exploding gradients: clip them",
    "Vanishing gradients, and three remedies",
    "The LSTM",
    "The gates at work",
    "Gradient flow through the cell state",
    "Long-term dependencies, measured",
    "Attention",
    "An attention model for the long-term task",
    "Applications from the lecture",
    "Summary",
    "Appendix: making the two frameworks agree",
]

EXPERIMENTS = [
    "Sequence patterns", "RNN cell from scratch", "Next-word model", "Variable length", "Word order",
    "Shared parameters", "Backpropagation through time", "Gradient clipping", "Remedies, copy first of",
    "LSTM cell from scratch", "Trained LSTM gates", "Gradient flow through the cell state",
    "Long-term dependencies", "Attention from scratch", "Attention model, copy first symbol",
    "Clipping by value or by norm", "Parity of training runs", "Adam on an embedding",
]


@pytest.fixture(scope="module")
def html(smoke_html):
    return read_page(smoke_html, PAGE)


def test_every_section_of_the_lecture_is_on_the_page(html):
    headings = [re.sub(r"<[^>]+>|#", "", h).strip() for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)]
    missing = [title for title in SECTIONS if not any(h.startswith(title) for h in headings)]
    assert not missing, f"missing sections: {missing}; found {headings}"


def test_lecture_video_and_slides_are_linked(html):
    assert "youtube.com/watch?v=qjrad0V0uJE" in html
    assert "6S191_MIT_DeepLearning_L2.pdf" in html
    assert "lab1_part2_music.html" in html  # the music lab the lecture leads to


def test_every_figure_is_rendered(html):
    collector = ImageCollector()
    collector.feed(html)
    figures = [s for s in collector.sources if "_images/" in s]
    # patterns, unrolled RNN, next-word loss, BPTT, clipping, remedies, gates, cell-state
    # gradient, accuracy against length, toy attention, attention model, parity of training runs
    assert len(figures) >= 12, figures


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    table = html[html.rindex('<table class="introdl-results"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    assert all(len(row) == 4 for row in cells)
    missing = [row[:2] for row in cells if "—" in row[2:]]
    assert not missing, f"rows without both frameworks: {missing}"
    experiments = {row[0] for row in cells}
    absent = [name for name in EXPERIMENTS if not any(e.startswith(name) for e in experiments)]
    assert not absent, absent


def test_scratch_cells_sit_in_framework_tabs(html):
    tab_sets = html.split('<div class="sd-tab-set framework-tabs')[1:]
    assert len(tab_sets) >= 15
    for name in ("class MyRNNCell", "class MyLSTMCell", "def scaled_dot_product_attention_tf"):
        assert name.replace(" ", "") in re.sub(r"<[^>]+>|\s", "", html), name
