"""Shared code for the executable MIT 6.S191 (2021) notes.

Importing ``introdl`` is cheap: TensorFlow and PyTorch are imported only inside the
functions that need them, so a tool that uses one framework never loads the other.
"""

from .profiles import PROFILES, ProfileError, by_profile, current_profile, validate_profile
from .page_setup import PageEnvironment, setup_page

__all__ = [
    "PROFILES",
    "PageEnvironment",
    "ProfileError",
    "by_profile",
    "current_profile",
    "setup_page",
    "validate_profile",
]
