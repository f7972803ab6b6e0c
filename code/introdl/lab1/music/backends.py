"""Pick the framework module by name; both have the same public API."""

from __future__ import annotations

import importlib

from ...frameworks import PYTORCH, TENSORFLOW, check_framework

__all__ = ["check_framework", "load_backend"]

_MODULES = {TENSORFLOW: "model_tf", PYTORCH: "model_torch"}


def load_backend(name: str):
    """``introdl.lab1.music.model_tf`` for TensorFlow, ``model_torch`` for PyTorch (any accepted spelling)."""
    return importlib.import_module(f"{__package__}.{_MODULES[check_framework(name)]}")
