"""The sentence that says what shuffling the pixels did to a dense network and to a CNN.

*Dense layers against convolutions* trains both networks on the digits as they are and with
their pixels shuffled by one fixed permutation, in both frameworks. ``shuffled_pixels_summary``
turns the test accuracies into the paragraph under the table; each claim in it is made only
when the numbers bear it out::

    >>> accuracies = {"dense": {"original": 0.95, "shuffled": 0.949}, "CNN": {"original": 0.97, "shuffled": 0.90}}
    >>> print(shuffled_pixels_summary(accuracies))  # doctest: +ELLIPSIS
    Shuffling the pixels cost the dense network 0.1 percentage points ... and the CNN 7.0 ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping

NETWORKS = ("dense", "CNN")
VERSIONS = ("original", "shuffled")
SMALL = 0.01  # a change of at most one percentage point on 2,000 test digits is within run-to-run noise


def _accuracy(accuracies, network: str, version: str) -> float:
    try:
        value = float(accuracies[network][version])
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"accuracies[{network!r}][{version!r}] must be a test accuracy in [0, 1]; "
                         f"give {{network: {{'original': ..., 'shuffled': ...}}}} for {', '.join(NETWORKS)}.") from None
    if math.isnan(value) or not 0 <= value <= 1:
        raise ValueError(f"accuracies[{network!r}][{version!r}] must be a test accuracy in [0, 1], got {value}.")
    return value


def shuffled_pixels_summary(accuracies: Mapping) -> str:
    """The paragraph on the shuffled-pixel experiment.

    ``accuracies[network][version]``: the test accuracy (the mean of the two frameworks) of
    ``network`` in ``NETWORKS`` trained and tested on the digits of ``version`` in ``VERSIONS``.
    """
    if not isinstance(accuracies, Mapping):
        raise ValueError(f"accuracies must be a mapping {{network: {{version: accuracy}}}}, got {type(accuracies).__name__}.")
    drop = {network: _accuracy(accuracies, network, "original") - _accuracy(accuracies, network, "shuffled")
            for network in NETWORKS}
    said = [f"Shuffling the pixels cost the dense network {100 * drop['dense']:.1f} percentage points of test "
            f"accuracy and the CNN {100 * drop['CNN']:.1f} (the mean of the two frameworks; a negative cost is a gain)."]
    if abs(drop["dense"]) <= SMALL:
        said.append("For the dense network that is within the noise of one training run: as far as this test can tell, "
                    "the order of its inputs does not matter to it.")
    else:
        said.append("For the dense network that is more than a training run's noise, although it can learn exactly the "
                    "same functions either way: this run's short training found the shuffled problem harder or easier.")
    if drop["CNN"] > drop["dense"] + SMALL:
        said.append("The CNN lost more: its filters read neighbouring pixels together, and after the shuffle "
                    "neighbours are unrelated pixels.")
    else:
        said.append("The CNN did not lose clearly more than the dense network in this run; with this little training "
                    "the difference the layout makes did not show.")
    if _accuracy(accuracies, "CNN", "shuffled") < _accuracy(accuracies, "dense", "shuffled") - SMALL:
        said.append("On shuffled digits the dense network beat the CNN, reversing the order on real digits"
                    if _accuracy(accuracies, "CNN", "original") > _accuracy(accuracies, "dense", "original") + SMALL
                    else "On shuffled digits the dense network beat the CNN")
        said[-1] += "."
    return " ".join(said)
