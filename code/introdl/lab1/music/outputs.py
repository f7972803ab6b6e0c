"""Write an output folder all at once: into a temporary folder first, then rename it.

A command that fails half-way (bad input, an exception, Ctrl-C) leaves nothing behind,
and a reader never sees a checkpoint folder without its weights.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path


class OutputExistsError(FileExistsError):
    """The output folder already exists and holds files."""


def check_output_folder(out, overwrite: bool = False) -> Path:
    """Refuse an existing non-empty folder (unless ``overwrite``) before any work starts."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out}: exists and is not a folder; choose another --out.")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(
            f"{out}: folder exists and is not empty; choose a new --out or pass --overwrite."
        )
    return out


@contextlib.contextmanager
def atomic_folder(out, overwrite: bool = False):
    """Yield a temporary folder that becomes ``out`` only if the block finishes."""
    out = check_output_folder(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{temporary.name.rsplit('-', 1)[-1]}")
        out.rename(old)
    temporary.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
