"""Build the book: ``python -m introdl.build [--profile smoke|full]`` (what `make book` runs).

Wraps ``jupyter-book build`` with the three things it does not do by itself:

* **Strictness.** ``-W --keep-going`` turns every Sphinx warning into a failure, and
  ``raise_on_error`` (in _config.yml) turns a failing cell into one. On failure this
  prints, per failing page, the cell and traceback myst-nb saved under ``reports/``,
  and exits non-zero.
* **Cache invalidation.** myst-nb's ``cache`` mode re-runs a page only when its code
  cells change; it cannot see a change in ``code/introdl``, ``requirements.txt``,
  ``_config.yml`` or the profile, which change outputs just as much. We fingerprint
  those and, when the fingerprint moves, clear the execution cache and re-read
  every page.
* **A summary.** How many pages ran and how many came from the cache, and the time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .profiles import PROFILE_ENV_VAR, ProfileError, current_profile, validate_profile

PACKAGE_DIR = Path(__file__).resolve().parent
# Files whose change must re-execute every page, beside the package itself.
FINGERPRINT_FILES = ("requirements.txt", "_config.yml", "_toc.yml")


def fingerprint(root: Path, profile: str) -> str:
    """A hash of everything that changes page outputs without changing page code."""
    digest = hashlib.sha256(f"profile={profile}\n".encode())
    package_files = sorted(
        p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    for path in package_files + [root / name for name in FINGERPRINT_FILES]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
FAILED_PAGE = re.compile(r"^(?P<page>\S+\.(?:md|ipynb)): WARNING: Executing notebook failed", re.M)
CELL_ERROR = re.compile(
    r"An error occurred while executing the following cell:\n-+\n(?P<source>.*?)\n-+\n"
    r"(?P<traceback>.*?)(?=\[mystnb\.exec\]|\nException occurred|\nThe above exception|\Z)",
    re.S,
)


def _line_of(page: Path, source: str) -> str:
    """Where the failing cell's source starts in the page file, as 'line N'."""
    try:
        text = page.read_text()
    except OSError:
        return "line ?"
    offset = text.find(source.strip())
    return f"line {text.count(chr(10), 0, offset) + 1}" if offset >= 0 else "line ?"


def cell_failures(log: str) -> list[str]:
    """One message per page whose cell failed: the page, the cell's line, source and error.

    myst-nb's ``raise_on_error`` aborts the build with a long chained traceback; the part a
    reader needs is the cell and its error, which nbclient's CellExecutionError carries.
    """
    log = ANSI_ESCAPE.sub("", log)
    messages = []
    for match in FAILED_PAGE.finditer(log):
        page = Path(match["page"])
        error = CELL_ERROR.search(log, match.end())
        if not error:
            messages.append(f"=== {page}: a cell failed (see _build/build.log)")
            continue
        source, traceback = error["source"], error["traceback"].strip()
        last_line = traceback.splitlines()[-1] if traceback else "?"
        messages.append(
            f"=== {page}, cell at {_line_of(page, source)} failed: {last_line}\n"
            f"--- cell ---\n{source}\n--- error ---\n{traceback}"
        )
    return messages


def sphinx_warnings(log: str) -> list[str]:
    """The Sphinx warnings and errors in a build log (each fails the build under -W)."""
    lines = ANSI_ESCAPE.sub("", log).splitlines()
    return [line for line in lines
            if re.search(r"\b(WARNING|ERROR|CRITICAL):", line) and "[IPKernelApp]" not in line]


def failure_reports(html_dir: Path) -> list[str]:
    """Messages from myst-nb's ``reports/*.err.log`` (written when a build goes on past a failure)."""
    reports_dir = html_dir / "reports"
    messages = []
    for log in sorted(reports_dir.rglob("*.err.log")) if reports_dir.is_dir() else []:
        page = log.relative_to(reports_dir).as_posix().removesuffix(".err.log")
        messages.append(f"=== Page {page} failed while executing:\n{log.read_text()}")
    return messages


def _jupyter_book_executable() -> str:
    """jupyter-book from this interpreter's environment, so `.venv/bin/python -m` just works."""
    beside_python = Path(sys.executable).parent / "jupyter-book"
    return str(beside_python) if beside_python.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def build(root: Path, profile: str, output: Path | None = None, extra_args=()) -> int:
    """Build the book at ``root`` into ``output``/_build (default: ``root``/_build)."""
    root = root.resolve()
    output = (output or root).resolve()
    build_dir = output / "_build"
    html_dir = build_dir / "html"
    state_path = build_dir / ".introdl-build-state.json"
    build_dir.mkdir(parents=True, exist_ok=True)

    state = _load_state(state_path)
    current = fingerprint(root, profile)
    rebuild_all = False
    if state.get("fingerprint") != current:
        if state:
            print(f"[introdl.build] code/, requirements, config or profile changed: "
                  f"clearing the execution cache, every page will run (profile {profile}).")
        shutil.rmtree(build_dir / ".jupyter_cache", ignore_errors=True)
        rebuild_all = True
    elif not state.get("complete"):
        rebuild_all = True  # the last build failed: re-read every page (the cache still serves)
    shutil.rmtree(html_dir / "reports", ignore_errors=True)
    # Written before the build: the cache now belongs to this fingerprint, complete or not.
    state_path.write_text(json.dumps({"fingerprint": current, "complete": False}))

    command = [_jupyter_book_executable(), "build", str(root),
               "--path-output", str(output), "-W", "--keep-going",
               *(["--all"] if rebuild_all else []), *extra_args]
    # Strict self-checks: on the site every exercise runs its solution, so a check that
    # says FAIL is a broken page and must fail the build, not publish quietly.
    env = {**os.environ, PROFILE_ENV_VAR: profile, "INTRODL_STRICT_CHECKS": "1"}
    print(f"[introdl.build] profile={profile}: {' '.join(command)}", flush=True)
    start = time.perf_counter()
    log_lines = []
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            log_lines.append(line)
    seconds = time.perf_counter() - start
    (build_dir / "build.log").write_text("".join(log_lines))
    log = "".join(log_lines)
    executed = len(re.findall(r"Executing notebook", log))
    cached = len(re.findall(r"Using cached notebook", log))
    print(f"[introdl.build] {executed} page(s) executed, {cached} served from the cache, "
          f"{seconds:.0f} s (log: {build_dir / 'build.log'})")

    reports = cell_failures(log) or failure_reports(html_dir)
    if process.returncode != 0 or reports:
        for message in reports or sphinx_warnings(log):
            print(message, file=sys.stderr)
        print(f"[introdl.build] FAILED (exit {process.returncode}): "
              + (f"{len(reports)} page(s) with a failing cell, above." if reports
                 else "warnings are errors in this build (-W); fix those above."), file=sys.stderr)
        return process.returncode or 1
    state_path.write_text(json.dumps({"fingerprint": current, "complete": True}))
    print(f"[introdl.build] OK: open {html_dir / 'index.html'}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the book with every cell executed.")
    parser.add_argument("--profile", default=None,
                        help="smoke or full (default: $BOOK_PROFILE, else full)")
    parser.add_argument("--root", default=".", help="the book's root folder (holds _config.yml)")
    parser.add_argument("--output", default=None,
                        help="build into OUTPUT/_build instead of ROOT/_build (own execution cache)")
    args, extra = parser.parse_known_args(argv)
    try:
        profile = validate_profile(args.profile) if args.profile else current_profile()
    except ProfileError as error:
        print(error, file=sys.stderr)
        return 2
    if not (Path(args.root) / "_config.yml").is_file():
        print(f"No _config.yml in {Path(args.root).resolve()}: run from the repository root "
              f"or pass --root.", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else None
    return build(Path(args.root), profile, output, extra)


if __name__ == "__main__":
    sys.exit(main())
