import matplotlib

matplotlib.use("Agg")  # no display in tests

import matplotlib.pyplot as plt
import numpy as np
import pytest

from introdl.plotting import (
    decision_grid,
    framework_style,
    legend_with_frameworks,
    mark_epoch,
    plot_decision_boundary,
    plot_framework_pair,
    plot_loss_surface,
    plot_path,
)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


POINTS = np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 1.0]], dtype=np.float32)
LABELS = np.array([0.0, 1.0, 1.0])


def test_framework_styles_differ_and_unknown_framework_is_a_clear_error():
    assert framework_style("TensorFlow")["linestyle"] != framework_style("PyTorch")["linestyle"]
    assert "marker" not in framework_style("PyTorch")
    assert "marker" in framework_style("PyTorch", markers=True)
    with pytest.raises(KeyError, match="Unknown framework 'JAX'"):
        framework_style("JAX")


def test_decision_grid_covers_the_points_plus_margin():
    xx, yy, points = decision_grid(POINTS, steps=11, margin=0.5)
    assert xx.shape == yy.shape == (11, 11)
    assert points.shape == (121, 2) and points.dtype == np.float32
    assert points[:, 0].min() == pytest.approx(-1.5) and points[:, 0].max() == pytest.approx(1.5)
    assert points[:, 1].min() == pytest.approx(-0.5) and points[:, 1].max() == pytest.approx(2.5)


def test_decision_boundary_feeds_the_grid_to_the_model_and_returns_its_probabilities(ax):
    seen = []

    def predict_proba(points):
        seen.append(points)
        return (points[:, 0] > 0).astype(np.float32)[:, None]  # (m, 1) is accepted too

    grid = plot_decision_boundary(ax, predict_proba, POINTS, LABELS, title="t", steps=20)
    assert seen[0].shape == (400, 2) and seen[0].dtype == np.float32
    assert grid.shape == (20, 20) and set(np.unique(grid)) == {0.0, 1.0}
    assert ax.get_title() == "t"
    assert ax.get_legend_handles_labels()[1] == ["class 0", "class 1"]


def test_decision_boundary_rejects_a_model_with_the_wrong_output_size(ax):
    with pytest.raises(ValueError, match="one probability per input row"):
        plot_decision_boundary(ax, lambda points: np.zeros(3), POINTS, LABELS, steps=5)


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.zeros((3, 3)), LABELS, r"shape \(n, 2\)"),
        (np.zeros((0, 2)), [], r"shape \(n, 2\)"),
        (POINTS, [0, 1], "one label per point"),
    ],
)
def test_decision_boundary_rejects_bad_data(ax, X, y, match):
    with pytest.raises(ValueError, match=match):
        plot_decision_boundary(ax, lambda points: np.zeros(len(points)), X, y)


def test_loss_surface_is_evaluated_on_the_box(ax):
    surface = plot_loss_surface(ax, lambda w1, w2: w1**2 + w2**2, xlim=(-2, 2), ylim=(-1, 1), steps=21)
    assert surface.shape == (21, 21)
    assert surface.min() == pytest.approx(0.0) and surface.max() == pytest.approx(5.0)
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-1, 1)


def test_loss_surface_rejects_bad_limits_and_non_elementwise_functions(ax):
    with pytest.raises(ValueError, match="low < high"):
        plot_loss_surface(ax, lambda w1, w2: w1, xlim=(1, -1))
    with pytest.raises(ValueError, match="elementwise"):
        plot_loss_surface(ax, lambda w1, w2: np.sum(w1), steps=5)


def test_framework_pair_draws_two_lines_in_one_colour_with_one_legend_entry(ax):
    tf_line, torch_line = plot_framework_pair(ax, [3, 2, 1], [3, 2], "loss")
    assert tf_line.get_color() == torch_line.get_color()
    assert tf_line.get_linestyle() == "-" and torch_line.get_linestyle() == "--"
    assert list(torch_line.get_xdata()) == [0, 1]  # a shorter run keeps its own length
    assert ax.get_legend_handles_labels()[1] == ["loss"]
    legend = legend_with_frameworks(ax)
    assert [text.get_text() for text in legend.get_texts()] == ["loss", "TensorFlow", "PyTorch"]


def test_framework_pair_uses_given_x_and_checks_its_length(ax):
    tf_line, _ = plot_framework_pair(ax, [1, 2], [1, 2], "noise", x=[1, 4])
    assert list(tf_line.get_xdata()) == [1, 4]
    with pytest.raises(ValueError, match="x has 2 positions"):
        plot_framework_pair(ax, [1, 2, 3], [1, 2, 3], "noise", x=[1, 4])


def test_path_and_epoch_marker(ax):
    line = plot_path(ax, [[0, 0], [1, 1], [2, 0]], "PyTorch", color="red")
    assert list(line.get_xdata()) == [0, 1, 2] and line.get_linestyle() == "--"
    with pytest.raises(ValueError, match=r"\(steps \+ 1, 2\)"):
        plot_path(ax, [0, 1, 2], "PyTorch")
    marker = mark_epoch(ax, 7, label="stopped")
    assert list(marker.get_xdata()) == [7, 7] and marker.get_label() == "stopped"


def test_moving_average_and_its_bad_input():
    from introdl.plotting import moving_average

    np.testing.assert_allclose(moving_average([1, 2, 3, 4], 2), [1.5, 2.5, 3.5])
    np.testing.assert_allclose(moving_average([1, 2, 3], 10), [2.0])  # width clamped to the series
    with pytest.raises(ValueError, match="width must be a positive int"):
        moving_average([1, 2], 0)
    with pytest.raises(ValueError, match="empty series"):
        moving_average([], 3)
