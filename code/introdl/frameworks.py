"""The two frameworks, defined once: ids, display names, plot styles and accepted aliases.

Every module that names a framework imports it from here, so "tensorflow" and "pytorch"
are spelled in one place, and every entry point (pages, the music CLI, the checks)
rejects an unknown name with the same message:

    >>> check_framework("Torch")
    'pytorch'
    >>> check_framework("jax")
    Traceback (most recent call last):
    ...
    introdl.frameworks.FrameworkError: Unknown framework 'jax': use one of tensorflow, pytorch (also accepted, any case: keras, tf, tf.keras, torch).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

TENSORFLOW = "tensorflow"
PYTORCH = "pytorch"


@dataclass(frozen=True)
class Framework:
    id: str  # what code passes around, and the page's cell tag
    name: str  # what a reader sees: tab labels, table columns, plot legends
    module: str  # the top-level module a tensor of this framework comes from
    linestyle: str  # the same framework always looks the same in every figure
    marker: str
    aliases: tuple[str, ...]  # other spellings accepted (case-insensitive)


FRAMEWORKS = {
    TENSORFLOW: Framework(TENSORFLOW, "TensorFlow", "tensorflow", "-", "o", ("tf", "keras", "tf.keras")),
    PYTORCH: Framework(PYTORCH, "PyTorch", "torch", "--", "x", ("torch",)),
}
IDS = tuple(FRAMEWORKS)  # ("tensorflow", "pytorch"): the order of tabs, columns and legends
DEFAULT = TENSORFLOW  # the first tab, and the framework a check assumes when given none
NAMES = tuple(f.name for f in FRAMEWORKS.values())
TENSORFLOW_NAME, PYTORCH_NAME = NAMES
KERAS_NAME = "Keras"  # not a framework here, but its own package: pages record its version beside TensorFlow's

_BY_SPELLING = {spelling: f.id for f in FRAMEWORKS.values() for spelling in (f.id, *f.aliases)}


class FrameworkError(ValueError):
    """An unknown framework name; the message lists the accepted ones."""


def check_framework(name) -> str:
    """The framework id for ``name`` (an id, display name or alias, any case), else FrameworkError."""
    framework = _BY_SPELLING.get(str(name).strip().lower()) if isinstance(name, str) else None
    if framework is None:
        aliases = sorted(spelling for spelling in _BY_SPELLING if spelling not in IDS)
        raise FrameworkError(f"Unknown framework {name!r}: use one of {', '.join(IDS)} "
                             f"(also accepted, any case: {', '.join(aliases)}).")
    return framework


def get(name) -> Framework:
    """The Framework for an id, display name or alias."""
    return FRAMEWORKS[check_framework(name)]


def display_name(name) -> str:
    """'TensorFlow' or 'PyTorch' for any accepted spelling."""
    return get(name).name


def framework_argument(value: str) -> str:
    """An ``argparse`` type: the framework id, or the one-line error as a usage error."""
    try:
        return check_framework(value)
    except FrameworkError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
