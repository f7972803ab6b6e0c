"""Build the book: ``python -m booktools.build [--profile smoke|full]`` (what `make book` runs).

Wraps ``jupyter-book build`` with what it does not do by itself:

* **Strictness.** ``-W --keep-going`` turns every Sphinx warning into a failure, and a
  failing cell is one (myst-nb warns "Executing notebook failed"). On failure this prints,
  per failing page, the cell and traceback that jupyter-cache recorded, and exits non-zero.
* **Cache invalidation, in two tiers.** myst-nb's ``cache`` mode re-runs a page only when
  its code cells change. It cannot see what else changes a page's *outputs*: the
  ``introdl`` package the pages import, the pinned requirements, the execution settings
  and the profile. Those make the *execution fingerprint*; when it moves, the cache is
  cleared and every page runs again. The book's tooling (this package, the Sphinx
  extensions) and the rest of ``_config.yml`` and ``_toc.yml`` can only change how pages
  are *rendered*: they make the *render fingerprint*, and when it moves every page is
  re-read from the cache (``--all``), with nothing re-executed.
* **Page rules, first.** Every toc page with code must start with ``introdl.setup_page()``
  (``booktools.page_rules``); the build refuses to start otherwise.
* **Provenance.** The commit it builds goes to every kernel and to Sphinx (in
  ``$INTRODL_BUILD_COMMIT``): ``setup_page()`` records it on each page, and the "How this
  site was built" page shows it (``booktools.sphinxext.build_report``).
* **A summary.** Which pages ran and how many came from the cache, the time, and per
  executed page its time and peak memory in ``_build/page-runs.json`` (what a 2 GB Binder
  machine must hold; the Binder tests read it).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

import introdl
from introdl.frameworks import FRAMEWORKS
from introdl.profiles import PROFILE_ENV_VAR, ProfileError, current_profile, profile_argument
from introdl.report_data import BUILD_COMMIT_ENV_VAR

from .memory import ProcessTreeSampler
from .page_rules import setup_problems
from .sphinxext.kernels import CELL_TRACE_ENV_VAR

INTRODL_DIR = Path(introdl.__file__).resolve().parent
BOOKTOOLS_DIR = Path(__file__).resolve().parent
PAGE_RUNS_FILE = "page-runs.json"


def _package_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc")


def _hash_files(digest, files, base: Path) -> None:
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def execution_settings(root: Path) -> dict:
    """The parts of _config.yml that change what a cell computes or whether it runs:
    the ``execute:`` section and any ``nb_execution_*`` Sphinx setting."""
    config = yaml.safe_load((root / "_config.yml").read_text()) or {}
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    return {"execute": config.get("execute") or {},
            "sphinx": {k: v for k, v in sphinx_config.items() if k.startswith("nb_execution")}}


# The installed builds that change what a page computes: a CPU or a CUDA build of torch with
# the same pin (2.13.0+cpu, 2.13.0) must not share an execution cache.
FINGERPRINTED_DISTRIBUTIONS = (*(f.module for f in FRAMEWORKS.values()), "tensorflow-cpu", "keras", "triton", "numpy")


def installed_versions(names=FINGERPRINTED_DISTRIBUTIONS) -> dict:
    """``{distribution: version}`` for those of ``names`` installed here (local tags kept)."""
    from importlib import metadata

    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def execution_fingerprint(root: Path, profile: str) -> str:
    """A hash of what changes page outputs without changing page code: ``introdl``, the
    pinned requirements, the framework builds installed, the execution settings and the profile."""
    digest = hashlib.sha256(f"profile={profile}\n".encode())
    _hash_files(digest, _package_files(INTRODL_DIR), INTRODL_DIR.parent)
    _hash_files(digest, [root / "requirements.txt"], root)
    digest.update(json.dumps(installed_versions(), sort_keys=True).encode())
    digest.update(json.dumps(execution_settings(root), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def render_fingerprint(root: Path) -> str:
    """A hash of what changes only how pages are rendered: the book's tooling and its
    configuration and table of contents."""
    digest = hashlib.sha256()
    _hash_files(digest, _package_files(BOOKTOOLS_DIR), BOOKTOOLS_DIR.parent)
    _hash_files(digest, [root / "_config.yml", root / "_toc.yml"], root)
    return digest.hexdigest()


def _load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _open_cache(build_dir: Path):
    from jupyter_cache import get_cache

    cache_dir = build_dir / ".jupyter_cache"
    return get_cache(cache_dir) if cache_dir.is_dir() else None


def pages_executed_since(build_dir: Path, since: datetime.datetime) -> list[str]:
    """The pages (source paths) that jupyter-cache cached from an execution after ``since``."""
    cache = _open_cache(build_dir)
    if cache is None:
        return []
    return sorted(record.uri for record in cache.list_cache_records() if record.created.replace(tzinfo=None) >= since)


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
CELL_SOURCE = re.compile(r"An error occurred while executing the following cell:\n-+\n(?P<source>.*?)\n-+\n",
                         re.S)


def _line_of(page: Path, source: str) -> str:
    """Where the failing cell's source starts in the page file, as 'line N'."""
    try:
        text = page.read_text()
    except OSError:
        return "line ?"
    offset = text.find(source.strip())
    return f"line {text.count(chr(10), 0, offset) + 1}" if offset >= 0 and source.strip() else "line ?"


KERNEL_DIED = re.compile(r"DeadKernelError|Kernel died")


def describe_cell_failure(page: Path, traceback: str, last_cell_started: dict | None = None) -> str:
    """One message for a page whose execution failed: where, which cell, which error.

    ``traceback`` is what jupyter-cache recorded for the page: nbclient's
    CellExecutionError, which carries the cell's source and the kernel's traceback, or its
    DeadKernelError, which carries neither; then ``last_cell_started`` (from the cell trace)
    names the cell.
    """
    traceback = ANSI_ESCAPE.sub("", traceback)  # the kernel's traceback comes coloured
    if KERNEL_DIED.search(traceback):
        # The same "=== page, cell at line N failed: ..." line as any failing cell, which the
        # drift canary's issue reads (booktools.canary.CELL_FAILURE).
        source = (last_cell_started or {}).get("source", "")
        first = source.strip().splitlines()[0] if source.strip() else ""
        last_line = ((f"the kernel died in the cell that starts {first!r}" if first else
                      "the kernel died before any cell started")
                     + ", of a crash in native code (a segfault) or because the system ended it for lack of "
                     f"memory; run the page alone with `python -m booktools.notebook_run {page}` to see which")
    else:
        match = CELL_SOURCE.search(traceback)
        source = match["source"] if match else ""
        lines = [line for line in traceback.strip().splitlines() if line.strip()]
        last_line = lines[-1] if lines else "?"
    where = f"cell at {_line_of(page, source)}" if source else "a cell"
    return f"=== {page}, {where} failed: {last_line}\n{traceback.strip()}"


def cell_failures(build_dir: Path, last_cells: dict | None = None) -> list[str]:
    """One message per page whose execution failed, from jupyter-cache's project records.
    ``last_cells``: {page path, resolved: the last cell that started on it} (``last_cell_per_page``)."""
    cache = _open_cache(build_dir)
    if cache is None:
        return []
    last_cells = last_cells or {}
    return [describe_cell_failure(Path(record.uri), record.traceback,
                                  last_cells.get(str(Path(record.uri).resolve())))
            for record in cache.list_project_records() if record.traceback]


CELL_TRACE_FILE = "cells-started.jsonl"

# ipykernel logs this at every kernel start when the kernel listens on TCP, which is what
# jupyter-cache's kernel managers do (it offers no way to choose IPC; see booktools.sphinxext.kernels).
TCP_NOTICE = "Kernel is running over TCP without encryption"
TCP_NOTICE_REASON = ("the pages' kernels listen on localhost only, for as long as their page runs; "
                     "ipykernel's warning that this TCP is unencrypted is left out of this log.")


def last_cell_per_page(trace: Path, page_starts: list, root: Path) -> dict:
    """{page path, resolved: the last cell that started on it}: each traced cell belongs to the
    last page that had started by then (pages run one after another)."""
    try:
        lines = trace.read_text().splitlines()
    except OSError:
        return {}
    last = {}
    for line in lines:
        try:
            cell = json.loads(line)
        except ValueError:
            continue
        started = [page for when, page in page_starts if when <= cell["time"]]
        if started:
            last[str((root / started[-1]).resolve())] = cell
    return last


def sphinx_warnings(log: str) -> list[str]:
    """The Sphinx warnings and errors in a build log (each fails the build under -W)."""
    lines = ANSI_ESCAPE.sub("", log).splitlines()
    return [line for line in lines
            if re.search(r"\b(WARNING|ERROR|CRITICAL):", line) and "[IPKernelApp]" not in line]


def page_runs(build_dir: Path) -> dict:
    """``{page: {profile, seconds, kernel_peak_mb, tree_peak_mb}}`` for each page the last
    build executed (pages served from the cache keep the figures of the run that made them)."""
    try:
        return json.loads((build_dir / PAGE_RUNS_FILE).read_text())
    except (OSError, ValueError):
        return {}


# myst-nb logs "<page source>: Executing notebook using local CWD" as it starts a page.
EXECUTING_PAGE = re.compile(r"^(?P<page>\S+\.(?:md|ipynb)): .*Executing notebook using", re.M)
EXECUTED_IN = re.compile(r"Executed notebook in (?P<seconds>[0-9.]+) seconds")


def _record_page_runs(build_dir: Path, profile: str, starts: list, sampler: ProcessTreeSampler,
                      executed: list[str], seconds_by_page: dict) -> dict:
    """Match each kernel the sampler saw to the page myst-nb was starting when it appeared.

    Pages execute one after another, one kernel each: the n-th kernel seen belongs to the
    n-th "Executing notebook" line. Should the counts differ (a kernel missed between two
    samples), each kernel goes to the last page that had started by the time it was seen.
    """
    runs = page_runs(build_dir)
    for page in executed:
        runs.pop(page, None)
    kernels = sorted(sampler.kernels.values(), key=lambda k: k.first_seen)
    if len(kernels) == len(starts):
        owners = [page for _, page in starts]
    else:
        owners = [([page for when, page in starts if when <= kernel.first_seen + 1.0] or [None])[-1]
                  for kernel in kernels]
    for kernel, page in zip(kernels, owners):
        if page not in executed:
            continue
        run = runs.setdefault(page, {"profile": profile, "seconds": seconds_by_page.get(page),
                                     "kernel_peak_mb": 0.0, "tree_peak_mb": 0.0})
        run["kernel_peak_mb"] = round(max(run["kernel_peak_mb"], kernel.peak_mb), 1)
        run["tree_peak_mb"] = round(max(run["tree_peak_mb"], kernel.tree_peak_mb), 1)
    (build_dir / PAGE_RUNS_FILE).write_text(json.dumps(runs, indent=1, sort_keys=True))
    return runs


def source_commit(root: Path) -> str | None:
    """The commit ``root`` is checked out at (12 hex digits), with "+ local changes" when
    tracked or new files differ from it; None outside a git checkout or without git."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout

    try:
        commit = git("rev-parse", "--short=12", "HEAD").strip()
        changed = git("status", "--porcelain").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{commit} + local changes" if changed else commit


def _jupyter_book_executable() -> str:
    """jupyter-book from this interpreter's environment, so `.venv/bin/python -m` just works."""
    beside_python = Path(sys.executable).parent / "jupyter-book"
    return str(beside_python) if beside_python.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def _relative(page: str, root: Path) -> str:
    path = Path(page)
    try:
        return (path if path.is_absolute() else (root / path)).resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def build(root: Path, profile: str, output: Path | None = None, extra_args=()) -> int:
    """Build the book at ``root`` into ``output``/_build (default: ``root``/_build)."""
    root = root.resolve()
    output = (output or root).resolve()
    build_dir = output / "_build"
    html_dir = build_dir / "html"
    state_path = build_dir / ".booktools-build-state.json"
    build_dir.mkdir(parents=True, exist_ok=True)

    problems = setup_problems(root)
    if problems:  # before any page runs: seconds of reading, not minutes of executing
        print("\n".join(problems), file=sys.stderr)
        print(f"[booktools.build] FAILED: {len(problems)} page(s) do not start with setup_page().",
              file=sys.stderr)
        return 1

    state = _load_state(state_path)
    execution, rendering = execution_fingerprint(root, profile), render_fingerprint(root)
    reread_all = False
    if state.get("execution") != execution:
        if state:
            print(f"[booktools.build] introdl, requirements, execution settings or profile changed: "
                  f"clearing the execution cache, every page will run (profile {profile}).")
        shutil.rmtree(build_dir / ".jupyter_cache", ignore_errors=True)
        (build_dir / PAGE_RUNS_FILE).unlink(missing_ok=True)
        reread_all = True
    elif state.get("render") != rendering:
        print("[booktools.build] the book's tooling, _config.yml or _toc.yml changed: "
              "re-reading every page from the execution cache (nothing re-executes).")
        reread_all = True
    elif not state.get("complete"):
        reread_all = True  # the last build failed: re-read every page (the cache still serves)
    # Written before the build: the cache now belongs to this fingerprint, complete or not.
    state_path.write_text(json.dumps({"execution": execution, "render": rendering, "complete": False}))

    command = [_jupyter_book_executable(), "build", str(root),
               "--path-output", str(output), "-W", "--keep-going",
               *(["--all"] if reread_all else []), *extra_args]
    # Strict self-checks: on the site every exercise runs its solution, so a check that
    # says FAIL is a broken page and must fail the build, not publish quietly.
    # Unbuffered, so each log line arrives as it is written (page start times, below).
    env = {**os.environ, PROFILE_ENV_VAR: profile, "INTRODL_STRICT_CHECKS": "1", "PYTHONUNBUFFERED": "1"}
    # Which cell each kernel was running, should one die (booktools.sphinxext.kernels).
    cell_trace = build_dir / CELL_TRACE_FILE
    cell_trace.unlink(missing_ok=True)
    env[CELL_TRACE_ENV_VAR] = str(cell_trace)
    commit = source_commit(root)
    if commit:
        env[BUILD_COMMIT_ENV_VAR] = commit
    else:
        env.pop(BUILD_COMMIT_ENV_VAR, None)  # not a git checkout: the report says so
    print(f"[booktools.build] profile={profile}: {' '.join(command)}", flush=True)
    started_at = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    start = time.perf_counter()
    log_lines, page_starts, seconds_by_page = [], [], {}
    print(f"[booktools.build] {TCP_NOTICE_REASON}", flush=True)
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as process:
        sampler = ProcessTreeSampler(process.pid)
        sampler.start()
        for line in process.stdout:
            if TCP_NOTICE in line:
                continue
            sys.stdout.write(line)
            log_lines.append(line)
            plain = ANSI_ESCAPE.sub("", line)
            if match := EXECUTING_PAGE.search(plain):
                page_starts.append((time.time(), _relative(match["page"], root)))
            elif (match := EXECUTED_IN.search(plain)) and page_starts:
                seconds_by_page[page_starts[-1][1]] = round(float(match["seconds"]), 1)
        sampler.stop()
    seconds = time.perf_counter() - start
    log = "".join(log_lines)
    (build_dir / "build.log").write_text(log)
    executed = [_relative(uri, root) for uri in pages_executed_since(build_dir, started_at)]
    cached = len(re.findall(r"Using cached notebook", log))
    _record_page_runs(build_dir, profile, page_starts, sampler, executed, seconds_by_page)
    print(f"[booktools.build] {len(executed)} page(s) executed"
          + (f" ({', '.join(executed)})" if executed else "")
          + f", {cached} served from the cache, {seconds:.0f} s (log: {build_dir / 'build.log'})")

    last_cells = last_cell_per_page(cell_trace, page_starts, root)
    failures = cell_failures(build_dir, last_cells)
    if not failures and page_starts and KERNEL_DIED.search(log):
        # jupyter-cache records a failing cell, but a dead kernel stops Sphinx itself, while the
        # last page that started was running.
        page = (root / page_starts[-1][1]).resolve()
        failures = [describe_cell_failure(page, "nbclient.exceptions.DeadKernelError: Kernel died",
                                          last_cells.get(str(page)))]
    if process.returncode != 0 or failures:
        for message in failures or sphinx_warnings(log):
            print(message, file=sys.stderr)
        print(f"[booktools.build] FAILED (exit {process.returncode}): "
              + (f"{len(failures)} page(s) with a failing cell, above." if failures
                 else "warnings are errors in this build (-W); fix those above."), file=sys.stderr)
        return process.returncode or 1
    state_path.write_text(json.dumps({"execution": execution, "render": rendering, "complete": True}))
    print(f"[booktools.build] OK: open {html_dir / 'index.html'}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.build",
                                     description="Build the book with every cell executed.")
    parser.add_argument("--profile", type=profile_argument, default=None,
                        help="smoke or full (default: $BOOK_PROFILE, else full)")
    parser.add_argument("--root", default=".", help="the book's root folder (holds _config.yml)")
    parser.add_argument("--output", default=None,
                        help="build into OUTPUT/_build instead of ROOT/_build (own execution cache)")
    args, extra = parser.parse_known_args(argv)
    try:
        profile = args.profile or current_profile()
    except ProfileError as error:  # a bad $BOOK_PROFILE
        parser.error(str(error))
    if not (Path(args.root) / "_config.yml").is_file():
        print(f"No _config.yml in {Path(args.root).resolve()}: run from the repository root "
              f"or pass --root.", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else None
    return build(Path(args.root), profile, output, extra)


if __name__ == "__main__":
    sys.exit(main())
