"""Two frameworks' training steps alternated (``train_side_by_side``) against one loop after the other.

    .venv/bin/python benchmarks/interleaved_steps.py [--length 40] [--steps 400] [--rounds 2] [--threads 1]

``introdl.side_by_side.train_side_by_side`` hands each batch to the TensorFlow step and then to
the PyTorch step. This times Lecture 2's copy-first LSTM (``introdl.lecture02.training``, both
frameworks from the same weights, the page's Adam and clipping) trained that way, and trained
one framework's whole loop after the other on the same batches, round by round: the wall time
of each and each framework's own step time (every step but the first). Threads are what a page
gets (``introdl.setup_page()``), or ``--threads`` in each framework, as the chapters that time
the two frameworks set them. One JSON line last.
"""

from __future__ import annotations

import argparse
import json
import time

import introdl


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=40, help="sequence length of the copy-first task")
    parser.add_argument("--steps", type=int, default=400, help="training steps per run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads per framework, as the chapters that time both set them (default: each's own)")
    args = parser.parse_args(argv)
    introdl.setup_page()
    import tensorflow as tf
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    from introdl.frameworks import PYTORCH, TENSORFLOW
    from introdl.lecture02 import training
    from introdl.lecture02.sequence_tasks import CopyFirstTask
    from introdl.side_by_side import train_side_by_side

    task = CopyFirstTask(length=args.length)

    def steps():
        tf_model, torch_model = training.equal_copy_first_models("LSTM", task, training.forget_bias(training.FORGET_BIAS))
        tf_optimizer = tf.keras.optimizers.Adam(3e-3, epsilon=1e-7, global_clipnorm=1.0)
        torch_optimizer = torch.optim.Adam(torch_model.parameters(), 3e-3, eps=1e-7)
        return {TENSORFLOW: training.tf_train_step(tf_model, tf_optimizer),
                PYTORCH: training.torch_train_step(torch_model, torch_optimizer, 1.0)}

    rounds = []
    for round_number in range(1, args.rounds + 1):
        began = time.perf_counter()
        together = train_side_by_side(steps(), task.batches(64, args.steps, 0))
        interleaved = time.perf_counter() - began
        began = time.perf_counter()
        alone = {framework: train_side_by_side({framework: step}, task.batches(64, args.steps, 0))[framework]
                 for framework, step in steps().items()}
        one_after_other = time.perf_counter() - began
        row = {"interleaved_s": interleaved, "one_after_other_s": one_after_other,
               **{f"interleaved_{f}_steps_s": h.seconds for f, h in together.items()},
               **{f"alone_{f}_steps_s": h.seconds for f, h in alone.items()}}
        rounds.append(row)
        print(f"round {round_number}: interleaved {interleaved:.1f} s (TensorFlow steps {together[TENSORFLOW].seconds:.1f} s, "
              f"PyTorch {together[PYTORCH].seconds:.1f} s); one after the other {one_after_other:.1f} s "
              f"(TensorFlow {alone[TENSORFLOW].seconds:.1f} s, PyTorch {alone[PYTORCH].seconds:.1f} s)", flush=True)
    print(json.dumps({"length": args.length, "steps": args.steps, "threads": args.threads, "rounds": rounds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
