"""introdl.exercises: a check tests the student's answer, and a failed one is replaced by the reference;
``%%solution`` runs only in the book's build."""

from __future__ import annotations

import pytest

from introdl import exercises
from introdl.selfcheck import STRICT_ENV_VAR, CheckFailed, fail, self_check


@self_check
def check_double(double, framework="tensorflow"):
    if double is ...:
        fail("double is still `...`: write it")
    if double(3) != 6:
        fail(f"double(3) should be 6, got {double(3)}")
    return "double(3) is 6"


def reference_double(framework):
    return lambda x: 2 * x


DOUBLE = exercises.Exercise("double", check_double, reference_double)


@pytest.fixture
def student(monkeypatch):
    monkeypatch.delenv(STRICT_ENV_VAR, raising=False)


@pytest.fixture
def build(monkeypatch):
    monkeypatch.setenv(STRICT_ENV_VAR, "1")


def test_a_passing_answer_is_kept(student, capsys):
    def mine(x):
        return x + x

    assert DOUBLE.check(mine, framework="tensorflow") is mine
    assert capsys.readouterr().out == "PASS: double(3) is 6\n"


@pytest.mark.parametrize("answer", [..., lambda x: x + 1, lambda x: 1 / 0])
def test_a_failing_or_missing_answer_gives_one_fail_line_and_the_reference(student, capsys, answer):
    used = DOUBLE.check(answer, framework="tensorflow")
    assert used(5) == 10
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("FAIL: ")
    assert lines[1] == "The cells below use introdl's double in place of yours."


def test_in_the_build_a_failing_check_stops_the_page(build):
    with pytest.raises(CheckFailed, match="double"):
        DOUBLE.check(lambda x: x, framework="tensorflow")


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert exercises.register_solution_magic()
    yield shell
    InteractiveShell.clear_instance()


def test_outside_the_build_a_solution_cell_leaves_the_answer_alone(student, shell, capsys):
    shell.run_cell("answer = 'mine'")
    shell.run_cell("%%solution\nanswer = 'the solution'")
    assert shell.user_ns["answer"] == "mine"
    assert capsys.readouterr().out.strip() == exercises.SOLUTION_SKIPPED


def test_in_the_build_a_solution_cell_runs(build, shell):
    shell.run_cell("answer = 'mine'")
    result = shell.run_cell("%%solution\ndef answer():\n    return 'the solution'")
    assert result.success and shell.user_ns["answer"]() == "the solution"


def test_in_the_build_a_broken_solution_fails_its_cell(build, shell):
    result = shell.run_cell("%%solution\nanswer = 1 / 0")
    assert not result.success and isinstance(result.error_in_exec, exercises.SolutionFailed)


def test_registering_outside_ipython_says_so():
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    assert exercises.register_solution_magic() is False
