"""Memory of a process tree, sampled while a page runs: what a Binder machine must hold.

Two figures per process, both from Linux's ``/proc`` (via psutil):

* each process's own peak resident memory (``VmHWM``), which the kernel records exactly,
  so no spike is missed however short;
* the summed resident memory of the whole tree (the kernel and the helpers it starts,
  such as the music lab's engraving worker), sampled every ``interval`` seconds, so a
  spike shorter than that can be missed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


def peak_rss_mb(pid: int) -> float:
    """A live process's own peak resident memory (VmHWM) in MiB; 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return 0.0


@dataclass
class KernelSample:
    """One kernel (an ``ipykernel`` process) seen by the sampler."""

    pid: int
    first_seen: float  # time.time() when the sampler first saw it
    last_seen: float
    peak_mb: float = 0.0  # its own VmHWM
    tree_peak_mb: float = 0.0  # it and its descendants, sampled


@dataclass(eq=False)  # a Thread must stay hashable
class ProcessTreeSampler(threading.Thread):
    """Samples the descendants of process ``root_pid`` until ``stop()``.

    ``kernels`` maps each kernel's pid to a KernelSample; ``tree_peak_mb`` is the peak of
    all descendants together (a build's Sphinx process included).
    """

    root_pid: int
    interval: float = 0.2
    kernels: dict = field(default_factory=dict)
    tree_peak_mb: float = 0.0

    def __post_init__(self):
        super().__init__(daemon=True)
        self._stop_event = threading.Event()

    def _sample(self, psutil):
        try:
            processes = psutil.Process(self.root_pid).children(recursive=True)
        except psutil.Error:
            return
        rss, now = {}, time.time()
        for process in processes:
            try:
                rss[process.pid] = (process.memory_info().rss / 2**20, process.cmdline(),
                                    {child.pid for child in process.children(recursive=True)})
            except psutil.Error:  # ended between listing and reading
                pass
        self.tree_peak_mb = max(self.tree_peak_mb, sum(value[0] for value in rss.values()))
        for pid, (own, cmdline, descendants) in rss.items():
            if not any("ipykernel" in part for part in cmdline):
                continue
            kernel = self.kernels.setdefault(pid, KernelSample(pid, now, now))
            kernel.last_seen = now
            kernel.peak_mb = max(kernel.peak_mb, peak_rss_mb(pid))
            tree = own + sum(rss[child][0] for child in descendants if child in rss)
            kernel.tree_peak_mb = max(kernel.tree_peak_mb, tree, kernel.peak_mb)

    def run(self):
        import psutil

        while not self._stop_event.wait(self.interval):
            self._sample(psutil)

    def stop(self) -> "ProcessTreeSampler":
        self._stop_event.set()
        self.join()
        return self
