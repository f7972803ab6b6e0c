"""Training-step speed of the lab 1 part 2 model on this machine: the command line of
``introdl.lab1.music.speed``, which times the table the music page shows.

    .venv/bin/python benchmarks/music_train_step.py              # the lab's sizes, each variant in its own process
    .venv/bin/python benchmarks/music_train_step.py --small      # the smoke profile's sizes: a quick run
    .venv/bin/python benchmarks/music_train_step.py --one-process  # exactly the page's measurement
    .venv/bin/python benchmarks/music_train_step.py --ops        # plus TensorFlow's time per op type

Sizes: ``TrainingConfig.for_profile("full")`` (Embedding 256, LSTM 1024, batch 4, sequence
100, Adam; the O'Neill vocabulary), or ``"smoke"`` with ``--small``. The variants, their
order, the models, the batches, the warm-up and the matmul roofline are those of
``introdl.lab1.music.speed.measure_training_speed``: this script only adds a command line and,
by default, a fresh process per variant and round (its own thread pools, nothing else
loaded), the variants taking turns for ``--rounds`` rounds so that a busy neighbour on a
shared machine slows all of them alike.
"""

from __future__ import annotations

import argparse
import json
import sys

from worker_process import run_worker

from introdl.frameworks import TENSORFLOW
from introdl.lab1.music.speed import VARIANTS

# The defaults of --steps, --warmup and --rounds.
TIMED_STEPS, WARMUP_STEPS, ROUNDS = 15, 3, 2


def _config(small: bool):
    from introdl.lab1.music.training import TrainingConfig

    return TrainingConfig.for_profile("smoke" if small else "full")


def _measure(data, variants, args, rounds: int, train_steps=None):
    """``measure_training_speed`` on ``data`` (the O'Neill tunes) at the chosen sizes."""
    from introdl.lab1.music.speed import measure_training_speed

    return measure_training_speed(data.train_ids, len(data.vocab), _config(args.small), variants=variants,
                                  warmup_steps=args.warmup, timed_steps=args.steps, rounds=rounds,
                                  train_steps=train_steps)


def worker(args) -> dict:
    """One variant, one round, in this process: its step times, the roofline, maybe TF's op profile."""
    from introdl.lab1.music.speed import build_train_step, make_batches, variant_framework
    from introdl.lab1.music.training import load_music_data

    data = load_music_data()
    config = _config(args.small)
    step = build_train_step(args.worker, len(data.vocab), config)
    report = _measure(data, [args.worker], args, rounds=1, train_steps={args.worker: step})
    result = {"variant": args.worker, "step_seconds": report[args.worker].step_seconds,
              "roofline_gflops": report.roofline_gflops, "vocab_size": len(data.vocab)}
    if args.ops and variant_framework(args.worker) == TENSORFLOW:
        result["ops"] = _profile_tf_ops(step, make_batches(data.train_ids, config, 3))
    return result


def _profile_tf_ops(train_step, batches, top: int = 8) -> list:
    """Milliseconds per step by TensorFlow op type, from the TF profiler's trace."""
    import glob
    import tempfile
    from collections import Counter

    import tensorflow as tf
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    logdir = tempfile.mkdtemp(prefix="tfprof-")
    tf.profiler.experimental.start(logdir)
    for x, y in batches:
        train_step(x, y)
    tf.profiler.experimental.stop()
    space = xplane_pb2.XSpace()
    with open(sorted(glob.glob(f"{logdir}/**/*.xplane.pb", recursive=True))[-1], "rb") as file:
        space.ParseFromString(file.read())
    per_op, counts = Counter(), Counter()
    for plane in space.planes:
        for line in plane.lines:
            if not line.name.startswith("tf_Compute"):
                continue
            for event in line.events:
                name = plane.event_metadata[event.metadata_id].name
                if ":" not in name or "::" in name:
                    continue  # executor bookkeeping, not an op ("name:OpType" is an op)
                op_type = name.rsplit(":", 1)[1]
                per_op[op_type] += event.duration_ps / 1e9 / len(batches)
                counts[op_type] += 1 / len(batches)
    return [(op_type, ms, round(counts[op_type])) for op_type, ms in per_op.most_common(top)]


def _in_processes(args):
    """Every variant in a fresh process per round; the timings merged into one SpeedReport."""
    from introdl.lab1.music.speed import SpeedReport, VariantSpeed, describe_device, train_step_flops

    config = _config(args.small)
    seconds = {variant: [] for variant in args.variants}
    roofline, vocab_size = 0.0, None
    for round_number in range(args.rounds):
        for variant in args.variants:
            options = ["--steps", str(args.steps), "--warmup", str(args.warmup)]
            options += ["--small"] if args.small else []
            options += ["--ops"] if args.ops and round_number == 0 else []
            result = run_worker(__file__, variant, *options, label=variant)
            if result is None:
                return None
            seconds[variant] += result["step_seconds"]
            roofline, vocab_size = max(roofline, result["roofline_gflops"]), result["vocab_size"]
            median_ms = 1e3 * sorted(result["step_seconds"])[len(result["step_seconds"]) // 2]
            print(f"round {round_number + 1}: {variant:17s} {median_ms:7.1f} ms/step "
                  f"(roofline so far {roofline:.0f} GFLOP/s)", flush=True)
            for name, ms, calls in result.get("ops", []):
                print(f"    {name:40s} {ms:7.1f} ms  x{calls}")
    flops = train_step_flops(config.batch_size, config.seq_length, config.embedding_dim, config.rnn_units,
                             vocab_size)
    rows = [VariantSpeed(variant, seconds[variant], flops) for variant in args.variants]
    return SpeedReport(describe_device(), config.batch_size, config.seq_length, roofline, rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=TIMED_STEPS, help="timed steps per variant and round")
    parser.add_argument("--warmup", type=int, default=WARMUP_STEPS, help="untimed steps first (tracing, allocation)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS),
                        help="in this order in the table (default: all, in speed.VARIANTS' order)")
    parser.add_argument("--small", action="store_true", help="the smoke profile's sizes (seconds, not minutes)")
    parser.add_argument("--one-process", action="store_true",
                        help="all variants in this process, taking turns: the music page's measurement")
    parser.add_argument("--ops", action="store_true", help="profile TensorFlow's ops (time per op type)")
    parser.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.variants = [v for v in VARIANTS if v in args.variants]  # always the page's order
    if args.worker:
        print(json.dumps(worker(args)))
        return 0
    if args.one_process:
        if args.ops:
            parser.error("--ops profiles in the worker processes; leave out --one-process.")
        from introdl.lab1.music.training import load_music_data

        report = _measure(load_music_data(), args.variants, args, rounds=args.rounds)
    else:
        report = _in_processes(args)
        if report is None:
            return 1
    print()
    print(f"Training step on {report.device}, batch {report.batch_size} x sequence {report.seq_length}; "
          f"roofline {report.roofline_gflops:,.0f} GFLOP/s (best float32 matmul in this run)")
    print()
    print(report.table().to_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
