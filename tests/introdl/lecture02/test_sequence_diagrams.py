import io

import matplotlib

matplotlib.use("Agg")  # no display in tests

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text

from introdl.lecture02.sequence_diagrams import COLORS, draw_sequence_patterns, draw_unrolled_rnn


def texts(artist) -> list[str]:
    return [t.get_text() for t in artist.findobj(Text) if t.get_text()]


def boxes_of(ax, kind) -> int:
    fill = to_rgba(COLORS[kind][0])
    return sum(1 for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_facecolor() == fill)


def renders(fig) -> bool:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_patterns_have_four_titled_panels_with_the_lecture_examples():
    fig = draw_sequence_patterns()
    axes = fig.get_axes()
    assert [ax.get_title() for ax in axes] == ["one to one", "many to one", "one to many", "many to many"]
    for ax, caption in zip(axes, ["binary classification", "sentiment classification",
                                  "image captioning", "machine translation"]):
        assert caption in texts(ax)
    assert renders(fig)


def test_patterns_draw_the_right_number_of_inputs_cells_and_outputs():
    expected = [(1, 1, 1), (3, 3, 1), (1, 3, 3), (2, 4, 2)]  # (inputs, cells, outputs) per panel
    for ax, counts in zip(draw_sequence_patterns().get_axes(), expected):
        assert (boxes_of(ax, "input"), boxes_of(ax, "cell"), boxes_of(ax, "output")) == counts
    labels = texts(draw_sequence_patterns().get_axes()[1])
    assert {"$x_0$", "$x_2$", "$h_1$", r"$\hat y_2$"} <= set(labels)
    assert r"$\hat y_0$" not in labels  # many to one: only the last step has an output


@pytest.mark.parametrize("draw", [draw_sequence_patterns, draw_unrolled_rnn])
def test_background_is_opaque_white(draw):
    fig = draw()
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    pixel = plt.imread(io.BytesIO(buffer.getvalue()))[1, 1]
    assert tuple(pixel) == (1.0, 1.0, 1.0, 1.0)  # the corner of the saved image is white, not transparent


def test_unrolled_rnn_labels_every_step_and_the_shared_weights():
    fig = draw_unrolled_rnn(steps=3)
    assert len(fig.get_axes()) == 1
    labels = texts(fig)
    # Folded: x_t below, y_t above, the loop's W_hh carrying h_{t-1}; unrolled: steps 0, 1 and t.
    for label in ["$x_0$", "$x_1$", "$x_t$", "$h_0$", "$h_1$", "$h_t$", "$h_{t-1}$",
                  r"$\hat y_0$", r"$\hat y_t$", "$L_0$", "$L_1$", "$L_t$", r"$L = \sum_t L_t$", "="]:
        assert label in labels, label
    assert "$x_2$" not in labels  # the third step drawn is the general step t
    assert labels.count("$W_{xh}$") == 3 and labels.count("$W_{hy}$") == 3
    assert labels.count("$W_{hh}$") == 1 + 2  # the folded loop, and each of the 2 edges between steps
    assert any("same weights" in label and "every step" in label for label in labels)
    assert renders(fig)


@pytest.mark.parametrize("steps", [1, 2, 8])
def test_unrolled_rnn_draws_as_many_steps_as_asked(steps):
    ax = draw_unrolled_rnn(steps).get_axes()[0]
    assert boxes_of(ax, "input") == boxes_of(ax, "cell") == boxes_of(ax, "output") == steps + 1  # + folded
    assert boxes_of(ax, "loss") == steps + 1  # one L_t per step, and the total
    assert texts(ax).count("$W_{hh}$") == steps  # loop + (steps - 1) edges
    assert ax.figure.get_size_inches()[0] <= 11.0 + 1e-9


def test_unrolled_rnn_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert draw_unrolled_rnn(2, ax=ax) is fig
    assert "$x_t$" in texts(ax) and fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_bad_steps_are_rejected():
    for steps in (0, 9, -1):
        with pytest.raises(ValueError, match=rf"steps={steps} must be between 1 and 8"):
            draw_unrolled_rnn(steps)
    with pytest.raises(TypeError, match=r"steps must be an int \(time steps to draw\), got float"):
        draw_unrolled_rnn(2.0)
    with pytest.raises(TypeError, match=r"got bool"):
        draw_unrolled_rnn(True)
