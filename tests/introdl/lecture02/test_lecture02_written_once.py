"""What Lecture 2's chapters write in their cells and later chapters import is the same code.

A chapter teaches a piece (the training steps, the copy-first models, the gradient norms
through time) in its own cells; ``introdl.lecture02`` holds a copy for the later chapters to
import. Each function or class below must be defined in the chapter's cells exactly as in the
module: the same statements, docstring and comments aside from the module's lazy imports.
"""

import ast
import inspect

import jupytext
import pytest

from book_testing import REPO_ROOT

CHAPTERS = REPO_ROOT / "book" / "lectures" / "lecture02"

WRITTEN_ONCE = [
    ("next_word.md", "training", ["tf_train_step", "predict_tf", "torch_train_step", "predict_torch", "start_equal"]),
    ("gradients_through_time.md", "training", ["copy_first_model_tf", "CopyFirstModel"]),
    ("gradients_through_time.md", "gradients", ["state_gradient_norms_tf", "state_gradient_norms_torch"]),
]


def definitions(source: str) -> dict[str, ast.AST]:
    return {node.name: node for node in ast.parse(source).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def without_imports(node: ast.AST) -> str:
    """The definition's AST, with import statements (a module's lazy imports) left out."""
    class DropImports(ast.NodeTransformer):
        def visit_Import(self, _):
            return None

        def visit_ImportFrom(self, _):
            return None

    return ast.dump(DropImports().visit(node))


def chapter_definitions(chapter: str) -> dict[str, ast.AST]:
    found = {}
    for cell in jupytext.read(CHAPTERS / chapter).cells:
        if cell.cell_type == "code":
            found.update(definitions(cell.source))
    return found


@pytest.mark.parametrize("chapter, module_name, names", WRITTEN_ONCE, ids=lambda v: v if isinstance(v, str) else None)
def test_the_chapter_and_the_module_define_the_same_code(chapter, module_name, names):
    import importlib

    module = importlib.import_module(f"introdl.lecture02.{module_name}")
    in_module = definitions(inspect.getsource(module))
    in_chapter = chapter_definitions(chapter)
    for name in names:
        assert name in in_chapter, f"{chapter} no longer defines {name}: update WRITTEN_ONCE"
        assert without_imports(in_chapter[name]) == without_imports(in_module[name]), (
            f"{name} differs between {chapter} and introdl/lecture02/{module_name}.py: change both")


def test_a_changed_line_is_noticed():
    one = definitions("def f(x):\n    return x + 1\n")["f"]
    other = definitions("def f(x):\n    import numpy\n    return x + 2\n")["f"]
    same = definitions("def f(x):\n    import numpy  # lazy\n    return x + 1  # a comment\n")["f"]
    assert without_imports(one) != without_imports(other)
    assert without_imports(one) == without_imports(same)
