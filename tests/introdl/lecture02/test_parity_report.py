"""introdl.lecture02.parity_report: the parity appendix's findings, claimed only when the gaps bear them out."""

import doctest

import pytest

from introdl.lecture02 import parity_report
from introdl.lecture02.parity_report import parity_findings

LABELS = ("both biases trained, ε 1e-7", "bias_hh frozen, ε 1e-7", "bias_hh frozen, ε 1e-12")


def gaps(two, one, tiny):
    return dict(zip(LABELS, (two, one, tiny)))


def test_the_docstring_example_runs():
    assert doctest.testmod(parity_report).failed == 0


def test_every_finding_when_the_gaps_shrink_and_grow():
    text = parity_findings(gaps(1e-2, 1e-3, 1e-5), gaps(0.1, 0.08, 0.05), third=100)
    assert text.startswith("Over the first 100 steps of this run, the two frameworks' losses differed by 1.0e-02 on "
                           "average with both biases trained, 1.0e-03 with `bias_hh` frozen and 1.0e-05 with ε = 1e-12 "
                           "as well; over the last 100 steps by 1.0e-01, 8.0e-02 and 5.0e-02.")
    assert "freezing it shrank the early gap 10-fold." in text
    assert "removing its effect shrank the gap another 100-fold." in text
    assert "What remains is arithmetic" in text
    assert "the closest pair's gap grew 5000-fold from the first 100 steps to the last." in text
    assert "By the last steps the three pairs differed by similar amounts" in text


def test_no_claim_the_gaps_do_not_support():
    text = parity_findings(gaps(1e-3, 1e-3, 1e-3), gaps(1e-3, 1e-1, 1e-5), third=10)
    for claim in ("freezing it shrank", "removing its effect", "grew", "similar amounts"):
        assert claim not in text
    assert "What remains is arithmetic" in text


def test_a_gap_of_exactly_zero_has_no_fold():
    text = parity_findings(gaps(1e-2, 0.0, 0.0), gaps(0.1, 0.1, 0.1), third=10)
    assert "freezing it shrank the early gap to exactly 0." in text
    assert "grew" not in text


def test_malformed_gaps_are_refused():
    with pytest.raises(ValueError, match="three runs"):
        parity_findings({"one": 1.0}, gaps(1, 1, 1), third=10)
    with pytest.raises(ValueError, match="a number >= 0"):
        parity_findings(gaps(1, -1, 1), gaps(1, 1, 1), third=10)
    with pytest.raises(ValueError, match="same runs in the same order"):
        parity_findings(gaps(1, 1, 1), dict(zip(reversed(LABELS), (1, 1, 1))), third=10)
    with pytest.raises(ValueError, match="int >= 1"):
        parity_findings(gaps(1, 1, 1), gaps(1, 1, 1), third=0)
