"""Pick the framework module by name; both have the same public API."""

from __future__ import annotations

import importlib

FRAMEWORKS = ("tensorflow", "pytorch")
_MODULES = {"tensorflow": "model_tf", "pytorch": "model_torch"}


def check_framework(name: str) -> str:
    if name not in FRAMEWORKS:
        raise ValueError(f"framework={name!r}: use 'tensorflow' or 'pytorch'.")
    return name


def load_backend(name: str):
    """``introdl.music.model_tf`` for "tensorflow", ``model_torch`` for "pytorch"."""
    return importlib.import_module(f"{__package__}.{_MODULES[check_framework(name)]}")
