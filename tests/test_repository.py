"""The repository's own contracts: pinned requirements, layout, workflows that lint clean."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from book_testing import REPO_ROOT


def test_requirements_are_pinned():
    lines = [l.split("#")[0].strip() for l in (REPO_ROOT / "requirements.txt").read_text().splitlines()]
    lines = [l for l in lines if l]
    assert "-e ." in lines
    for line in lines:
        if line != "-e .":
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+]+", line), f"not pinned: {line}"
    names = {l.split("==")[0].lower() for l in lines}
    assert {"jupyter-book", "tensorflow", "torch", "jupytext", "myst-nb", "sphinx-design"} <= names
    assert re.search(r"^jupyter-book==1\.", (REPO_ROOT / "requirements.txt").read_text(), re.M)


def test_package_is_never_importable_as_code():
    import introdl

    assert Path(introdl.__file__).parent == REPO_ROOT / "code" / "introdl"
    out = subprocess.run([sys.executable, "-c", "import code; print(code.__file__)"],
                         capture_output=True, text=True, cwd="/", check=True)
    assert "code/__init__" not in out.stdout and str(REPO_ROOT) not in out.stdout


def test_binder_gets_python_311():
    assert (REPO_ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_ci_runs_the_readme_test_command():
    readme = (REPO_ROOT / "README.md").read_text()
    assert "make test" in readme and "make book" in readme
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text()
    ci = yaml.safe_load((REPO_ROOT / ".github/workflows/ci.yml").read_text())
    steps = [s.get("run", "") for job in ci["jobs"].values() for s in job["steps"]]
    assert any("make test" in s for s in steps)


def actionlint() -> str:
    found = Path(sys.executable).parent / "actionlint"
    return str(found) if found.exists() else shutil.which("actionlint")


def test_workflows_pass_actionlint():
    workflows = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"ci.yml", "publish.yml"}
    result = subprocess.run([actionlint(), "-no-color", *map(str, workflows)],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_use_least_privilege_and_never_run_forks_on_the_gpu():
    for name in ("ci.yml", "publish.yml"):
        workflow = yaml.safe_load((REPO_ROOT / ".github/workflows" / name).read_text())
        assert workflow.get("permissions") == {} or workflow.get("permissions") == {"contents": "read"}
        for job in workflow["jobs"].values():
            assert "permissions" in job, f"{name}: every job states its permissions"
    publish = yaml.safe_load((REPO_ROOT / ".github/workflows/publish.yml").read_text())
    triggers = publish.get(True) or publish.get("on")  # YAML reads the key `on` as True
    assert "pull_request" not in triggers and "pull_request_target" not in triggers
    deploy_permissions = {k: v for job in publish["jobs"].values() for k, v in job["permissions"].items()}
    assert deploy_permissions.get("pages") == "write" and deploy_permissions.get("id-token") == "write"


def test_publishing_runs_the_reader_tests_on_the_full_build_before_deploying():
    """Every test of what a reader meets, on the build about to be deployed (not the smoke one)."""
    publish = yaml.safe_load((REPO_ROOT / ".github/workflows/publish.yml").read_text())
    steps = publish["jobs"]["build"]["steps"]
    tests = next(step for step in steps if "pytest" in step.get("run", ""))
    assert tests["env"]["INTRODL_SITE_HTML"] == "_build/html" and tests["env"]["INTRODL_REQUIRE_BROWSER"] == "1"
    for test_file in ("test_browser.py", "test_browser_reader.py", "test_accessibility.py", "test_links.py",
                      "test_page_weight.py", "test_comments.py", "test_alt_text.py", "test_build_report.py"):
        assert f"tests/site/{test_file}" in tests["run"], test_file
    built = next(i for i, step in enumerate(steps) if step.get("name", "").startswith("Build the book"))
    uploaded = next(i for i, step in enumerate(steps) if "upload-pages-artifact" in step.get("uses", ""))
    assert built < steps.index(tests) < uploaded  # a failing test stops the pages artifact...
    assert publish["jobs"]["deploy"]["needs"] == "build"  # ...so nothing deploys


def test_test_layout_follows_the_code_and_module_names_are_unique():
    """tests/ is laid out like the code (introdl, booktools, site, pages); pytest imports a test
    module by its file name, so two with the same name anywhere would collide."""
    tests = REPO_ROOT / "tests"
    assert {"introdl", "booktools", "site", "pages"} <= {p.name for p in tests.iterdir() if p.is_dir()}
    names: dict[str, list[str]] = {}
    for path in tests.rglob("test_*.py"):
        names.setdefault(path.name, []).append(str(path.relative_to(REPO_ROOT)))
    assert not {name: paths for name, paths in names.items() if len(paths) > 1}
    # Shared helpers live in helper modules, never in a test module that others import.
    importing = [str(p.relative_to(REPO_ROOT)) for p in tests.rglob("*.py")
                 if re.search(r"^\s*(from|import) test_\w+", p.read_text(), re.M)]
    assert not importing, importing
