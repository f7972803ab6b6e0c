"""The computed sentences of Lecture 3's detection chapter.

- ``window_counts(counts)``: how many windows a sliding-window detector would classify, per image;
- ``summary(ious, baseline_ious, threshold)``: each framework's mean IoU and hit rate on the
  held-out scenes, against the baseline that predicts the training set's mean box everywhere.

``ious`` maps each framework (an id, display name or alias: ``introdl.frameworks``) to the
IoU of every test prediction with its true box.

    >>> print(window_counts({"a 32 x 32 scene": 9455}))
    A sliding-window detector would classify 9,455 windows for a 32 x 32 scene.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import IDS, check_framework, display_name
from .detection import hit_rate

__all__ = ["summary", "window_counts"]


def window_counts(counts) -> str:
    """One sentence listing ``{what: number of windows}``, in the order given."""
    if not isinstance(counts, Mapping) or not counts:
        raise ValueError("counts must be a non-empty dict {what: number of windows}.")
    parts = [f"{int(number):,} windows for {what}" for what, number in counts.items()]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"A sliding-window detector would classify {listed}."


def _ious(values, name: str) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0 or np.any(~np.isfinite(values)) or np.any((values < 0) | (values > 1)):
        raise ValueError(f"{name} must be a non-empty 1-d array of IoUs between 0 and 1.")
    return values


def summary(ious, baseline_ious, threshold: float = 0.5) -> str:
    """Mean IoU and the share of boxes at IoU >= threshold, per framework, against the mean-box baseline."""
    if not isinstance(ious, Mapping):
        raise ValueError(f"ious must be a dict with one entry per framework, got {type(ious).__name__}.")
    by_id = {check_framework(framework): _ious(values, f"ious[{framework!r}]") for framework, values in ious.items()}
    if set(by_id) != set(IDS):
        raise ValueError(f"ious must hold one entry for each of {list(IDS)}, got {sorted(ious)}.")
    baseline_ious = _ious(baseline_ious, "baseline_ious")
    base_mean, base_hits = baseline_ious.mean(), hit_rate(baseline_ious, threshold)
    parts = []
    for framework in IDS:
        parts.append(f"{display_name(framework)}'s network reaches a mean IoU of {by_id[framework].mean():.3f}, "
                     f"with {hit_rate(by_id[framework], threshold):.1%} of its boxes at IoU ≥ {threshold:g}")
    sentence = f"On the held-out scenes, {parts[0]}; {parts[1]}."
    beaten = [f for f in IDS if by_id[f].mean() > base_mean + 0.1]
    if len(beaten) == len(IDS):
        verdict = (f"Both are far better than guessing the training set's mean box for every scene (mean IoU "
                   f"{base_mean:.3f}, {base_hits:.1%} at IoU ≥ {threshold:g}): they locate the shape.")
    elif beaten:
        verdict = (f"Only {display_name(beaten[0])}'s is clearly better than guessing the training set's mean box "
                   f"(mean IoU {base_mean:.3f}).")
    else:
        verdict = (f"Neither is clearly better yet than guessing the training set's mean box for every scene "
                   f"(mean IoU {base_mean:.3f}): too little training to locate the shape.")
    return f"{sentence} {verdict}"
