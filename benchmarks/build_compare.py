"""The full build of two commits, alternating, and what each lesson's pages took in each.

    .venv/bin/python benchmarks/build_compare.py OLD_COMMIT NEW_COMMIT [--rounds 2] [--work /tmp/build-compare]
    .venv/bin/python benchmarks/build_compare.py --report OLD_BUILD NEW_BUILD [OLD_BUILD NEW_BUILD ...]

Made to answer "what did splitting the lectures into chapters cost the full build?": each
commit is checked out in its own git worktree, and the two are built from scratch with
``python -m booktools.build --profile full --output DIR``, alternating (old, new, then new,
old, ...), so that a change in the machine's speed over the hour hits both. Each build runs
its own checkout's ``introdl`` and ``booktools`` (``PYTHONPATH``) in this ``.venv``.

``--drop PATH`` (repeatable) removes a page from the new commit's worktree and its
``_toc.yml`` entry before it builds, to compare the same content (pages a later commit
added). A page folder's toc entry goes with it (``--drop book/lectures/lecture03``).

For each pair of builds it prints the wall time of the ``jupyter-book`` run and, from each
build's ``_build/page-runs.json``, the seconds and kernels of every lesson (a folder of
chapters counts as one lesson, matched to the page it came from by the lesson's number) and
their difference, then one JSON line. Pages whose code did not change show how far the same
page varies between two builds, which is the noise to read the rest against.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from booktools.build import PAGE_RUNS_FILE

REPOSITORY = Path(__file__).resolve().parents[1]


def lesson_of(page: str) -> str:
    """``book/lectures/lecture02/lstm.md`` and ``book/lectures/lecture02_sequence.md`` -> ``lecture02``."""
    match = re.search(r"(lecture\d+|lab\d+_part\d+)", page)
    return match.group(1) if match else page


def lesson_table(build: Path) -> dict[str, dict]:
    """{lesson: {"seconds", "kernels", "peak_mb"}} from a build's page-runs.json."""
    path = build / "_build" / PAGE_RUNS_FILE
    if not path.is_file():
        sys.exit(f"{path} does not exist: pass the folder a build was made in (its --output), after the build finished.")
    runs = json.loads(path.read_text())
    lessons: dict[str, dict] = {}
    for page, run in sorted(runs.items()):
        row = lessons.setdefault(lesson_of(page), {"seconds": 0.0, "kernels": 0, "peak_mb": 0.0})
        row["seconds"] += run["seconds"]
        row["kernels"] += 1
        row["peak_mb"] = max(row["peak_mb"], run["tree_peak_mb"])
    return lessons


def wall_seconds(build: Path) -> float | None:
    """The build's wall time, if this script made it (``build()`` writes it beside the build)."""
    path = build / "build-compare.json"
    return json.loads(path.read_text())["wall_seconds"] if path.is_file() else None


def report(old: Path, new: Path) -> dict:
    before, after = lesson_table(old), lesson_table(new)
    wall = {"old": wall_seconds(old), "new": wall_seconds(new)}
    print(f"\n{old} -> {new}")
    if None not in wall.values():
        print(f"  jupyter-book build, wall: {wall['old']:.0f} s -> {wall['new']:.0f} s "
              f"({100 * (wall['new'] / wall['old'] - 1):+.1f}%)")
    print(f"  {'lesson':32} {'before':>16} {'after':>16} {'change':>9}")
    for lesson in sorted(set(before) | set(after)):
        b, a = before.get(lesson), after.get(lesson)
        cell = lambda row: f"{row['seconds']:7.1f} s ({row['kernels']:>2} k)" if row else f"{'-':>16}"
        change = f"{a['seconds'] - b['seconds']:+7.1f} s" if a and b else ""
        print(f"  {lesson:32} {cell(b):>16} {cell(a):>16} {change:>9}")
    total_before = sum(row["seconds"] for row in before.values())
    total_after = sum(row["seconds"] for row in after.values())
    print(f"  {'all pages':32} {total_before:7.1f} s{'':7} {total_after:7.1f} s{'':7} "
          f"{total_after - total_before:+7.1f} s ({100 * (total_after / total_before - 1):+.1f}%)")
    return {"old": str(old), "new": str(new), "wall_seconds": wall, "lessons_before": before, "lessons_after": after}


def drop_pages(worktree: Path, paths: list[str]) -> None:
    toc = worktree / "_toc.yml"
    lines = toc.read_text().splitlines(keepends=True)
    for path in paths:
        stem = path.removesuffix(".md")
        if not ((worktree / path).is_dir() or (worktree / (stem + ".md")).is_file()):
            sys.exit(f"--drop {path}: no such page or page folder in the new commit.")
        lines = [line for line in lines if f"file: {stem}" not in line]
        target = worktree / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            (worktree / (stem + ".md")).unlink()
    # A chapter entry left with an empty "sections:" is not valid: drop such lines too.
    kept = [line for i, line in enumerate(lines)
            if not (line.strip() == "sections:" and (i + 1 == len(lines) or "file:" not in lines[i + 1]
                                                     or len(lines[i + 1]) - len(lines[i + 1].lstrip())
                                                     <= len(line) - len(line.lstrip())))]
    toc.write_text("".join(kept))


def build(worktree: Path, output: Path) -> float:
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    began = time.perf_counter()
    with open(output / "build.out", "w") as log:
        completed = subprocess.run([sys.executable, "-m", "booktools.build", "--profile", "full", "--output", str(output)],
                                   cwd=worktree, env={**os.environ, "PYTHONPATH": str(worktree / "code")},
                                   stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - began
    if completed.returncode:
        sys.exit(f"the build of {worktree} failed: see {output / 'build.out'}")
    (output / "build-compare.json").write_text(json.dumps({"wall_seconds": seconds}))
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="*", help="OLD_COMMIT NEW_COMMIT")
    parser.add_argument("--rounds", type=int, default=2, help="pairs of builds (default 2)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/build-compare"), help="worktrees and builds go here")
    parser.add_argument("--drop", action="append", default=[], help="a page or page folder the new commit's build leaves out")
    parser.add_argument("--report", nargs="+", type=Path, help="only print: OLD_BUILD NEW_BUILD pairs already built")
    args = parser.parse_args(argv)
    if args.report:
        if len(args.report) % 2:
            parser.error("--report takes pairs of build folders: OLD_BUILD NEW_BUILD ...")
        pairs = list(zip(args.report[::2], args.report[1::2]))
    else:
        if len(args.commits) != 2:
            parser.error("give two commits, OLD_COMMIT NEW_COMMIT (or --report with build folders)")
        commits = dict(zip(("old", "new"), args.commits))
        worktrees = {}
        for name, commit in commits.items():
            worktree = args.work / f"{name}-worktree"
            if worktree.exists():
                sys.exit(f"{worktree} exists: remove it (git worktree remove --force {worktree}) or pass another --work.")
            if subprocess.run(["git", "worktree", "add", "--detach", str(worktree), commit], cwd=REPOSITORY).returncode:
                sys.exit(f"git could not check out {commit!r} into {worktree} (see its message above).")
            worktrees[name] = worktree
        if args.drop:
            drop_pages(worktrees["new"], args.drop)
        pairs = []
        for round_number in range(args.rounds):
            order = ("old", "new") if round_number % 2 == 0 else ("new", "old")
            outputs = {name: args.work / f"build-{name}-{round_number + 1}" for name in order}
            for name in order:
                print(f"round {round_number + 1}: building {name} ({commits[name]})...", flush=True)
                print(f"  {build(worktrees[name], outputs[name]):.0f} s", flush=True)
            pairs.append((outputs["old"], outputs["new"]))
    print(json.dumps([report(old, new) for old, new in pairs]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
