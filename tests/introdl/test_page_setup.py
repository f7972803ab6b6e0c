import random
import sys
import types

import numpy as np
import pytest

from introdl import setup_page


def test_setup_seeds_every_generator(monkeypatch):
    monkeypatch.setenv("BOOK_PROFILE", "smoke")
    import tensorflow as tf
    import torch

    def draws():
        return (random.random(), np.random.rand(), float(tf.random.uniform(())), torch.rand(1).item())

    setup_page(seed=3, show=False)
    first = draws()
    setup_page(seed=3, show=False)
    assert draws() == first
    setup_page(seed=4, show=False)
    assert draws() != first


def test_provenance_names_profile_device_and_versions(monkeypatch):
    monkeypatch.setenv("BOOK_PROFILE", "smoke")
    import tensorflow as tf
    import torch

    env = setup_page(show=False)
    text = env.provenance
    assert "Profile: smoke" in text
    assert f"TensorFlow {tf.__version__}" in text and f"PyTorch {torch.__version__}" in text
    expected_device = "GPU" if torch.cuda.is_available() else "CPU (no GPU found)"
    assert expected_device in text
    assert env.torch_device.type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert 'class="introdl-provenance"' in env._repr_html_()
    import keras

    assert env.versions == {"TensorFlow": tf.__version__, "Keras": keras.__version__, "PyTorch": torch.__version__}
    assert f"Keras {keras.__version__}" in text


def test_the_run_is_dated_and_names_the_commit_a_build_passes(monkeypatch):
    import re

    from introdl.report_data import BUILD_COMMIT_ENV_VAR

    monkeypatch.setenv("BOOK_PROFILE", "smoke")
    monkeypatch.delenv(BUILD_COMMIT_ENV_VAR, raising=False)
    env = setup_page(frameworks=(), show=False)
    assert env.commit is None and re.fullmatch(r"Run \d{4}-\d\d-\d\d \d\d:\d\d UTC", env.run_line)
    monkeypatch.setenv(BUILD_COMMIT_ENV_VAR, "0123456789ab + local changes")
    env = setup_page(frameworks=(), show=False)
    assert env.run_line.endswith(" UTC from commit 0123456789ab + local changes")
    assert env.record()["commit"] == "0123456789ab + local changes" and env.record()["profile"] == "smoke"


def test_one_framework_only(monkeypatch):
    monkeypatch.setenv("BOOK_PROFILE", "smoke")
    env = setup_page(frameworks=("pytorch",), show=False)
    assert list(env.versions) == ["PyTorch"]


def test_unknown_framework_is_rejected():
    with pytest.raises(ValueError, match="jax"):
        setup_page(frameworks=("jax",), show=False)


def test_unknown_profile_is_rejected(monkeypatch):
    monkeypatch.setenv("BOOK_PROFILE", "huge")
    with pytest.raises(ValueError, match="smoke, full"):
        setup_page(show=False)


def test_memory_growth_is_enabled_on_every_gpu_before_use(monkeypatch):
    """With GPUs present, each gets memory growth; no GPU is fine too."""
    calls = []
    gpus = [types.SimpleNamespace(name="/physical_device:GPU:0"), types.SimpleNamespace(name="/physical_device:GPU:1")]
    import tensorflow as tf

    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: gpus if kind == "GPU" else [])
    monkeypatch.setattr(tf.config.experimental, "set_memory_growth", lambda gpu, on: calls.append((gpu.name, on)))
    monkeypatch.setattr(tf.config.experimental, "get_device_details", lambda gpu: {"device_name": "Fake GPU"})
    env = setup_page(frameworks=("tensorflow",), show=False)
    assert calls == [(g.name, True) for g in gpus]
    assert env.device_name == "GPU (Fake GPU, Fake GPU)"


def test_memory_growth_too_late_is_a_note_not_a_crash(monkeypatch):
    import tensorflow as tf

    def too_late(gpu, on):
        raise RuntimeError("Physical devices cannot be modified after being initialized")

    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: [types.SimpleNamespace(name="g")])
    monkeypatch.setattr(tf.config.experimental, "set_memory_growth", too_late)
    monkeypatch.setattr(tf.config.experimental, "get_device_details", lambda gpu: {})
    env = setup_page(frameworks=("tensorflow",), show=False)
    assert env.notes and "restart the kernel" in env.notes[0]


def test_without_ipython_the_line_is_printed(capsys, monkeypatch):
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    setup_page(frameworks=("pytorch",))
    assert "Profile:" in capsys.readouterr().out


def test_tensorflow_log_level_is_validated():
    with pytest.raises(ValueError, match="tensorflow_log_level must be 0, 1, 2 or 3"):
        setup_page(show=False, tensorflow_log_level=5)


def test_both_frameworks_compute_in_full_float32():
    """TensorFloat-32 (on by default in TensorFlow on recent GPUs) would break 1e-5 comparisons."""
    import tensorflow as tf
    import torch

    tf.config.experimental.enable_tensor_float_32_execution(True)
    torch.backends.cudnn.allow_tf32 = True
    setup_page(show=False)
    assert not tf.config.experimental.tensor_float_32_execution_enabled()
    assert not torch.backends.cudnn.allow_tf32 and not torch.backends.cuda.matmul.allow_tf32
def test_memory_growth_too_late_names_tensorflows_error(monkeypatch):
    """The too-late path: TensorFlow's RuntimeError text and what to do, as a note."""
    import tensorflow as tf

    from introdl.page_setup import enable_memory_growth

    calls = []

    def too_late(gpu, on):
        calls.append(gpu.name)
        raise RuntimeError("Physical devices cannot be modified after being initialized")

    gpus = [types.SimpleNamespace(name="/physical_device:GPU:0"), types.SimpleNamespace(name="/physical_device:GPU:1")]
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: gpus if kind == "GPU" else [])
    monkeypatch.setattr(tf.config.experimental, "set_memory_growth", too_late)
    notes = enable_memory_growth(gpus)
    assert calls == ["/physical_device:GPU:0"]  # stops at the first refusal
    assert len(notes) == 1
    assert "Physical devices cannot be modified after being initialized" in notes[0]
    assert "restart the kernel and run setup_page() first" in notes[0]
    assert enable_memory_growth([]) == []


def test_gpu_memory_report(monkeypatch):
    import tensorflow as tf

    from introdl.page_setup import gpu_memory_report

    gpus = [types.SimpleNamespace(name="/physical_device:GPU:0"), types.SimpleNamespace(name="/physical_device:GPU:1")]
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: gpus if kind == "GPU" else [])
    monkeypatch.setattr(tf.config.experimental, "get_memory_growth", lambda gpu: gpu.name.endswith("0"))
    assert gpu_memory_report() == [
        "/physical_device:GPU:0: memory growth on",
        "/physical_device:GPU:1: memory growth OFF (TensorFlow maps all its memory)",
    ]
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: [])
    assert gpu_memory_report()[0].startswith("no GPU")


class _FakeShell:
    """The part of an IPython shell the trim hook uses: its event callbacks."""

    def __init__(self):
        self.callbacks = []
        self.events = types.SimpleNamespace(register=lambda name, fn: self.callbacks.append((name, fn)))


def test_freed_memory_is_trimmed_after_each_cell_once_per_shell():
    from introdl.page_setup import _malloc_trim, trim_memory_after_each_cell

    if _malloc_trim() is None:
        pytest.skip("this C library has no malloc_trim (not glibc)")
    shell = _FakeShell()
    assert trim_memory_after_each_cell(shell) and trim_memory_after_each_cell(shell)
    assert [name for name, _ in shell.callbacks] == ["post_run_cell"]  # registered once
    assert shell.callbacks[0][1](None) in (0, 1)  # malloc_trim's result: 1 if memory went back


def test_no_shell_means_no_hook(monkeypatch):
    from introdl import page_setup

    monkeypatch.setattr("IPython.get_ipython", lambda: None)
    assert page_setup.trim_memory_after_each_cell() is False
