"""The one call every page makes first: ``env = introdl.setup_page()``.

It makes a page reproducible and GPU-safe before any framework code runs:

1. seeds Python, NumPy, TensorFlow and PyTorch;
2. turns on TensorFlow *memory growth* on every GPU before TensorFlow touches one.
   Without it TensorFlow maps all GPU memory at start, and PyTorch (or cuDNN, which
   Keras' LSTM needs) then fails with "Fail to find the dnn implementation";
3. picks the PyTorch device (CUDA if there is one, else CPU: no GPU is a normal case);
4. shows what ran the page: profile, device, framework and Python versions, and when and from
   which commit it ran; on a GPU, the cuDNN each framework loaded (``introdl.cuda_libraries``).
   The same figures travel as JSON in the line's HTML, for the book's "How this site was
   built" page (see ``introdl.report_data``). Where ``$INTRODL_REQUIRE_GPU`` is 1 (the
   publish job on a GPU runner), a framework that found no GPU is an error, not a quiet
   fallback to the CPU;
5. in a notebook, hands freed memory back to the system after every cell (glibc keeps
   what TensorFlow and PyTorch free in its heap otherwise), which keeps a long page
   further from a 2 GB Binder limit.
"""

from __future__ import annotations

import contextlib
import datetime
import html
import os
import platform
import random
import sys
from dataclasses import dataclass, field

from . import cuda_libraries
from .exercises import register_solution_magic
from .framework_loading import loading_notes
from .frameworks import IDS, KERAS_NAME, PYTORCH, PYTORCH_NAME, TENSORFLOW, TENSORFLOW_NAME, check_framework
from .profiles import current_profile
from .report_data import BUILD_COMMIT_ENV_VAR, PROVENANCE_ATTRIBUTE, data_attribute

# PyTorch's CPU threads (GNU OpenMP) spin while they wait for each other. When other work keeps
# the cores busy, a spinning thread takes the core its partner needs, and a training step slows
# down many times over; waiting passively gives the core back (the measurement is in
# benchmarks/README.md). libgomp reads the variable once, when PyTorch is first imported, so it
# is set when introdl is imported, before a page imports PyTorch (a value set by the user wins).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

FRAMEWORKS = IDS

# The publish job sets this on a GPU runner: a framework that falls back to the CPU there (a
# missing or mismatched CUDA library) fails the build instead of publishing CPU figures as GPU ones.
REQUIRE_GPU_ENV_VAR = "INTRODL_REQUIRE_GPU"


class GPUMissingError(RuntimeError):
    """A framework found no GPU although $INTRODL_REQUIRE_GPU asks for one."""


def check_gpu_required(on_gpu: dict) -> None:
    """Raise GPUMissingError naming each framework in ``on_gpu`` ({name: bool}) that has no GPU,
    when $INTRODL_REQUIRE_GPU is 1."""
    if os.environ.get(REQUIRE_GPU_ENV_VAR) != "1":
        return
    on_cpu = [name for name, gpu in on_gpu.items() if not gpu]
    if on_cpu:
        raise GPUMissingError(
            f"{' and '.join(on_cpu)} found no GPU, but this build requires one (${REQUIRE_GPU_ENV_VAR}=1): "
            "run `python -m booktools.gpu_check` for the cause (a CUDA library missing or of another CUDA version)."
        )


@dataclass
class PageEnvironment:
    """What setup_page found; pages use ``env.torch_device`` and ``env.profile``."""

    profile: str
    seed: int
    device_name: str
    torch_device: object = None  # torch.device when PyTorch was set up
    versions: dict = field(default_factory=dict)  # {"TensorFlow": ..., "Keras": ..., "PyTorch": ...}
    notes: list = field(default_factory=list)
    python: str = field(default_factory=platform.python_version)
    executed_at: str = ""  # "2026-12-02 07:15 UTC": when setup_page() ran
    commit: str | None = None  # what the build wrapper built; None outside a build

    @property
    def provenance(self) -> str:
        parts = [f"Profile: {self.profile}", f"Device: {self.device_name}"]
        parts += [f"{name} {version}" for name, version in self.versions.items()]
        parts.append(f"Python {self.python}")
        return " · ".join(parts)

    @property
    def run_line(self) -> str:
        return f"Run {self.executed_at}" + (f" from commit {self.commit}" if self.commit else "")

    def record(self) -> dict:
        """The provenance as data: what the build report collects from every page."""
        return {"profile": self.profile, "device": self.device_name, "versions": dict(self.versions),
                "python": self.python, "executed_at": self.executed_at, "commit": self.commit,
                "seed": self.seed}

    def _repr_html_(self) -> str:
        lines = [self.run_line, *self.notes]
        small = "".join(f"<br><small>{html.escape(line)}</small>" for line in lines)
        return (f'<p class="introdl-provenance" {data_attribute(PROVENANCE_ATTRIBUTE, self.record())}>'
                f"{html.escape(self.provenance)}{small}</p>")

    def __repr__(self) -> str:
        return "\n".join([self.provenance, self.run_line, *self.notes])


@contextlib.contextmanager
def _native_stderr_silenced():
    """Silence C++ log lines written straight to file descriptor 2.

    TensorFlow's native start-up messages (oneDNN notice, "could not find cuda drivers",
    cuInit errors on CPU machines) bypass Python logging and TF_CPP_MIN_LOG_LEVEL. They are
    noise on a page; Python exceptions raised inside the block still propagate.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _setup_tensorflow(seed: int, notes: list, log_level: int = 2) -> tuple[dict, list]:
    # Quieten TensorFlow's C++ logging before the import (TensorFlow reads the variable once,
    # when it loads); it goes to stderr, which would otherwise land on every page. A value
    # the user set in the environment wins.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", str(log_level))
    with _native_stderr_silenced():
        import tensorflow as tf
        import keras

        gpus = tf.config.list_physical_devices("GPU")
    notes.extend(enable_memory_growth(gpus))
    tf.config.experimental.enable_tensor_float_32_execution(False)  # full float32: see _setup_pytorch
    tf.keras.utils.set_random_seed(seed)
    names = []
    for gpu in gpus:
        details = tf.config.experimental.get_device_details(gpu)
        names.append(details.get("device_name", gpu.name))
    # Keras 3 is its own package: tf.keras is whichever Keras is installed, so both versions count.
    return {TENSORFLOW_NAME: tf.__version__, KERAS_NAME: keras.__version__}, names


TOO_LATE_NOTE = (
    "TensorFlow had already started on the GPU, so memory growth could not be enabled "
    "(TensorFlow: {error}); restart the kernel and run setup_page() first."
)


def enable_memory_growth(gpus) -> list[str]:
    """Turn on memory growth for every GPU in ``gpus``; return notes (empty when all went well).

    ``tf.config.experimental.set_memory_growth`` raises RuntimeError once TensorFlow has
    initialised its GPUs (any earlier cell that ran an op there): the setting can no longer
    change, so that becomes a note instead of a crash.
    """
    import tensorflow as tf

    for gpu in gpus:
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError as error:
            return [TOO_LATE_NOTE.format(error=error)]
    return []


def gpu_memory_report() -> list[str]:
    """One line per GPU TensorFlow sees, with its memory-growth state, or one "no GPU" line.

    Run after setup_page(); the music lab prints it.
    """
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return ["no GPU: TensorFlow sees none, so there is no GPU memory to share (nothing to configure)"]
    lines = []
    for gpu in gpus:
        growth = tf.config.experimental.get_memory_growth(gpu)
        lines.append(f"{gpu.name}: memory growth {'on' if growth else 'OFF (TensorFlow maps all its memory)'}")
    return lines


def _setup_pytorch(seed: int):
    import torch

    # TensorFloat-32 rounds float32 matmul inputs to 10 mantissa bits on recent NVIDIA GPUs.
    # PyTorch leaves it off for matmuls but on for cuDNN (convolutions, RNNs); TensorFlow
    # turns it on for both (see _setup_tensorflow). The pages compare the two frameworks to
    # 1e-5, so both compute in full float32. On a CPU these switches change nothing.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
        device = torch.device("cuda")
        return torch.__version__, device, torch.cuda.get_device_name(0)
    return torch.__version__, torch.device("cpu"), None


def _malloc_trim():
    """glibc's ``malloc_trim(0)`` as a function, or None where the C library has none."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # macOS, Windows, musl: nothing to call
        return None


def trim_memory_after_each_cell(shell=None) -> bool:
    """After every cell of this IPython ``shell``, return freed heap memory to the system.

    Training loops free many buffers of a few MB; glibc keeps them for reuse, so the
    kernel's resident memory only grows. ``malloc_trim(0)`` gives back what is free (it
    changes no result). Registers once per shell; returns whether a hook is in place.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    trim = _malloc_trim()
    if shell is None or trim is None:
        return False
    if not getattr(shell, "_introdl_trims_memory", False):
        shell.events.register("post_run_cell", lambda result: trim(0))
        shell._introdl_trims_memory = True
    return True


def setup_page(
    seed: int = 0, frameworks=FRAMEWORKS, show: bool = True, tensorflow_log_level: int = 2
) -> PageEnvironment:
    """Seed everything, make GPUs safe to share, pick devices and show provenance.

    ``frameworks`` lists which of "tensorflow" and "pytorch" the page uses, so a page
    about one framework does not pay for importing the other. ``tensorflow_log_level`` is
    TF_CPP_MIN_LOG_LEVEL: 2 hides TensorFlow's C++ info and warning lines, 3 its error
    lines too (for pages whose graphs make Grappler log harmless "failed" passes).
    """
    if tensorflow_log_level not in (0, 1, 2, 3):
        raise ValueError(f"tensorflow_log_level must be 0, 1, 2 or 3 (TF_CPP_MIN_LOG_LEVEL), got {tensorflow_log_level!r}.")
    if isinstance(frameworks, str):
        frameworks = (frameworks,)
    frameworks = {check_framework(name) for name in frameworks}  # one message for a bad name
    profile = current_profile()
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)

    notes: list[str] = loading_notes()  # e.g. triton switched off: TensorFlow came before introdl
    versions: dict[str, str] = {}
    gpu_names: list[str] = []
    torch_device = None
    # TensorFlow first: memory growth must be set before anything initialises the GPU.
    if TENSORFLOW in frameworks:
        tensorflow_versions, gpu_names = _setup_tensorflow(seed, notes, tensorflow_log_level)
        versions.update(tensorflow_versions)
    on_gpu = {}
    if TENSORFLOW in frameworks:
        on_gpu[TENSORFLOW_NAME] = bool(gpu_names)
    if PYTORCH in frameworks:
        versions[PYTORCH_NAME], torch_device, torch_gpu = _setup_pytorch(seed)
        on_gpu[PYTORCH_NAME] = torch_gpu is not None
        if torch_gpu and not gpu_names:
            gpu_names = [torch_gpu]
    if any(on_gpu.values()):
        notes.extend(cuda_libraries.cudnn_lines(on_gpu.get(TENSORFLOW_NAME, False), on_gpu.get(PYTORCH_NAME, False)))
    check_gpu_required(on_gpu)
    device_name = f"GPU ({', '.join(gpu_names)})" if gpu_names else "CPU (no GPU found)"

    env = PageEnvironment(
        profile=profile,
        seed=seed,
        device_name=device_name,
        torch_device=torch_device,
        versions=versions,
        notes=notes,
        executed_at=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        commit=os.environ.get(BUILD_COMMIT_ENV_VAR) or None,
    )
    trim_memory_after_each_cell()
    register_solution_magic()  # %%solution: a lab's solution cells run only in the book's build
    if show:
        _display(env)
    return env


def _display(env: PageEnvironment) -> None:
    try:
        from IPython.display import display

        if "ipykernel" in sys.modules:
            display(env)
            return
    except ImportError:
        pass
    print(env)
