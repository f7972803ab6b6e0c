import math

import pytest

from introdl.progress import TrainingProgress


def test_line_shows_step_bar_losses_and_time(capsys):
    progress = TrainingProgress(4, "PyTorch", every=2)
    progress.update(1, 2.0)
    assert capsys.readouterr().out == ""  # not a multiple of every, no validation loss
    progress.update(2, 1.0, validation_loss=1.5)
    line = capsys.readouterr().out.strip()
    assert line.startswith("PyTorch: step 2/4 [############............]  50%")
    assert "loss 1.950" in line  # running mean 0.95 * 2.0 + 0.05 * 1.0, not the last batch's 1.0
    assert "validation 1.500" in line
    assert "elapsed, ~" in line and "left" in line


def test_last_step_is_always_shown_without_time_left(capsys):
    progress = TrainingProgress(3, "TensorFlow", every=100)
    for step in (1, 2, 3):
        progress.update(step, 1.0)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "step 3/3" in lines[0] and "100%" in lines[0]
    assert "left" not in lines[0]


def test_validation_loss_is_kept_between_evaluations():
    progress = TrainingProgress(10, every=1000)
    progress.update(1, 3.0, validation_loss=2.5)
    progress.update(2, 3.0)
    assert "validation 2.500" in repr(progress)
    assert math.isclose(progress.loss, 3.0)


def test_in_a_notebook_the_line_updates_one_display(monkeypatch):
    shown = []

    class Handle:
        def update(self, obj):
            shown.append(("update", repr(obj)))

    class Shell:
        pass

    import IPython
    import IPython.display
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, display_id: shown.append(("display", repr(obj))) or Handle())
    progress = TrainingProgress(2, "TensorFlow", every=1)
    progress.update(1, 1.0)
    progress.update(2, 1.0)
    assert [kind for kind, _ in shown] == ["display", "update"]
    assert "step 2/2" in shown[-1][1]


def test_a_run_without_steps_is_refused():
    with pytest.raises(ValueError, match="at least one step"):
        TrainingProgress(0)
