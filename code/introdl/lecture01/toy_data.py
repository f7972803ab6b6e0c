"""Small synthetic datasets, made locally from a seed (nothing is downloaded).

Every function returns NumPy arrays a page can hand to either framework unchanged:
features ``X`` as float32 of shape ``(n, 2)`` and labels ``y`` as float32 of shape
``(n,)`` holding 0.0 or 1.0. The same seed always gives the same data.
"""

from __future__ import annotations

import numpy as np

# "Will I pass this class?": the hidden rule behind the synthetic students.
# Each lecture attended and each hour on the final project raises the log-odds of
# passing. The lecture's student (4 lectures, 5 hours) has odds of about 2 to 1.
PASS_RULE = {"bias": -4.5, "per_lecture": 0.5, "per_hour": 0.65}
MAX_LECTURES = 10
MAX_PROJECT_HOURS = 10.0


def _check_size(n_samples: int, minimum: int = 2) -> int:
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)):
        raise TypeError(f"n_samples must be an int, got {type(n_samples).__name__}; pass e.g. 200.")
    if n_samples < minimum:
        raise ValueError(f"n_samples={n_samples} is too small: ask for at least {minimum} points.")
    return int(n_samples)


def _check_noise(noise: float) -> float:
    if not noise >= 0:
        raise ValueError(f"noise={noise} must be a non-negative standard deviation, e.g. 0.1.")
    return float(noise)


def _finish(X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    """Shuffle so classes are not stored in two blocks, and fix the dtypes."""
    order = rng.permutation(len(X))
    return X[order].astype(np.float32), y[order].astype(np.float32)


def make_moons(n_samples: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaving half circles: class 0 on top, class 1 below and shifted right.

    No straight line separates them, which makes them the usual first test of a
    non-linear classifier. ``noise`` is the standard deviation of Gaussian jitter.
    """
    n_samples, noise = _check_size(n_samples), _check_noise(noise)
    rng = np.random.default_rng(seed)
    n_top = n_samples // 2
    n_bottom = n_samples - n_top
    top = np.linspace(0, np.pi, n_top)
    bottom = np.linspace(0, np.pi, n_bottom)
    X = np.concatenate(
        [
            np.stack([np.cos(top), np.sin(top)], axis=1),
            np.stack([1 - np.cos(bottom), 0.5 - np.sin(bottom)], axis=1),
        ]
    )
    y = np.concatenate([np.zeros(n_top), np.ones(n_bottom)])
    X = X + rng.normal(scale=noise, size=X.shape)
    return _finish(X, y, rng)


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0):
    """A small circle (class 1) inside a large one (class 0), both centred on the origin.

    ``factor`` is the inner radius relative to the outer radius of 1. A linear model
    can do no better than guessing here, whatever its weights.
    """
    n_samples, noise = _check_size(n_samples), _check_noise(noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor={factor} must lie strictly between 0 and 1 (inner/outer radius).")
    rng = np.random.default_rng(seed)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    angles_outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    angles_inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    X = np.concatenate(
        [
            np.stack([np.cos(angles_outer), np.sin(angles_outer)], axis=1),
            factor * np.stack([np.cos(angles_inner), np.sin(angles_inner)], axis=1),
        ]
    )
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    X = X + rng.normal(scale=noise, size=X.shape)
    return _finish(X, y, rng)


def pass_probability(lectures, hours):
    """The true chance of passing under the rule that generates ``make_pass_fail``.

    A logistic function of a weighted sum, so the best possible classifier for this
    data is itself a single perceptron with a sigmoid.
    """
    lectures = np.asarray(lectures, dtype=np.float64)
    hours = np.asarray(hours, dtype=np.float64)
    z = PASS_RULE["bias"] + PASS_RULE["per_lecture"] * lectures + PASS_RULE["per_hour"] * hours
    return 1.0 / (1.0 + np.exp(-z))


def make_pass_fail(n_students: int = 200, seed: int = 0):
    """The lecture's "Will I pass this class?" data, made up.

    Features: ``X[:, 0]`` = lectures attended (a whole number, 0 to 10) and
    ``X[:, 1]`` = hours spent on the final project (0 to 10). Each label is drawn as
    pass (1) with probability ``pass_probability(lectures, hours)``, so some students
    near the boundary pass or fail against the odds, as real ones do.
    """
    n_students = _check_size(n_students)
    rng = np.random.default_rng(seed)
    lectures = rng.integers(0, MAX_LECTURES + 1, size=n_students)
    hours = rng.uniform(0, MAX_PROJECT_HOURS, size=n_students).round(1)
    passed = rng.random(n_students) < pass_probability(lectures, hours)
    X = np.stack([lectures, hours], axis=1)
    return X.astype(np.float32), passed.astype(np.float32)
