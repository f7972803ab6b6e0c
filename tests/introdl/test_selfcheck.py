"""introdl.selfcheck, the self-check engine: one PASS/FAIL line, never a traceback outside the build."""

from __future__ import annotations

import subprocess
import sys

import pytest

from introdl import selfcheck
from introdl.selfcheck import STRICT_ENV_VAR, CheckFailed, CheckResult, fail, self_check, strict_mode


@self_check
def check_positive(value, name="value"):
    """A check as a lab writes one: the PASS message, or fail(...) on the first problem."""
    if value is ...:
        fail(f"{name} is still `...` (the TODO)")
    if value <= 0:
        fail(f"{name} should be positive, got {value}")
    return f"{name} = {value} is positive"


@pytest.fixture
def student(monkeypatch):
    monkeypatch.delenv(STRICT_ENV_VAR, raising=False)


@pytest.fixture
def build(monkeypatch):
    monkeypatch.setenv(STRICT_ENV_VAR, "1")


def test_result_is_truthy_only_when_it_passes():
    assert CheckResult(True, "ok")
    assert not CheckResult(False, "no")
    assert str(CheckResult(False, "no")) == "FAIL: no"
    assert repr(CheckResult(True, "ok")) == "PASS: ok"


def test_a_check_returns_pass_with_its_message(student):
    result = check_positive(3)
    assert isinstance(result, CheckResult) and result.passed
    assert repr(result) == "PASS: value = 3 is positive"


@pytest.mark.parametrize("value, message", [(..., "value is still `...` (the TODO)"),
                                            (-2, "value should be positive, got -2")])
def test_fail_gives_a_fail_line_and_does_not_raise(student, value, message):
    result = check_positive(value)
    assert not result and repr(result) == f"FAIL: {message}"


def test_any_exception_in_the_check_is_a_fail_line_naming_it(student):
    assert repr(check_positive("3")) == (
        "FAIL: check_positive could not run: TypeError: '<=' not supported between instances of 'str' and 'int'")
    missing = check_positive()
    assert not missing and "could not run" in missing.message and "missing" in missing.message


def test_a_many_line_error_becomes_one_line(student):
    @self_check
    def check_raises(_):
        raise ValueError("first line\nsecond line\nthird line")

    assert repr(check_raises(1)) == "FAIL: check_raises could not run: ValueError: first line"


def test_in_the_build_a_fail_raises_but_a_pass_does_not(build):
    with pytest.raises(CheckFailed, match=r"^FAIL: value should be positive, got -1$"):
        check_positive(-1)
    with pytest.raises(CheckFailed, match="could not run"):
        check_positive()
    assert check_positive(1)
    assert issubclass(CheckFailed, AssertionError)


@pytest.mark.parametrize("setting, strict", [("1", True), ("true", True), (" Yes ", True), ("on", True),
                                             ("0", False), ("", False), ("no", False)])
def test_strict_mode_reads_the_environment(monkeypatch, setting, strict):
    monkeypatch.setenv(STRICT_ENV_VAR, setting)
    assert strict_mode() is strict


def test_the_undecorated_check_stays_reachable(student):
    assert check_positive.__wrapped__(2) == "value = 2 is positive"
    assert check_positive.__name__ == "check_positive" and "lab writes one" in check_positive.__doc__


def test_lab1s_checks_module_still_exports_the_engine():
    from introdl import exercises
    from introdl.lab1 import part1_checks as checks

    for name in ("CheckResult", "CheckFailed", "fail", "self_check", "strict_mode", "STRICT_ENV_VAR"):
        assert getattr(checks, name) is getattr(selfcheck, name)
    assert exercises.strict_mode is selfcheck.strict_mode


def test_the_engine_imports_no_framework():
    code = ("import sys, introdl.selfcheck, introdl.exercises; "
            "print(sorted(m for m in ('tensorflow', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
