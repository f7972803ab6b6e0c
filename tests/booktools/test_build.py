"""The build wrapper: cache invalidation, strictness, and how failures are reported."""

import shutil
import subprocess
import sys
import json
import os
import re
import textwrap

import pytest

from booktools import build
from booktools.canary import first_cell_failure
from book_testing import REPO_ROOT, SETUP_CELL, commit_everything, notebook_page, start_tiny_book


def _config(tmp_path, title="x", timeout=60):
    (tmp_path / "_config.yml").write_text(
        f"title: {title}\nexecute:\n  timeout: {timeout}\nsphinx:\n  config:\n    html_show_copyright: false\n")
    (tmp_path / "requirements.txt").write_text("numpy==2.0\n")


def _copy_package(source, tmp_path, monkeypatch, attribute):
    package = tmp_path / source.name
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, attribute, package)
    return package


def _edit(path):
    path.write_text(path.read_text() + "\n# edited\n")


def test_execution_fingerprint_moves_with_profile_introdl_requirements_and_execute_settings(
        tmp_path, monkeypatch):
    _config(tmp_path)
    package = _copy_package(build.INTRODL_DIR, tmp_path, monkeypatch, "INTRODL_DIR")
    first = build.execution_fingerprint(tmp_path, "smoke")
    assert first == build.execution_fingerprint(tmp_path, "smoke")
    assert first != build.execution_fingerprint(tmp_path, "full")
    _edit(package / "lab1" / "music" / "render.py")
    second = build.execution_fingerprint(tmp_path, "smoke")
    assert second != first
    _edit(tmp_path / "requirements.txt")
    third = build.execution_fingerprint(tmp_path, "smoke")
    assert third != second
    _config(tmp_path, timeout=61)
    assert build.execution_fingerprint(tmp_path, "smoke") != third


def test_tooling_and_presentation_edits_move_only_the_render_fingerprint(tmp_path, monkeypatch):
    _config(tmp_path)
    (tmp_path / "_toc.yml").write_text("root: index\n")
    tools = _copy_package(build.BOOKTOOLS_DIR, tmp_path, monkeypatch, "BOOKTOOLS_DIR")
    execution, render = build.execution_fingerprint(tmp_path, "smoke"), build.render_fingerprint(tmp_path)
    for edit in (lambda: _edit(tools / "sphinxext" / "framework_tabs.py"), lambda: _edit(tools / "build.py"),
                 lambda: _config(tmp_path, title="y"), lambda: _edit(tmp_path / "_toc.yml")):
        edit()
        assert build.execution_fingerprint(tmp_path, "smoke") == execution
        assert build.render_fingerprint(tmp_path) != render
        render = build.render_fingerprint(tmp_path)


RECORDED_TRACEBACK = textwrap.dedent("""\
    Traceback (most recent call last):
      File ".../nbclient/client.py", line 1021, in _check_raise_for_error
    nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell:
    ------------------
    x = 1
    raise ValueError("boom")
    ------------------


    ValueError      Traceback (most recent call last)
    ----> 2 raise ValueError("boom")

    ValueError: boom
    """)


def test_a_recorded_failure_names_the_page_cell_line_and_error(tmp_path):
    page = tmp_path / "demo.md"
    page.write_text('# Demo\n\n```{code-cell} ipython3\nx = 1\nraise ValueError("boom")\n```\n')
    message = build.describe_cell_failure(page, RECORDED_TRACEBACK)
    assert message.startswith(f"=== {page}, cell at line 4 failed: ValueError: boom")
    assert 'raise ValueError("boom")' in message
    assert build.describe_cell_failure(tmp_path / "gone.md", "KernelDied").endswith("a cell failed: KernelDied\nKernelDied")


def run_build(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "booktools.build", *args], cwd=cwd,
                          capture_output=True, text=True, env=env)


def executed_pages(stdout: str) -> list[str]:
    """The pages the build's summary line says it executed."""
    match = re.search(r"(\d+) page\(s\) executed(?: \((.*?)\))?, ", stdout)
    assert match, stdout[-2000:]
    return match[2].split(", ") if match[2] else []


def test_missing_config_is_explained(tmp_path):
    result = run_build("--root", str(tmp_path), cwd=REPO_ROOT)
    assert result.returncode == 2 and "No _config.yml" in result.stderr


@pytest.fixture
def tiny_book(tmp_path):
    """A two-page book using the real _config.yml; page two fails in its second cell."""
    front = start_tiny_book(tmp_path)
    (tmp_path / "index.md").write_text(f"---\n{front}---\n# Home\n\n```{{tableofcontents}}\n```\n")
    (tmp_path / "broken.md").write_text(notebook_page(front, "Broken page", textwrap.dedent("""\
        ```{code-cell} ipython3
        answer = 41
        ```

        ```{code-cell} ipython3
        assert answer == 42, "the answer is wrong"
        ```
        """)))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: broken\n")
    return tmp_path


@pytest.mark.slow
def test_a_failing_cell_fails_the_build_naming_page_and_cell(tiny_book):
    page = tiny_book / "broken.md"
    line = page.read_text().splitlines().index('assert answer == 42, "the answer is wrong"') + 1
    result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT)
    assert result.returncode != 0
    assert f"broken.md, cell at line {line} failed: AssertionError: the answer is wrong" in result.stderr
    assert "FAILED" in result.stderr
    # Fixing the page makes the next build pass: the failed state forces a full re-read.
    page.write_text(page.read_text().replace("answer = 41", "answer = 42"))
    result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "broken.md" in executed_pages(result.stdout)
    runs = build.page_runs(tiny_book / "_build")
    assert runs["broken.md"]["profile"] == "smoke" and 0 < runs["broken.md"]["kernel_peak_mb"] < 2048
    # Nothing changed: nothing runs again.
    result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT)
    assert result.returncode == 0 and executed_pages(result.stdout) == []


@pytest.mark.slow
def test_tooling_edits_execute_nothing_and_introdl_edits_execute_every_page(tiny_book, tmp_path):
    """Build a book with copies of both packages; edit each and count what re-executes."""
    page = tiny_book / "broken.md"
    page.write_text(page.read_text().replace("answer = 41", "answer = 42"))
    # Other code than broken.md's: jupyter-cache matches notebooks by their code cells.
    (tiny_book / "second.md").write_text(page.read_text().replace("# Broken page", "# Second page")
                                         .replace("answer = 42", "answer = 6 * 7"))
    (tiny_book / "_toc.yml").write_text((tiny_book / "_toc.yml").read_text() + "  - file: second\n")
    code = tmp_path / "code"
    for package in (build.INTRODL_DIR, build.BOOKTOOLS_DIR):
        shutil.copytree(package, code / package.name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(code)}

    def build_pages():
        result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT, env=env)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout, sorted(p for p in executed_pages(result.stdout) if p != "index.md")

    assert build_pages()[1] == ["broken.md", "second.md"]
    for tooling_file in ("sphinxext/framework_tabs.py", "build.py"):
        _edit(code / "booktools" / tooling_file)
        stdout, executed = build_pages()
        assert executed == [] and "nothing re-executes" in stdout
    _edit(code / "introdl" / "plotting.py")
    assert build_pages()[1] == ["broken.md", "second.md"]


def test_a_page_without_setup_page_first_is_refused_before_anything_runs(tiny_book):
    page = tiny_book / "broken.md"
    assert SETUP_CELL in page.read_text()
    page.write_text(page.read_text().replace(SETUP_CELL, ""))
    result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT)
    assert result.returncode == 1
    assert "broken.md: the first code cell must call introdl.setup_page()" in result.stderr
    assert "it starts with 'answer = 41'" in result.stderr and "env = introdl.setup_page()" in result.stderr
    assert "jupyter-book build" not in result.stdout  # refused before the build started


def test_page_rules_accept_pages_without_code_and_every_page_of_this_book(tmp_path):
    from booktools.page_rules import setup_problems

    assert setup_problems(REPO_ROOT) == []
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: notes\n")
    (tmp_path / "index.md").write_text("# Home, no code\n")
    front = (REPO_ROOT / "book" / "intro.md").read_text().split("---\n")[1]
    (tmp_path / "notes.md").write_text(f"---\n{front}---\n# Notes\n\n```{{code-cell}} ipython3\nx = 1\n```\n")
    (problem,) = setup_problems(tmp_path)
    assert problem.startswith("notes.md: the first code cell must call introdl.setup_page()")
    assert "it starts with 'x = 1'" in problem


def test_the_commit_a_build_records(tmp_path):
    assert build.source_commit(tmp_path) is None  # not a git checkout: the report says "not recorded"
    (tmp_path / "page.md").write_text("# A page\n")
    committed = commit_everything(tmp_path)
    commit = build.source_commit(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{12}", commit) and commit == committed
    (tmp_path / "page.md").write_text("# A page, edited\n")
    assert build.source_commit(tmp_path) == f"{commit} + local changes"


@pytest.mark.slow
def test_a_dead_kernel_names_the_page_and_the_last_cell_that_started(tiny_book):
    """A kernel killed mid-page (as a segfault or the out-of-memory killer would) is named."""
    page = tiny_book / "broken.md"
    page.write_text(page.read_text().replace(
        'assert answer == 42, "the answer is wrong"', "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))
    line = page.read_text().splitlines().index("import os, signal") + 1
    result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT)
    assert result.returncode != 0
    assert (f"broken.md, cell at line {line} failed: the kernel died in the cell that starts "
            "'import os, signal'") in result.stderr, result.stderr[-3000:]
    # Named the way the drift canary reads a failing cell from the build log.
    failure = first_cell_failure(result.stderr)
    assert failure["page"].endswith("broken.md") and failure["cell"] == f"cell at line {line}"
    assert "without encryption" not in result.stdout + result.stderr  # the kernels use IPC, not TCP


def test_a_dead_kernel_without_a_traced_cell_says_so(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("x\n")
    message = build.describe_cell_failure(page, "nbclient.exceptions.DeadKernelError: Kernel died")
    assert message.startswith(f"=== {page}, a cell failed: the kernel died before any cell started, ")


def test_traced_cells_go_to_the_page_that_was_running(tmp_path):
    trace = tmp_path / "cells.jsonl"
    trace.write_text("".join(json.dumps({"time": t, "cell_index": i, "source": s}) + "\n"
                             for t, i, s in [(10, 0, "a = 1"), (11, 1, "b = 2"), (21, 0, "c = 3")]))
    last = build.last_cell_per_page(trace, [(9.5, "one.md"), (20.0, "two.md")], tmp_path)
    assert last[str(tmp_path / "one.md")]["source"] == "b = 2"
    assert last[str(tmp_path / "two.md")]["source"] == "c = 3"
