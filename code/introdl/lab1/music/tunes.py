"""Find the tunes in text a model wrote, check each one, and describe it musically.

A character model writes ABC that is often broken: a tune cut off mid-bar, a header with
no key, notes music21 cannot read. Such text is the expected input here, never an
exception: every tune gets a TuneCheck that says whether it is valid and, if not, the
reason the parser (music21) or the engraver (verovio) gave.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

from .engrave import EngravingError, abc_to_svg

_TUNE_START = re.compile(r"^X:", re.MULTILINE)
_KEY_LINE = re.compile(r"^K:(.*)$", re.MULTILINE)


def extract_tunes(text: str) -> list[str]:
    """Split generated text into tunes: each starts at a line beginning ``X:``.

    Text before the first ``X:`` is dropped; the last tune may be cut off (checks flag it).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_tunes needs a str, got {type(text).__name__}.")
    starts = [m.start() for m in _TUNE_START.finditer(text)]
    tunes = (text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)]))
    return [tune for tune in tunes if tune]


@dataclass
class TuneCheck:
    """The verdict on one tune. ``reason`` is None for a valid tune."""

    abc: str
    valid: bool
    reason: str | None = None
    title: str = ""
    notes: int = 0
    warnings: list = field(default_factory=list)
    svg: str | None = field(default=None, repr=False)
    score: object = field(default=None, repr=False)  # the music21 Score, when it parsed

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "valid": self.valid,
            "reason": self.reason,
            "notes": self.notes,
            "warnings": self.warnings,
        }


def _title(abc: str) -> str:
    match = re.search(r"^T:(.*)$", abc, re.MULTILINE)
    return match.group(1).strip() if match else ""


def _first_line(message: object) -> str:
    text = str(message).strip()
    return text.splitlines()[0] if text else ""


def parse_abc(abc: str):
    """Parse ABC with music21; return (score, warnings). Raises ValueError with the reason."""
    import music21

    messages = io.StringIO()
    # music21 prints its ABC warnings ("Could not get pitch information ...") to stderr.
    with warnings.catch_warnings(), contextlib.redirect_stderr(messages), contextlib.redirect_stdout(messages):
        warnings.simplefilter("ignore")
        try:
            score = music21.converter.parseData(abc, format="abc")
        except Exception as error:  # music21 raises many types on malformed ABC
            raise ValueError(f"music21 could not parse it: {type(error).__name__}: {_first_line(error)}") from None
    found = [line.replace("abcFormat: WARNING: ", "").strip() for line in messages.getvalue().splitlines()]
    return score, [line for line in found if line]


def check_tune(abc: str, engrave: bool = True) -> TuneCheck:
    """Check one ABC tune: header, music21 parse, notes, and (if ``engrave``) verovio.

    A tune is valid when it has a key line with music after it, music21 parses it
    without errors or unreadable notes, and verovio engraves it. Never raises on bad ABC.
    """
    if not isinstance(abc, str):
        raise TypeError(f"check_tune needs the ABC text as a str, got {type(abc).__name__}.")
    abc = abc.strip()
    check = TuneCheck(abc=abc, valid=False, title=_title(abc))
    key = _KEY_LINE.search(abc)
    if not abc.startswith("X:"):
        check.reason = "no 'X:' line: a tune must start with its reference number"
    elif key is None or not key.group(1).strip():
        check.reason = "no key line ('K:' with a key): the header is incomplete"
    elif not abc[key.end():].strip():
        check.reason = "no music after the key line"
    if check.reason:
        return check
    try:
        score, found = parse_abc(abc)
    except ValueError as error:
        check.reason = str(error)
        return check
    check.score, check.warnings = score, found
    check.notes = len(score.flatten().notes)
    if check.notes == 0:
        check.reason = "music21 found no notes"
    elif found:
        check.reason = f"music21: {found[0]}"
    if check.reason:
        return check
    if engrave:
        try:
            check.svg = abc_to_svg(abc)
        except EngravingError as error:
            check.reason = f"verovio: {error}"
            return check
    check.valid = True
    return check


def check_tunes(text: str, engrave: bool = True) -> list[TuneCheck]:
    """Extract the tunes of ``text`` and check each one."""
    return [check_tune(tune, engrave=engrave) for tune in extract_tunes(text)]


def tune_statistics(score) -> dict:
    """Key, meter, note range and length of a parsed tune (a music21 Score)."""
    flat = score.flatten()
    pitches = [p.midi for n in flat.notes for p in n.pitches]
    # music21 gives a pickup bar a time signature of its own (e.g. 1/16 before a 2/4 tune),
    # so the tune's meter is the time signature most of its bars carry.
    meters = [meter for meter, _ in Counter(
        ts.ratioString for ts in flat.getElementsByClass("TimeSignature")).most_common()]
    keys = [str(k) for k in flat.getElementsByClass("KeySignature")]
    return {
        "key": keys[0] if keys else "none",
        "meter": meters[0] if meters else "none",
        "lowest": min(pitches) if pitches else None,
        "highest": max(pitches) if pitches else None,
        "range": (max(pitches) - min(pitches)) if pitches else 0,
        "notes": len(flat.notes),
        "quarter_notes": float(score.highestTime),
    }


def summarize_tunes(checks) -> dict:
    """Quality of a set of checked tunes: how many are valid, and their musical statistics."""
    checks = list(checks)
    stats = [tune_statistics(c.score) for c in checks if c.valid and c.score is not None]

    def mean(key):
        values = [s[key] for s in stats if s[key] is not None]
        return sum(values) / len(values) if values else float("nan")

    parsed = sum(c.score is not None for c in checks)  # music21 read it, warnings or not
    return {
        "tunes": len(checks),
        "parsed": parsed,
        "parsed_fraction": (parsed / len(checks)) if checks else 0.0,
        "valid": sum(c.valid for c in checks),
        "valid_fraction": (sum(c.valid for c in checks) / len(checks)) if checks else 0.0,
        "keys": Counter(s["key"] for s in stats).most_common(),
        "meters": Counter(s["meter"] for s in stats).most_common(),
        "mean_notes": mean("notes"),
        "mean_range": mean("range"),
        "mean_quarter_notes": mean("quarter_notes"),
        "lowest": min((s["lowest"] for s in stats), default=None),
        "highest": max((s["highest"] for s in stats), default=None),
        "reasons": Counter(_reason_kind(c.reason) for c in checks if not c.valid).most_common(),
    }


def _reason_kind(reason: str | None) -> str:
    """Group reasons ("music21: Could not get pitch information from note: p") by kind."""
    text = reason or ""
    return re.split(r"[:(]", text.replace("music21: ", "").replace("verovio: ", ""))[0].strip() or text


def _midi_name(number) -> str:
    if number is None:
        return "-"
    import music21

    return music21.pitch.Pitch(midi=number).nameWithOctave


def compare_summaries(named_summaries: dict) -> str:
    """A Markdown table comparing summaries, e.g. ``{"training": s1, "generated": s2}``."""
    names = list(named_summaries)

    def top(items, n=3):
        total = sum(count for _, count in items) or 1
        return ", ".join(f"{k} {100 * c / total:.0f}%" for k, c in items[:n]) or "-"

    rows = [
        ("tunes checked", lambda s: f"{s['tunes']}"),
        ("parse (music21 reads it)", lambda s: f"{s['parsed']} ({100 * s['parsed_fraction']:.0f}%)"),
        ("valid (parse + engrave)", lambda s: f"{s['valid']} ({100 * s['valid_fraction']:.0f}%)"),
        ("most common keys", lambda s: top(s["keys"])),
        ("most common meters", lambda s: top(s["meters"])),
        ("mean notes per tune", lambda s: f"{s['mean_notes']:.0f}"),
        ("mean length (quarter notes)", lambda s: f"{s['mean_quarter_notes']:.0f}"),
        ("mean range (semitones)", lambda s: f"{s['mean_range']:.1f}"),
        ("lowest / highest note", lambda s: f"{_midi_name(s['lowest'])} / {_midi_name(s['highest'])}"),
    ]
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(named_summaries[n]) for n in names) + " |")
    return "\n".join(lines)
