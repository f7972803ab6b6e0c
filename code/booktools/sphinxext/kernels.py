"""How the build's notebook kernels are started and watched (myst-nb runs them through
jupyter-cache and nbclient, in the Sphinx process, with no settings of ours to pass).

* **IPC transport, where we start the kernel.** jupyter_client connects to a kernel over TCP on
  localhost by default, and ipykernel then logs "Kernel is running over TCP without encryption"
  at every start. ``booktools.notebook_run`` gives its client an IPC kernel (Unix sockets in the
  Jupyter runtime folder, which only their owner can open). jupyter-cache creates the build's
  kernel managers itself, with no way to pass one, so ``booktools.build`` leaves that line out
  of its log instead, saying why once.
* **The cell a dead kernel was running.** When a kernel dies (a segfault, or the system killing it
  for memory), nbclient raises "Kernel died" without saying in which cell. As each cell starts,
  a line with the time and the cell's source is added to the file ``$INTRODL_CELL_TRACE`` names,
  so that ``booktools.build``, which knows when each page started, can name the page and the
  last cell that started.

The cell trace changes the default of nbclient's configurable ``on_cell_start`` trait, which is
what a traitlets config would set; jupyter-cache creates its clients without one.
"""

from __future__ import annotations

import json
import os
import time

CELL_TRACE_ENV_VAR = "INTRODL_CELL_TRACE"


def record_cell_start(cell, cell_index, **kwargs) -> None:
    """nbclient's ``on_cell_start`` hook: add the starting cell to ``$INTRODL_CELL_TRACE``."""
    path = os.environ.get(CELL_TRACE_ENV_VAR)
    if path:
        with open(path, "a") as trace:
            trace.write(json.dumps({"time": time.time(), "cell_index": cell_index,
                                    "source": cell.get("source", "")}) + "\n")


def ipc_kernel_manager(kernel_name: str = "python3"):
    """A kernel manager whose kernel listens on Unix sockets in the Jupyter runtime folder, for a
    notebook client that is given it (``km=``). (jupyter_client's own IPC default names the
    sockets relative to the current folder, which is the page's for the kernel and another for
    the client.)"""
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    os.makedirs(jupyter_runtime_dir(), exist_ok=True)
    return AsyncKernelManager(kernel_name=kernel_name, transport="ipc",
                              ip=os.path.join(jupyter_runtime_dir(), f"kernel-{uuid.uuid4()}-ipc"))


def trace_cell_starts() -> None:
    """Notebook clients created from now on in this process call ``record_cell_start``."""
    from nbclient import NotebookClient

    NotebookClient.class_traits()["on_cell_start"].default_value = record_cell_start


def setup(app):
    trace_cell_starts()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
