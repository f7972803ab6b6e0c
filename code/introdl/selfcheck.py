"""The self-check engine: a check's verdict is one ``PASS: ...`` or ``FAIL: ...`` line.

Every lab's checks are written with it (Lab 1 part 1's in ``introdl.lab1.part1_checks`` and
``introdl.lab1.part1_exercises``, the music lab's in ``introdl.lab1.music.lab_checks``). A check
is a function that returns its PASS message and calls :func:`fail` on the first problem;
:func:`self_check` turns it into one that returns a :class:`CheckResult`::

    from introdl.selfcheck import fail, self_check

    @self_check
    def check_mean(mean_fn):
        if mean_fn is ...:
            fail("mean_fn is still `...` (the TODO): write a function of one array")
        got = mean_fn(np.array([1.0, 2.0, 6.0]))
        if not np.isclose(got, 3.0):
            fail(f"mean_fn(np.array([1., 2., 6.])) should be 3.0, got {got}")
        return "mean_fn([1, 2, 6]) is 3.0"

    check_mean(np.mean)   # PASS: mean_fn([1, 2, 6]) is 3.0
    check_mean(...)       # FAIL: mean_fn is still `...` (the TODO): ...

**A FAIL does not raise.** A reader in Binder who runs a TODO cell before writing the
answer gets a FAIL line, never a traceback, and the rest of the notebook still runs. Any
exception inside the check (the reader's code failing, a missing or bad argument) becomes a
FAIL line that names it. Builds that must not publish a failing page set the environment
variable ``INTRODL_STRICT_CHECKS=1`` (:func:`strict_mode`): then a FAIL also raises
:class:`CheckFailed` (an ``AssertionError``) with the same message. A result is truthy only
when it passes, so ``assert check_mean(np.mean)`` works in scripts and tests.

This module imports no framework; ``introdl.exercises`` pairs a check with the reference
that replaces a failed answer.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from .tensor_inspect import one_line

STRICT_ENV_VAR = "INTRODL_STRICT_CHECKS"

__all__ = ["STRICT_ENV_VAR", "CheckFailed", "CheckResult", "fail", "self_check", "strict_mode"]


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a self-check: ``PASS: ...`` or ``FAIL: ...`` on one line."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}: {self.message}"

    __str__ = __repr__


class CheckFailed(AssertionError):
    """Raised for a FAIL only in strict mode (``INTRODL_STRICT_CHECKS=1``)."""


class _Fail(Exception):
    """Internal: stops a check with a reader-facing message."""


def fail(message: str):
    """Stop the check being run with a FAIL line that says ``message`` (use inside ``@self_check``)."""
    raise _Fail(message)


def strict_mode() -> bool:
    """True when ``$INTRODL_STRICT_CHECKS`` asks for a FAIL to raise CheckFailed."""
    return os.environ.get(STRICT_ENV_VAR, "").strip().lower() in ("1", "true", "yes", "on")


def self_check(check):
    """Decorator for a check: ``check`` returns its PASS message or calls ``fail(...)``.

    The decorated check returns a one-line CheckResult: PASS with the message, or FAIL for a
    ``fail`` and for any exception (the reader's code failing, bad arguments), and raises
    CheckFailed on a FAIL in strict mode (the build). The undecorated function stays
    reachable as ``check.__wrapped__``.
    """

    @functools.wraps(check)
    def run(*args, **kwargs) -> CheckResult:
        try:
            result = CheckResult(True, check(*args, **kwargs))
        except _Fail as failure:
            result = CheckResult(False, str(failure))
        except Exception as error:  # reader code failing somewhere unforeseen, or bad arguments
            result = CheckResult(False, f"{check.__name__} could not run: {one_line(error)}")
        if not result.passed and strict_mode():
            raise CheckFailed(repr(result))
        return result

    return run
