"""Build profiles: how big the experiments on a page are.

``BOOK_PROFILE=full`` is what the published site shows (the course's own sizes);
``BOOK_PROFILE=smoke`` shrinks every experiment so the whole book builds in minutes
for tests and CI. Pages never read the variable themselves: they ask
``introdl.by_profile(smoke=..., full=...)`` so both sizes sit next to each other.
"""

from __future__ import annotations

import os

PROFILE_ENV_VAR = "BOOK_PROFILE"
PROFILES = ("smoke", "full")
DEFAULT_PROFILE = "full"


class ProfileError(ValueError):
    """An unknown value of BOOK_PROFILE."""


def validate_profile(name: str) -> str:
    """Return ``name`` normalised, or raise ProfileError listing the valid profiles."""
    normalised = name.strip().lower()
    if normalised not in PROFILES:
        raise ProfileError(
            f"Unknown {PROFILE_ENV_VAR}={name!r}: use one of {', '.join(PROFILES)} "
            f"(e.g. `make book {PROFILE_ENV_VAR}=smoke`)."
        )
    return normalised


def current_profile() -> str:
    """The active profile: ``$BOOK_PROFILE`` if set, else ``full``."""
    return validate_profile(os.environ.get(PROFILE_ENV_VAR, DEFAULT_PROFILE) or DEFAULT_PROFILE)


def by_profile(*, smoke, full):
    """Pick the value for the active profile: ``steps = by_profile(smoke=20, full=2000)``."""
    return {"smoke": smoke, "full": full}[current_profile()]
