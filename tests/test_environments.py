"""The environments the book is installed in, and the workflows that use them.

requirements.txt is the pinned source; binder/requirements.txt (CPU wheels: Binder, Linux
without a GPU, CI) and requirements-gpu.txt (one CUDA 12 stack: the GPU runner) only change
where torch comes from, never a version.
"""

import re

import yaml

from book_testing import REPO_ROOT, load_workflow

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)(\[[\w,\-]+\])?==(?P<version>[\w.]+)(\+(?P<local>\w+))?$")


def pins(path) -> dict:
    """{name: (version, local tag)} of a requirements file's own pins (not those it includes)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if match := PIN.match(line):
            found[match["name"].lower()] = (match["version"], match["local"])
    return found


def lines(path) -> list[str]:
    return [l.split("#")[0].strip() for l in path.read_text().splitlines() if l.split("#")[0].strip()]


ROOT_PINS = pins(REPO_ROOT / "requirements.txt")


def test_binder_takes_the_pins_with_pytorchs_cpu_wheel_and_its_own_config():
    binder = REPO_ROOT / "binder"
    assert "-r ../requirements.txt" in lines(binder / "requirements.txt")
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines(binder / "requirements.txt")
    assert pins(binder / "requirements.txt") == {"torch": (ROOT_PINS["torch"][0], "cpu")}
    # Once binder/ exists, repo2docker ignores the root's configuration files.
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    assert (binder / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    assert not (REPO_ROOT / "runtime.txt").exists() and not (REPO_ROOT / "postBuild").exists()


def test_the_gpu_environment_pins_the_same_versions_with_one_cuda_12_stack():
    gpu = REPO_ROOT / "requirements-gpu.txt"
    assert "-r requirements.txt" in lines(gpu)
    gpu_pins = pins(gpu)
    assert gpu_pins["torch"][0] == ROOT_PINS["torch"][0] and re.fullmatch(r"cu12\d", gpu_pins["torch"][1])
    assert gpu_pins["tensorflow"] == ROOT_PINS["tensorflow"]
    assert "tensorflow[and-cuda]==" + ROOT_PINS["tensorflow"][0] in lines(gpu)
    index = [l for l in lines(gpu) if l.startswith("--extra-index-url")]
    assert index == [f"--extra-index-url https://download.pytorch.org/whl/{gpu_pins['torch'][1]}"]


def test_ci_tests_binders_environment_and_pypis_default_wheels():
    _, ci = load_workflow("ci.yml")
    assert ci["jobs"]["test"]["env"]["REQUIREMENTS"] == "binder/requirements.txt"
    runs = [step.get("run", "") for step in ci["jobs"]["pypi-wheels"]["steps"]]
    assert "make test-pypi-wheels" in runs
    assert "PIP_EXTRA_INDEX_URL" not in (REPO_ROOT / ".github/workflows/ci.yml").read_text()


def test_the_canary_takes_pypis_default_wheels_so_it_meets_triton():
    text = (REPO_ROOT / ".github/workflows/canary.yml").read_text()
    assert "download.pytorch.org" not in text and "PIP_EXTRA_INDEX_URL" not in text
    _, canary = load_workflow("canary.yml")
    runs = [step.get("run", "") for job in canary["jobs"].values() for step in job["steps"]]
    assert any("-m pytest" in run for run in runs)  # which runs tests/introdl/test_framework_loading.py


def test_publish_checks_the_cuda_stack_before_the_build_and_requires_the_gpu():
    _, publish = load_workflow("publish.yml")
    steps = publish["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    setup = next(i for i, run in enumerate(runs) if "requirements-gpu.txt" in run)
    check = next(i for i, run in enumerate(runs) if "booktools.gpu_check --require-gpu" in run)
    book = next(i for i, run in enumerate(runs) if "make book" in run)
    assert setup < check < book
    assert "INTRODL_REQUIRE_GPU=1" in runs[setup]
    assert not re.search(r"pip install\s+\S*tensorflow\[and-cuda\]", "".join(runs)), \
        "installed on top of PyPI's torch, it mixes CUDA 12 and 13"


def test_make_test_pypi_wheels_ignores_local_wheels_and_pip_configuration():
    makefile = (REPO_ROOT / "Makefile").read_text()
    assert "PIP_CONFIG_FILE=/dev/null" in makefile and "--isolated" in makefile
    target = makefile.split("test-pypi-wheels: ")[1].split("\n\n")[0]
    assert "booktools.gpu_check" in target and "tests/introdl/test_framework_loading.py" in target
    assert "tests/site/test_binder.py" in target and "INTRODL_SMOKE_OUTPUT=" in target


def test_workflows_parse():
    for path in (REPO_ROOT / ".github" / "workflows").glob("*.yml"):
        assert yaml.safe_load(path.read_text())


def test_make_names_the_requirements_files_when_given_a_missing_one():
    import subprocess

    result = subprocess.run(["make", "-n", "test", "REQUIREMENTS=requirements-cpu.txt"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert ("REQUIREMENTS=requirements-cpu.txt is not a file: use requirements.txt (the default), "
            "binder/requirements.txt") in result.stderr
