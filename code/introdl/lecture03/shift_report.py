"""The sentence that says how the CNN and the dense network held up when the digits moved.

*Shifted digits* measures each trained network's test accuracy against the shift in pixels,
in both frameworks. ``shift_summary`` turns the accuracies into the paragraph under the plot;
each claim is made only when the numbers bear it out::

    >>> shifts = [-2, 0, 2]
    >>> accuracies = {"CNN": [0.9, 0.97, 0.92], "dense": [0.5, 0.95, 0.55]}
    >>> print(shift_summary(shifts, accuracies, pixels=2))  # doctest: +ELLIPSIS
    Unshifted, the CNN scored 97.0% and the dense network 95.0%. Moved 2 pixels ... the CNN kept ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping

NETWORKS = ("CNN", "dense")
CLEAR = 0.02  # two percentage points on 2,000 test digits: more than one run's noise


def _values(accuracies, network: str, count: int) -> list[float]:
    values = accuracies.get(network) if isinstance(accuracies, Mapping) else None
    if values is None or len(values) != count:
        raise ValueError(f"accuracies[{network!r}] must hold one test accuracy per shift ({count}), got {values!r}.")
    values = [float(v) for v in values]
    if any(math.isnan(v) or not 0 <= v <= 1 for v in values):
        raise ValueError(f"accuracies[{network!r}] must be accuracies in [0, 1], got {values}.")
    return values


def shift_summary(shifts, accuracies: Mapping, pixels: int) -> str:
    """The paragraph on accuracy against shift: ``accuracies[network]`` one accuracy per shift in
    ``shifts`` (which holds 0, ``pixels`` and ``-pixels``), for ``NETWORKS``; each the mean of
    the two frameworks."""
    shifts = list(shifts)
    for needed in (0, pixels, -pixels):
        if needed not in shifts:
            raise ValueError(f"shifts must include 0, {pixels} and {-pixels}; got {shifts}.")
    cnn, dense = (_values(accuracies, network, len(shifts)) for network in NETWORKS)
    at = {network: {s: v for s, v in zip(shifts, values)} for network, values in (("CNN", cnn), ("dense", dense))}
    moved = {network: (at[network][pixels] + at[network][-pixels]) / 2 for network in at}
    kept = {network: moved[network] / at[network][0] if at[network][0] else 0.0 for network in at}
    said = [f"Unshifted, the CNN scored {at['CNN'][0]:.1%} and the dense network {at['dense'][0]:.1%}.",
            f"Moved {pixels} pixels sideways (the mean of left and right), the CNN kept {moved['CNN']:.1%}, "
            f"{kept['CNN']:.0%} of its unshifted accuracy, and the dense network {moved['dense']:.1%}, "
            f"{kept['dense']:.0%} of its own."]
    if moved["CNN"] > moved["dense"] + CLEAR:
        said.append("The CNN held up clearly better: its filters find the same strokes wherever they are, and pooling "
                    "absorbs part of the move.")
    elif moved["dense"] > moved["CNN"] + CLEAR:
        said.append("Here the dense network held up better than the CNN, against the usual expectation.")
    else:
        said.append("Neither held up clearly better in this run.")
    if kept["CNN"] < 0.9:
        said.append("Still, the CNN is far from invariant: nothing in it undoes a shift, and its dense head reads "
                    "each pooled position with its own weights.")
    return " ".join(said)
