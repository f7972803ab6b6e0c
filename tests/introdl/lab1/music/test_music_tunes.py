import pytest

from introdl.lab1.music.engrave import EngravingError, abc_to_svg
from introdl.lab1.music.tunes import check_tune, check_tunes, compare_summaries, extract_tunes, summarize_tunes

GENERATED = """Xgarbage before the first tune
X:1
T:Good One
M:6/8
L:1/8
K:D
A|dfa afd|gbg fed|e2c A2B|c3 e3:|

X:2
T:No Key
M:3/4
abc|

X:3
T:Cut off
M:2/4
L:1/16
K:G
"""


def test_extract_tunes_splits_on_x_lines():
    tunes = extract_tunes(GENERATED)
    assert [t.splitlines()[1] for t in tunes] == ["T:Good One", "T:No Key", "T:Cut off"]
    assert extract_tunes("no tunes at all") == []
    assert extract_tunes("") == []


def test_checks_give_reasons_instead_of_raising():
    good, no_key, cut_off = check_tunes(GENERATED)
    assert good.valid and good.reason is None and good.notes == 19 and "<svg" in good.svg
    assert not no_key.valid and "key line" in no_key.reason
    assert not cut_off.valid and "no music" in cut_off.reason
    garbage = check_tune("X:9\nT:noise\nK:D\n~~pp JJ ))\n")
    assert not garbage.valid and garbage.reason.startswith("music21")


def test_training_tunes_are_valid(songs):
    checks = [check_tune(song) for song in songs[:30]]
    assert all(c.valid for c in checks), [c.reason for c in checks if not c.valid]


def test_verovio_crash_is_an_error_not_a_dead_process(a_tune):
    # This input kills a process that runs verovio's ABC reader (segmentation fault).
    with pytest.raises(EngravingError, match="crashed"):
        abc_to_svg("garbage ))) [[[")
    assert "<svg" in abc_to_svg(a_tune)  # the worker was restarted
    with pytest.raises(EngravingError, match="empty"):
        abc_to_svg("   ")


def test_summary_and_comparison_table(songs):
    training = summarize_tunes(check_tune(s, engrave=False) for s in songs[:20])
    generated = summarize_tunes(check_tunes(GENERATED))
    assert training["valid_fraction"] == 1.0
    assert generated["tunes"] == 3 and generated["valid"] == 1
    assert generated["parsed"] == 1 and training["parsed_fraction"] == 1.0  # no key / no music: not parsed
    assert generated["meters"] == [("6/8", 1)] and generated["keys"][0][0] == "D major"
    table = compare_summaries({"training": training, "generated": generated})
    assert table.splitlines()[0] == "| | training | generated |"
    assert "| valid (parse + engrave) | 20 (100%) | 1 (33%) |" in table
    assert "| parse (music21 reads it) | 20 (100%) | 1 (33%) |" in table


def test_meter_is_the_one_most_bars_carry_not_the_pickup_bar(songs):
    # music21 gives a pickup bar its own time signature (1/16 before a 2/4 tune, say)
    from introdl.lab1.music.tunes import tune_statistics

    declared = {"C": "4/4", "C|": "2/2"}
    for song in songs[:30]:
        header = next(line[2:].strip() for line in song.splitlines() if line.startswith("M:"))
        meter = tune_statistics(check_tune(song, engrave=False).score)["meter"]
        assert meter == declared.get(header, header), song.splitlines()[1]
