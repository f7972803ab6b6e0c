import numpy as np
import pytest

from introdl.lecture01 import toy_data

MAKERS = [toy_data.make_moons, toy_data.make_circles]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_dtypes_and_balanced_binary_labels(make):
    X, y = make(n_samples=101, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float32
    assert y.shape == (101,) and y.dtype == np.float32
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(int(y.sum()) - 50) <= 1  # the two classes split the points evenly


@pytest.mark.parametrize("make", MAKERS)
def test_same_seed_same_data_other_seed_other_data(make):
    X1, y1 = make(n_samples=50, seed=7)
    X2, y2 = make(n_samples=50, seed=7)
    X3, _ = make(n_samples=50, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", MAKERS)
def test_classes_are_shuffled_not_stored_in_blocks(make):
    _, y = make(n_samples=200, seed=0)
    assert 0 < y[:100].sum() < 100


def test_circles_without_noise_lie_on_their_radii():
    X, y = toy_data.make_circles(n_samples=40, noise=0.0, factor=0.3)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(radius[y == 1], 0.3, rtol=1e-6)


def test_circles_defeat_any_linear_classifier():
    # The best least-squares linear fit cannot beat a coin flip by much on concentric rings.
    X, y = toy_data.make_circles(n_samples=400, noise=0.05, seed=1)
    features = np.column_stack([np.ones(len(X)), X])
    weights, *_ = np.linalg.lstsq(features, y, rcond=None)
    accuracy = np.mean((features @ weights > 0.5) == y)
    assert accuracy < 0.65


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = toy_data.make_moons(n_samples=60, noise=0.0)
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.linalg.norm(top, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(bottom - [1.0, 0.5], axis=1), 1.0, rtol=1e-6)
    assert (top[:, 1] >= -1e-6).all() and (bottom[:, 1] <= 0.5 + 1e-6).all()


def test_pass_fail_features_are_in_range_and_labels_follow_the_rule():
    X, y = toy_data.make_pass_fail(n_students=4000, seed=0)
    lectures, hours = X[:, 0], X[:, 1]
    assert X.dtype == np.float32 and y.dtype == np.float32
    np.testing.assert_array_equal(lectures, np.round(lectures))  # whole lectures
    assert lectures.min() >= 0 and lectures.max() <= toy_data.MAX_LECTURES
    assert hours.min() >= 0 and hours.max() <= toy_data.MAX_PROJECT_HOURS
    # The labels are drawn from pass_probability, so their mean matches its mean.
    expected = toy_data.pass_probability(lectures, hours).mean()
    assert abs(y.mean() - expected) < 0.03
    # More effort, better odds: the top quarter by effort passes far more than the bottom.
    effort = lectures + hours
    assert y[effort > np.quantile(effort, 0.75)].mean() > y[effort < np.quantile(effort, 0.25)].mean() + 0.5


def test_pass_probability_is_a_sigmoid_of_the_weighted_sum():
    rule = toy_data.PASS_RULE
    z = rule["bias"] + rule["per_lecture"] * 4 + rule["per_hour"] * 5
    assert toy_data.pass_probability(4, 5) == pytest.approx(1 / (1 + np.exp(-z)))
    assert toy_data.pass_probability(10, 10) > 0.95
    assert toy_data.pass_probability(0, 0) < 0.05
    assert toy_data.pass_probability([1, 2], [3, 4]).shape == (2,)


@pytest.mark.parametrize("make", [*MAKERS, toy_data.make_pass_fail])
def test_too_few_samples_is_a_clear_error(make):
    with pytest.raises(ValueError, match="at least 2"):
        make(1)


@pytest.mark.parametrize("make", [*MAKERS, toy_data.make_pass_fail])
def test_non_integer_size_is_a_clear_error(make):
    with pytest.raises(TypeError, match="must be an int"):
        make(10.5)


@pytest.mark.parametrize("make", MAKERS)
def test_negative_noise_is_a_clear_error(make):
    with pytest.raises(ValueError, match="non-negative"):
        make(10, noise=-0.1)


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.5])
def test_circles_factor_must_be_inside_the_unit_interval(factor):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        toy_data.make_circles(10, factor=factor)
