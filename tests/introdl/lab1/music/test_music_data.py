import pytest

from introdl.lab1.music.data import (
    MusicDataError, clean_song, corpus_stats, join_songs, load_songs, split_songs, train_validation_split,
)

MIT_STYLE = """X:1
T:Alexander's
Z: id:dc-hornpipe-1
M:C|
L:1/8
K:D Major
(3ABc|dAFA DFAd|fdcd FAdf|gfge fefd|(3efe (3dcB A2 (3ABc|!
dAFA DFAd|fdcd FAdf|gfge fefd|(3efe dc d2:|!

X:2
T:An Buachaill Dreoite
Z: id:dc-hornpipe-2
M:C|
L:1/8
K:G Major
GF|DGGB d2GB|d2GF Gc (3AGF|GBAG FGAB|c2cB c2:|!
"""


def test_oneills_default_corpus(songs):
    stats = corpus_stats(songs)
    assert stats.songs == 2009
    assert 500_000 < stats.characters < 700_000
    assert 60 <= len(stats.vocabulary) <= 95
    assert "@" not in stats.vocabulary  # transcribers' e-mail addresses (Z:) were cleaned out
    assert all(song.startswith("X:") and "\nK:" in song for song in songs)


def test_clean_song_keeps_music_and_drops_metadata():
    raw = 'X: 7\nT: A  Tune\nN: "Slow"\nZ: someone@example.org\nM: 6/8\n% comment\nK:D\nabc   def |\n\n'
    assert clean_song(raw) == "X:7\nT:A Tune\nM:6/8\nK:D\nabc def |"
    assert clean_song("X:1\nT:no key\nabc\n") == ""
    assert clean_song("X:1\nT:empty key\nK:\nabc\n") == ""
    assert clean_song("X:1\nT:nothing after key\nK:G\n") == ""


def test_mit_style_file_loads(tmp_path):
    path = tmp_path / "irish.abc"
    path.write_text(MIT_STYLE)
    songs = load_songs(path)
    assert [s.splitlines()[1] for s in songs] == ["T:Alexander's", "T:An Buachaill Dreoite"]
    assert split_songs(MIT_STYLE) == songs


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ("", "empty"),
        ("just some words\nno tunes here\n", "no ABC tunes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
    ],
)
def test_bad_data_paths_raise_clear_errors(tmp_path, content, message):
    path = tmp_path / "data.abc"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(MusicDataError, match=message) as error:
        load_songs(path)
    assert "\n" not in str(error.value)


def test_folder_without_abc_files(tmp_path):
    with pytest.raises(MusicDataError, match="no .abc files"):
        load_songs(tmp_path)


def test_split_is_seeded_disjoint_and_complete(songs):
    train, validation = train_validation_split(songs, 0.1, seed=3)
    again = train_validation_split(songs, 0.1, seed=3)
    assert (train, validation) == again
    assert len(validation) == round(0.1 * len(songs))
    assert sorted(train + validation) == sorted(songs)
    assert train_validation_split(songs, 0.1, seed=4)[1] != validation
    with pytest.raises(ValueError, match="between 0 and 1"):
        train_validation_split(songs, 1.5)


def test_join_songs_uses_blank_lines():
    assert join_songs(["a", "b"]) == "a\n\nb"
