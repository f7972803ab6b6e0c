"""introdl.lecture01.plots: each of Lecture 1's figures is laid out from both frameworks' results."""

import matplotlib

matplotlib.use("Agg")  # no display in tests

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from introdl.frameworks import NAMES, PYTORCH_NAME, TENSORFLOW_NAME  # noqa: E402
from introdl.lecture01 import plots  # noqa: E402
from introdl.lecture01.toy_data import PASS_RULE  # noqa: E402

POINTS = np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 1.0], [2.0, -1.0]], dtype=np.float32)
LABELS = np.array([0.0, 1.0, 1.0, 0.0], dtype=np.float32)


def predict(points):
    return 1 / (1 + np.exp(-np.asarray(points)[:, 0]))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def line_styles(ax):
    return {line.get_linestyle() for line in ax.get_lines()}


def test_activation_curves_draw_a_panel_per_activation_both_frameworks_in_each():
    z = np.linspace(-2, 2, 5)
    curves = {name: (np.tanh(z), 1 - np.tanh(z) ** 2) for name in ("sigmoid", "tanh", "ReLU")}
    fig = plots.activation_curves(z, curves, curves)
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "ReLU"]
    assert {"-", "--"} <= line_styles(fig.axes[0])  # TensorFlow solid, PyTorch dashed


def test_activation_curves_need_the_same_activations_for_both():
    with pytest.raises(KeyError, match="TensorFlow has"):
        plots.activation_curves(np.zeros(2), {"tanh": (np.zeros(2), np.zeros(2))}, {})


def test_boundary_grid_has_a_row_per_framework_and_a_column_per_model():
    predictors = {framework: {"a": predict, "b": predict} for framework in NAMES}
    fig = plots.boundary_grid(predictors, POINTS, LABELS, caption=lambda f, name: f"{f} {name} note", title="T")
    assert len(fig.axes) == 4
    assert fig.axes[0].get_title() == f"{TENSORFLOW_NAME}: a\n{TENSORFLOW_NAME} a note"
    assert fig.axes[3].get_title() == f"{PYTORCH_NAME}: b\n{PYTORCH_NAME} b note"


def test_a_missing_framework_is_named():
    with pytest.raises(KeyError, match="one entry per framework"):
        plots.boundary_grid({TENSORFLOW_NAME: {"a": predict}}, POINTS, LABELS, caption=str, title="T")
    with pytest.raises(TypeError, match="keyed by framework name"):
        plots.pass_boundaries([predict], POINTS, LABELS, POINTS[:1], PASS_RULE)


def test_students_and_pass_boundaries_mark_the_student_and_the_rule():
    fig = plots.students(POINTS, LABELS, np.array([[4.0, 5.0]]))
    assert "you (4, 5)" in [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    fig = plots.pass_boundaries({name: (predict, 0.7) for name in NAMES}, POINTS, LABELS, np.array([[4.0, 5.0]]),
                                PASS_RULE)
    assert fig.axes[0].get_title() == f"{TENSORFLOW_NAME}: P(pass | you) = 0.70"
    assert "the rule's boundary" in [line.get_label() for line in fig.axes[0].get_lines()]
    with pytest.raises(KeyError, match="per_hour"):
        plots.pass_boundaries({name: (predict, 0.7) for name in NAMES}, POINTS, LABELS, POINTS[:1], {"bias": 0})


def test_gradient_descent_paths_one_panel_per_learning_rate():
    paths = {name: {"slow": np.zeros((3, 2)), "fast": np.ones((3, 2))} for name in NAMES}
    fig = plots.gradient_descent_paths(lambda a, b: a**2 + b**2, paths, {"slow": 0.1, "fast": 0.5},
                                       {"slow": "S", "fast": "F"}, title="GD")
    assert [ax.get_title() for ax in fig.axes[:2]] == ["S", "F"]
    with pytest.raises(KeyError, match="PyTorch's paths"):
        plots.gradient_descent_paths(lambda a, b: a, {TENSORFLOW_NAME: paths[TENSORFLOW_NAME], PYTORCH_NAME: {}},
                                     {"slow": 0.1, "fast": 0.5}, {}, title="GD")


def test_curves_of_optimizers_noise_and_overfitting():
    fig = plots.optimizer_curves({"SGD": [1.0, 0.5]}, {"SGD": [1.0, 0.4]}, title="O")
    assert fig.axes[0].get_yscale() == "log" and fig.axes[0].get_title() == "O"
    errors = {1: 1.0, 4: 0.5}
    fig = plots.gradient_noise([1, 4], errors, errors, [1.0, 0.5], draws=3, n_examples=8)
    assert fig.axes[0].get_title() == "Mini-batch gradient noise (3 batches per size, n = 8)"
    with pytest.raises(ValueError, match="2 batch sizes"):
        plots.gradient_noise([1, 4], errors, errors, [1.0], draws=3, n_examples=8)
    history = {"loss": [1.0, 0.5], "val_loss": [1.0, 0.8]}
    fig = plots.overfitting_curves({"plain": history, "dropout": history}, {"plain": history, "dropout": history},
                                   title="Over")
    assert [ax.get_title() for ax in fig.axes] == ["plain", "dropout"]


def test_early_stopping_marks_each_stop_and_best_epoch():
    history = {"loss": [1.0, 0.6, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.8, 0.9]}
    fig = plots.early_stopping({name: history for name in NAMES}, {name: 1 for name in NAMES},
                               {name: 3 for name in NAMES}, no_stopping_val_loss=[1.0, 0.7, 0.8, 0.9, 1.0, 1.1],
                               patience=2)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert f"stopped ({PYTORCH_NAME}, epoch 3)" in labels and f"best ({TENSORFLOW_NAME}, epoch 1)" in labels
    assert fig.axes[0].get_title() == "Early stopping with patience 2"
