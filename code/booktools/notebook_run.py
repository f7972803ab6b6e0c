"""Run a book page as a plain notebook, the way Binder or Jupyter would.

The page's MyST source is converted with jupytext and executed with nbclient in a
fresh kernel whose working directory is the page's own folder. The run reports wall
time, the kernel's peak memory, and the peak of the kernel and the processes it started
together (a page may start helpers, e.g. the music lab's engraving worker), which is what
a machine must have (Binder gives a page 1-2 GB).

    python -m booktools.notebook_run book/lectures/lecture01.md --profile smoke
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from introdl.profiles import PROFILE_ENV_VAR, ProfileError, current_profile, profile_argument, validate_profile

from .memory import ProcessTreeSampler
from .sphinxext.kernels import ipc_kernel_manager

# Appended to the notebook to read the kernel's own peak resident memory in KiB: VmHWM, which belongs to the process's own address
# space. (ru_maxrss would also count the memory of the process the kernel was forked from, which
# exec inherits: a 2.5 GB test process made a trivial kernel report 2.5 GB.) Where there is no
# /proc (macOS), ru_maxrss is what there is, in bytes there.
_PEAK_MEMORY_PROBE = """\
import resource, sys
try:
    print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1))"""


class PageRunError(RuntimeError):
    """A page failed: the message names the page, the cell and the error."""


@dataclass
class PageRun:
    path: Path
    profile: str
    seconds: float
    peak_memory_mb: float  # the kernel's own peak resident memory
    notebook: object  # the executed nbformat.NotebookNode
    peak_tree_memory_mb: float = 0.0  # kernel + the processes it started, sampled every 0.2 s

    def summary(self) -> str:
        return (
            f"{self.path}: ran in {self.seconds:.1f} s, kernel peak memory "
            f"{self.peak_memory_mb:.0f} MB, with its child processes {self.peak_tree_memory_mb:.0f} MB "
            f"(profile {self.profile})"
        )


@contextlib.contextmanager
def _environment(**values):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _describe_failure(path: Path, notebook, error, what: str = "code cell {number} failed") -> str:
    """Name the failing cell by its number and first line, then give the error."""
    cell_index = getattr(error, "cell_index", None)
    source = ""
    if cell_index is None:
        # nbclient's CellExecutionError has no index: find the cell whose output holds it.
        for index, cell in enumerate(notebook.cells):
            if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
                cell_index, source = index, cell.source
                break
    elif cell_index < len(notebook.cells):
        source = notebook.cells[cell_index].source
    code_cells = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    number = code_cells.index(cell_index) + 1 if cell_index in code_cells else "?"
    first_line = source.strip().splitlines()[0] if source.strip() else "<empty>"
    return (
        f"{path}: {what.format(number=number)} (starts with: {first_line!r})\n"
        f"{getattr(error, 'traceback', None) or error}"
    )


def run_page(path, profile: str | None = None, timeout: int = 900, prepare=None,
             allow_errors: bool = False) -> PageRun:
    """Execute the page at ``path`` top to bottom in a fresh kernel; raise PageRunError on failure.

    ``profile`` defaults to the active one (``$BOOK_PROFILE``, else full), as in the build.
    ``prepare(notebook)``, if given, may edit the notebook's cells before it runs (a student's
    answers, in the exercise tests). ``allow_errors=True`` runs every cell even after one
    fails, as "Run all" in Jupyter does not, so that a test can see every cell's outputs;
    a dead kernel still raises.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    path = Path(path)
    profile = current_profile() if profile is None else validate_profile(profile)
    if not path.is_file():
        raise PageRunError(f"{path}: no such page; give the path of a .md page under book/.")
    notebook = jupytext.read(path)
    if prepare is not None:
        prepare(notebook)
    notebook.cells.append(nbformat.v4.new_code_cell(_PEAK_MEMORY_PROBE))
    started = []  # the index of each cell as it starts: the last one is where a dead kernel was

    def remember_cell(cell, cell_index, **kwargs):
        started.append(cell_index)

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=remember_cell,
        km=ipc_kernel_manager(),
        allow_errors=allow_errors,
    )
    client.owns_km = True  # nbclient shuts down only kernels it made itself; this one is ours too
    start = time.perf_counter()
    sampler = ProcessTreeSampler(os.getpid())
    sampler.start()
    with _environment(**{PROFILE_ENV_VAR: profile}):
        try:
            client.execute()
        except CellExecutionError as error:
            raise PageRunError(_describe_failure(path, notebook, error)) from None
        except DeadKernelError as error:
            error.cell_index = started[-1] if started else None
            raise PageRunError(_describe_failure(
                path, notebook, error, "the kernel died in code cell {number}, a crash in native code or out of memory")) from None
        finally:
            tree_peak_mb = sampler.stop().tree_peak_mb
    seconds = time.perf_counter() - start
    probe = notebook.cells.pop()
    peak_kib = float(probe.outputs[0]["text"].strip())
    kernel_peak_mb = peak_kib / 1024
    return PageRun(path, profile, seconds, kernel_peak_mb, notebook, max(tree_peak_mb, kernel_peak_mb))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.notebook_run", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", help="MyST .md pages to run")
    parser.add_argument("--profile", type=profile_argument, default=None,
                        help="smoke or full (default: $BOOK_PROFILE, else full)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    try:
        args.profile = args.profile or current_profile()
    except ProfileError as error:  # a bad $BOOK_PROFILE
        parser.error(str(error))
    failed = 0
    for page in args.pages:
        try:
            print(run_page(page, args.profile, args.timeout).summary(), flush=True)
        except PageRunError as error:  # the profile was checked above
            print(f"FAILED {error}", file=sys.stderr, flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
