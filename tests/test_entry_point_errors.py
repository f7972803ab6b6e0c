"""Every entry point that takes a framework or a profile rejects an unknown one with the
same one-line message, listing the accepted values, and all agree on the default."""

import os
import subprocess
import sys

import pytest

from book_testing import REPO_ROOT
from introdl import frameworks, profiles

PROFILE_MESSAGE = profiles.ProfileError  # the class; the text is checked below
BAD_PROFILE = ("Unknown profile 'tiny': use one of smoke, full (default full; "
               "set BOOK_PROFILE=smoke or pass --profile smoke).")
BAD_FRAMEWORK = ("Unknown framework 'jax': use one of tensorflow, pytorch "
                 "(also accepted, any case: keras, tf, tf.keras, torch).")


def run(*args, env_profile=None):
    env = {key: value for key, value in os.environ.items() if key != "BOOK_PROFILE"}
    if env_profile is not None:
        env["BOOK_PROFILE"] = env_profile
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_the_messages_themselves():
    with pytest.raises(profiles.ProfileError) as error:
        profiles.validate_profile("tiny")
    assert str(error.value) == BAD_PROFILE
    with pytest.raises(frameworks.FrameworkError) as error:
        frameworks.check_framework("jax")
    assert str(error.value) == BAD_FRAMEWORK
    assert [frameworks.check_framework(name) for name in ("TF", "Keras", "torch", "PyTorch")] == [
        "tensorflow", "tensorflow", "pytorch", "pytorch"]


def test_pages_get_the_same_messages(monkeypatch):
    from introdl import by_profile, setup_page

    with pytest.raises(frameworks.FrameworkError, match=BAD_FRAMEWORK.replace("(", r"\(").replace(")", r"\)")):
        setup_page(frameworks=("jax",), show=False)
    monkeypatch.setenv("BOOK_PROFILE", "tiny")
    for call in (lambda: setup_page(show=False), lambda: by_profile(smoke=1, full=2)):
        with pytest.raises(profiles.ProfileError) as error:
            call()
        assert str(error.value) == BAD_PROFILE


@pytest.mark.parametrize("command", [
    ("booktools.build", "--profile", "tiny"),
    ("booktools.notebook_run", "--profile", "tiny", "book/intro.md"),
    ("introdl.lab1.music", "train", "--framework", "pytorch", "--profile", "tiny", "--out", "/nonexistent/x"),
], ids=["build", "notebook_run", "music-cli"])
def test_command_lines_reject_an_unknown_profile_in_one_line(command):
    for result in (run(*command), run(*[a for a in command if a not in ("--profile", "tiny")], env_profile="tiny")):
        assert result.returncode == 2, result.stderr
        last = result.stderr.strip().splitlines()[-1]
        assert last.endswith(BAD_PROFILE) and "Traceback" not in result.stderr


def test_the_music_cli_rejects_an_unknown_framework_in_one_line():
    result = run("introdl.lab1.music", "train", "--framework", "jax", "--out", "/nonexistent/x")
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].endswith(BAD_FRAMEWORK)


def test_every_entry_point_defaults_to_full(monkeypatch):
    from booktools.notebook_run import run_page  # noqa: F401  (its default is current_profile())

    monkeypatch.delenv("BOOK_PROFILE", raising=False)
    assert profiles.current_profile() == profiles.DEFAULT_PROFILE == "full"
    for module in ("booktools.build", "booktools.notebook_run", "introdl.lab1.music"):
        args = ("train", "--help") if module == "introdl.lab1.music" else ("--help",)
        assert "else full" in " ".join(run(module, *args).stdout.split())
