"""Exercises whose checks test the student's own answer, and keep the page running when it fails.

A lab exercise on a page is three cells, in this order:

1. the **TODO cell**, where the student writes the answer (as given, it holds ``...``);
2. the **solution cell**, collapsed on the site, whose first line is ``%%solution``;
3. the **check cell**: ``answer = lab_checks.some_exercise.check(answer, ...)``.

``%%solution`` (registered by ``setup_page()``) runs its cell only in the book's build, where
``$INTRODL_STRICT_CHECKS`` is set: there the page's results come from the solution, and a
check that fails stops the build. Anywhere else (Jupyter, Binder, Colab, "Run all") it prints
one line and leaves the student's answer alone, so the check below tests the student's code,
never the solution.

:meth:`Exercise.check` prints the check's one-line PASS or FAIL. It returns the answer when
it passes. When it fails (a wrong answer, or the TODO left open) it prints one more line and
returns introdl's reference implementation instead, so the cells after it keep working and
the student meets one FAIL line, not a traceback ten cells later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .selfcheck import CheckResult, strict_mode

SOLUTION_SKIPPED = (
    "(Solution not run: outside the book's build it leaves your answer alone, so the check "
    "below tests your own code. To try the solution, copy it into your answer's cell.)"
)


class SolutionFailed(RuntimeError):
    """The solution cell raised in the build: the page is broken, not the student's answer."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its check, and the reference that replaces an answer that fails it.

    ``check(answer, *args, framework=..., **kwargs)`` returns a CheckResult.
    ``reference(framework, *args, **kwargs)`` returns what the page uses in place of a failed
    answer, built from the same arguments the check was given (e.g. the vocabulary).
    """

    name: str
    run_check: Callable[..., CheckResult]
    reference: Callable[..., object]

    def check(self, answer, *args, framework, **kwargs):
        """Print the verdict on ``answer``; return it if it passes, else the reference."""
        result = self.run_check(answer, *args, framework=framework, **kwargs)
        print(result)
        if result.passed:
            return answer
        print(f"The cells below use introdl's {self.name} in place of yours.")
        return self.reference(framework, *args, **kwargs)


def run_solution(line: str, cell: str) -> None:
    """The ``%%solution`` cell magic: run the cell in the book's build, and only there."""
    if not strict_mode():
        print(SOLUTION_SKIPPED)
        return
    from IPython import get_ipython

    result = get_ipython().run_cell(cell, store_history=False)
    if not result.success:  # its traceback is shown above; the build must stop here
        raise SolutionFailed("the solution cell failed (traceback above): fix the page's solution.") from None


def register_solution_magic() -> bool:
    """Make ``%%solution`` available in the running IPython kernel; False outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.register_magic_function(run_solution, magic_kind="cell", magic_name="solution")
    return True
