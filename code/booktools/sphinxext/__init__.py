"""Sphinx extensions used by the book (loaded from _config.yml)."""
