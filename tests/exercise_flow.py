"""Helpers for the exercise-flow tests: run a lab page as a student does, with given answers.

A student opens the page in Binder (jupytext reads the MyST page as a notebook), writes an
answer in each TODO cell, and runs every cell in order. ``run_as_student`` does the same:
each TODO cell named in ``answers`` gets that source instead, the page runs in the smoke
profile outside the book's build (so ``%%solution`` cells do not run), and every cell runs
even after an error (``allow_errors``), so that a test sees all the outputs.

A TODO cell is named by the first thing it defines: ``tf_vectorize_string`` for
``def tf_vectorize_string(...)``, ``TFCharLSTM`` for ``class TFCharLSTM``, ``tf_matrix`` for
``tf_matrix = ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from introdl.lab1.part1_checks import STRICT_ENV_VAR

_DEFINES = re.compile(r"^(?:def|class)\s+(\w+)|^(\w+)\s*=", re.MULTILINE)
SOLUTION_MAGIC = "%%solution"
FALLBACK = re.compile(r"^The cells below use introdl's .+ in place of yours\.$")


def defined_name(source: str) -> str | None:
    """The first name a cell defines (a function, a class or an assignment), or None."""
    for line in source.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        match = _DEFINES.match(line)
        if match:
            return match.group(1) or match.group(2)
    return None


def is_todo(cell) -> bool:
    return cell.cell_type == "code" and "# TODO" in cell.source and not cell.source.startswith(SOLUTION_MAGIC)


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(SOLUTION_MAGIC)


def is_check(cell) -> bool:
    return cell.cell_type == "code" and ".check(" in cell.source


def todo_names(notebook) -> list[str]:
    return [defined_name(cell.source) for cell in notebook.cells if is_todo(cell)]


def solutions(notebook) -> dict[str, str]:
    """Each TODO cell's name and the source of the solution cell that follows it, magic removed."""
    found, pending = {}, None
    for cell in notebook.cells:
        if is_todo(cell):
            pending = defined_name(cell.source)
        elif is_solution(cell) and pending:
            found[pending] = cell.source.split("\n", 1)[1]
            pending = None
    return found


@dataclass
class StudentRun:
    """What a student saw: each check cell's verdict lines and every error, by cell."""

    notebook: object
    checks: list[tuple[str, list[str]]] = field(default_factory=list)  # (check cell source, its lines)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell source, error name and value)

    def lines(self, prefix: str) -> list[str]:
        return [line for _, lines in self.checks for line in lines if line.startswith(prefix)]


def _text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(output.get("text", ""))
        elif output.get("output_type") in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def run_as_student(page, answers: dict[str, str], monkeypatch, timeout: int = 600) -> StudentRun:
    """Run ``page`` in the smoke profile with ``answers`` in its TODO cells; collect what it printed."""
    from booktools.notebook_run import run_page

    monkeypatch.delenv(STRICT_ENV_VAR, raising=False)  # a student's kernel, not the build's

    def put_answers(notebook):
        unknown = set(answers) - set(todo_names(notebook))
        assert not unknown, f"no TODO cell defines {sorted(unknown)} on {page}"
        for cell in notebook.cells:
            if is_todo(cell) and defined_name(cell.source) in answers:
                cell.source = answers[defined_name(cell.source)]

    run = run_page(page, profile="smoke", timeout=timeout, prepare=put_answers, allow_errors=True)
    result = StudentRun(run.notebook)
    for cell in run.notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                result.errors.append((cell.source, f"{output['ename']}: {output['evalue']}"))
        if is_check(cell):
            result.checks.append((cell.source, [line for line in _text(cell).splitlines() if line.strip()]))
    return result


def verdicts(run: StudentRun, name_of=defined_name) -> dict[str, tuple[list[str], bool]]:
    """For each exercise (``name_of`` its check cell's source: by default the name it assigns),
    the check's FAIL and PASS lines and whether it said that introdl's reference takes over."""
    return {name_of(source): ([line for line in lines if line.startswith(("FAIL:", "PASS:"))],
                              any(FALLBACK.match(line) for line in lines))
            for source, lines in run.checks}


def assert_every_answer_passes(run: StudentRun, names, name_of=defined_name) -> None:
    """No cell raised, each exercise in ``names`` printed one PASS, and none fell back."""
    assert not run.errors, run.errors
    found = verdicts(run, name_of)
    assert set(found) == set(names)
    for name, (lines, fell_back) in found.items():
        assert len(lines) == 1 and lines[0].startswith("PASS:") and not fell_back, (name, lines)


def assert_untouched_todos_fail_once(run: StudentRun, names, says, name_of=defined_name) -> None:
    """With every TODO left as given: no cell raised, each exercise in ``names`` printed one FAIL
    for which ``says(name, line)`` holds, and the reference took over; nothing else failed."""
    assert not run.errors, run.errors
    found = verdicts(run, name_of)
    assert set(found) == set(names)
    for name, (lines, fell_back) in found.items():
        assert len(lines) == 1 and lines[0].startswith("FAIL:") and fell_back, (name, lines)
        assert says(name, lines[0]), (name, lines)
    assert len(run.lines("FAIL:")) == len(found)


def assert_wrong_answers_fail_once(run: StudentRun, answers: dict, name_of=defined_name) -> None:
    """``answers``: {exercise: (source, text its FAIL must contain)}. No cell raised, and each
    wrong answer gave exactly one FAIL naming the expectation, and the reference took over."""
    assert not run.errors, run.errors
    found = verdicts(run, name_of)
    assert set(found) == set(answers) and len(run.lines("FAIL:")) == len(answers)
    for name, (_, expected) in answers.items():
        lines, fell_back = found[name]
        assert len(lines) == 1 and lines[0].startswith("FAIL:") and fell_back, (name, lines)
        assert expected in lines[0], (name, expected, lines[0])
