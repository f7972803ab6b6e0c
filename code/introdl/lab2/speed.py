"""Time one training step of the CNN in each framework, like with like.

The page's own training steps are timed, on the same batches, after warm-up steps (which
include ``tf.function``'s tracing and PyTorch's first-call set-up, not training), the
frameworks taking turns for a few rounds so that a busy neighbour on a shared machine slows
both alike (the music lab's ``introdl.lab1.music.speed`` times its LSTM the same way). Each
step function must wait for its result (return a Python float) so that the time is the
step's, not the time to queue it.
"""

from __future__ import annotations

import time

import numpy as np

from ..frameworks import IDS, PYTORCH, TENSORFLOW, check_framework, display_name
from ..results import Results

__all__ = ["speed_table", "threads", "time_steps"]


def threads() -> dict[str, int]:
    """How many CPU threads each framework's operations use (TensorFlow's 0 means "all cores")."""
    import os

    import tensorflow as tf
    import torch

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    intra = tf.config.threading.get_intra_op_parallelism_threads() or cores
    return {display_name(TENSORFLOW): intra, display_name(PYTORCH): torch.get_num_threads()}


def time_steps(steps: dict, batches, warmup: int = 2, timed: int = 5, rounds: int = 3) -> dict[str, list[float]]:
    """Seconds of each timed step, by framework id: ``warmup`` steps each first, then ``rounds`` turns.

    ``steps`` maps a framework (id or alias) to ``step(x, y)``; ``batches`` is a list of at
    least ``warmup + timed * rounds`` batches, framework-neutral (e.g. NumPy pairs) or a dict
    by framework of such lists (the same data in each framework's layout).
    """
    steps = {check_framework(f): fn for f, fn in steps.items()}
    if min(warmup, timed, rounds) < 1:
        raise ValueError("warmup, timed and rounds must each be at least 1.")
    per_framework = ({check_framework(f): list(b) for f, b in batches.items()} if isinstance(batches, dict)
                     else {f: list(batches) for f in steps})
    needed = warmup + timed * rounds
    for framework, framework_batches in per_framework.items():
        if len(framework_batches) < needed:
            raise ValueError(f"{len(framework_batches)} batches for {framework}; warm-up and timing need {needed}.")
    order = [f for f in IDS if f in steps]
    for framework in order:
        for x, y in per_framework[framework][:warmup]:
            steps[framework](x, y)
    times = {framework: [] for framework in order}
    for round_number in range(rounds):
        start = warmup + round_number * timed
        for framework in order:
            for x, y in per_framework[framework][start:start + timed]:
                began = time.perf_counter()
                steps[framework](x, y)
                times[framework].append(time.perf_counter() - began)
    return times


def speed_table(times: dict, batch_size: int, thread_counts: dict | None = None) -> Results:
    """Median milliseconds per step and digits per second, one column per framework."""
    table = Results(row_headers=("Training step of the CNN", f"batch of {batch_size}"))
    for framework, seconds in times.items():
        median = float(np.median(seconds))
        table.add("time per step", "median, ms", framework, 1e3 * median, ".1f")
        table.add("time per step", "fastest, ms", framework, 1e3 * float(np.min(seconds)), ".1f")
        table.add("throughput", "digits per second", framework, batch_size / median, ",.0f")
    for name, count in (thread_counts or {}).items():
        table.add("CPU threads", "", name, count)
    return table
