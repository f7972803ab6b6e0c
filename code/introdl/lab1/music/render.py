"""Turn one ABC tune into sheet music (SVG), MIDI and compressed audio, with PyPI packages.

* Sheet music: verovio reads ABC directly (``inputFrom: abc``), see ``engrave.py``.
* MIDI: music21, which already parsed the tune to check it.
* Audio: FluidSynth with pretty_midi's bundled General MIDI soundfont when the ``fluidsynth``
  Python package and system library are installed; otherwise (the usual case, they are not
  pip-installable alone) a small additive synthesizer in NumPy: a few harmonics per note
  under an attack/decay envelope, which sounds like a soft organ or flute, clearly enough
  to hear the tune.
* Encoding: MP3 via soundfile (libsndfile, with its MP3 encoder, ships in the wheel). A 30 s
  tune is about 75 KB, some 17 times smaller than the 16-bit WAV (1.3 MB) that
  ``IPython.display.Audio`` would inline. MP3 rather than OGG/Vorbis, at the same size,
  because every browser plays MP3 and older Safari versions do not play OGG.
"""

from __future__ import annotations

import base64
import html
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .tunes import check_tune, tune_statistics

SAMPLE_RATE = 22050
AUDIO_BLOCK = 8192  # frames per write to the encoder


class RenderError(ValueError):
    """The tune cannot be rendered; the message carries the checker's reason."""


def score_to_midi(score) -> bytes:
    """A music21 Score as the bytes of a standard MIDI file (repeats played out).

    music21's MIDI writer fails on about one O'Neill tune in ten ("the object
    TimeSignature ... is already found in this Stream"); those tunes are written note by
    note with pretty_midi instead.
    """
    from music21.midi.translate import streamToMidiFile

    try:
        return streamToMidiFile(score).writestr()
    except Exception:
        return _notes_to_midi(score)


def _notes_to_midi(score) -> bytes:
    import pretty_midi

    try:
        score = score.expandRepeats()
    except Exception:
        pass  # unbalanced repeat signs: play it once through
    flat = score.flatten()
    marks = flat.getElementsByClass("MetronomeMark")
    seconds_per_quarter = 60.0 / (marks[0].getQuarterBPM() or 120.0) if marks else 0.5
    midi = pretty_midi.PrettyMIDI()
    instrument = pretty_midi.Instrument(program=0)
    for element in flat.notes:
        start = float(element.offset) * seconds_per_quarter
        end = start + max(float(element.quarterLength), 1 / 16) * seconds_per_quarter
        for pitch in element.pitches:
            instrument.notes.append(pretty_midi.Note(90, int(pitch.midi), start, end))
    midi.instruments.append(instrument)
    buffer = io.BytesIO()
    midi.write(buffer)
    return buffer.getvalue()


def _fluidsynth_audio(midi, sample_rate):
    try:
        import fluidsynth  # noqa: F401  (pyfluidsynth; needs the system libfluidsynth)
    except Exception:
        return None
    try:
        return midi.fluidsynth(fs=sample_rate)
    except Exception:
        return None


def synthesize_notes(notes, sample_rate: int = SAMPLE_RATE, until: float | None = None) -> np.ndarray:
    """Additive synthesis of ``notes`` = [(start_s, end_s, midi_pitch, velocity), ...].

    ``until`` (seconds) synthesizes only the notes that start before it, and cuts the audio
    there: a looping generated tune can last many minutes, and the page keeps only a minute.

    Each note: harmonics 1-6 with amplitudes falling as 1/k^1.5, a 10 ms attack, a gentle
    decay and a 60 ms release, so consecutive notes are heard as separate. Returns float32
    mono audio in [-1, 1].
    """
    if until is not None:
        notes = [note for note in notes if note[0] < until]
    if not notes:
        return np.zeros(int(0.5 * sample_rate), dtype=np.float32)
    release = 0.06
    total = max(end for _, end, _, _ in notes) + release + 0.25
    if until is not None:
        total = min(total, until)
    audio = np.zeros(int(total * sample_rate) + 1, dtype=np.float64)
    harmonics = np.arange(1, 7)
    amplitudes = 1.0 / harmonics**1.5
    for start, end, pitch, velocity in notes:
        frequency = 440.0 * 2.0 ** ((pitch - 69) / 12)
        length = int((end - start + release) * sample_rate)
        if length <= 0:
            continue
        t = np.arange(length) / sample_rate
        # drop harmonics above the Nyquist frequency (they would alias)
        keep = harmonics * frequency < sample_rate / 2
        wave = (amplitudes[keep, None] * np.sin(2 * np.pi * frequency * harmonics[keep, None] * t)).sum(0)
        envelope = np.minimum(1.0, t / 0.01) * np.exp(-1.5 * t)
        held = end - start
        envelope *= np.clip((held + release - t) / release, 0.0, 1.0)  # release after note-off
        first = int(start * sample_rate)
        length = min(length, len(audio) - first)  # a note cut off by ``until``
        audio[first : first + length] += (velocity / 127.0) * wave[:length] * envelope[:length]
    peak = np.abs(audio).max()
    return (0.8 * audio / peak if peak > 0 else audio).astype(np.float32)


def midi_to_audio(midi_bytes: bytes, sample_rate: int = SAMPLE_RATE,
                  until: float | None = None) -> tuple[np.ndarray, str]:
    """Synthesize MIDI bytes; return (audio, which synthesizer was used).

    ``until`` (seconds) lets the NumPy synthesizer stop early; FluidSynth renders it all.
    """
    import pretty_midi

    midi = pretty_midi.PrettyMIDI(io.BytesIO(midi_bytes))
    audio = _fluidsynth_audio(midi, sample_rate)
    if audio is not None:
        peak = np.abs(audio).max() or 1.0
        return (0.8 * audio / peak).astype(np.float32), "fluidsynth"
    notes = [
        (note.start, note.end, note.pitch, note.velocity)
        for instrument in midi.instruments
        if not instrument.is_drum
        for note in instrument.notes
    ]
    return synthesize_notes(notes, sample_rate, until=until), "numpy additive synth"


def encode_mp3(audio: np.ndarray, sample_rate: int = SAMPLE_RATE, quality: float = 0.3) -> bytes:
    """Encode mono float audio as MP3 bytes (``quality`` 0..1, higher is larger)."""
    import soundfile

    audio = np.asarray(audio, dtype=np.float32)
    buffer = io.BytesIO()
    with soundfile.SoundFile(
        buffer, "w", sample_rate, 1, format="MP3", subtype="MPEG_LAYER_III", compression_level=1.0 - quality
    ) as file:
        # Write in blocks: some of libsndfile's encoders (libvorbis for one) put a buffer
        # the size of one write on the C stack, and a long tune written in one call
        # overflows it and kills the process (libsndfile issue #1095; python-soundfile #396).
        for start in range(0, len(audio), AUDIO_BLOCK):
            file.write(audio[start : start + AUDIO_BLOCK])
    return buffer.getvalue()


@dataclass
class RenderedTune:
    """One tune as ABC text, SVG score, MIDI and MP3 audio."""

    abc: str
    title: str
    svg: str = field(repr=False)
    midi: bytes = field(repr=False)
    mp3: bytes = field(repr=False)
    seconds_of_audio: float
    synthesizer: str
    render_seconds: float
    full_seconds: float | None = None  # the whole tune's length when the audio was cut short
    description: str = ""  # what the score shows, in words: its alt text (see score_description)

    def save(self, folder, stem: str = "tune") -> dict:
        """Write ``stem``.abc/.mid/.mp3/.svg into ``folder``; return {kind: path}."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {ext: folder / f"{stem}.{ext}" for ext in ("abc", "mid", "mp3", "svg")}
        paths["abc"].write_text(self.abc + "\n", encoding="utf-8")
        paths["mid"].write_bytes(self.midi)
        paths["mp3"].write_bytes(self.mp3)
        paths["svg"].write_text(self.svg, encoding="utf-8")
        return {kind: str(path) for kind, path in paths.items()}

    def _repr_html_(self) -> str:
        return tune_html(self)


def cut_audio(audio: np.ndarray, max_seconds: float, sample_rate: int = SAMPLE_RATE,
              fade_seconds: float = 2.0) -> np.ndarray:
    """The first ``max_seconds`` of ``audio``, faded out over its last ``fade_seconds``."""
    if max_seconds <= 0:
        raise ValueError(f"max_seconds={max_seconds}: give a positive number of seconds.")
    keep = int(max_seconds * sample_rate)
    if len(audio) <= keep:
        return audio
    cut = np.array(audio[:keep], dtype=np.float32)
    fade = min(keep, int(fade_seconds * sample_rate))
    cut[keep - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return cut


def _midi_seconds(midi_bytes: bytes) -> float:
    """How long the MIDI plays, release included (what a full synthesis would last)."""
    import pretty_midi

    return pretty_midi.PrettyMIDI(io.BytesIO(midi_bytes)).get_end_time() + 0.31


def render_tune(abc_or_check, sample_rate: int = SAMPLE_RATE, max_seconds: float | None = None) -> RenderedTune:
    """Render one tune (ABC text or a valid TuneCheck) to SVG, MIDI and MP3 audio.

    ``max_seconds`` cuts the audio (not the MIDI or the score) to that length with a short
    fade-out: a generated tune that loops can last minutes, and a page embeds its audio.
    Raises RenderError with the checker's reason when the tune is not valid ABC.
    """
    start = time.perf_counter()
    check = abc_or_check if not isinstance(abc_or_check, str) else check_tune(abc_or_check)
    if not check.valid:
        raise RenderError(f"cannot render {check.title or 'the tune'!r}: {check.reason}.")
    try:
        midi = score_to_midi(check.score)
        # Synthesize a second past the cut, so the fade-out has real audio to fade.
        until = None if max_seconds is None else max_seconds + 1.0
        audio, synthesizer = midi_to_audio(midi, sample_rate, until=until)
        full_seconds = _midi_seconds(midi)
    except Exception as error:  # music21's MIDI writer fails on some odd tunes
        raise RenderError(
            f"cannot render {check.title or 'the tune'!r} to MIDI/audio: {type(error).__name__}: {error}"
        ) from None
    if max_seconds is not None:
        audio = cut_audio(audio, max_seconds, sample_rate)
    seconds = len(audio) / sample_rate
    return RenderedTune(
        abc=check.abc,
        title=check.title,
        svg=check.svg,
        midi=midi,
        mp3=encode_mp3(audio, sample_rate),
        seconds_of_audio=seconds,
        synthesizer=synthesizer,
        render_seconds=time.perf_counter() - start,
        full_seconds=full_seconds if seconds < full_seconds - 0.5 else None,
        description=score_description(check.title, check.score),
    )


_ACCIDENTALS = (("##", "-double-sharp"), ("--", "-double-flat"), ("#", "-sharp"), ("-", "-flat"))


def _spoken(name: str) -> str:
    """music21's 'B-5', 'f# minor' as 'B-flat5', 'F-sharp minor'."""
    for sign, word in _ACCIDENTALS:
        if sign in name:
            name = name.replace(sign, word, 1)
            break
    return name[:1].upper() + name[1:]


def score_description(title: str, score) -> str:
    """The score in words, for readers who cannot see it: its alt text on the page.

    'Sheet music of “The Kesh”: 16 bars of 6/8 in G major, 92 notes from D4 to B5.'
    music21 spells flats "B-"; here they are "B-flat", as a screen reader should say them.
    """
    from music21 import pitch

    name = f"“{title}”" if title else "an untitled tune"
    try:
        stats = tune_statistics(score)
        parts = getattr(score, "parts", None)
        bars = len(parts[0].getElementsByClass("Measure")) if parts else 0
    except Exception:  # an odd parse: say what we can rather than fail the page
        return f"Sheet music of {name}."
    shape = f"{bars} bar{'s' * (bars != 1)} of {stats['meter']}" if bars else f"{stats['meter']} time"
    text = f"Sheet music of {name}: {shape} in {_spoken(stats['key'])}, {stats['notes']} notes"
    if stats["lowest"] is not None:
        low, high = (_spoken(pitch.Pitch(midi=stats[end]).nameWithOctave) for end in ("lowest", "highest"))
        text += f" from {low} to {high}"
    return text + "."


def tune_html(tune: RenderedTune) -> str:
    """HTML with the title, the score (inline SVG) and an audio player with the MP3 embedded."""
    audio = base64.b64encode(tune.mp3).decode("ascii")
    title = html.escape(tune.title or "Untitled")
    # The score is an image to a screen reader: it gets the tune's description as its name.
    label = html.escape(tune.description or score_description(tune.title, None), quote=True)
    svg = tune.svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
    return (
        f'<div class="introdl-tune"><p><strong>{title}</strong> '
        f"<small>({_length(tune)}, {len(tune.mp3) / 1024:.0f} KB MP3)</small></p>"
        # A scrolling box must be reachable by keyboard (tabindex) and say what it holds.
        f'<div style="max-width:100%;overflow-x:auto" tabindex="0" role="region" '
        f'aria-label="Score of {title}">{svg}</div>'
        f'<audio controls preload="none" src="data:audio/mpeg;base64,{audio}"></audio></div>'
    )


def _length(tune: RenderedTune) -> str:
    if tune.full_seconds is None:
        return f"{tune.seconds_of_audio:.0f} s"
    return f"first {tune.seconds_of_audio:.0f} s of {tune.full_seconds:.0f} s"


def show_tune(tune) -> None:
    """Display a tune in a notebook: title, score and audio player (ABC or a RenderedTune).

    Returns None so that a cell ending in ``show_tune(...)`` shows the tune once.
    """
    from IPython.display import HTML, display

    rendered = tune if isinstance(tune, RenderedTune) else render_tune(tune)
    display(HTML(tune_html(rendered)))
