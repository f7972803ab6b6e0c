"""Which CUDA build each framework is, and which cuDNN this process actually loaded.

TensorFlow and PyTorch each bring CUDA libraries as pip packages (``nvidia-*-cu12`` for
TensorFlow 2.21, CUDA 13 ones for PyPI's torch 2.13). Two cuDNN packages write the same
``libcudnn.so.9``, and the dynamic linker loads one library per name into a process, so the
cuDNN a framework runs with is not always the one it was installed with. ``setup_page()`` shows
what was loaded on a GPU; ``booktools.gpu_check`` fails a build on a mixed stack.

Reading a framework's build needs no import: TensorFlow records it in
``tensorflow/python/platform/build_info.py``, PyTorch in ``torch/version.py``.
"""

from __future__ import annotations

import ast
import ctypes
import importlib.util
import re
from pathlib import Path

from .frameworks import FRAMEWORKS, PYTORCH, PYTORCH_NAME, TENSORFLOW, TENSORFLOW_NAME

TENSORFLOW_MODULE, TORCH_MODULE = FRAMEWORKS[TENSORFLOW].module, FRAMEWORKS[PYTORCH].module

_CUDNN_LIBRARY = re.compile(r"/libcudnn\.so(\.\d+)*$")


def _module_file(package: str, *parts: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0], *parts)
    return path if path.is_file() else None


def _assignments(path: Path | None) -> dict:
    """The literal values assigned at the top of a Python file, without running it."""
    if path is None:
        return {}
    values = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:  # torch: `cuda: Optional[str] = '13.0'`
            target = node.target
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        value = node.value
        if isinstance(value, ast.Call) and value.args:  # build_info is an OrderedDict([...]) call
            value = value.args[0]
        try:
            literal = ast.literal_eval(value)
        except ValueError:
            continue
        values[target.id] = dict(literal) if isinstance(node.value, ast.Call) else literal
    return values


def tensorflow_build() -> dict:
    """``{"cuda": "12.5.1", "cudnn": "9"}`` for a CUDA build of TensorFlow; ``{}`` otherwise."""
    info = _assignments(_module_file(TENSORFLOW_MODULE, "python", "platform", "build_info.py")).get("build_info", {})
    if not info.get("is_cuda_build"):
        return {}
    return {"cuda": str(info.get("cuda_version", "")), "cudnn": str(info.get("cudnn_version", ""))}


def torch_build() -> dict:
    """``{"cuda": "13.0"}`` for a CUDA build of PyTorch; ``{}`` for a CPU build or none."""
    cuda = _assignments(_module_file(TORCH_MODULE, "version.py")).get("cuda")
    return {"cuda": str(cuda)} if cuda else {}


def loaded_cudnn_libraries(maps_file: str = "/proc/self/maps") -> list[str]:
    """The cuDNN library files mapped into this process (Linux); [] elsewhere or before any is loaded."""
    try:
        lines = Path(maps_file).read_text().splitlines()
    except OSError:
        return []
    paths = {line.split()[-1] for line in lines if line.split() and _CUDNN_LIBRARY.search(line.split()[-1])}
    return sorted(paths)


def cudnn_version_text(version: int) -> str:
    """'9.20.0' for cuDNN's integer version (cuDNN 9 encodes major*10000 + minor*100 + patch)."""
    major, rest = divmod(int(version), 10000)
    return f"{major}.{rest // 100}.{rest % 100}"


def cudnn_library_version(path: str) -> str | None:
    """cuDNN's own ``cudnnGetVersion()`` of a library file, as '9.20.0'; None if it cannot say."""
    try:
        return cudnn_version_text(ctypes.CDLL(path).cudnnGetVersion())
    except (OSError, AttributeError):
        return None


def cudnn_lines(tensorflow_on_gpu: bool, torch_on_gpu: bool) -> list[str]:
    """What cuDNN each framework runs with, for ``setup_page()``'s provenance on a GPU."""
    lines = []
    if torch_on_gpu:
        import torch

        raw = torch.backends.cudnn.version()
        lines.append(f"{PYTORCH_NAME} {torch.__version__} (CUDA {torch.version.cuda}) loaded cuDNN "
                     + (cudnn_version_text(raw) if raw else "none"))
    if tensorflow_on_gpu:
        build = tensorflow_build()
        lines.append(f"{TENSORFLOW_NAME} is built for CUDA {build.get('cuda', '?')} and cuDNN {build.get('cudnn', '?')}")
    loaded = loaded_cudnn_libraries()
    if loaded:
        files = ", ".join(f"{path} ({cudnn_library_version(path) or 'version unknown'})" for path in loaded)
        lines.append(f"cuDNN in this process: {files}")
    elif tensorflow_on_gpu or torch_on_gpu:
        lines.append("cuDNN in this process: not loaded yet (it loads at the first recurrent or convolution layer)")
    return lines
