"""introdl.lecture01.models: the networks the first chapter writes, held once for the later chapters."""

import ast
import inspect

import jupytext
import numpy as np
import pytest

from book_testing import REPO_ROOT

models = pytest.importorskip("introdl.lecture01.models")
from introdl.lecture01.data import epoch_orders, glorot_weights, tf_fit_in_order, torch_batches  # noqa: E402

tf = models.tf
torch = models.torch

CHAPTER = REPO_ROOT / "book/lectures/lecture01/perceptron.md"
# What the chapter writes in its cells and the later chapters import from the module.
WRITTEN_IN_THE_CHAPTER = [
    "make_tf_mlp", "compile_tf_classifier", "torch_activation_layers", "make_torch_mlp",
    "bce_with_logits", "torch_train_epoch", "torch_evaluate",
]
POINTS = np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 1.0], [0.0, 0.0], [1.0, 1.0]], dtype=np.float32)
LABELS = np.array([1, 0, 1, 0, 1], dtype=np.float32)


def _top_level_definitions(tree) -> dict:
    """{name: ast.dump} of the top-level functions and single-name assignments in ``tree``."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = ast.dump(node)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = ast.dump(node)
    return found


def test_the_module_holds_exactly_the_code_the_chapter_writes():
    notebook = jupytext.read(CHAPTER)
    in_cells = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            in_cells.update(_top_level_definitions(ast.parse(cell.source)))
    in_module = _top_level_definitions(ast.parse(inspect.getsource(models)))
    for name in WRITTEN_IN_THE_CHAPTER:
        assert name in in_cells, f"{CHAPTER.name} no longer defines {name}: update WRITTEN_IN_THE_CHAPTER"
        assert in_cells[name] == in_module[name], (
            f"{name} in {CHAPTER.name} and in introdl/lecture01/models.py differ: copy the chapter's cell "
            "into the module (the later chapters import it from there)")


@pytest.fixture(autouse=True)
def seeded():
    tf.keras.utils.set_random_seed(0)
    torch.manual_seed(0)


@pytest.mark.parametrize("hidden, activation, dropout", [((), None, 0.0), ((4, 3), "relu", 0.0),
                                                          ((3,), "sigmoid", 0.5), ((4,), "linear", 0.0)])
def test_both_networks_from_the_same_start_give_the_same_logits(hidden, activation, dropout):
    start = glorot_weights([2, *hidden, 1], seed=5)
    start = [(kernel, bias + 0.1) for kernel, bias in start]  # non-zero biases, so their copy is tested too
    tf_model = models.make_tf_mlp(hidden, activation or "relu", dropout, weights=start)
    torch_model = models.make_torch_mlp(hidden, activation or "relu", dropout, weights=start).cpu().eval()
    with torch.no_grad():
        torch_logits = torch_model(torch.from_numpy(POINTS)).numpy()
    np.testing.assert_allclose(tf_model(POINTS).numpy(), torch_logits, atol=1e-6)
    assert len(tf_model.layers) == len(hidden) * (2 if dropout else 1) + 1
    assert sum(isinstance(m, torch.nn.Dropout) for m in torch_model) == (len(hidden) if dropout else 0)


def test_a_start_with_the_wrong_number_of_layers_is_refused():
    with pytest.raises(ValueError):
        models.make_tf_mlp((3,), weights=glorot_weights([2, 1], seed=0))
    with pytest.raises(ValueError):
        models.make_torch_mlp((3,), weights=glorot_weights([2, 1], seed=0))


def test_one_epoch_reports_the_loss_keras_fit_reports_and_takes_the_same_steps():
    start = glorot_weights([2, 4, 1], seed=1)
    orders = epoch_orders(len(POINTS), epochs=1, seed=2)
    tf_model = models.compile_tf_classifier(models.make_tf_mlp((4,), weights=start), learning_rate=0.05)
    tf_loss = tf_fit_in_order(tf_model, POINTS, LABELS, orders, batch_size=2).history["loss"][0]
    torch_model = models.make_torch_mlp((4,), weights=start).cpu()
    optimizer = torch.optim.Adam(torch_model.parameters(), lr=0.05, eps=1e-7)
    torch_loss = models.torch_train_epoch(torch_model, optimizer, torch_batches(POINTS, LABELS, orders[0], 2, "cpu"))
    assert torch_loss == pytest.approx(tf_loss, rel=1e-5)
    np.testing.assert_allclose(models.tf_probabilities(tf_model)(POINTS).reshape(-1),
                               models.torch_probabilities(torch_model)(POINTS).reshape(-1), atol=1e-5)


def test_evaluate_gives_the_loss_and_the_accuracy_at_logit_zero():
    model = models.make_torch_mlp((), weights=[(np.array([[1.0], [0.0]], np.float32), np.zeros(1, np.float32))]).cpu()
    x, y = torch.from_numpy(POINTS), torch.from_numpy(LABELS).reshape(-1, 1)
    loss, accuracy = models.torch_evaluate(model, x, y)
    logits = POINTS[:, :1]
    expected = np.mean(np.log1p(np.exp(-logits)) + (1 - LABELS[:, None]) * logits)  # BCE on logits
    assert loss == pytest.approx(expected, rel=1e-5)
    assert accuracy == pytest.approx(np.mean((logits[:, 0] > 0) == LABELS))
    assert not model.training  # evaluation leaves dropout off
