"""How much longer the smoke build takes with PyPI's default torch wheel than with the CPU wheel.

PyPI's default ``torch`` on Linux is a CUDA build: importing it loads more libraries, and
``introdl`` loads its ``triton`` before TensorFlow in every kernel. This builds the whole book
in the smoke profile from scratch in two environments, alternating between them so that both
see the same machine load, and prints each build's time, the medians and their ratio.

    make .venv/.requirements-installed .venv-pypi/.requirements-installed
    .venv/bin/python benchmarks/smoke_build_wheels.py [--rounds 2]

Run it on an otherwise idle machine: two cores shared with anything else make the ratio noise.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENTS = {"CPU wheel (.venv)": ROOT / ".venv", "PyPI default (.venv-pypi)": ROOT / ".venv-pypi"}


def torch_build(venv: Path) -> str:
    code = "from importlib.metadata import version as v; print('torch', v('torch'), '+ triton', end=' ')\n" \
           "import importlib.util as u; print(v('triton') if u.find_spec('triton') else 'absent')"
    return subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def clean_smoke_build(venv: Path, output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "python"), "-m", "booktools.build", "--profile", "smoke",
                    "--output", str(output)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    for name, venv in ENVIRONMENTS.items():
        if not (venv / "bin" / "python").exists():
            print(f"{venv} is missing: run `make {venv.name}/.requirements-installed` first.", file=sys.stderr)
            return 2
        print(f"{name}: {torch_build(venv)}")
    times = {name: [] for name in ENVIRONMENTS}
    for round_ in range(args.rounds):
        for name, venv in ENVIRONMENTS.items():
            seconds = clean_smoke_build(venv, ROOT / "_build" / f"bench-smoke-{venv.name}")
            times[name].append(seconds)
            print(f"round {round_ + 1}, {name}: {seconds:.1f} s", flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu, pypi = medians.values()
    for name, median in medians.items():
        print(f"median, {name}: {median:.1f} s")
    print(f"PyPI default / CPU wheel: {pypi / cpu:.3f} ({(pypi / cpu - 1) * 100:+.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
