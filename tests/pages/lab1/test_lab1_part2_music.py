"""The music lab page's own code: its solutions pass the self-checks, its TODO cells run and
fail them with a FAIL line, and the page's model computes what the package's does.

The cells are read from book/labs/lab1_part2_music.md itself (with jupytext), so this tests
the code a reader sees, not a copy.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
import torch
import torch.nn.functional as F
from torch import nn

from book_testing import REPO_ROOT
from exercise_flow import SOLUTION_MAGIC
from introdl.lab1 import part1_checks as checks
from introdl.lab1.music import lab_checks, model_tf, model_torch
from introdl.lab1.music.fast_lstm_tf import FastLSTM
from introdl.lab1.music.sampling import sample_next

PAGE = REPO_ROOT / "book" / "labs" / "lab1_part2_music.md"
EXERCISES = ("vectorize_string", "get_batch", "CharLSTM", "compute_loss", "make_train_step", "generate_text")


def _cells():
    """The page's code cells, each solution cell without its ``%%solution`` line."""
    import jupytext

    notebook = jupytext.read(PAGE)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in cells:
        if cell.source.startswith(SOLUTION_MAGIC):
            cell.source = cell.source.split("\n", 1)[1]
    return cells


def _namespace(vocab):
    return {"np": np, "tf": tf, "torch": torch, "nn": nn, "F": F, "sample_next": sample_next,
            "char2idx": vocab.char2idx, "idx2char": vocab.idx2char, "torch_device": torch.device("cpu")}


def _exercise_cells(kind: str):
    """The page's solution cells (kind='solution') or TODO cells (kind='todo') of the exercises."""
    found = []
    for cell in _cells():
        tags = cell.metadata.get("tags", [])
        if not ({"tensorflow", "pytorch"} & set(tags)):
            continue
        is_solution = "hide-input" in tags
        defines = [name for name in EXERCISES if f" tf_{name}" in cell.source or f" torch_{name}" in cell.source
                   or f"class TF{name}" in cell.source or f"class Torch{name}" in cell.source]
        is_definition = cell.source.lstrip().startswith(("def ", "class ", "@", "import"))
        if defines and is_definition and is_solution == (kind == "solution"):
            found.append(cell)
    return found


def _load(kind: str, vocab) -> dict:
    namespace = _namespace(vocab)
    cells = _exercise_cells(kind)
    for cell in cells:
        exec(compile(cell.source, f"{PAGE.name}:{kind}", "exec"), namespace)  # noqa: S102
    return namespace


def _run_checks(namespace, vocab, ids):
    results = {}
    for prefix, framework in (("tf", "tensorflow"), ("torch", "pytorch")):
        vectorized = ids if framework == "tensorflow" else torch.as_tensor(ids)
        model_class = namespace["TFCharLSTM" if framework == "tensorflow" else "TorchCharLSTM"]
        results[framework] = [
            lab_checks.check_vectorize_string(namespace[f"{prefix}_vectorize_string"], vocab, framework),
            lab_checks.check_get_batch(namespace[f"{prefix}_get_batch"], vectorized, 10, 3, framework=framework),
            lab_checks.check_model(model_class, framework),
            lab_checks.check_compute_loss(namespace[f"{prefix}_compute_loss"], framework),
            lab_checks.check_train_step(namespace[f"{prefix}_make_train_step"], framework),
            lab_checks.check_generate_text(namespace[f"{prefix}_generate_text"], vocab, framework),
        ]
    return results


@pytest.fixture
def ids(vocab, songs):
    return vocab.encode("\n\n".join(songs[:5]))


@pytest.fixture(autouse=True)
def not_strict(monkeypatch):
    monkeypatch.delenv(checks.STRICT_ENV_VAR, raising=False)


def test_every_exercise_has_a_todo_and_a_solution_in_both_frameworks():
    for kind in ("todo", "solution"):
        sources = "\n".join(cell.source for cell in _exercise_cells(kind))
        for name in EXERCISES:
            for prefix in (("TF", "Torch") if name == "CharLSTM" else ("tf_", "torch_")):
                assert f"{prefix}{name}" in sources, (kind, prefix, name)
        if kind == "todo":
            assert all("TODO" in cell.source for cell in _exercise_cells(kind))


def test_the_page_solutions_pass_every_check(vocab, ids):
    for framework, results in _run_checks(_load("solution", vocab), vocab, ids).items():
        for result in results:
            assert result.passed, (framework, repr(result))


def test_the_todo_cells_run_and_every_check_fails_with_one_line(vocab, ids):
    for framework, results in _run_checks(_load("todo", vocab), vocab, ids).items():
        for result in results:
            text = repr(result)
            assert not result.passed and text.startswith("FAIL: ") and "\n" not in text, (framework, text)
            assert "still `...`" in text or "returned None" in text, (framework, text)


@pytest.mark.parametrize("lstm", ["keras", "fast"])
def test_the_page_model_gives_the_package_models_logits(vocab, lstm):
    namespace = _load("solution", vocab)
    x = np.random.default_rng(0).integers(0, len(vocab), size=(2, 9))
    package_tf = model_tf.build_model(len(vocab), 16, 32, lstm=lstm, seed=0)
    page_tf = namespace["TFCharLSTM"](len(vocab), 16, 32, lstm=FastLSTM(32) if lstm == "fast" else None)
    page_tf(tf.zeros([1, 1], dtype=tf.int64))
    model_tf.set_keras_layout(page_tf, model_tf.get_keras_layout(package_tf))
    np.testing.assert_allclose(page_tf(x).numpy(), package_tf(x).numpy(), atol=1e-6)

    package_torch = model_torch.build_model(len(vocab), 16, 32, device="cpu")
    model_torch.set_keras_layout(package_torch, model_tf.get_keras_layout(package_tf))
    page_torch = namespace["TorchCharLSTM"](len(vocab), 16, 32)
    model_torch.set_keras_layout(page_torch, model_tf.get_keras_layout(package_tf))
    with torch.no_grad():
        np.testing.assert_allclose(page_torch(torch.as_tensor(x)).numpy(), package_torch(torch.as_tensor(x)).numpy(),
                                   atol=1e-6)
        np.testing.assert_allclose(page_torch(torch.as_tensor(x)).numpy(), package_tf(x).numpy(), atol=1e-5)
    # and the same trainable parameters as the package's (bias_hh kept at zero, out of training)
    assert sum(p.numel() for p in page_torch.parameters() if p.requires_grad) == model_torch.count_parameters(
        package_torch)
