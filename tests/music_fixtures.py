"""Fixtures for the music lab's tests (its unit tests and its page tests): a few real tunes,
their vocabulary, one tune that engraves, and a small batch of ids."""

import numpy as np
import pytest

from introdl.lab1.music.data import join_songs, load_songs
from introdl.lab1.music.vocab import Vocabulary


@pytest.fixture(scope="session")
def songs():
    return load_songs()


@pytest.fixture(scope="session")
def vocab(songs):
    return Vocabulary.from_text(join_songs(songs))


@pytest.fixture(scope="session")
def a_tune(songs):
    return songs[2]  # "The Little Heathy Hill": parses, engraves, music21 writes its MIDI


@pytest.fixture
def batch(vocab):
    rng = np.random.default_rng(0)
    x = rng.integers(0, len(vocab), size=(2, 12))
    y = rng.integers(0, len(vocab), size=(2, 12))
    return x, y
