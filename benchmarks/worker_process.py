"""Run one measurement of a benchmark script in a fresh Python process.

Each benchmark calls itself with ``--worker ...``; the worker prints one JSON line last.
A fresh process per measurement gives each its own thread pools and its own memory peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run_worker(script: str, *arguments: str, label: str) -> dict | None:
    """The worker's JSON reply as a dict, or None (its error printed under ``label``) if it failed."""
    command = [sys.executable, script, "--worker", *arguments]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        print(f"{label} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])
