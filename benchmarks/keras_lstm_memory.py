"""How much memory does a training step of plain keras.layers.LSTM add to a notebook kernel?

    .venv/bin/python benchmarks/keras_lstm_memory.py                 # windows of 25 and 100, 3 trials
    .venv/bin/python benchmarks/keras_lstm_memory.py --seq 100 --trials 5

The music page's kernel has TensorFlow and PyTorch loaded and both of its models trained
when it times the LSTM layers. Each trial here is a fresh process in that state (the
O'Neill data, FastLSTM and torch.nn.LSTM at the lab's sizes, a few Adam steps each), which
then takes ``--steps`` training steps of a fresh plain ``keras.layers.LSTM`` model with
windows of ``--seq`` characters. It prints the process's resident memory before the Keras
steps and its peak after them (Linux VmRSS / VmHWM).

Why the spread between trials: Keras' backward ``tf.while_loop`` may run up to 32 time
steps ahead of its gradient sums, each step holding its own ``units x 4 units`` weight
gradient (16 MB here); how many pile up depends on how the threads happen to run.
"""

from __future__ import annotations

import argparse
import json
import sys

from worker_process import run_worker

BATCH, EMBED, UNITS, LAB_SEQ = 4, 256, 1024, 100


def _memory_mb() -> dict:
    """Resident memory now and at its peak, in MB (Linux /proc)."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as file:
        for line in file:
            key = line.split(":")[0]
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(line.split()[1]) / 1024
    return values


def trial(seq_length: int, steps: int) -> dict:
    import numpy as np

    from introdl.lab1.music import model_tf, model_torch
    from introdl.lab1.music.training import load_music_data
    from introdl.lab1.music.vocab import get_batch

    data = load_music_data()
    rng = np.random.default_rng(0)
    lab_batches = [get_batch(data.train_ids, LAB_SEQ, BATCH, rng) for _ in range(6)]
    page_models = []  # kept alive, as the page keeps its models
    for backend, kwargs in ((model_tf, {"lstm": "fast"}), (model_torch, {})):
        model = backend.build_model(len(data.vocab), EMBED, UNITS, seed=0, **kwargs)
        train_step = backend.make_train_step(model, backend.make_optimizer(model, 5e-3))
        for x, y in lab_batches:
            train_step(x, y)
        page_models.append((model, train_step))
    before = _memory_mb()

    model = model_tf.build_model(len(data.vocab), EMBED, UNITS, seed=0, lstm="keras")
    train_step = model_tf.make_train_step(model, model_tf.make_optimizer(model, 5e-3))
    for _ in range(steps):
        train_step(*get_batch(data.train_ids, seq_length, BATCH, rng))
    after = _memory_mb()
    return {"before_mb": before["VmRSS"], "peak_before_mb": before["VmHWM"], "peak_after_mb": after["VmHWM"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seq", type=int, nargs="+", default=[25, 100], help="window lengths to try")
    parser.add_argument("--trials", type=int, default=3, help="fresh processes per window length")
    parser.add_argument("--steps", type=int, default=11, help="Keras training steps per trial (the page takes 11)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(trial(args.worker, args.steps)))
        return 0

    print(f"Plain keras.layers.LSTM, batch {BATCH}, Embedding {EMBED} / LSTM {UNITS}, {args.steps} steps, "
          "in a process with both frameworks loaded and trained:")
    print("| window | trial | memory before (MB) | peak before | peak after | added to the peak |")
    print("|---|---|---|---|---|---|")
    for seq_length in args.seq:
        for number in range(1, args.trials + 1):
            r = run_worker(__file__, str(seq_length), "--steps", str(args.steps), label=f"window {seq_length}")
            if r is None:
                return 1
            print(f"| {seq_length} | {number} | {r['before_mb']:.0f} | {r['peak_before_mb']:.0f} | "
                  f"{r['peak_after_mb']:.0f} | {r['peak_after_mb'] - r['peak_before_mb']:+.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
