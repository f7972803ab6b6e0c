import pytest

import introdl
from introdl.profiles import ProfileError, by_profile, current_profile, validate_profile


def test_default_profile_is_full(monkeypatch):
    monkeypatch.delenv("BOOK_PROFILE", raising=False)
    assert current_profile() == "full"


@pytest.mark.parametrize("value, expected", [("smoke", "smoke"), ("FULL", "full"), (" smoke ", "smoke")])
def test_profile_is_read_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("BOOK_PROFILE", value)
    assert current_profile() == expected


def test_unknown_profile_lists_the_valid_ones(monkeypatch):
    monkeypatch.setenv("BOOK_PROFILE", "quick")
    with pytest.raises(ProfileError, match=r"'quick'.*smoke, full"):
        current_profile()


def test_by_profile_picks_the_active_size(monkeypatch):
    monkeypatch.setenv("BOOK_PROFILE", "smoke")
    assert by_profile(smoke=20, full=2000) == 20
    monkeypatch.setenv("BOOK_PROFILE", "full")
    assert by_profile(smoke=20, full=2000) == 2000


def test_validate_profile_rejects_empty():
    with pytest.raises(ProfileError):
        validate_profile("")


def test_importing_introdl_does_not_import_the_frameworks():
    import subprocess
    import sys

    code = "import sys, introdl; print('tensorflow' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert introdl.PROFILES == ("smoke", "full")
