"""Tables and the tune gallery for generated text: what was written, what is valid, why not.

A *run* is one call of ``generate_text``, keyed by ``(framework, temperature)``: its text,
the seconds it took and the TuneCheck of every tune found in it (``tunes.check_tunes``).
``tune_summary_table`` sets the musical statistics of sets of tunes side by side.
"""

from __future__ import annotations

import html

from ...results import Results
from .tunes import TuneCheck, _midi_name


def text_head(text: str, chars: int = 70) -> str:
    """The first ``chars`` characters on one line, line breaks shown as ⏎."""
    head = text[:chars].replace("\r", "").replace("\n", "⏎")
    return head + ("…" if len(text) > chars else "")


def _count(checks, test) -> int:
    return sum(1 for check in checks if test(check))


def generation_table(texts: dict, checks: dict, seconds: dict | None = None, num_chars: int | None = None,
                     head_chars: int = 70) -> str:
    """HTML table, one row per run: tunes found, parsed, valid, speed and the text's start.

    The speed is ``num_chars`` (the characters the model wrote; default the text's length)
    over ``seconds[run]``.
    """
    seconds = seconds or {}
    rows = []
    for key, text in texts.items():
        framework, temperature = key
        found = checks[key]
        rate = f"{(num_chars or len(text)) / seconds[key]:,.0f}" if seconds.get(key) else "—"
        cells = [html.escape(str(framework)), f"{temperature:g}", str(len(found)),
                 str(_count(found, lambda c: c.score is not None)), str(_count(found, lambda c: c.valid)), rate]
        row = "".join(f'<td style="text-align:right">{cell}</td>' for cell in cells[1:])
        rows.append(f'<tr><td>{cells[0]}</td>{row}<td style="text-align:left"><code>'
                    f"{html.escape(text_head(text, head_chars))}</code></td></tr>")
    headers = ["Framework", "Temperature", "Tunes found", "Parse", "Valid", "Characters per second",
               "Text written (start)"]
    head = "".join(f"<th>{name}</th>" for name in headers)
    return (f'<table class="introdl-results"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def invalid_tunes_table(checks: dict, reason_chars: int = 160) -> str:
    """HTML table of every invalid tune with the checker's reason (cut to ``reason_chars``)."""
    rows = []
    for (framework, temperature), found in checks.items():
        for number, check in enumerate(found, start=1):
            if not check.valid:
                rows.append(
                    f"<tr><td>{html.escape(str(framework))}</td><td>{temperature:g}</td><td>{number}</td>"
                    f"<td>{html.escape(check.title or '(no title)')}</td>"
                    f"<td>{html.escape(_shorten(check.reason or '', reason_chars))}</td></tr>"
                )
    if not any(checks.values()):
        return "<p>No tunes were found: no line of the generated text starts with <code>X:</code>.</p>"
    if not rows:
        return "<p>Every tune found is valid.</p>"
    head = "".join(f"<th>{name}</th>" for name in ("Framework", "Temperature", "Tune", "Title", "Why it is invalid"))
    return (f'<table class="introdl-results"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def choose_tunes_to_show(checks: dict, default_temperature: float = 1.0, limit: int = 12):
    """Pick the valid tunes to engrave and play, keeping the page light.

    All valid tunes when there are at most ``limit``; otherwise those written at
    ``default_temperature`` (up to ``limit``). Returns ``(chosen, note)``: chosen is a list
    of ``(framework, temperature, number, check)``, note a sentence saying what was left out.
    """
    if limit < 1:
        raise ValueError(f"limit={limit}: show at least one tune.")
    valid = [(framework, temperature, number, check)
             for (framework, temperature), found in checks.items()
             for number, check in enumerate(found, start=1) if check.valid]
    if not valid:
        return [], "No tune is valid, so there is nothing to engrave or play; the reasons are listed above."
    if len(valid) <= limit:
        return valid, f"All {len(valid)} valid tunes are engraved and played below."
    at_default = [item for item in valid if item[1] == default_temperature]
    chosen = at_default[:limit]
    note = (f"{len(valid)} tunes are valid, more than the {limit} this page shows: here are "
            f"{len(chosen)} of the {len(at_default)} written at temperature {default_temperature:g}; "
            "the others are counted in the table above.")
    return chosen, note


def show_tunes(chosen, max_seconds: float | None = 60) -> list:
    """Engrave and play each chosen tune under a caption; return the ones that failed to render.

    The audio stops after ``max_seconds`` (a looping tune can last minutes and weigh
    megabytes on the page). A tune can be valid ABC and still fail to become MIDI or
    audio (a RenderError); it is reported under its caption instead of stopping the page.
    """
    from IPython.display import Markdown, display

    from .render import RenderError, render_tune, show_tune

    failed = []
    for framework, temperature, number, check in chosen:
        display(Markdown(f"**{framework}, temperature {temperature:g}, tune {number}**"))
        try:
            show_tune(render_tune(check, max_seconds=max_seconds))
        except RenderError as error:
            display(Markdown(f"Not rendered: {error}"))
            failed.append((framework, temperature, number, str(error)))
    return failed


def all_checks(checks: dict, framework: str) -> list[TuneCheck]:
    """Every tune one framework wrote, over all temperatures."""
    return [check for (name, _), found in checks.items() if name == framework for check in found]


def _top(items, n: int = 3) -> str:
    """The ``n`` commonest entries of a ``Counter.most_common()`` list, with their shares."""
    total = sum(count for _, count in items) or 1
    return ", ".join(f"{key} {100 * count / total:.0f}%" for key, count in items[:n]) or "-"


# (row label, the cell's text from one summarize_tunes dict)
_SUMMARY_ROWS = (
    ("tunes checked", lambda s: f"{s['tunes']}"),
    ("parse (music21 reads it)", lambda s: f"{s['parsed']} ({100 * s['parsed_fraction']:.0f}%)"),
    ("valid (parse + engrave)", lambda s: f"{s['valid']} ({100 * s['valid_fraction']:.0f}%)"),
    ("most common keys", lambda s: _top(s["keys"])),
    ("most common meters", lambda s: _top(s["meters"])),
    ("mean notes per tune", lambda s: f"{s['mean_notes']:.0f}"),
    ("mean length (quarter notes)", lambda s: f"{s['mean_quarter_notes']:.0f}"),
    ("mean range (semitones)", lambda s: f"{s['mean_range']:.1f}"),
    ("lowest / highest note", lambda s: f"{_midi_name(s['lowest'])} / {_midi_name(s['highest'])}"),
)


def tune_summary_table(named_summaries: dict) -> Results:
    """Sets of tunes side by side, one column per set: how many parse and are valid, and their music.

    ``named_summaries`` maps a column name to a ``tunes.summarize_tunes`` dict, e.g.
    ``{"training data (100 tunes)": s1, "TensorFlow": s2, "PyTorch": s3}``; columns named
    ``"TensorFlow"`` and ``"PyTorch"`` join the book's build report like any ``Results``. The
    rows: tunes checked, how many music21 parses and how many are valid (with their shares),
    the three commonest keys and meters, and the valid tunes' mean notes, length, range and
    their lowest and highest note.
    """
    if not isinstance(named_summaries, dict) or not named_summaries:
        raise ValueError("named_summaries should be a non-empty dict {column name: summarize_tunes(...) dict}, "
                         f"got {named_summaries!r}.")
    table = Results(columns=[str(name) for name in named_summaries], row_headers=("Statistic", ""))
    for name, summary in named_summaries.items():
        missing = [key for key in ("tunes", "parsed", "parsed_fraction", "valid", "valid_fraction", "keys", "meters",
                                   "mean_notes", "mean_quarter_notes", "mean_range", "lowest", "highest")
                   if not isinstance(summary, dict) or key not in summary]
        if missing:
            raise ValueError(f"The summary for {name!r} should be a summarize_tunes(...) dict; it lacks {missing}.")
        for label, cell in _SUMMARY_ROWS:
            table.add(label, "", str(name), cell(summary))
    return table
