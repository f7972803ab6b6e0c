"""The generation tables and the choice of tunes to engrave and play."""

import pytest

from introdl.lab1.music.report import (
    all_checks, choose_tunes_to_show, generation_table, invalid_tunes_table, show_tunes, text_head,
)
from introdl.lab1.music.tunes import TuneCheck, check_tunes

GOOD = "X:1\nT:Good One\nM:6/8\nL:1/8\nK:D\nA|dfa afd|gbg fed|e2c A2B|c3 e3:|\n"
NO_KEY = "X:2\nT:No <Key>\nM:3/4\nabc|\n"


def test_text_head_is_one_line_and_marks_a_cut():
    assert text_head("X:1\nT:a", 10) == "X:1⏎T:a"
    assert text_head("abcdef", 3) == "abc…"


@pytest.fixture(scope="module")
def runs():
    texts = {("TensorFlow", 1.0): GOOD + "\n" + NO_KEY, ("PyTorch", 1.0): "no tunes <here>",
             ("PyTorch", 0.5): GOOD}
    return texts, {key: check_tunes(text) for key, text in texts.items()}


def test_generation_table_counts_and_escapes(runs):
    texts, checks = runs
    table = generation_table(texts, checks, {("TensorFlow", 1.0): 2.0}, num_chars=100)
    assert table.count("<tr>") == 4  # header + one row per run
    first_row = table.split("<tr>")[2]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in first_row.split("<td")[1:6]]
    assert cells == ["TensorFlow", "1", "2", "1", "1"]  # framework, temperature, found, parse, valid
    assert ">50</td>" in first_row  # 100 characters in 2 s
    assert "no tunes &lt;here&gt;" in table and "<here>" not in table


def test_invalid_tunes_are_listed_with_their_reason(runs):
    _, checks = runs
    table = invalid_tunes_table(checks)
    assert table.count("<tr>") == 2 and "No &lt;Key&gt;" in table and "key line" in table
    assert "key line" not in invalid_tunes_table(checks, reason_chars=10) and "…" in invalid_tunes_table(checks, 10)
    assert "No tunes were found" in invalid_tunes_table({("PyTorch", 1.0): []})
    assert "Every tune found is valid" in invalid_tunes_table({("PyTorch", 0.5): checks[("PyTorch", 0.5)]})


def test_all_valid_tunes_are_shown_when_few(runs):
    _, checks = runs
    chosen, note = choose_tunes_to_show(checks, 1.0, limit=12)
    assert [(f, t, n) for f, t, n, _ in chosen] == [("TensorFlow", 1.0, 1), ("PyTorch", 0.5, 1)]
    assert note.startswith("All 2 valid tunes")


def test_only_the_default_temperature_when_many(runs):
    _, checks = runs
    chosen, note = choose_tunes_to_show(checks, 1.0, limit=1)
    assert [(f, t) for f, t, _, _ in chosen] == [("TensorFlow", 1.0)]
    assert "2 tunes are valid" in note and "temperature 1" in note
    none, note = choose_tunes_to_show({("PyTorch", 1.0): [checks[("TensorFlow", 1.0)][1]]})
    assert none == [] and note.startswith("No tune is valid")
    with pytest.raises(ValueError, match="at least one"):
        choose_tunes_to_show(checks, limit=0)


def test_show_tunes_captions_each_and_reports_render_failures(runs, monkeypatch):
    _, checks = runs
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    broken = TuneCheck(abc="X:9\nK:D\nabc", valid=True, title="Broken")  # valid, but no parsed score
    chosen = [("TensorFlow", 1.0, 1, checks[("TensorFlow", 1.0)][0]), ("PyTorch", 1.5, 3, broken)]
    failed = show_tunes(chosen, max_seconds=3)
    assert [f[:3] for f in failed] == [("PyTorch", 1.5, 3)] and "Broken" in failed[0][3]
    texts = [getattr(item, "data", "") for item in shown]
    assert texts[0] == "**TensorFlow, temperature 1, tune 1**" and "<svg" in texts[1]
    assert "(first 3 s of" in texts[1]
    assert texts[2] == "**PyTorch, temperature 1.5, tune 3**" and texts[3].startswith("Not rendered")


def test_all_checks_gathers_one_framework(runs):
    _, checks = runs
    assert len(all_checks(checks, "TensorFlow")) == 2 and len(all_checks(checks, "PyTorch")) == 1


def test_tune_summary_table_gives_compare_summaries_cells_as_results(runs):
    from introdl.lab1.music.report import tune_summary_table
    from introdl.lab1.music.tunes import compare_summaries, summarize_tunes

    _, checks = runs
    summaries = {"TensorFlow": summarize_tunes(all_checks(checks, "TensorFlow")),
                 "PyTorch": summarize_tunes(all_checks(checks, "PyTorch"))}
    table = tune_summary_table(summaries)
    assert table.columns == ("TensorFlow", "PyTorch") and table.row_headers == ("Statistic", "")
    # the same labels and cells as the Markdown table of tunes.compare_summaries
    markdown_rows = [line.strip("| ").split(" | ") for line in compare_summaries(summaries).splitlines()[2:]]
    assert [[label, "", *cells] for label, *cells in markdown_rows] == list(table.rows())
    assert table.value("tunes checked", "", "TensorFlow") == "2"
    assert table.value("valid (parse + engrave)", "", "PyTorch") == "1 (100%)"
    assert "data-introdl-results" in table._repr_html_()  # its figures are published for the build report


def test_tune_summary_table_refuses_what_is_not_a_summary():
    from introdl.lab1.music.report import tune_summary_table

    with pytest.raises(ValueError, match="non-empty dict"):
        tune_summary_table({})
    with pytest.raises(ValueError, match="lacks"):
        tune_summary_table({"TensorFlow": {"tunes": 3}})
