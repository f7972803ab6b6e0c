"""TensorFlow and PyTorch survive each other in one process (``introdl.framework_loading``).

Each test runs in a fresh interpreter, in a subprocess, so that a segfault is a failing test
with its signal named, not a dead pytest. With PyPI's CUDA build of torch (which brings triton;
``make test-pypi-wheels``) the tests meet the real crash. With a CPU wheel, where there is no
triton, a stand-in triton that kills its process with SIGSEGV when TensorFlow is already loaded
(as the real one does) shows the same thing on any machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from book_testing import REPO_ROOT

STAND_IN_TRITON = """\
# A stand-in for triton 3.7: loaded after TensorFlow, it dies the way the real one does.
import os, signal, sys
if "tensorflow" in sys.modules:
    os.kill(os.getpid(), signal.SIGSEGV)
__version__ = "stand-in"
"""


def run_fresh(code: str, extra_path=None, timeout=600) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter; fail naming the signal if it dies of one."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(extra_path), env.get("PYTHONPATH", "")])
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode < 0:
        pytest.fail(f"the interpreter died of {signal.Signals(-result.returncode).name}:\n"
                    f"{result.stderr[-3000:]}", pytrace=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture
def triton_path(tmp_path):
    """Where the triton under test comes from: None where the real one is installed (PyPI's
    CUDA wheel), else a folder holding the stand-in, for PYTHONPATH."""
    probe = subprocess.run([sys.executable, "-c", "import importlib.util as u; print(u.find_spec('triton') is not None)"],
                           capture_output=True, text=True, check=True)
    if probe.stdout.strip() == "True":
        return None
    (tmp_path / "triton").mkdir()
    (tmp_path / "triton" / "__init__.py").write_text(STAND_IN_TRITON)
    return tmp_path


OPTIMIZER_THEN_TRITON = """
import torch
torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1).step()  # PyTorch imports triton here
try:
    import triton
except ImportError:
    pass
from introdl import framework_loading
print("triton:", framework_loading.triton_state())
"""


# PyTorch cannot use the stand-in, so with it loaded the tests only import it again.
TRITON_AGAIN = """
import triton
from introdl import framework_loading
print("triton:", framework_loading.triton_state())
"""


@pytest.mark.slow
def test_a_page_loads_both_frameworks_then_builds_an_optimizer_and_imports_triton():
    """What every page does: ``setup_page()`` first, then both frameworks, then training."""
    result = run_fresh(textwrap.dedent("""
        import introdl
        env = introdl.setup_page()
        import tensorflow as tf
        tf.keras.optimizers.Adam(1e-3)
    """) + OPTIMIZER_THEN_TRITON)
    assert "triton: loaded" in result.stdout or "triton: not installed" in result.stdout, result.stdout


@pytest.mark.slow
def test_the_triton_path_crashes_without_the_guard(triton_path):
    """Without introdl, TensorFlow first: the real triton kills the process, and so does the
    stand-in (which makes it a fair test where the real one is missing)."""
    code = "import tensorflow, torch\ntorch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1)\nimport triton\n"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if triton_path is not None:
        env["PYTHONPATH"] = str(triton_path)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    # triton 3.7 segfaults; triton 3.9 (torch 2.15) aborts on "LLVM ERROR: inconsistency in
    # registered CommandLine options": the same clash of two LLVMs.
    assert result.returncode in (-signal.SIGSEGV, -signal.SIGABRT), (result.returncode, result.stderr[-2000:])


@pytest.mark.slow
def test_the_guard_loads_the_triton_path_before_tensorflow(triton_path):
    result = run_fresh(textwrap.dedent("""
        import introdl
        import tensorflow
        import sys
        assert "triton" in sys.modules
    """) + TRITON_AGAIN, extra_path=triton_path)
    assert "triton: loaded" in result.stdout


@pytest.mark.slow
def test_the_guard_covers_a_module_that_imports_tensorflow_at_its_top(triton_path):
    """The music CLI's TensorFlow model imports TensorFlow at module level, not via setup_page()."""
    result = run_fresh("from introdl.lab1.music import model_tf\n" + TRITON_AGAIN, extra_path=triton_path)
    assert "triton: loaded" in result.stdout


@pytest.mark.slow
def test_tensorflow_before_introdl_switches_triton_off_and_setup_page_says_so(triton_path):
    result = run_fresh(textwrap.dedent("""
        import tensorflow
        import introdl
        env = introdl.setup_page(show=False)
        print("\\n".join(env.notes))
    """) + OPTIMIZER_THEN_TRITON, extra_path=triton_path)
    assert "triton: switched off" in result.stdout
    assert "TensorFlow was imported before introdl" in result.stdout
    assert "restart the kernel and import introdl first" in result.stdout


def test_without_triton_the_guard_does_nothing(tmp_path):
    result = run_fresh(textwrap.dedent("""
        import sys
        sys.modules["triton"] = None   # as if not installed
        import introdl
        from introdl import framework_loading
        framework_loading.load_triton_before_tensorflow()
        assert framework_loading.loading_notes() == [], framework_loading.loading_notes()
        print(framework_loading.triton_state())
    """))
    assert result.stdout.strip() == "switched off"  # the state it was given, untouched


def test_importing_introdl_loads_neither_framework_nor_triton():
    result = run_fresh(textwrap.dedent("""
        import sys, introdl
        print(sorted(m for m in ("tensorflow", "torch", "triton") if m in sys.modules))
    """))
    assert result.stdout.strip() == "[]"
