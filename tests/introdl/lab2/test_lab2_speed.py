"""introdl.lab2.speed: the timing harness's order, counts and table (no framework timed here)."""

import pytest

from introdl.lab2.speed import speed_table, time_steps


def test_time_steps_warms_up_then_takes_turns():
    calls = []
    steps = {"pytorch": lambda x, y: calls.append(("pytorch", x)), "tf": lambda x, y: calls.append(("tensorflow", x))}
    times = time_steps(steps, [(i, i) for i in range(8)], warmup=2, timed=2, rounds=3)
    assert set(times) == {"tensorflow", "pytorch"} and all(len(t) == 6 for t in times.values())
    assert calls[:4] == [("tensorflow", 0), ("tensorflow", 1), ("pytorch", 0), ("pytorch", 1)]  # TensorFlow first
    assert calls[4:8] == [("tensorflow", 2), ("tensorflow", 3), ("pytorch", 2), ("pytorch", 3)]


def test_time_steps_checks_its_arguments():
    with pytest.raises(ValueError, match="need 5"):
        time_steps({"pytorch": lambda x, y: None}, [(0, 0)] * 4, warmup=1, timed=2, rounds=2)
    with pytest.raises(ValueError, match="at least 1"):
        time_steps({"pytorch": lambda x, y: None}, [(0, 0)] * 4, warmup=0)


def test_speed_table():
    table = speed_table({"tensorflow": [0.01, 0.02, 0.03], "pytorch": [0.02] * 3}, 64, {"TensorFlow": 2, "PyTorch": 2})
    assert table.value("time per step", "median, ms", "TensorFlow") == "20.0"
    assert table.value("throughput", "digits per second", "PyTorch") == "3,200"
    assert table.value("CPU threads", "", "PyTorch") == "2"
