"""The build wrapper: cache invalidation, strictness, and how failures are reported."""

import shutil
import subprocess
import sys
import textwrap

import pytest

from introdl import build
from book_testing import REPO_ROOT


def test_fingerprint_moves_with_profile_package_and_config(tmp_path, monkeypatch):
    (tmp_path / "_config.yml").write_text("title: x\n")
    smoke = build.fingerprint(tmp_path, "smoke")
    assert smoke == build.fingerprint(tmp_path, "smoke")
    assert smoke != build.fingerprint(tmp_path, "full")
    (tmp_path / "_config.yml").write_text("title: y\n")
    assert smoke != build.fingerprint(tmp_path, "smoke")
    # A change inside the package (here: a copy of it) must move the fingerprint too.
    package = tmp_path / "introdl"
    shutil.copytree(build.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "PACKAGE_DIR", package)
    before = build.fingerprint(tmp_path, "smoke")
    (package / "profiles.py").write_text((package / "profiles.py").read_text() + "\n# changed\n")
    assert build.fingerprint(tmp_path, "smoke") != before


LOG = textwrap.dedent("""\
    reading sources... [100%] book/demo
    /work/book/demo.md: WARNING: Executing notebook failed: CellExecutionError [mystnb.exec]
    Traceback (most recent call last):
    nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell:
    ------------------
    x = 1
    raise ValueError("boom")
    ------------------


    \x1b[31mValueError\x1b[39m      Traceback (most recent call last)
    ----> 2 raise ValueError("boom")

    ValueError: boom
     [mystnb.exec]

    Exception occurred:
      File "x.py", line 1
    """)


def test_cell_failures_name_the_page_cell_and_error():
    (message,) = build.cell_failures(LOG)
    assert message.startswith("=== /work/book/demo.md, cell at line ? failed: ValueError: boom")
    assert 'raise ValueError("boom")' in message
    assert "Exception occurred" not in message and "\x1b[" not in message


def run_build(*args, cwd):
    return subprocess.run([sys.executable, "-m", "introdl.build", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_unknown_profile_is_rejected_with_the_valid_ones():
    result = run_build("--profile", "tiny", "--output", "/nonexistent", cwd=REPO_ROOT)
    assert result.returncode == 2
    assert "Unknown BOOK_PROFILE='tiny'" in result.stderr and "smoke, full" in result.stderr


def test_missing_config_is_explained(tmp_path):
    result = run_build("--root", str(tmp_path), cwd=REPO_ROOT)
    assert result.returncode == 2 and "No _config.yml" in result.stderr


@pytest.fixture
def tiny_book(tmp_path):
    """A two-page book using the real _config.yml; page two fails in its second cell."""
    shutil.copy(REPO_ROOT / "_config.yml", tmp_path / "_config.yml")
    front = (REPO_ROOT / "book" / "intro.md").read_text().split("---\n")[1]
    (tmp_path / "index.md").write_text(f"---\n{front}---\n# Home\n\n```{{tableofcontents}}\n```\n")
    (tmp_path / "broken.md").write_text(textwrap.dedent(f"""\
        ---
        {textwrap.indent(front, '        ').strip()}
        ---
        # Broken page

        ```{{code-cell}} ipython3
        answer = 41
        ```

        ```{{code-cell}} ipython3
        assert answer == 42, "the answer is wrong"
        ```
        """))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: broken\n")
    return tmp_path


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
    assert "2 page(s) executed" in result.stdout or "1 page(s) executed" in result.stdout
    # Nothing changed: nothing runs again.
    result = run_build("--profile", "smoke", "--root", str(tiny_book), cwd=REPO_ROOT)
    assert result.returncode == 0 and "0 page(s) executed" in result.stdout
