"""The music package's fixtures (defined once in tests/music_fixtures.py)."""

from music_fixtures import a_tune, batch, songs, vocab  # noqa: F401  (fixtures)
