"""What Lecture 2's parity appendix concludes from its three pairs of training runs.

The appendix (``book/lectures/lecture02/appendix_framework_parity.md``) trains the same LSTM
in TensorFlow and PyTorch from one start in three ways: PyTorch's two recurrent biases both
trained, its second bias frozen, and the bias frozen with Adam's epsilon made negligible. For
each way it measures the mean gap between the two frameworks' losses over the first and the
last third of the steps. ``parity_findings`` turns those six numbers into the paragraph under
the figure; each claim in it is made only when the numbers bear it out::

    >>> early = {"two biases": 1e-2, "one bias": 1e-3, "tiny epsilon": 1e-5}
    >>> late = {"two biases": 0.1, "one bias": 0.08, "tiny epsilon": 0.05}
    >>> print(parity_findings(early, late, third=100))  # doctest: +ELLIPSIS
    Over the first 100 steps of this run, ... shrank the early gap 10-fold. ... another 100-fold. ...
"""

from __future__ import annotations

import math
from collections.abc import Mapping

RUNS = ("both biases trained", "bias_hh frozen", "bias_hh frozen, tiny epsilon")  # the order the gaps come in


def _gaps(gaps, what: str) -> list[float]:
    if not isinstance(gaps, Mapping) or len(gaps) != len(RUNS):
        raise ValueError(f"{what} must map the three runs, in the order {', '.join(RUNS)}, to their mean loss gap; "
                         f"got {gaps!r}.")
    values = []
    for label, gap in gaps.items():
        try:
            gap = float(gap)
        except (TypeError, ValueError):
            raise ValueError(f"{what}[{label!r}] must be a number, got {gap!r}.") from None
        if math.isnan(gap) or gap < 0:
            raise ValueError(f"{what}[{label!r}] is a mean |loss gap|, a number >= 0; got {gap}.")
        values.append(gap)
    return values


def _shrank(before: float, after: float, another: str = "") -> str:
    """'12-fold' for a gap that went from 12.3 to 1; a gap that fell to exactly 0 has no finite factor."""
    return f"{another}{before / after:.0f}-fold" if after > 0 else "to exactly 0"


def parity_findings(early, late, third: int) -> str:
    """The appendix's paragraph on how far the three pairs of runs drifted apart.

    ``early`` and ``late`` map each run's label to the mean |loss TensorFlow - loss PyTorch|
    over the first and the last ``third`` steps, in the order of ``RUNS``: both biases
    trained, ``bias_hh`` frozen, and ``bias_hh`` frozen with a negligible epsilon (the labels
    themselves are the page's; only their order matters here).
    """
    two, one, tiny = _gaps(early, "early")
    late_two, late_one, late_tiny = late_values = _gaps(late, "late")
    if list(early) != list(late):
        raise ValueError(f"early and late must name the same runs in the same order, got {list(early)} and {list(late)}.")
    if isinstance(third, bool) or not isinstance(third, int) or third < 1:
        raise ValueError(f"third must be the number of steps in each third of the run (an int >= 1), got {third!r}.")
    findings = [f"Over the first {third} steps of this run, the two frameworks' losses differed by {two:.1e} on "
                f"average with both biases trained, {one:.1e} with `bias_hh` frozen and {tiny:.1e} with "
                f"ε = 1e-12 as well; over the last {third} steps by {late_two:.1e}, {late_one:.1e} and {late_tiny:.1e}."]
    if one < two / 3:
        findings.append(f"So most of the early drift came from the second bias: freezing it shrank the early gap "
                        f"{_shrank(two, one)}.")
    if tiny < one / 3:
        findings.append(f"Most of what was left came from where ε is added: removing its effect shrank the gap "
                        f"{_shrank(one, tiny, another='another ')}.")
    findings.append("What remains is arithmetic: the two frameworks' kernels add the same terms in other orders, so "
                    "their results differ in the last bits, and on clipped steps `clip_grad_norm_` divides by the norm "
                    "plus 1e-6 where Keras divides by the norm. Training carries every such difference on to the "
                    "next step.")
    if late_tiny > 10 * tiny > 0:
        findings.append(f"Training amplifies such differences: the closest pair's gap grew {late_tiny / tiny:.0f}-fold "
                        f"from the first {third} steps to the last.")
    if max(late_values) < 10 * min(late_values):
        findings.append("By the last steps the three pairs differed by similar amounts: the biases and ε decide how soon "
                        "the two frameworks' runs part, not whether they do. The TensorFlow and PyTorch curves of the "
                        "lecture's chapters follow each other step by step only early on; later they are two runs of "
                        "the same training, not copies of one.")
    return " ".join(findings)
