"""Training-speed measurement: the FLOP count, the roofline and the report's arithmetic."""

import dataclasses

import pytest

from introdl.lab1.music.speed import (
    VARIANTS, describe_device, matmul_gflops, measure_training_speed, train_step_flops,
)
from introdl.lab1.music.training import TrainingConfig


def test_step_flops_count_the_three_matmuls_forward_and_backward():
    # the lab's sizes: 400 characters x (input, recurrent, output projection) x 2 FLOPs x 3
    expected = 3 * 2 * 400 * (256 * 4096 + 1024 * 4096 + 1024 * 83)
    assert train_step_flops(4, 100, 256, 1024, 83) == expected
    assert train_step_flops(8, 100, 256, 1024, 83) == 2 * expected


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_matmul_rate_is_positive(framework):
    assert matmul_gflops(framework, size=64, repeats=2) > 0


def test_matmul_rejects_an_unknown_framework():
    with pytest.raises(ValueError, match="'jax'"):
        matmul_gflops("jax")


def test_device_is_named():
    assert describe_device().startswith(("CPU: ", "GPU: "))


@pytest.fixture(scope="module")
def tiny_report(vocab):
    from introdl.lab1.music.data import join_songs, load_songs

    ids = vocab.encode(join_songs(load_songs()[:10]))
    config = dataclasses.replace(TrainingConfig(), batch_size=2, seq_length=10, embedding_dim=8, rnn_units=16)
    return measure_training_speed(ids, len(vocab), config, warmup_steps=1, timed_steps=2, rounds=2)


def test_every_variant_is_timed_with_a_roofline(tiny_report):
    report = tiny_report
    assert [row.variant for row in report.rows] == list(VARIANTS)
    assert report.roofline_gflops > 0
    for row in report.rows:
        assert len(row.step_seconds) == 4 and row.ms_per_step > 0
        assert report.chars_per_second(row.variant) == pytest.approx(2 * 10 / (row.ms_per_step / 1e3))
        assert report.roofline_fraction(row.variant) == pytest.approx(row.gflops / report.roofline_gflops)
    rows = list(report.table().rows())
    assert [r[:2] for r in rows] == [["TensorFlow", "FastLSTM"], ["TensorFlow", "keras.layers.LSTM"],
                                     ["PyTorch", "torch.nn.LSTM"]]
    assert rows[0][-1].endswith("%")


def test_unknown_variant_and_bad_counts_are_refused(tiny_report, vocab):
    with pytest.raises(KeyError, match="'jax'"):
        tiny_report["jax"]
    config = TrainingConfig()
    with pytest.raises(ValueError, match="choose one or more"):
        measure_training_speed([0] * 500, len(vocab), config, variants=["tensorflow"])
    with pytest.raises(ValueError, match="at least 1"):
        measure_training_speed([0] * 500, len(vocab), config, rounds=0)


def test_an_existing_train_step_is_timed_instead_of_a_fresh_model(vocab):
    from introdl.lab1.music.data import join_songs, load_songs

    ids = vocab.encode(join_songs(load_songs()[:10]))
    config = dataclasses.replace(TrainingConfig(), batch_size=2, seq_length=10, embedding_dim=8, rnn_units=16)
    calls = []
    report = measure_training_speed(ids, len(vocab), config, variants=["pytorch"], warmup_steps=1,
                                    timed_steps=2, rounds=2, train_steps={"pytorch": lambda x, y: calls.append(x.shape)})
    assert calls == [(2, 10)] * 5 and len(report["pytorch"].step_seconds) == 4


def test_variants_name_their_framework_and_layer():
    from introdl.frameworks import display_name
    from introdl.lab1.music.speed import LABELS, variant_framework

    assert VARIANTS == ("tensorflow-fast", "tensorflow-keras", "pytorch")  # the page's and the benchmark's order
    assert [variant_framework(v) for v in VARIANTS] == ["tensorflow", "tensorflow", "pytorch"]
    assert all(LABELS[v][0] == display_name(variant_framework(v)) for v in VARIANTS)
