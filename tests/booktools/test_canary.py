"""The drift canary's issue body, composed from a build log and `pip freeze`."""

import re
import textwrap

from booktools import canary
from book_testing import REPO_ROOT

# What `booktools.build ... 2>&1 | tee build.log` holds when a cell fails (shortened).
BUILD_LOG = textwrap.dedent("""\
    [booktools.build] profile=smoke: jupyter-book build . -W --keep-going
    \x1b[01mreading sources... \x1b[39;49;00m[ 40%] \x1b[35mbook/lectures/lecture01_intro\x1b[39;49;00m
    /home/runner/work/introdl/introdl/book/lectures/lecture01_intro.md: Executing notebook using local CWD [mystnb]
    WARNING: Executing notebook failed: CellExecutionError [mystnb.exec]
    [booktools.build] 3 page(s) executed, 1 served from the cache, 80 s (log: _build/build.log)
    === /home/runner/work/introdl/introdl/book/lectures/lecture01_intro.md, cell at line 212 failed: AttributeError: module 'keras.layers' has no attribute 'Dense'
    An error occurred while executing the following cell:
    ------------------
    layer = keras.layers.Dense(3)
    ------------------

    AttributeError                            Traceback (most recent call last)
    Cell In[7], line 1
    ----> 1 layer = keras.layers.Dense(3)
    AttributeError: module 'keras.layers' has no attribute 'Dense'
    === /home/runner/work/introdl/introdl/book/labs/lab1_part2_music.md, a cell failed: RuntimeError: later
    RuntimeError: later
    [booktools.build] FAILED (exit 1): 2 page(s) with a failing cell, above.
    """)

PIP_FREEZE = "keras==4.0.0\nnumpy==2.5.0\ntensorflow==2.22.0\ntorch==2.14.1+cpu\n-e git+https://x@abc#egg=introdl\n"
PINNED = {"tensorflow": "2.21.0", "keras": "3.15.1", "torch": "2.13.0", "numpy": "2.4.6"}


def test_versions_parse_pip_freeze_and_requirements():
    assert canary.versions(PIP_FREEZE) == {"keras": "4.0.0", "numpy": "2.5.0", "tensorflow": "2.22.0",
                                           "torch": "2.14.1+cpu"}
    pinned = canary.versions((REPO_ROOT / "requirements.txt").read_text())
    assert {"tensorflow", "keras", "torch", "jupyter-book"} <= pinned.keys()
    assert canary.versions("Jupyter_Book==1.0\nfoo[extra]==2  # why\n") == {"jupyter-book": "1.0", "foo": "2"}


def test_the_first_failing_page_and_cell_are_named():
    failure = canary.first_cell_failure(BUILD_LOG)
    assert failure["page"] == "book/lectures/lecture01_intro.md"
    assert failure["cell"] == "cell at line 212"
    assert failure["error"] == "AttributeError: module 'keras.layers' has no attribute 'Dense'"
    assert failure["traceback"].startswith("An error occurred")
    assert "later" not in failure["traceback"]  # the next page's failure is not this one's


def test_issue_body_names_versions_page_cell_and_error():
    body = canary.issue_body(BUILD_LOG, canary.versions(PIP_FREEZE), PINNED, run_url="https://ci/run/1")
    assert "| tensorflow | 2.22.0 | 2.21.0 |" in body
    assert "| keras | 4.0.0 | 3.15.1 |" in body
    assert "| torch | 2.14.1+cpu | 2.13.0 |" in body
    assert ("**First failure:** `book/lectures/lecture01_intro.md`, cell at line 212: "
            "`AttributeError: module 'keras.layers' has no attribute 'Dense'`") in body
    assert "----> 1 layer = keras.layers.Dense(3)" in body
    assert "Logs: https://ci/run/1" in body
    assert "\x1b[" not in body


def test_without_a_failing_cell_the_first_warning_then_the_failing_tests():
    log = "[booktools.build] profile=smoke\nbook/index.md:3: WARNING: undefined label: 'nope'\n"
    body = canary.issue_body(log, {}, PINNED)
    assert "book/index.md:3: WARNING: undefined label: 'nope'" in body
    assert "| tensorflow | not installed | 2.21.0 |" in body

    tests = "....F\nFAILED tests/test_book.py::test_pages - AssertionError: 3 != 4\nERROR tests/test_x.py::test_y\n"
    body = canary.issue_body("[booktools.build] OK\n", {}, PINNED, test_log=tests)
    assert "2 test(s) failed" in body
    assert "- `tests/test_book.py::test_pages`: AssertionError: 3 != 4" in body
    assert "- `tests/test_x.py::test_y`" in body


def test_a_long_traceback_is_cut_to_fit_an_issue():
    log = BUILD_LOG.replace("Cell In[7]", "x\n" * 40000)
    assert len(canary.issue_body(log, {}, PINNED)) < 65536


def test_command_line(tmp_path, capsys):
    (tmp_path / "build.log").write_text(BUILD_LOG)
    (tmp_path / "freeze.txt").write_text(PIP_FREEZE)
    assert canary.main(["--build-log", str(tmp_path / "build.log"), "--pip-freeze", str(tmp_path / "freeze.txt"),
                        "--requirements", str(REPO_ROOT / "requirements.txt"),
                        "--test-log", str(tmp_path / "missing.log")]) == 0
    body = capsys.readouterr().out
    assert re.search(r"\| tensorflow \| 2\.22\.0 \| [\d.]+ \|", body)
    assert "cell at line 212" in body


def test_a_failed_upgrade_shows_the_end_of_its_log():
    log = "Collecting tensorflow\nERROR: ResolutionImpossible: keras 4.0 needs numpy>=3\n"
    body = canary.issue_body("", canary.versions(PIP_FREEZE), PINNED, upgrade_log=log)
    assert "pip could not install the newest releases" in body and "ResolutionImpossible" in body
    assert "warning" not in body  # pip's "ERROR:" is no Sphinx warning


def test_a_failure_with_nothing_to_name_shows_the_end_of_the_build_log():
    body = canary.issue_body("[booktools.build] profile=smoke\nKilled\n", {}, PINNED)
    assert "without a failing cell" in body and "Killed" in body


def test_the_canary_workflow_upgrades_the_frameworks_and_keeps_one_issue():
    from book_testing import load_workflow

    triggers, workflow = load_workflow("canary.yml")
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "pip install --upgrade tensorflow keras torch" in runs
    assert "booktools.build --profile smoke" in runs and "-m pytest" in runs
    assert "booktools.canary" in runs and "gh issue create --title \"$ISSUE_TITLE\"" in runs
