"""The music lab's fixtures for its page tests (defined once in tests/music_fixtures.py)."""

from music_fixtures import a_tune, batch, songs, vocab  # noqa: F401  (fixtures)
