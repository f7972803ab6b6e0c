"""How fast does each framework train the music model here, against what the hardware can do?

A training step is timed for each LSTM variant at the build profile's sizes, after a few
warm-up steps (graph tracing, memory allocation), the variants taking turns for a few
rounds so that a busy neighbour on a shared machine slows all of them alike. In every
round a float32 matrix product is timed in both frameworks too: the best rate seen is the
"roofline", the matmul speed this machine reaches right now, and each variant's matmul
FLOPs per second are given as a fraction of it.

Variants (the same weights and maths in all three):

* ``tensorflow-fast``   FastLSTM (fast_lstm_tf.py), what model_tf uses on a CPU
* ``tensorflow-keras``  plain ``keras.layers.LSTM``
* ``pytorch``           ``torch.nn.LSTM``

``benchmarks/music_train_step.py`` is the command line for the same measurement (the same
functions, the same variant order), at the lab's sizes by default, optionally each variant
in its own process, and can profile TensorFlow's ops.
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass, field

import numpy as np

from ...frameworks import IDS, PYTORCH, TENSORFLOW, check_framework, display_name
from .vocab import get_batch

# variant -> (framework, the LSTM layer in words, the framework model's build_model options)
_VARIANTS = {
    f"{TENSORFLOW}-fast": (TENSORFLOW, "FastLSTM", {"lstm": "fast"}),
    f"{TENSORFLOW}-keras": (TENSORFLOW, "keras.layers.LSTM", {"lstm": "keras"}),
    PYTORCH: (PYTORCH, "torch.nn.LSTM", {}),
}
VARIANTS = tuple(_VARIANTS)  # the order measured, and the order of the table's rows
LABELS = {variant: (display_name(framework), lstm) for variant, (framework, lstm, _) in _VARIANTS.items()}


def variant_framework(variant: str) -> str:
    """The framework id of a variant."""
    return _VARIANTS[variant][0]


def train_step_flops(batch_size: int, seq_length: int, embedding_dim: int, rnn_units: int,
                     vocab_size: int) -> float:
    """Matmul FLOPs of one training step: the forward pass, and twice that for the backward.

    Per character: the input projection (embedding x 4 units), the recurrent projection
    (units x 4 units) and the output layer (units x vocabulary), 2 FLOPs per multiply-add.
    """
    tokens = batch_size * seq_length
    forward = 2 * tokens * (embedding_dim * 4 * rnn_units + rnn_units * 4 * rnn_units + rnn_units * vocab_size)
    return 3.0 * forward


def _check_variants(variants) -> tuple:
    variants = tuple(variants)
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        raise ValueError(f"variants={list(variants)}: choose one or more of {list(VARIANTS)}.")
    return variants


def matmul_gflops(framework: str, size: int | None = None, repeats: int = 3) -> float:
    """Best rate of a ``size`` x ``size`` float32 matrix product, in GFLOP/s.

    Runs on the framework's default device (the GPU if it sees one). ``size`` defaults to
    1024 on a CPU and 8192 on a GPU. On a CPU 1024 is chosen for memory, not speed: a
    2048 product raises a process's peak memory far more, which matters on a 2 GB Binder
    machine, though it runs faster (benchmarks/README.md has the figures). So on a CPU this
    roofline is a low one, and fractions of it are generous.
    """
    framework = check_framework(framework)  # FrameworkError (a ValueError) names the accepted ones
    if framework == PYTORCH:
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
        size = size or (8192 if device == "cuda" else 1024)
        a = torch.randn(size, size, device=device)
        run = lambda: (a @ a)[0, 0].item()  # noqa: E731  (.item() waits for the GPU)
    else:
        import tensorflow as tf

        size = size or (8192 if tf.config.list_logical_devices("GPU") else 1024)
        a = tf.random.normal([size, size])
        product = tf.function(lambda: tf.matmul(a, a)[0, 0])
        run = lambda: float(product())  # noqa: E731  (float() waits for the result)
    run()  # warm up: tracing, thread pools, GPU kernels
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return 2.0 * size**3 / best / 1e9


def describe_device() -> str:
    """Where the timings ran: the GPU's name, or the CPU's model and how many cores it may use."""
    import torch

    if torch.cuda.is_available():
        return f"GPU: {torch.cuda.get_device_name(0)}"
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count()
    return f"CPU: {_cpu_name()}, {cores} cores available (no GPU)"


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


@dataclass
class VariantSpeed:
    variant: str
    step_seconds: list = field(repr=False)  # every timed step, all rounds
    flops_per_step: float

    @property
    def framework(self) -> str:
        return LABELS[self.variant][0]

    @property
    def lstm(self) -> str:
        return LABELS[self.variant][1]

    @property
    def ms_per_step(self) -> float:
        """Median over the timed steps."""
        return 1e3 * float(np.median(self.step_seconds))

    @property
    def gflops(self) -> float:
        return self.flops_per_step / (self.ms_per_step / 1e3) / 1e9


@dataclass
class SpeedReport:
    """Training-step timings of each variant with the roofline measured in the same run."""

    device: str
    batch_size: int
    seq_length: int
    roofline_gflops: float
    rows: list  # VariantSpeed, in the order measured

    def __getitem__(self, variant: str) -> VariantSpeed:
        for row in self.rows:
            if row.variant == variant:
                return row
        raise KeyError(f"{variant!r} was not timed; timed: {[r.variant for r in self.rows]}.")

    def chars_per_second(self, variant: str) -> float:
        """Training throughput: characters (batch x sequence) per second."""
        return self.batch_size * self.seq_length / (self[variant].ms_per_step / 1e3)

    def roofline_fraction(self, variant: str) -> float:
        return self[variant].gflops / self.roofline_gflops

    def table(self):
        """The timings as a Results table (shows itself as HTML in a notebook)."""
        from ...results import Results

        table = Results(
            columns=("ms per step", "characters per second", "matmul GFLOP/s", "fraction of roofline"),
            row_headers=("Framework", "LSTM"),
        )
        for row in self.rows:
            values = (row.ms_per_step, self.chars_per_second(row.variant), row.gflops,
                      self.roofline_fraction(row.variant))
            for column, value, fmt in zip(table.columns, values, (".1f", ",.0f", ".1f", ".0%")):
                table.add(row.framework, row.lstm, column, value, fmt)
        return table


def build_train_step(variant: str, vocab_size: int, config):
    """A fresh model of ``variant`` and its compiled train step (the page's models stay untouched)."""
    from .backends import load_backend

    framework, _, model_options = _VARIANTS[_check_variants([variant])[0]]
    backend = load_backend(framework)
    model = backend.build_model(vocab_size, **config.model_kwargs(), **model_options)
    return backend.make_train_step(model, backend.make_optimizer(model, config.learning_rate))


def make_batches(train_ids, config, count: int) -> list:
    """The same ``count`` batches for every variant, in every process (seeded by config.seed)."""
    rng = np.random.default_rng(config.seed)
    return [get_batch(train_ids, config.seq_length, config.batch_size, rng) for _ in range(count)]


def _time_steps(steps: dict, batches, warmup_steps: int, timed_steps: int, rounds: int):
    """Warm up every step function, then time them in turns; return (seconds per variant, roofline)."""
    for train_step in steps.values():
        for x, y in batches[:warmup_steps]:
            train_step(x, y)
    used = {variant_framework(v) for v in steps}
    frameworks = [f for f in IDS if f in used]
    roofline = 0.0
    times = {variant: [] for variant in steps}
    for round_number in range(rounds):
        roofline = max([roofline] + [matmul_gflops(f) for f in frameworks])
        start = warmup_steps + round_number * timed_steps
        for variant, train_step in steps.items():
            for x, y in batches[start : start + timed_steps]:
                began = time.perf_counter()
                train_step(x, y)  # returns a Python float: waits for the device
                times[variant].append(time.perf_counter() - began)
    return times, roofline


def measure_training_speed(train_ids, vocab_size: int, config, variants=VARIANTS,
                           warmup_steps: int = 2, timed_steps: int = 3, rounds: int = 3,
                           train_steps: dict | None = None) -> SpeedReport:
    """Time ``timed_steps`` training steps per variant and round, after ``warmup_steps``.

    ``config`` is a TrainingConfig (sizes, learning rate, seed). Every variant trains on
    the same batches. The roofline is the best float32 matmul rate measured between the
    rounds. ``train_steps`` maps a variant to a step function that already exists
    (``TrainingResult.train_step``), which is then timed, and trains its model a few steps
    further, instead of a fresh model: this saves the memory and tracing of a second copy.
    """
    variants = _check_variants(variants)
    train_steps = dict(train_steps or {})
    if train_steps:
        _check_variants(train_steps)
    if min(warmup_steps, timed_steps, rounds) < 1:
        raise ValueError("warmup_steps, timed_steps and rounds must each be at least 1.")
    batches = make_batches(train_ids, config, warmup_steps + timed_steps * rounds)
    steps = {variant: train_steps.get(variant) or build_train_step(variant, vocab_size, config)
             for variant in variants}
    times, roofline = _time_steps(steps, batches, warmup_steps, timed_steps, rounds)
    flops = train_step_flops(config.batch_size, config.seq_length, config.embedding_dim,
                             config.rnn_units, vocab_size)
    return SpeedReport(
        device=describe_device(),
        batch_size=config.batch_size,
        seq_length=config.seq_length,
        roofline_gflops=roofline,
        rows=[VariantSpeed(variant, times[variant], flops) for variant in variants],
    )
