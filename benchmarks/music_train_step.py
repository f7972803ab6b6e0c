"""Training-step speed of the lab 1 part 2 model on this machine, per framework.

    .venv/bin/python benchmarks/music_train_step.py            # table of ms/step
    .venv/bin/python benchmarks/music_train_step.py --ops      # plus a profile of TF's ops

Full lab settings: Embedding 256, LSTM 1024, batch 4, sequence 100, Adam, the O'Neill
vocabulary. Each variant runs in its own process (its own thread pools, nothing else
loaded), the variants take turns for ``--rounds`` rounds and the best median counts, so a
busy neighbour on a shared machine hurts every variant alike. Every worker also times a
2048 x 2048 float32 matmul: the fastest such rate seen in the run is the "roofline", and
each variant's matmul FLOPs per second are given as a fraction of it.

Variants:
  pytorch           torch.nn.LSTM (model_torch)
  tensorflow-fast   FastLSTM: same weights as Keras' LSTM, hand-written gradient (model_tf)
  tensorflow-keras  plain keras.layers.LSTM (model_tf, lstm="keras")
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from introdl.music.speed import train_step_flops
from worker_process import run_worker

VARIANTS = ("pytorch", "tensorflow-fast", "tensorflow-keras")
BATCH, SEQ, EMBED, UNITS = 4, 100, 256, 1024


def _timed(fn, repeats: int) -> list:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def worker(variant: str, steps: int, profile_ops: bool) -> dict:
    from introdl.music.training import load_music_data

    data = load_music_data()
    rng = np.random.default_rng(0)
    from introdl.music.vocab import get_batch

    batches = [get_batch(data.train_ids, SEQ, BATCH, rng) for _ in range(steps + 3)]
    if variant == "pytorch":
        import torch

        from introdl.music import model_torch as backend

        model = backend.build_model(len(data.vocab), EMBED, UNITS, seed=0)
        a = torch.randn(2048, 2048)
        matmul = lambda: a @ a  # noqa: E731
    else:
        import tensorflow as tf

        from introdl.music import model_tf as backend

        model = backend.build_model(len(data.vocab), EMBED, UNITS, lstm=variant.split("-")[1], seed=0)
        a = tf.random.normal([2048, 2048])
        product = tf.function(lambda: tf.matmul(a, a))
        matmul = lambda: product().numpy()  # noqa: E731
    train_step = backend.make_train_step(model, backend.make_optimizer(model, 5e-3))
    for x, y in batches[:3]:  # warm up: graph tracing, memory allocation
        train_step(x, y)
    times = []
    for x, y in batches[3:]:
        start = time.perf_counter()
        train_step(x, y)
        times.append(time.perf_counter() - start)
    matmul()
    gflops = 2 * 2048**3 / min(_timed(matmul, 5)) / 1e9
    result = {"variant": variant, "median_ms": 1e3 * float(np.median(times)), "min_ms": 1e3 * min(times),
              "matmul_gflops": gflops, "vocab_size": len(data.vocab)}
    if profile_ops and variant.startswith("tensorflow"):
        result["ops"] = _profile_tf_ops(train_step, batches[:3])
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=15, help="timed steps per variant and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--ops", action="store_true", help="profile TensorFlow's ops (time per op type)")
    parser.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.steps, args.ops)))
        return 0

    best: dict = {}
    for round_number in range(args.rounds):
        for variant in args.variants:
            ops = ["--ops"] if args.ops and round_number == 0 else []
            result = run_worker(__file__, variant, "--steps", str(args.steps), *ops, label=variant)
            if result is None:
                return 1
            print(f"round {round_number + 1}: {variant:17s} {result['median_ms']:7.1f} ms/step "
                  f"(matmul {result['matmul_gflops']:.0f} GFLOP/s)", flush=True)
            if "ops" in result:
                print(f"  {variant}: busy time per step by op type, summed over threads [op, ms, calls]:")
                for name, ms, calls in result["ops"]:
                    print(f"    {name:40s} {ms:7.1f} ms  x{calls}")
            kept = best.get(variant)
            if kept is None or result["median_ms"] < kept["median_ms"]:
                best[variant] = {**result, "matmul_gflops": max(result["matmul_gflops"],
                                                                 kept["matmul_gflops"] if kept else 0)}

    roofline = max(r["matmul_gflops"] for r in best.values())
    flops = train_step_flops(BATCH, SEQ, EMBED, UNITS, next(iter(best.values()))["vocab_size"])
    torch_ms = best["pytorch"]["median_ms"] if "pytorch" in best else None
    print()
    print(f"Training step, batch {BATCH} x sequence {SEQ}, Embedding {EMBED} / LSTM {UNITS}: "
          f"{flops / 1e9:.1f} GFLOP of matmuls; roofline {roofline:.0f} GFLOP/s "
          f"(best 2048x2048 float32 matmul in this run); {os.cpu_count()} CPU threads")
    print()
    print("| variant | ms/step (median) | steps/s | GFLOP/s | fraction of roofline | vs PyTorch |")
    print("|---|---|---|---|---|---|")
    for variant in args.variants:
        r = best[variant]
        rate = flops / (r["median_ms"] / 1e3) / 1e9
        versus = f"{r['median_ms'] / torch_ms:.2f}x" if torch_ms else "-"
        print(f"| {variant} | {r['median_ms']:.0f} | {1e3 / r['median_ms']:.1f} | {rate:.0f} | "
              f"{rate / roofline:.2f} | {versus} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
