"""TensorFlow and PyTorch in one process, whatever PyTorch build is installed.

TensorFlow 2.20 and later load their core library with ``RTLD_GLOBAL``, which puts the LLVM
linked into it in the process's global symbol table. ``triton``, which PyTorch's CUDA wheels
bring (PyPI's default on Linux), carries its own LLVM; loaded *after* TensorFlow, its symbols
bind to TensorFlow's and the process dies with SIGSEGV
(https://github.com/tensorflow/tensorflow/issues/124205). PyTorch imports triton lazily, in
an optimizer's constructor for one, so ``import tensorflow, torch`` survives and the first
``torch.optim.SGD(...)`` kills the kernel. Loaded *before* TensorFlow, triton keeps its own
LLVM and both work (the workaround of https://github.com/PythonOT/POT/pull/839).

So ``import introdl`` puts a guard on Python's import system: the first import of
``tensorflow``, from anywhere (``setup_page()``, a page's cell, the music CLI, a test), loads
triton first where it is installed. Where TensorFlow was imported before introdl, it is too late
for that: the guard switches triton off instead (``import triton`` then raises ImportError,
and PyTorch runs without it, as with a CPU wheel), and ``setup_page()`` says so. With no triton
installed (CPU wheels, macOS, Windows) the guard does nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys

from .frameworks import FRAMEWORKS, TENSORFLOW

TENSORFLOW_MODULE = FRAMEWORKS[TENSORFLOW].module
TRITON_MODULE = "triton"
UPSTREAM_ISSUE = "https://github.com/tensorflow/tensorflow/issues/124205"

TRITON_SWITCHED_OFF_NOTE = (
    "TensorFlow was imported before introdl, so triton (which this PyTorch build imports lazily) "
    "could not be loaded first; loaded after TensorFlow it crashes the process ("
    + UPSTREAM_ISSUE + "). It is switched off in this kernel: PyTorch runs without it, so "
    "torch.compile cannot make GPU kernels. To have it, restart the kernel and import introdl first."
)

_notes: list[str] = []


def triton_installed() -> bool:
    """Whether triton can be imported here (PyTorch's CUDA wheels on Linux bring it)."""
    if TRITON_MODULE in sys.modules:
        return sys.modules[TRITON_MODULE] is not None
    try:
        return importlib.util.find_spec(TRITON_MODULE) is not None
    except (ImportError, ValueError):
        return False


def triton_state() -> str:
    """'loaded', 'switched off', 'not loaded' or 'not installed': what the guard did."""
    if TRITON_MODULE in sys.modules:
        return "switched off" if sys.modules[TRITON_MODULE] is None else "loaded"
    return "not loaded" if triton_installed() else "not installed"


def load_triton_before_tensorflow() -> None:
    """Import triton now if it is installed and TensorFlow is not loaded yet; switch it off
    (with a note for ``setup_page()``) if TensorFlow got there first."""
    if TRITON_MODULE in sys.modules or not triton_installed():
        return
    if TENSORFLOW_MODULE in sys.modules:
        sys.modules[TRITON_MODULE] = None  # `import triton` now raises ImportError
        _notes.append(TRITON_SWITCHED_OFF_NOTE)
        return
    import triton  # noqa: F401  (loaded for its side effect: its own LLVM goes first)


class _TritonFirst(importlib.abc.MetaPathFinder):
    """Finds nothing itself; on the first import of ``tensorflow`` it loads triton first."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == TENSORFLOW_MODULE:
            remove_guard()
            load_triton_before_tensorflow()
        return None  # the usual finders import the module


def install_guard() -> None:
    """Put the guard first on ``sys.meta_path`` (once), or act now if TensorFlow is loaded."""
    if TENSORFLOW_MODULE in sys.modules:
        load_triton_before_tensorflow()
    elif not any(isinstance(finder, _TritonFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _TritonFirst())


def remove_guard() -> None:
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _TritonFirst)]


def loading_notes() -> list[str]:
    """What the guard had to do that a reader should know (shown by ``setup_page()``)."""
    return list(_notes)
