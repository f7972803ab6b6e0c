"""introdl.lecture02.generation_report: the generation chapter's computed tables and sentences."""

import doctest

import numpy as np
import pytest

from introdl.frameworks import PYTORCH_NAME, TENSORFLOW_NAME
from introdl.lecture02 import generation_report
from introdl.lecture02.generation_report import exposure_bias_report, teacher_forcing_summary, truncated_bptt_report


def test_the_docstring_example_runs():
    assert doctest.testmod(generation_report).failed == 0


def position_losses(every_tf, last_tf, every_torch, last_torch):
    return {TENSORFLOW_NAME: {"every": np.array(every_tf), "last": np.array(last_tf)},
            PYTORCH_NAME: {"every": np.array(every_torch), "last": np.array(last_torch)}}


def test_teacher_forcing_better_in_both_and_worse_on_short_prefixes():
    text = teacher_forcing_summary(position_losses([5.0, 4.0], [6.0, 4.5], [5.5, 4.1], [6.25, 4.2]))
    assert text.startswith("With a full window of context, the model trained on every next word is better than")
    assert "4.00 against 4.50 in TensorFlow, 4.10 against 4.20 in PyTorch" in text
    assert "worse by 1.00 nats in TensorFlow and 0.75 in PyTorch" in text


def test_teacher_forcing_verdicts_follow_the_numbers():
    one = teacher_forcing_summary(position_losses([5.0, 4.0], [5.0, 4.5], [5.0, 4.9], [5.0, 4.2]))
    assert "is better in one framework only than" in one
    assert one.endswith("With one word of context, the last-word model is not worse in both frameworks.")
    none = teacher_forcing_summary(position_losses([5.0, 5.0], [6.0, 4.0], [5.0, 5.0], [6.0, 4.0]))
    assert "is not better than" in none


def test_teacher_forcing_refuses_malformed_losses():
    with pytest.raises(ValueError, match="keyed by"):
        teacher_forcing_summary({TENSORFLOW_NAME: {"every": [1.0], "last": [1.0]}})
    with pytest.raises(ValueError, match="'every' and 'last'"):
        teacher_forcing_summary({TENSORFLOW_NAME: {"every": [1.0]}, PYTORCH_NAME: {"every": [1.0], "last": [1.0]}})
    with pytest.raises(ValueError, match="same, non-zero number of positions"):
        teacher_forcing_summary(position_losses([1.0, 2.0], [1.0], [1.0], [1.0]))


def test_exposure_bias_table_and_both_sentences():
    more = exposure_bias_report(0.05, {TENSORFLOW_NAME: 0.2, PYTORCH_NAME: 0.25})
    lines = more.splitlines()
    assert lines[:4] == ["| text | TensorFlow | PyTorch |", "| :-- | --: | --: |",
                         "| held-out real text | 5.0% | 5.0% |", "| own samples, T = 1 | 20.0% | 25.0% |"]
    assert "(20% and 25% against 5%)" in more
    fewer = exposure_bias_report(0.3, {TENSORFLOW_NAME: 0.2, PYTORCH_NAME: 0.5})
    assert fewer.endswith("no further from its training text.")


def test_exposure_bias_refuses_shares_outside_0_1_and_missing_frameworks():
    with pytest.raises(ValueError, match="between 0 and 1"):
        exposure_bias_report(5.0, {TENSORFLOW_NAME: 0.2, PYTORCH_NAME: 0.2})
    with pytest.raises(ValueError, match="keyed by"):
        exposure_bias_report(0.1, {"tf": 0.2, PYTORCH_NAME: 0.2})
    with pytest.raises(ValueError, match="NaN"):
        exposure_bias_report(float("nan"), {TENSORFLOW_NAME: 0.2, PYTORCH_NAME: 0.2})
    with pytest.raises(ValueError, match="must be a number"):
        exposure_bias_report("a lot", {TENSORFLOW_NAME: 0.2, PYTORCH_NAME: 0.2})


LABELS = {"every": "random windows", "stream": "consecutive chunks"}


def test_truncated_bptt_table_rows_in_label_order_and_the_gain():
    scores = {TENSORFLOW_NAME: {"every": (5.0, 5.1), "stream": (5.2, 5.0)},
              PYTORCH_NAME: {"every": (5.05, 5.15), "stream": (5.3, 5.2)}}
    text = truncated_bptt_report(LABELS, scores, carried="stream")
    lines = text.splitlines()
    assert lines[2] == "| random windows | 5.000 / 5.050 | 5.100 / 5.150 |"
    assert lines[3] == "| consecutive chunks | 5.200 / 5.300 | 5.000 / 5.200 |"
    assert "lowers the chunk-trained model's loss by 0.200 nats in TensorFlow and 0.100 in PyTorch" in text
    scores[PYTORCH_NAME]["stream"] = (5.0, 5.2)
    assert truncated_bptt_report(LABELS, scores, carried="stream").endswith("did not lower the chunk-trained "
                                                                             "model's loss in both frameworks.")


def test_truncated_bptt_refuses_missing_models():
    scores = {TENSORFLOW_NAME: {"every": (5.0, 5.1)}, PYTORCH_NAME: {"every": (5.0, 5.1), "stream": (5.0, 4.9)}}
    with pytest.raises(ValueError, match=r"scores\['TensorFlow'\]\['stream'\]"):
        truncated_bptt_report(LABELS, scores, carried="stream")
    with pytest.raises(ValueError, match="'chunks' included"):
        truncated_bptt_report(LABELS, scores, carried="chunks")
