"""The verovio worker: a spawned process pool of one, killed on a timeout, replaced after a crash."""

import os
import time

import psutil
import pytest

from introdl.lab1.music import engrave
from introdl.lab1.music.engrave import EngravingError, WorkerCrashed, WorkerTimeout, abc_to_svg


def _worker_pid(a_tune) -> int:
    assert "<svg" in abc_to_svg(a_tune)  # a worker runs
    (pid,) = engrave._worker.pids()
    return pid


def test_the_worker_is_spawned_not_forked(a_tune):
    worker = psutil.Process(_worker_pid(a_tune))
    # A spawned worker runs multiprocessing's spawn entry point; a forked one would copy this process.
    assert "multiprocessing" in " ".join(worker.cmdline())


def test_a_hung_call_is_killed_after_its_timeout_and_a_new_worker_starts(a_tune):
    old = _worker_pid(a_tune)
    start = time.perf_counter()
    with pytest.raises(WorkerTimeout, match="longer than 0.5 s"):
        engrave._worker.run(time.sleep, 30, timeout=0.5)
    assert time.perf_counter() - start < 15  # killed, not waited for
    assert not psutil.pid_exists(old) or psutil.Process(old).status() == psutil.STATUS_ZOMBIE
    assert engrave._worker.pids() == []
    assert _worker_pid(a_tune) != old  # the next tune gets a fresh worker


def test_a_tune_over_its_timeout_is_a_failed_render(a_tune):
    with pytest.raises(EngravingError, match="took longer than 1e-06 s"):
        abc_to_svg(a_tune, timeout=1e-6)
    assert "<svg" in abc_to_svg(a_tune)


def test_a_crashed_worker_is_reported_not_raised_as_broken_pool(a_tune):
    old = _worker_pid(a_tune)
    with pytest.raises(WorkerCrashed, match="died"):
        engrave._worker.run(os._exit, 3, timeout=30)
    assert _worker_pid(a_tune) != old


def test_a_worker_killed_while_idle_is_replaced_without_failing_the_next_tune(a_tune):
    psutil.Process(_worker_pid(a_tune)).kill()
    time.sleep(0.5)  # let the pool notice
    assert "<svg" in abc_to_svg(a_tune)
