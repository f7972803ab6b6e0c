"""One PyTorch CPU thread against several, on Lecture 1's tiny networks.

    .venv/bin/python benchmarks/lecture01_threads.py               # 5 repeats of each workload
    .venv/bin/python benchmarks/lecture01_threads.py --repeats 9 --threads 4

Lecture 1's chapters call ``torch.set_num_threads(1)``. This script times the chapters' own
PyTorch work (``introdl.lecture01``'s models and batches, the smoke profile's sizes) with one
thread and with ``--threads`` (default: what PyTorch picks, usually one per core), alternating
the two so that a change in the machine's load hits both alike, and prints the median seconds
of each and their ratio, with the machine's load average before and after (other processes
on a busy machine slow several threads more than one). ``introdl`` is imported first, as on a
page, so PyTorch's OpenMP threads wait passively (``OMP_WAIT_POLICY=PASSIVE``). One JSON line
last.

Workloads:

- ``circles``: a 2-16-16-1 ReLU network, Adam, mini-batches of 32 of 300 points, 25 epochs;
- ``overfitting``: a 2-128-128-1 network, one full batch of 40 points and the loss on 400
  validation points per epoch, 150 epochs;
- ``gradient noise``: the full gradient of a 2-16-16-1 network on 200 points, then 20
  mini-batch gradients for each batch size from 1 to 128.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import introdl  # noqa: F401  as on a page: sets OMP_WAIT_POLICY=PASSIVE before PyTorch is imported


def workloads():
    """{name: function running the workload once}, built from the chapters' own code."""
    import numpy as np
    import torch

    from introdl.lecture01 import toy_data
    from introdl.lecture01.data import epoch_orders, glorot_weights, to_torch, torch_batches
    from introdl.lecture01.models import bce_with_logits, make_torch_mlp, torch_evaluate, torch_train_epoch

    X_circles, y_circles = toy_data.make_circles(n_samples=300, noise=0.1, factor=0.5, seed=1)
    circle_orders = epoch_orders(len(X_circles), 25, seed=2)
    X_small, y_small = toy_data.make_moons(n_samples=40, noise=0.35, seed=6)
    X_val, y_val = toy_data.make_moons(n_samples=400, noise=0.35, seed=7)
    X_moons, y_moons = toy_data.make_moons(n_samples=200, noise=0.2, seed=2)
    cpu = torch.device("cpu")

    def circles():
        model = make_torch_mlp((16, 16), "relu", weights=glorot_weights([2, 16, 16, 1], seed=2)).to(cpu)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01, eps=1e-7)
        for order in circle_orders:
            torch_train_epoch(model, optimizer, torch_batches(X_circles, y_circles, order, device=cpu))

    def overfitting():
        model = make_torch_mlp((128, 128), weights=glorot_weights([2, 128, 128, 1], seed=6)).to(cpu)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.003, eps=1e-7)
        batch = torch_batches(X_small, y_small, np.arange(len(X_small)), batch_size=len(X_small), device=cpu)
        X_val_t, y_val_t = to_torch(X_val, cpu), to_torch(y_val, cpu).reshape(-1, 1)
        for _ in range(150):
            torch_train_epoch(model, optimizer, batch)
            torch_evaluate(model, X_val_t, y_val_t)

    def gradient_noise():
        model = make_torch_mlp((16, 16), weights=glorot_weights([2, 16, 16, 1], seed=4)).to(cpu)
        X, y = to_torch(X_moons, cpu), to_torch(y_moons, cpu).reshape(-1, 1)
        rng = np.random.default_rng(5)

        def flat_gradient(x, target):
            gradients = torch.autograd.grad(bce_with_logits(model(x), target), list(model.parameters()))
            return torch.cat([g.reshape(-1) for g in gradients])

        full = flat_gradient(X, y)
        for size in (1, 2, 4, 8, 16, 32, 64, 128):
            for _ in range(20):
                batch = rng.choice(len(X), size=size, replace=False)
                torch.linalg.vector_norm(flat_gradient(X[batch], y[batch]) - full).item()

    return {"circles": circles, "overfitting": overfitting, "gradient noise": gradient_noise}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each workload per thread count")
    parser.add_argument("--threads", type=int, default=None, help="the 'several' (default: PyTorch's own choice)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")

    import torch

    several = args.threads or torch.get_num_threads()
    if several < 2:
        parser.error(f"several threads means at least 2; PyTorch picks {several} here: pass --threads 2 or more")
    load_before = os.getloadavg()
    print(f"PyTorch {torch.__version__}, {os.cpu_count()} CPUs, comparing 1 thread with {several}; "
          f"load average {load_before[0]:.2f}", flush=True)
    figures = {}
    for name, run in workloads().items():
        run()  # warm-up: first calls allocate and pick kernels
        seconds = {1: [], several: []}
        for _ in range(args.repeats):
            for threads in (1, several):
                torch.set_num_threads(threads)
                start = time.perf_counter()
                run()
                seconds[threads].append(time.perf_counter() - start)
        one, many = statistics.median(seconds[1]), statistics.median(seconds[several])
        figures[name] = {"one_thread_s": round(one, 4), "several_threads_s": round(many, 4),
                         "several_over_one": round(many / one, 3)}
        print(f"{name:>15}: 1 thread {one:.3f} s, {several} threads {many:.3f} s "
              f"(median of {args.repeats}; {several} threads take {many / one:.2f}x the time of 1)", flush=True)
    load_after = os.getloadavg()
    print(f"load average after: {load_after[0]:.2f}")
    print(json.dumps({"torch": torch.__version__, "cpus": os.cpu_count(), "several": several,
                      "repeats": args.repeats, "load_before": load_before[0], "load_after": load_after[0],
                      "workloads": figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
