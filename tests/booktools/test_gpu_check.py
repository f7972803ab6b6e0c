"""``booktools.gpu_check`` on fabricated environments: what a mixed CUDA stack looks like, from
its distributions' METADATA and RECORD files, on a machine without a GPU."""

from __future__ import annotations

import importlib.metadata as metadata

import pytest

from booktools import gpu_check
from booktools.gpu_check import Report, cuda_majors, file_collisions, installed, static_checks
from introdl import cuda_libraries
from introdl.page_setup import GPUMissingError, check_gpu_required

CUDNN_9 = "nvidia/cudnn/lib/libcudnn.so.9"
TF_CUDA_12 = {"cuda": "12.5.1", "cudnn": "9"}
TORCH_CUDA_13 = {"cuda": "13.0"}
TF_REQUIRES = ['nvidia-cudnn-cu12<10.0,>=9.3.0.75; extra == "and-cuda"',
               'nvidia-cublas-cu12<13.0,>=12.5.3.2; extra == "and-cuda"']


def distribution(root, name, version, files=(), requires=()):
    """A distribution as pip leaves it, ``name-version.dist-info`` with METADATA and RECORD,
    as gpu_check reads it."""
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    lines = [f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(lines) + "\n")
    (info / "RECORD").write_text("".join(f"{path},sha256=x,100\n" for path in files))
    (package,) = installed([metadata.PathDistribution(info)])
    return package


def run_static(distributions, tensorflow=TF_CUDA_12, torch=TORCH_CUDA_13, gpu=True) -> Report:
    report = Report()
    static_checks(distributions, tensorflow, torch, gpu, report)
    return report


def test_a_fabricated_record_collision_is_named_with_both_owners(tmp_path):
    dists = [distribution(tmp_path, "nvidia-cudnn-cu12", "9.28.0.42", [CUDNN_9, "nvidia/cudnn/include/cudnn.h"]),
             distribution(tmp_path, "nvidia-cudnn-cu13", "9.20.0.48", [CUDNN_9, "nvidia/cudnn/include/cudnn.h"])]
    assert file_collisions(dists) == {CUDNN_9: ["nvidia-cudnn-cu12", "nvidia-cudnn-cu13"],
                                      "nvidia/cudnn/include/cudnn.h": ["nvidia-cudnn-cu12", "nvidia-cudnn-cu13"]}
    failed = run_static(dists).failed
    (collision,) = [line for line in failed if "owned by two distributions" in line]
    assert f"{CUDNN_9} (nvidia-cudnn-cu12 and nvidia-cudnn-cu13)" in collision
    assert "\n" not in collision


def test_two_cuda_majors_fail_with_the_packages_of_each(tmp_path):
    dists = [distribution(tmp_path, "nvidia-cublas-cu12", "12.9.3.13", ["nvidia/cublas/lib/libcublas.so.12"]),
             distribution(tmp_path, "nvidia-cublas", "13.1.1.3", ["nvidia/cu13/lib/libcublas.so.13"])]
    assert cuda_majors(dists) == {12: ["nvidia-cublas-cu12"], 13: ["nvidia-cublas"]}
    (line,) = [line for line in run_static(dists).failed if "CUDA majors" in line]
    assert line.startswith("two CUDA majors installed: CUDA 12: nvidia-cublas-cu12; CUDA 13: nvidia-cublas")


def test_a_private_copy_inside_another_package_is_not_a_second_cuda(tmp_path):
    """triton bundles its own libcupti for itself; only NVIDIA's shared packages count."""
    dists = [distribution(tmp_path, "triton", "3.7.1", ["triton/backends/nvidia/lib/cupti/libcupti.so.12"]),
             distribution(tmp_path, "nvidia-cuda-runtime", "13.0.96", ["nvidia/cu13/lib/libcudart.so.13"])]
    assert cuda_majors(dists) == {13: ["nvidia-cuda-runtime"]}


def test_a_cudnn_older_than_tensorflow_was_built_with_fails(tmp_path):
    dists = [distribution(tmp_path, "tensorflow", "2.21.0", requires=TF_REQUIRES),
             distribution(tmp_path, "nvidia-cudnn-cu12", "9.1.0.70", ["nvidia/cudnn/lib/libcudnn.so.9"])]
    (line,) = run_static(dists, torch={}).failed
    assert line == ("TensorFlow needs cuDNN >= 9.3.0.75 (its requirement nvidia-cudnn-cu12>=9.3.0.75), but "
                    "nvidia-cudnn-cu12 9.1.0.70 is installed: TensorFlow refuses an older cuDNN at run time.")


def test_one_cuda_12_stack_for_both_frameworks_passes(tmp_path):
    dists = [distribution(tmp_path, "tensorflow", "2.21.0", requires=TF_REQUIRES),
             distribution(tmp_path, "nvidia-cudnn-cu12", "9.28.0.42", [CUDNN_9]),
             distribution(tmp_path, "nvidia-cuda-runtime-cu12", "12.9.79", ["nvidia/cuda_runtime/lib/libcudart.so.12"])]
    report = run_static(dists, torch={"cuda": "12.9"})
    assert report.failed == []
    assert "TensorFlow needs cuDNN >= 9.3.0.75" in report.passed[-1]


def test_frameworks_built_for_two_cuda_majors_fail_on_a_gpu_and_skip_without(tmp_path):
    dists = [distribution(tmp_path, "nvidia-cudnn-cu13", "9.20.0.48", [CUDNN_9])]
    on_gpu = run_static(dists).failed
    assert "TensorFlow is built for CUDA 12 and PyTorch is built for CUDA 13: one process cannot load both" in on_gpu[0]
    assert any("no cuDNN for CUDA 12 is installed: it would run on the CPU" in line for line in on_gpu)
    without = run_static(dists, gpu=False)
    assert without.failed == [] and len(without.skipped) == 2


def test_main_on_this_machine_skips_the_gpu_checks_and_require_gpu_fails(capsys, monkeypatch):
    monkeypatch.setattr(gpu_check, "gpu_count", lambda: 0)
    assert gpu_check.main([]) in (0, 1)  # whatever this environment holds, it says so
    out = capsys.readouterr().out
    assert "SKIP: the GPU checks" in out
    assert gpu_check.main(["--require-gpu"]) == 1
    assert "FAIL: no NVIDIA GPU found" in capsys.readouterr().out


def test_this_environment_has_one_cuda_stack_or_none():
    """The pinned environment (and make test-pypi-wheels' one) passes the checks that need no GPU."""
    report = Report()
    static_checks(installed(metadata.distributions()), cuda_libraries.tensorflow_build(), cuda_libraries.torch_build(),
                  False, report)
    assert report.failed == []


def test_framework_builds_are_read_from_their_files_as_the_frameworks_report_them():
    import tensorflow as tf
    import torch

    info = tf.sysconfig.get_build_info()
    assert cuda_libraries.tensorflow_build() == {"cuda": info["cuda_version"], "cudnn": info["cudnn_version"]}
    assert cuda_libraries.torch_build() == ({"cuda": torch.version.cuda} if torch.version.cuda else {})


def test_loaded_cudnn_libraries_are_read_from_the_memory_map(tmp_path):
    maps = tmp_path / "maps"
    maps.write_text(
        "7f00-7f01 r-xp 00000000 08:01 1 /venv/nvidia/cudnn/lib/libcudnn.so.9\n"
        "7f01-7f02 r-xp 00000000 08:01 2 /venv/nvidia/cudnn/lib/libcudnn.so.9\n"
        "7f02-7f03 r-xp 00000000 08:01 3 /venv/nvidia/cudnn/lib/libcudnn_ops.so.9\n"
        "7f03-7f04 r-xp 00000000 08:01 4 /usr/lib/x86_64-linux-gnu/libcudnn.so.9.3.0\n")
    assert cuda_libraries.loaded_cudnn_libraries(str(maps)) == [
        "/usr/lib/x86_64-linux-gnu/libcudnn.so.9.3.0", "/venv/nvidia/cudnn/lib/libcudnn.so.9"]
    assert cuda_libraries.loaded_cudnn_libraries(str(tmp_path / "none")) == []


def test_a_build_that_requires_a_gpu_fails_when_a_framework_falls_back_to_the_cpu(monkeypatch):
    monkeypatch.setenv("INTRODL_REQUIRE_GPU", "1")
    with pytest.raises(GPUMissingError, match=r"^PyTorch found no GPU, but this build requires one"):
        check_gpu_required({"TensorFlow": True, "PyTorch": False})
    check_gpu_required({"TensorFlow": True, "PyTorch": True})
    monkeypatch.delenv("INTRODL_REQUIRE_GPU")
    check_gpu_required({"TensorFlow": False, "PyTorch": False})  # not required: CPU is a normal case
