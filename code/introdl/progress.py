"""A one-line progress bar for a training loop in a notebook, updated in place.

::

    progress = TrainingProgress(config.steps, "TensorFlow")
    for step in range(1, config.steps + 1):
        loss = train_step(...)
        progress.update(step, loss, validation_loss=...)  # validation_loss only when measured

The line shows the step, a bar, the running loss, the last validation loss, the time so far
and an estimate of the time left. In Jupyter it replaces itself (a display with an id), so a
reader waiting for a long run sees where it is; the saved notebook, and so the built page,
keeps only the last state. Outside IPython it prints a line every ``every`` steps.
"""

from __future__ import annotations

import time

BAR_WIDTH = 24


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(round(seconds)), 60)
    return f"{minutes}:{seconds:02d}"


class TrainingProgress:
    """Progress of ``total_steps`` training steps, shown as one line that updates itself."""

    def __init__(self, total_steps: int, label: str = "training", every: int | None = None):
        if total_steps < 1:
            raise ValueError(f"total_steps={total_steps}: a training run has at least one step.")
        self.total_steps, self.label = int(total_steps), label
        self.every = every or max(1, self.total_steps // 100)
        self.step, self.loss, self.validation_loss = 0, float("nan"), None
        self._smoothed = None
        self._began = time.perf_counter()
        self._handle = None

    def __repr__(self) -> str:
        done = self.step / self.total_steps
        filled = int(round(BAR_WIDTH * done))
        elapsed = time.perf_counter() - self._began
        left = elapsed / self.step * (self.total_steps - self.step) if self.step else float("nan")
        parts = [f"{self.label}: step {self.step}/{self.total_steps} "
                 f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:4.0%}",
                 f"loss {self._smoothed:.3f}" if self._smoothed is not None else "loss -"]
        if self.validation_loss is not None:
            parts.append(f"validation {self.validation_loss:.3f}")
        parts.append(f"{_clock(elapsed)} elapsed" + (f", ~{_clock(left)} left" if self.step < self.total_steps else ""))
        return " | ".join(parts)

    def update(self, step: int, loss: float, validation_loss: float | None = None) -> None:
        """Record ``step``'s loss (shown as a running mean) and redraw every ``every`` steps."""
        self.step, self.loss = int(step), float(loss)
        # An exponential mean over about the last 20 steps: one batch's loss is noisy.
        self._smoothed = self.loss if self._smoothed is None else 0.95 * self._smoothed + 0.05 * self.loss
        if validation_loss is not None:
            self.validation_loss = float(validation_loss)
        if step % self.every == 0 or validation_loss is not None or step == self.total_steps:
            self._show()

    def _show(self) -> None:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            get_ipython = None
        if get_ipython is None or get_ipython() is None:
            print(repr(self), flush=True)
        elif self._handle is None:
            self._handle = display(self, display_id=True)
        else:
            self._handle.update(self)
