"""The computed sentences of Lecture 3's segmentation chapter.

Each function returns a Markdown sentence read from the run's own numbers, so the page's
prose never states a result the run did not produce:

- ``class_shares(masks)``: how the pixels split between background and the shapes;
- ``baseline(accuracy, mean_iou)``: what calling every pixel background scores;
- ``summary(scores, baseline_mean_iou, agreement)``: each framework's pixel accuracy and mean
  IoU, whether they beat the baseline, which shape is hardest, and how often the two agree.

``scores`` maps each framework (an id, display name or alias: ``introdl.frameworks``) to a
dict with ``"pixel accuracy"``, ``"mean IoU"`` and ``"IoU"`` (one IoU per class of
``introdl.lecture03.scenes.CLASS_NAMES``, as ``segmentation.class_iou`` returns).

    >>> print(baseline(0.83, 0.21))
    Calling every pixel background scores a pixel accuracy of 83.0% but a mean IoU of only 0.210: ...
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..frameworks import IDS, check_framework, display_name
from .scenes import CLASS_NAMES

__all__ = ["baseline", "class_shares", "summary"]

PLURALS = {"square": "squares", "disc": "discs", "triangle": "triangles"}
CLEAR_MARGIN = 0.1  # a mean IoU this much above the baseline's counts as clearly better


def _share(value, name: str) -> float:
    value = float(value)
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {value}.")
    return value


def class_shares(masks) -> str:
    """The share of the pixels in each class."""
    masks = np.asarray(masks)
    if masks.size == 0 or not np.issubdtype(masks.dtype, np.integer) or masks.min() < 0 or masks.max() >= len(CLASS_NAMES):
        raise ValueError(f"masks must be non-empty integer classes in 0..{len(CLASS_NAMES) - 1}.")
    shares = np.bincount(masks.ravel(), minlength=len(CLASS_NAMES)) / masks.size
    shapes = [f"{PLURALS[name]} {share:.1%}" for name, share in zip(CLASS_NAMES[1:], shares[1:])]
    return (f"Background covers {shares[0]:.1%} of the training pixels; {', '.join(shapes[:-1])} and "
            f"{shapes[-1]}.")


def baseline(accuracy, mean_iou) -> str:
    """What the all-background guess scores, and why its two numbers differ so much."""
    accuracy, mean_iou = _share(accuracy, "accuracy"), _share(mean_iou, "mean_iou")
    return (f"Calling every pixel background scores a pixel accuracy of {accuracy:.1%} but a mean IoU of only "
            f"{mean_iou:.3f}: its background IoU is the background's share of the pixels, and every shape "
            "class scores 0, since none of their pixels is found.")


def _scores(scores) -> dict:
    if not isinstance(scores, Mapping):
        raise ValueError(f"scores must be a dict with one entry per framework, got {type(scores).__name__}.")
    by_id = {check_framework(framework): value for framework, value in scores.items()}
    if set(by_id) != set(IDS):
        raise ValueError(f"scores must hold one entry for each of {list(IDS)}, got {sorted(scores)}.")
    for framework, value in by_id.items():
        missing = {"pixel accuracy", "mean IoU", "IoU"} - set(value)
        if missing:
            raise ValueError(f"scores[{framework!r}] lacks {sorted(missing)}.")
        if len(value["IoU"]) != len(CLASS_NAMES):
            raise ValueError(f"scores[{framework!r}]['IoU'] must hold one IoU per class of {list(CLASS_NAMES)}.")
    return {framework: by_id[framework] for framework in IDS}


def _hardest(iou) -> str:
    """The shape class of lowest IoU (a class absent from the test set is skipped)."""
    shapes = np.asarray(iou, dtype=float)[1:]
    return CLASS_NAMES[1 + int(np.nanargmin(shapes))]


def summary(scores, baseline_mean_iou, agreement) -> str:
    """Both frameworks' test scores against the baseline, the hardest shape, and their agreement."""
    scores = _scores(scores)
    baseline_mean_iou, agreement = _share(baseline_mean_iou, "baseline_mean_iou"), _share(agreement, "agreement")
    first, second = IDS
    parts = [f"On the test scenes, {display_name(first)}'s network gives {scores[first]['pixel accuracy']:.1%} of the "
             f"pixels their true class, with a mean IoU of {scores[first]['mean IoU']:.3f}; "
             f"{display_name(second)}'s {scores[second]['pixel accuracy']:.1%} and {scores[second]['mean IoU']:.3f}."]
    behind = [display_name(f) for f in IDS if scores[f]["mean IoU"] < baseline_mean_iou + CLEAR_MARGIN]
    if not behind:
        parts.append(f"Both are far above the all-background guess's mean IoU of {baseline_mean_iou:.3f}: "
                     "they find the shapes, not only the background.")
    else:
        parts.append(f"{' and '.join(behind)} {'is' if len(behind) == 1 else 'are'} not clearly above the "
                     f"all-background guess's mean IoU of {baseline_mean_iou:.3f}: too little training to find the shapes.")
    hardest = {f: _hardest(scores[f]["IoU"]) for f in IDS}
    if hardest[first] == hardest[second]:
        name = hardest[first]
        index = CLASS_NAMES.index(name)
        parts.append(f"Both find {PLURALS[name]} hardest (IoU {scores[first]['IoU'][index]:.3f} and "
                     f"{scores[second]['IoU'][index]:.3f}).")
    else:
        parts.append(f"{display_name(first)}'s network finds {PLURALS[hardest[first]]} hardest, "
                     f"{display_name(second)}'s {PLURALS[hardest[second]]}.")
    parts.append(f"The two predict the same class for {agreement:.1%} of the test pixels.")
    return " ".join(parts)
