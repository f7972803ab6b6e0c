"""The code's layering: pages import ``introdl``; the book's tooling (``booktools``) imports
``introdl`` and never the reverse; framework ids and names are spelled in one module."""

import ast
import re
from pathlib import Path

import pytest

from book_testing import REPO_ROOT

CODE = REPO_ROOT / "code"
FRAMEWORK_LITERALS = {"tensorflow", "pytorch", "TensorFlow", "PyTorch"}


def python_files(package: str) -> list[Path]:
    return sorted((CODE / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules a file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(CODE).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.add(module)
    return names


def test_introdl_never_imports_the_books_tooling():
    offenders = {str(path.relative_to(CODE)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "booktools")
                 for path in python_files("introdl")}
    assert not {k: v for k, v in offenders.items() if v}


def test_the_tooling_imports_introdl_for_profiles_and_framework_names():
    used = {m for path in python_files("booktools") for m in imported_modules(path) if m.split(".")[0] == "introdl"}
    assert {"introdl.profiles", "introdl.frameworks", "introdl.report_data"} <= used
    # Nothing else of introdl: the tooling must not depend on what the pages compute, only
    # on the format in which pages publish figures for the build report.
    # booktools.gpu_check reads the frameworks' CUDA builds as setup_page() does (cuda_libraries).
    assert used <= {"introdl", "introdl.profiles", "introdl.frameworks", "introdl.report_data",
                    "introdl.cuda_libraries"}, used


def framework_literals(path: Path) -> list[str]:
    """Plain string constants that are exactly a framework id or display name."""
    tree = ast.parse(path.read_text())
    return [f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in FRAMEWORK_LITERALS]


def test_framework_ids_and_names_are_defined_only_in_frameworks_py():
    stray = [hit for package in ("introdl", "booktools") for path in python_files(package)
             if path.name != "frameworks.py" for hit in framework_literals(path)]
    assert not stray, "use introdl.frameworks' constants instead:\n" + "\n".join(stray)


def test_the_literal_search_finds_the_definitions():
    sample = REPO_ROOT / "code" / "introdl" / "frameworks.py"
    assert framework_literals(sample)  # the one place they are defined
    assert not framework_literals(REPO_ROOT / "code" / "introdl" / "profiles.py")


@pytest.mark.parametrize("module", ["introdl.frameworks", "introdl.profiles"])
def test_the_shared_modules_import_nothing_heavy(module):
    import subprocess
    import sys

    code = f"import sys, {module}; print(sorted(m for m in ('tensorflow', 'torch', 'sphinx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------
# The import graph: a small core that every page uses, and one subpackage per lesson.

LESSON_PACKAGE = re.compile(r"^introdl\.(lecture\d\d|lab\d+)(\.|$)")


def lesson_of(module: str) -> str | None:
    """``introdl.lecture02`` for ``introdl.lecture02.words``; None for the core and others."""
    match = LESSON_PACKAGE.match(module)
    return f"introdl.{match.group(1)}" if match else None


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(CODE).with_suffix("").parts).removesuffix(".__init__")


def import_edges() -> list[tuple[str, str]]:
    """(importer, imported) for every import of an introdl module inside code/."""
    return [(module_name(path), imported) for package in ("introdl", "booktools")
            for path in python_files(package) for imported in imported_modules(path)
            if imported.split(".")[0] == "introdl"]


def test_the_lessons_are_subpackages_and_the_core_holds_no_lesson():
    lessons = sorted(p.name for p in (CODE / "introdl").iterdir() if p.is_dir() and lesson_of(f"introdl.{p.name}"))
    assert {"lecture01", "lecture02", "lab1"} <= set(lessons)
    # What a single lesson uses lives in its subpackage: no core module is named after a lesson.
    core = [p.stem for p in (CODE / "introdl").glob("*.py")]
    assert not [name for name in core if re.match(r"(lecture|lab)\d", name)], core


def test_no_import_goes_back_up():
    """The core never imports a lesson, a lesson never imports another, the tooling no lesson."""
    wrong = []
    for importer, imported in import_edges():
        source, target = lesson_of(importer), lesson_of(imported)
        if target and target != source:
            wrong.append(f"{importer} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_the_import_graph_check_sees_edges():
    edges = set(import_edges())
    assert ("introdl.lecture02.training", "introdl.lecture02.sequence_tasks") in edges
    assert any(a.startswith("introdl.lab1.music") and b == "introdl.frameworks" for a, b in edges)
    assert lesson_of("introdl.lab1.music.vocab") == "introdl.lab1" and lesson_of("introdl.weights") is None
