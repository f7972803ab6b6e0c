"""Build profiles: how big the experiments on a page are.

``BOOK_PROFILE=full`` is what the published site shows (the course's own sizes);
``BOOK_PROFILE=smoke`` shrinks every experiment so the whole book builds in minutes
for tests and CI. Pages never read the variable themselves: they ask
``introdl.by_profile(smoke=..., full=...)`` so both sizes sit next to each other.
"""

from __future__ import annotations

import argparse
import os

PROFILE_ENV_VAR = "BOOK_PROFILE"
PROFILES = ("smoke", "full")
DEFAULT_PROFILE = "full"


class ProfileError(ValueError):
    """An unknown value of BOOK_PROFILE."""


def validate_profile(name) -> str:
    """Return ``name`` normalised, or raise ProfileError listing the valid profiles.

    Every entry point (pages, the build, the notebook runner, the music CLI) gives this
    one message for an unknown profile, and all default to ``full``.
    """
    normalised = name.strip().lower() if isinstance(name, str) else None
    if normalised not in PROFILES:
        raise ProfileError(
            f"Unknown profile {name!r}: use one of {', '.join(PROFILES)} (default {DEFAULT_PROFILE}; "
            f"set {PROFILE_ENV_VAR}=smoke or pass --profile smoke)."
        )
    return normalised


def current_profile() -> str:
    """The active profile: ``$BOOK_PROFILE`` if set, else ``full``."""
    return validate_profile(os.environ.get(PROFILE_ENV_VAR, DEFAULT_PROFILE) or DEFAULT_PROFILE)


def profile_argument(value: str) -> str:
    """An ``argparse`` type: the profile, or the one-line error as a usage error."""
    try:
        return validate_profile(value)
    except ProfileError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def by_profile(*, smoke, full):
    """Pick the value for the active profile: ``steps = by_profile(smoke=20, full=2000)``."""
    return {"smoke": smoke, "full": full}[current_profile()]
