import io
import time

import numpy as np
import pytest
import soundfile

from introdl.lab1.music.render import (
    RenderError, encode_mp3, render_tune, score_to_midi, show_tune, synthesize_notes, tune_html,
)
from introdl.lab1.music.tunes import check_tune


def test_render_one_tune_to_svg_midi_and_mp3(tmp_path, a_tune):
    render_tune(a_tune)  # warm up: the verovio worker starts, music21 loads
    times = []
    for _ in range(3):
        start = time.perf_counter()
        tune = render_tune(a_tune)
        times.append(time.perf_counter() - start)
    assert sorted(times)[1] < 1.0, times  # median: well under a second on 2 CPU cores
    assert tune.title == "The Little Heathy Hill"
    assert tune.svg.lstrip().startswith("<svg") and tune.midi.startswith(b"MThd")
    assert soundfile.info(io.BytesIO(tune.mp3)).format == "MP3"
    audio, rate = soundfile.read(io.BytesIO(tune.mp3))
    assert abs(len(audio) / rate - tune.seconds_of_audio) < 0.1
    assert 10 < tune.seconds_of_audio < 120 and np.abs(audio).max() > 0.1
    assert len(tune.mp3) < len(audio) / rate * 44100 / 10  # a tenth of 16-bit WAV's 44 KB per second
    paths = tune.save(tmp_path, "heathy")
    assert sorted(p.rsplit(".", 1)[1] for p in paths.values()) == ["abc", "mid", "mp3", "svg"]


def test_the_score_is_an_image_named_by_what_it_shows(a_tune):
    import re

    from introdl.lab1.music.render import _spoken
    from introdl.lab1.music.tunes import tune_statistics

    tune = render_tune(a_tune)
    stats = tune_statistics(check_tune(a_tune, engrave=False).score)
    html = tune_html(tune)
    label = re.search(r'<svg role="img" aria-label="([^"]*)"', html)[1]
    assert label == tune.description
    assert label.startswith("Sheet music of “The Little Heathy Hill”: ")
    assert f"of {stats['meter']} in {_spoken(stats['key'])}, {stats['notes']} notes from " in label
    assert re.search(r": \d+ bars of ", label)


def test_a_score_that_cannot_be_described_still_gets_a_name():
    from introdl.lab1.music.render import _spoken, score_description

    assert [_spoken(name) for name in ("B-5", "g minor", "F# major", "E--4", "D4")] == [
        "B-flat5", "G minor", "F-sharp major", "E-double-flat4", "D4"]
    assert score_description("", None) == "Sheet music of an untitled tune."


def test_html_has_score_and_embedded_mp3_player(a_tune, monkeypatch):
    html = tune_html(render_tune(a_tune))
    assert "<svg" in html and 'src="data:audio/mpeg;base64,' in html and "<audio controls" in html
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    assert show_tune(a_tune) is None
    assert len(shown) == 1 and "The Little Heathy Hill" in shown[0].data


def test_invalid_tune_raises_render_error_with_reason():
    with pytest.raises(RenderError, match="key line"):
        render_tune("X:1\nT:broken\nabc\n")


def test_midi_falls_back_when_music21_cannot_write_it(songs):
    # music21 fails on this tune's MIDI ("TimeSignature ... already found"); pretty_midi writes it.
    check = check_tune(songs[0])
    assert check.valid
    assert score_to_midi(check.score).startswith(b"MThd")
    assert render_tune(check).seconds_of_audio > 5


def _fluidsynth_missing() -> str:
    try:
        import fluidsynth  # noqa: F401  (pyfluidsynth, plus the system libfluidsynth)
    except Exception as error:  # ImportError, or OSError when the library is missing
        return f"FluidSynth is not installed ({error}); the NumPy synthesizer is used instead"
    return ""


@pytest.mark.skipif(bool(_fluidsynth_missing()), reason=_fluidsynth_missing())
def test_fluidsynth_renders_the_tune_where_it_is_installed(a_tune):
    tune = render_tune(a_tune)
    assert tune.synthesizer == "fluidsynth"
    audio, rate = soundfile.read(io.BytesIO(tune.mp3))
    assert abs(len(audio) / rate - tune.seconds_of_audio) < 0.1 and np.abs(audio).max() > 0.1


def test_numpy_synth_is_used_when_fluidsynth_fails(a_tune, monkeypatch):
    monkeypatch.setattr("introdl.lab1.music.render._fluidsynth_audio", lambda midi, rate: None)
    tune = render_tune(a_tune)
    assert tune.synthesizer == "numpy additive synth" and tune.seconds_of_audio > 5


def test_synth_and_long_mp3():
    silence = synthesize_notes([])
    assert silence.shape[0] > 0 and not silence.any()
    audio = synthesize_notes([(0.0, 0.5, 69, 100), (0.5, 1.0, 76, 100)])
    assert audio.dtype == np.float32 and np.abs(audio).max() == pytest.approx(0.8, abs=1e-3)
    # Written in blocks: in one call a long tune could overflow an encoder's stack buffer.
    long = np.tile(audio, 150)
    decoded, rate = soundfile.read(io.BytesIO(encode_mp3(long)))
    assert abs(len(decoded) - len(long)) < 0.05 * rate


def test_long_audio_is_cut_with_a_fade_and_says_so(a_tune):
    from introdl.lab1.music.render import SAMPLE_RATE, cut_audio

    audio = np.ones(10 * SAMPLE_RATE, dtype=np.float32)
    cut = cut_audio(audio, 4.0)
    assert len(cut) == 4 * SAMPLE_RATE and cut[0] == 1.0 and cut[-1] == 0.0 and 0 < cut[-SAMPLE_RATE] < 1
    assert cut_audio(audio, 20.0) is audio  # short enough: untouched
    with pytest.raises(ValueError, match="positive"):
        cut_audio(audio, 0)
    whole, short = render_tune(a_tune), render_tune(a_tune, max_seconds=5)
    assert whole.full_seconds is None and abs(short.seconds_of_audio - 5) < 0.01
    assert short.full_seconds == pytest.approx(whole.seconds_of_audio, abs=0.01)
    assert len(short.mp3) < len(whole.mp3) / 2 and short.midi == whole.midi
    assert f"first 5 s of {whole.seconds_of_audio:.0f} s" in tune_html(short)
