"""The training data: Irish folk tunes in ABC notation.

By default the songs come from O'Neill's "Music of Ireland" (1850), which music21 ships in
its corpus (``corpus/oneills1850/*.abc``, 2,009 tunes), so nothing is downloaded. Any other
ABC file or folder (for example the 6.S191 lab's ``irish.abc``) loads the same way.

ABC files mix music with bibliographic fields (who transcribed the tune, their e-mail,
the source book). Cleaning keeps what a model should learn to write: the reference number,
title, meter, note length, tempo, rhythm, parts, key and the tune body.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

# Header fields kept by clean_song; the rest (N: notes, Z: transcriber, B: book, C:, S:, ...)
# is metadata that the model would otherwise have to learn to copy.
KEPT_FIELDS = frozenset("XTMLQRKP")
_FIELD_LINE = re.compile(r"^([A-Za-z]):\s*(.*)$")
_BLANKS = re.compile(r"[ \t]+")
_TUNE_START = re.compile(r"^\s*X:", re.MULTILINE)


class MusicDataError(ValueError):
    """A data file that cannot be used: the message says which and what to do."""


@dataclass(frozen=True)
class CorpusStats:
    songs: int
    characters: int
    vocabulary: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.songs:,} songs, {self.characters:,} characters, "
            f"{len(self.vocabulary)} distinct characters"
        )


def oneills_folder() -> Path:
    """Where music21 keeps O'Neill's "Music of Ireland" (1850) in ABC."""
    import music21

    return Path(music21.__file__).parent / "corpus" / "oneills1850"


def split_songs(text: str) -> list[str]:
    """Split ABC text into tunes, one per ``X:`` header, each cleaned; drop empty ones."""
    starts = [match.start() for match in _TUNE_START.finditer(text)]
    chunks = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    songs = [clean_song(chunk) for chunk in chunks]
    return [song for song in songs if song]


def clean_song(song: str) -> str:
    """Tidy one tune; return "" when it has no key line (K:) or no music after it.

    Keeps header fields in KEPT_FIELDS written as ``F:value``, drops ``%`` comments and
    blank lines, and writes each run of spaces or tabs as one space.
    """
    lines = []
    in_body = False
    for raw in song.replace("\r", "").split("\n"):
        # Runs of spaces and tabs mean the same as one space in ABC (they only end a beam).
        line = _BLANKS.sub(" ", raw).strip()
        if not line.strip() or line.lstrip().startswith("%"):
            continue
        field = _FIELD_LINE.match(line) if not line.startswith(("|", "[")) else None
        if field:
            name, value = field.groups()
            if name not in KEPT_FIELDS:
                continue
            if name == "K" and not value.strip():
                return ""  # a key line without a key: no tune a reader could play
            line = f"{name}:{value.strip()}"
            if name == "K":
                in_body = True
        elif not in_body:
            continue  # music before the key line: not valid ABC, skip it
        lines.append(line)
    has_music = in_body and not _FIELD_LINE.match(lines[-1])
    return "\n".join(lines) if has_music else ""


def _read_abc_text(path: Path) -> str:
    if not path.exists():
        raise MusicDataError(f"{path}: no such file or folder; give an ABC file (.abc) or a folder of them.")
    files = sorted(path.glob("*.abc")) if path.is_dir() else [path]
    if not files:
        raise MusicDataError(f"{path}: folder has no .abc files; give an ABC file or a folder of them.")
    texts = []
    for file in files:
        data = file.read_bytes()
        if b"\x00" in data[:4096]:
            raise MusicDataError(f"{file}: is a binary file, not ABC text; give an ABC file (.abc).")
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n\n".join(texts)


def load_songs(path=None) -> list[str]:
    """Load and clean every tune from ``path`` (an ABC file or folder); default O'Neill's 1850.

    Raises MusicDataError for a missing, empty or non-ABC path.
    """
    path = oneills_folder() if path is None else Path(path)
    text = _read_abc_text(path)
    if not text.strip():
        raise MusicDataError(f"{path}: file is empty; give an ABC file with tunes starting 'X:'.")
    songs = split_songs(text)
    if not songs:
        raise MusicDataError(
            f"{path}: no ABC tunes found (a tune starts with a line 'X:' and has a key line 'K:' "
            "followed by music); give an ABC file."
        )
    return songs


def join_songs(songs) -> str:
    """The training text: the songs separated by a blank line, as in the 6.S191 lab."""
    return "\n\n".join(songs)


def corpus_stats(songs) -> CorpusStats:
    """Count songs, characters of the joined text and distinct characters (the vocabulary)."""
    text = join_songs(songs)
    return CorpusStats(songs=len(songs), characters=len(text), vocabulary=tuple(sorted(set(text))))


def train_validation_split(songs, validation_fraction: float = 0.1, seed: int = 0):
    """Shuffle the songs with ``seed`` and hold out ``validation_fraction`` of them (whole songs)."""
    if not 0 < validation_fraction < 1:
        raise ValueError(f"validation_fraction={validation_fraction}: use a number between 0 and 1.")
    songs = list(songs)
    if len(songs) < 2:
        raise MusicDataError(f"{len(songs)} song(s): a train/validation split needs at least 2.")
    order = list(range(len(songs)))
    random.Random(seed).shuffle(order)
    n_validation = min(len(songs) - 1, max(1, round(validation_fraction * len(songs))))
    validation = [songs[i] for i in sorted(order[:n_validation])]
    train = [songs[i] for i in sorted(order[n_validation:])]
    return train, validation
