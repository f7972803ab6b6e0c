"""What Lecture 3's chapters write in their cells and later chapters import is the same code.

*Dense layers against convolutions* writes the digit models, the training step and the
same-start copy in its cells; *What a CNN learned* writes the saliency maps. ``introdl.lecture03``
holds copies for the other chapters to import. Each definition below must be the same in the
chapter's cells as in the module (docstrings and comments included; a module's lazy imports aside).
"""

import ast
import importlib
import inspect

import jupytext
import pytest

from book_testing import REPO_ROOT

CHAPTERS = REPO_ROOT / "book" / "lectures" / "lecture03"

WRITTEN_ONCE = [
    ("dense_against_convolution.md", "models", ["dense_tf", "cnn_tf", "DigitDense", "DigitCNN", "tf_train_step",
                                                "predict_tf", "torch_train_step", "predict_torch", "start_equal"]),
    ("what_a_cnn_learned.md", "saliency", ["saliency_tf", "saliency_torch"]),
]


def definitions(source: str) -> dict:
    return {node.name: node for node in ast.parse(source).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def without_imports(node) -> str:
    class DropImports(ast.NodeTransformer):
        def visit_Import(self, _):
            return None

        def visit_ImportFrom(self, _):
            return None

    return ast.dump(DropImports().visit(node))


@pytest.mark.parametrize("chapter, module_name, names", WRITTEN_ONCE, ids=lambda v: v if isinstance(v, str) else None)
def test_the_chapter_and_the_module_define_the_same_code(chapter, module_name, names):
    in_module = definitions(inspect.getsource(importlib.import_module(f"introdl.lecture03.{module_name}")))
    in_chapter = {}
    for cell in jupytext.read(CHAPTERS / chapter).cells:
        if cell.cell_type == "code":
            in_chapter.update(definitions(cell.source))
    for name in names:
        assert name in in_chapter, f"{chapter} no longer defines {name}: update WRITTEN_ONCE"
        assert without_imports(in_chapter[name]) == without_imports(in_module[name]), (
            f"{name} differs between {chapter} and introdl/lecture03/{module_name}.py: change both")
