"""Check the installed CUDA stack before any page runs: ``python -m booktools.gpu_check``.

The book runs TensorFlow and PyTorch in one process, so on a GPU both must load the same CUDA
libraries. Each framework's pip packages bring their own (``tensorflow[and-cuda]`` 2.21:
CUDA 12.9 and ``nvidia-cudnn-cu12``; PyPI's torch 2.13: CUDA 13 and ``nvidia-cudnn-cu13``),
and two cuDNN packages write the same files, so the second install silently overwrites the
first. A process then mixes CUDA 12 and 13, and cuDNN fails at the first recurrent layer
("Fail to find the dnn implementation"). The publish job runs this right after installing;
each failure is one line naming its cause:

1. the installed CUDA libraries belong to more than one CUDA major version;
2. two installed distributions own the same file (from their ``RECORD``s);
3. TensorFlow was compiled against a newer cuDNN than the one installed (TensorFlow refuses
   an older one at run time);
4. on a GPU machine: a framework cannot see the GPU;
5. on a GPU machine: a one-batch LSTM training step fails on the GPU in either framework
   (TensorFlow's CudnnRNN and PyTorch's cuDNN LSTM).

On a machine without an NVIDIA GPU it runs 1-3 and says that 4-5 were skipped
(``--require-gpu`` makes that a failure). Exit status 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import PurePosixPath

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

from introdl.cuda_libraries import TENSORFLOW_MODULE
from introdl.frameworks import PYTORCH_NAME, TENSORFLOW_NAME

# Libraries whose soname's number is the CUDA major version (cuFFT's, cuRAND's and others' are not).
_CUDA_MAJOR_SONAME = re.compile(r"^lib(cudart|cublas|cublasLt|nvrtc|nvJitLink|cupti)\.so\.(\d+)(\.|$)")
_CU_SUFFIX = re.compile(r"-cu(\d+)$")
_CUDNN_LIBRARY = re.compile(r"^libcudnn\.so\.(\d+)$")


@dataclass
class Report:
    passed: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def check(self, ok: bool, passed: str, failed: str) -> None:
        (self.passed if ok else self.failed).append(passed if ok else failed)

    def lines(self) -> list[str]:
        return ([f"PASS: {line}" for line in self.passed] + [f"SKIP: {line}" for line in self.skipped]
                + [f"FAIL: {line}" for line in self.failed])


@dataclass(frozen=True)
class Installed:
    """One installed distribution, its METADATA and RECORD read once (every check needs them)."""

    name: str
    version: str
    files: tuple  # the paths its RECORD lists, compiled .pyc files left out
    requires: tuple

    @classmethod
    def of(cls, distribution) -> "Installed":
        name = (distribution.metadata["Name"] or "?").lower().replace("_", "-")
        files = tuple(str(f) for f in (distribution.files or ()) if not str(f).endswith(".pyc"))
        return cls(name, distribution.version, files, tuple(distribution.requires or ()))


def installed(distributions) -> list[Installed]:
    return [Installed.of(distribution) for distribution in distributions]


def _shares_cuda(name: str) -> bool:
    """NVIDIA's redistributable packages, which every framework in the environment loads. Copies
    that a package bundles for itself (triton's libcupti, for one) are private and not counted."""
    return name.startswith(("nvidia-", "cuda-"))


def cuda_majors(packages: list[Installed]) -> dict:
    """``{major: sorted distribution names}`` for the NVIDIA packages that ship CUDA libraries."""
    majors = defaultdict(set)
    for package in packages:
        if not _shares_cuda(package.name):
            continue
        suffix = _CU_SUFFIX.search(package.name)
        if suffix:
            majors[int(suffix[1])].add(package.name)
        for file in package.files:
            match = _CUDA_MAJOR_SONAME.match(PurePosixPath(file).name)
            if match:
                majors[int(match[2])].add(package.name)
    return {major: sorted(names) for major, names in sorted(majors.items())}


def file_collisions(packages: list[Installed]) -> dict:
    """``{path: sorted owners}`` for every file that two or more distributions' RECORDs list."""
    owners = defaultdict(set)
    for package in packages:
        for file in package.files:
            owners[file].add(package.name)
    return {path: sorted(names) for path, names in sorted(owners.items()) if len(names) > 1}


def installed_cudnn(packages: list[Installed]) -> dict:
    """``{distribution name: version}`` of the distributions that ship a ``libcudnn.so.N``."""
    return {package.name: package.version for package in packages
            if any(_CUDNN_LIBRARY.match(PurePosixPath(file).name) for file in package.files)}


def _release(text: str) -> tuple:
    try:
        return Version(text).release
    except InvalidVersion:
        return ()


def tensorflow_cudnn_minimum(packages: list[Installed], compiled: str) -> tuple[tuple, str]:
    """The oldest cuDNN TensorFlow accepts, and where that figure comes from.

    ``tf.sysconfig.get_build_info()`` gives only the major it was compiled with ("9"), and
    TensorFlow refuses a runtime cuDNN whose minor is older than the compiled one. Its own
    ``and-cuda`` extra pins the lower bound it was built with (``nvidia-cudnn-cu12>=9.3.0.75``),
    so the stricter of the two is the minimum.
    """
    minimum, source = _release(compiled), f"compiled with cuDNN {compiled}"
    for package in packages:
        if package.name not in (TENSORFLOW_MODULE, f"{TENSORFLOW_MODULE}-cpu"):
            continue
        for line in package.requires:
            requirement = Requirement(line)
            if requirement.name.startswith("nvidia-cudnn"):
                for specifier in requirement.specifier:
                    if specifier.operator in (">=", "==", "~=") and _release(specifier.version)[:2] > minimum[:2]:
                        minimum = _release(specifier.version)
                        source = f"its requirement {requirement.name}{specifier}"
    return minimum, source


def _major(version: str) -> int | None:
    release = _release(version)
    return release[0] if release else None


def static_checks(packages: list[Installed], tensorflow_build: dict, torch_build: dict, gpu: bool,
                  report: Report) -> None:
    """Checks 1-3, which need no GPU. Without one, what would only break on a GPU is a SKIP line."""
    majors = cuda_majors(packages)
    report.check(len(majors) <= 1,
                 f"one CUDA major among the installed CUDA libraries ({_describe_majors(majors) or 'none installed'})",
                 f"two CUDA majors installed: {_describe_majors(majors)}. Install both frameworks against one CUDA "
                 "version (see README, 'Build on a GPU').")
    collisions = file_collisions(packages)
    shown = "; ".join(f"{path} ({' and '.join(owners)})" for path, owners in list(collisions.items())[:3])
    report.check(not collisions, "no two installed distributions own the same file",
                 f"{len(collisions)} file(s) owned by two distributions, so one overwrote the other: {shown}"
                 + (" ..." if len(collisions) > 3 else ""))
    built_for = {name: _major(build["cuda"]) for name, build in
                 ((TENSORFLOW_NAME, tensorflow_build), (PYTORCH_NAME, torch_build)) if build.get("cuda")}
    if len(set(built_for.values())) > 1:
        problem = " and ".join(f"{name} is built for CUDA {major}" for name, major in built_for.items())
        if gpu:
            report.failed.append(f"{problem}: one process cannot load both; install builds for one CUDA major")
        else:
            report.skipped.append(f"{problem}; without a GPU that does not matter (both run on the CPU)")
    if not tensorflow_build:
        report.skipped.append("TensorFlow's cuDNN: TensorFlow is not a CUDA build here (or not installed)")
        return
    tf_major = _major(tensorflow_build["cuda"])
    cudnn = {name: version for name, version in installed_cudnn(packages).items()
             if not _CU_SUFFIX.search(name) or int(_CU_SUFFIX.search(name)[1]) == tf_major}
    if not cudnn:
        problem = (f"TensorFlow is built for CUDA {tf_major} and cuDNN {tensorflow_build.get('cudnn')}, and no cuDNN "
                   f"for CUDA {tf_major} is installed")
        if gpu:
            report.failed.append(f"{problem}: it would run on the CPU (pip install tensorflow[and-cuda])")
        else:
            report.skipped.append(f"{problem}; without a GPU it needs none")
        return
    minimum, source = tensorflow_cudnn_minimum(packages, tensorflow_build.get("cudnn", ""))
    older = {name: version for name, version in cudnn.items() if _release(version)[:2] < minimum[:2]}
    installed = ", ".join(f"{name} {version}" for name, version in cudnn.items())
    wanted = ".".join(map(str, minimum))
    report.check(not older, f"TensorFlow needs cuDNN >= {wanted} ({source}); installed: {installed}",
                 f"TensorFlow needs cuDNN >= {wanted} ({source}), but {installed} is installed: TensorFlow "
                 "refuses an older cuDNN at run time.")


def _describe_majors(majors: dict) -> str:
    return "; ".join(f"CUDA {major}: {', '.join(names)}" for major, names in majors.items())


def gpu_count() -> int:
    """How many NVIDIA GPUs ``nvidia-smi -L`` lists (0 without the driver)."""
    if shutil.which("nvidia-smi") is None:
        return 0
    try:
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    return sum(1 for line in listing.splitlines() if line.startswith("GPU "))


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def gpu_checks(report: Report) -> None:
    """Checks 4-5, in one process and in the order a page uses: ``setup_page()``, TensorFlow, PyTorch."""
    import numpy as np

    import introdl

    env = introdl.setup_page(show=False)
    import tensorflow as tf
    import torch

    tf_gpus = tf.config.list_physical_devices("GPU")
    report.check(bool(tf_gpus), f"TensorFlow sees {len(tf_gpus)} GPU(s)",
                 "TensorFlow sees no GPU: its CUDA libraries are missing or of another CUDA version "
                 "(TensorFlow 2.21 needs CUDA 12: pip install tensorflow[and-cuda])")
    report.check(torch.cuda.is_available(), "PyTorch sees the GPU",
                 f"PyTorch sees no GPU (torch {torch.__version__}, built for CUDA {torch.version.cuda})")
    x = np.random.default_rng(0).normal(size=(4, 10, 8)).astype("float32")
    y = np.zeros((4, 1), "float32")
    if tf_gpus:
        try:
            with tf.device("/GPU:0"):
                model = tf.keras.Sequential([tf.keras.Input((10, 8)), tf.keras.layers.LSTM(16), tf.keras.layers.Dense(1)])
                optimizer = tf.keras.optimizers.Adam(1e-3)
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean((model(x) - y) ** 2)
                optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            report.passed.append(f"TensorFlow trained an LSTM for one batch on the GPU (loss {float(loss):.4f})")
        except Exception as error:  # noqa: BLE001  (any failure is the check's answer)
            report.failed.append(f"TensorFlow's LSTM step failed on the GPU: {_first_line(error)}")
    if torch.cuda.is_available():
        try:
            lstm = torch.nn.LSTM(8, 16, batch_first=True).cuda()
            head = torch.nn.Linear(16, 1).cuda()
            optimizer = torch.optim.Adam([*lstm.parameters(), *head.parameters()], lr=1e-3)
            out, _ = lstm(torch.from_numpy(x).cuda())
            loss = ((head(out[:, -1]) - torch.from_numpy(y).cuda()) ** 2).mean()
            loss.backward()
            optimizer.step()
            torch.cuda.synchronize()
            report.passed.append(f"PyTorch trained an LSTM for one batch on the GPU (loss {loss.item():.4f}, "
                                 f"cuDNN {torch.backends.cudnn.version()})")
        except Exception as error:  # noqa: BLE001
            report.failed.append(f"PyTorch's LSTM step failed on the GPU: {_first_line(error)}")
    for note in env.notes:
        print(f"  {note}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--require-gpu", action="store_true",
                        help="fail when there is no NVIDIA GPU, instead of skipping the GPU checks")
    args = parser.parse_args(argv)
    from introdl.cuda_libraries import tensorflow_build, torch_build

    report = Report()
    tensorflow, torch = tensorflow_build(), torch_build()
    print(f"TensorFlow: {_build_line(tensorflow)}; PyTorch: {_build_line(torch)}")
    gpus = gpu_count()
    static_checks(installed(metadata.distributions()), tensorflow, torch, bool(gpus), report)
    if gpus:
        print(f"{gpus} NVIDIA GPU(s) found: running the GPU checks")
        gpu_checks(report)
    elif args.require_gpu:
        report.failed.append("no NVIDIA GPU found (nvidia-smi lists none), but --require-gpu was given")
    else:
        report.skipped.append("the GPU checks (GPU visibility, an LSTM step per framework): no NVIDIA GPU here")
    print("\n".join(report.lines()))
    return 1 if report.failed else 0


def _build_line(build: dict) -> str:
    return ("CUDA " + build["cuda"] + (f", cuDNN {build['cudnn']}" if build.get("cudnn") else "")) if build else "CPU build"


if __name__ == "__main__":
    sys.exit(main())
