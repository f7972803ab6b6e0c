"""The music page's NumPy additive synthesizer against pretty_midi's ``PrettyMIDI.synthesize``.

    .venv/bin/python benchmarks/synth_compare.py              # 3 O'Neill tunes
    .venv/bin/python benchmarks/synth_compare.py --tunes 10

Both synthesize the same MIDI (music21's, as render_tune makes it) at the page's sample
rate, scaled to the same peak. Without listening, two things are measured per note:

* Harmonic content: a Hann-windowed FFT of the note's held part; the amplitude at each
  multiple k * f0 of its pitch (k = 1..8) relative to the fundamental, in dB, and the share
  of the held part's energy that lies near a harmonic at all (the rest is noise, or the
  smear of an envelope).
* Clicks at note edges: the second difference ``x[n+1] - 2 x[n] + x[n-1]`` is small and
  smooth for a tone (about A (2 pi f / rate)^2) and spikes where the waveform or its slope
  jumps. For each note start and each end of a note's sound, the largest |second
  difference| within 2 ms (ends only where no note starts within 10 ms), divided by the 99th percentile of |second difference| over the
  held parts of the notes: near 1 is no sharper than the tone itself; several times that
  is a click. Also the share of energy above 4 kHz in 10 ms around note starts, against the
  held parts (a click is broadband).
"""

from __future__ import annotations

import argparse
import io
import json
import time

import numpy as np

RATE = 22050
PEAK = 0.8


def _peak(audio):
    audio = np.asarray(audio, dtype=np.float64)
    return PEAK * audio / (np.abs(audio).max() or 1.0)


def synthesize_both(midi_bytes: bytes):
    """(numpy audio, pretty_midi audio, notes, seconds each took)."""
    import pretty_midi

    from introdl.lab1.music.render import synthesize_notes

    midi = pretty_midi.PrettyMIDI(io.BytesIO(midi_bytes))
    notes = sorted((n.start, n.end, n.pitch, n.velocity) for i in midi.instruments for n in i.notes
                   if not i.is_drum)
    start = time.perf_counter()
    ours = _peak(synthesize_notes(notes, RATE))
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    theirs = _peak(midi.synthesize(fs=RATE))
    theirs_s = time.perf_counter() - start
    return ours, theirs, notes, (ours_s, theirs_s)


def harmonic_profile(audio, notes, harmonics: int = 8) -> dict:
    """Harmonic amplitudes relative to the fundamental (dB) and the share of energy near harmonics."""
    relative, near_share = [], []
    for start, end, pitch, _ in notes:
        first, last = int((start + 0.02) * RATE), int((end - 0.02) * RATE)
        if last - first < int(0.08 * RATE):
            continue  # too short for a clean spectrum
        segment = audio[first:last] * np.hanning(last - first)
        spectrum = np.abs(np.fft.rfft(segment, n=4 * len(segment)))
        freqs = np.fft.rfftfreq(4 * len(segment), 1 / RATE)
        f0 = 440.0 * 2 ** ((pitch - 69) / 12)
        amplitudes, near = [], np.zeros_like(freqs, dtype=bool)
        for k in range(1, harmonics + 1):
            band = np.abs(freqs - k * f0) < 0.03 * k * f0 + 15
            near |= band
            amplitudes.append(spectrum[band].max() if band.any() else 0.0)
        amplitudes = np.array(amplitudes)
        if amplitudes[0] <= 0:
            continue
        relative.append(20 * np.log10(np.maximum(amplitudes / amplitudes[0], 1e-6)))
        power = spectrum**2
        near_share.append(power[near].sum() / power.sum())
    relative = np.array(relative)
    return {
        "notes": len(relative),
        "harmonic_db": [round(float(v), 1) for v in np.median(relative, axis=0)],
        "harmonics_above_minus_40_db": float(np.median((relative[:, 1:] > -40).sum(axis=1))),
        "energy_near_harmonics": round(float(np.median(near_share)), 4),
    }


def _held_mask(audio, notes) -> np.ndarray:
    mask = np.zeros(len(audio), dtype=bool)
    for start, end, _, _ in notes:
        first, last = int((start + 0.02) * RATE), int((end - 0.02) * RATE)
        if last > first:
            mask[first:last] = True
    # only where no note starts or ends nearby
    for start, end, _, _ in notes:
        for edge in (start, end):
            centre = int(edge * RATE)
            mask[max(0, centre - int(0.02 * RATE)) : centre + int(0.02 * RATE)] = False
    return mask


def click_profile(audio, notes, sound_ends) -> dict:
    """Edge sharpness from the second difference, and the broadband energy at note starts."""
    d2 = np.zeros_like(audio)
    d2[1:-1] = np.abs(audio[2:] - 2 * audio[1:-1] + audio[:-2])
    held = _held_mask(audio, notes)
    steady = np.percentile(d2[held], 99)
    window = int(0.002 * RATE)

    def edge_ratios(times):
        ratios = []
        for t in times:
            centre = int(t * RATE)
            part = d2[max(1, centre - window) : centre + window]
            if part.size:
                ratios.append(part.max() / steady)
        return np.array(ratios)

    onsets = edge_ratios([n[0] for n in notes])
    # an end of sound right at the next note's start would measure that onset instead
    starts = np.array([n[0] for n in notes])
    ends = edge_ratios([t for t in sound_ends if np.abs(starts - t).min() > 0.01])

    def high_share(segment):
        power = np.abs(np.fft.rfft(segment * np.hanning(len(segment)))) ** 2
        freqs = np.fft.rfftfreq(len(segment), 1 / RATE)
        return power[freqs > 4000].sum() / max(power.sum(), 1e-30)

    half = int(0.005 * RATE)
    onset_high = [high_share(audio[int(n[0] * RATE) - half : int(n[0] * RATE) + half])
                  for n in notes if int(n[0] * RATE) >= half]
    held_high = []
    for start, end, _, _ in notes:
        middle = int((start + end) / 2 * RATE)
        if end - start > 0.06:
            held_high.append(high_share(audio[middle - half : middle + half]))
    return {
        "onset_d2_ratio_median": round(float(np.median(onsets)), 2),
        "onset_d2_ratio_max": round(float(onsets.max()), 2),
        "onsets_with_click": int((onsets > 3).sum()),
        "isolated_ends": int(len(ends)),
        "end_d2_ratio_median": round(float(np.median(ends)), 2) if len(ends) else None,
        "end_d2_ratio_max": round(float(ends.max()), 2) if len(ends) else None,
        "ends_with_click": int((ends > 3).sum()),
        "edges": int(len(onsets) + len(ends)),
        "onset_energy_above_4khz": float(f"{np.median(onset_high):.2e}"),
        "held_energy_above_4khz": float(f"{np.median(held_high):.2e}"),
    }


def compare(abc: str) -> dict:
    from introdl.lab1.music.render import score_to_midi
    from introdl.lab1.music.tunes import check_tune

    check = check_tune(abc, engrave=False)
    ours, theirs, notes, seconds = synthesize_both(score_to_midi(check.score))
    release = 0.06  # the NumPy synth's release after note-off; pretty_midi fades out before it
    return {
        "title": check.title,
        "notes": len(notes),
        "numpy": {"seconds_to_synthesize": round(seconds[0], 3), **harmonic_profile(ours, notes),
                  **click_profile(ours, notes, [n[1] + release for n in notes])},
        "pretty_midi": {"seconds_to_synthesize": round(seconds[1], 3), **harmonic_profile(theirs, notes),
                        **click_profile(theirs, notes, [n[1] for n in notes])},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tunes", type=int, default=3, help="O'Neill tunes to compare (from the third on)")
    args = parser.parse_args(argv)
    from introdl.lab1.music.data import load_songs

    songs = load_songs()[2 : 2 + args.tunes]
    results = [compare(song) for song in songs]
    for result in results:
        print(f"{result['title']} ({result['notes']} notes)")
        for name in ("numpy", "pretty_midi"):
            row = result[name]
            print(f"  {name:11s} harmonics dB {row['harmonic_db']}  near-harmonic energy "
                  f"{row['energy_near_harmonics']:.3f}  | onset d2 ratio median {row['onset_d2_ratio_median']} "
                  f"max {row['onset_d2_ratio_max']} ({row['onsets_with_click']} > 3)  {row['isolated_ends']} isolated "
                  f"ends: median {row['end_d2_ratio_median']} max {row['end_d2_ratio_max']} "
                  f"({row['ends_with_click']} > 3) | "
                  f">4 kHz at onsets {row['onset_energy_above_4khz']:.1e} vs held {row['held_energy_above_4khz']:.1e}"
                  f" | {row['seconds_to_synthesize']:.3f} s")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
