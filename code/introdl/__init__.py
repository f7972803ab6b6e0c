"""Shared code for the executable MIT 6.S191 (2021) notes.

Importing ``introdl`` is cheap: TensorFlow and PyTorch are imported only inside the
functions that need them, so a tool that uses one framework never loads the other.

It does one thing at once: whenever TensorFlow is imported afterwards, from anywhere,
PyTorch's triton (where installed) is loaded before it, since the other order crashes the
process (see ``introdl.framework_loading``).
"""

from . import framework_loading

framework_loading.install_guard()

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
