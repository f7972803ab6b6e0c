"""Train a TensorFlow model and a PyTorch model side by side, on the same batches in the same order.

The page writes each framework's training step in plain ``tf.keras`` / ``torch.nn`` code
(the lesson: forward pass, loss, gradients, update); this module is only the loop around
them: it hands every batch to both steps, records what they return, times them, evaluates
now and then, and can show a progress line. Histories come back keyed by framework id::

    from introdl.frameworks import PYTORCH, TENSORFLOW
    from introdl.side_by_side import train_side_by_side

    @tf.function
    def tf_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf_loss_fn(y, tf_model(x, training=True))
        gradients = tape.gradient(loss, tf_model.trainable_variables)
        tf_optimizer.apply_gradients(zip(gradients, tf_model.trainable_variables))
        return loss

    def torch_step(x, y):
        loss = F.cross_entropy(torch_model(torch.from_numpy(x)), torch.from_numpy(y))
        torch_optimizer.zero_grad()
        loss.backward()
        torch_optimizer.step()
        return loss.item()

    histories = train_side_by_side({TENSORFLOW: tf_step, PYTORCH: torch_step}, batches,
                                   evaluate={TENSORFLOW: tf_validation_loss, PYTORCH: torch_validation_loss},
                                   every=100, progress=True)
    histories[TENSORFLOW].losses          # one float per step
    histories[PYTORCH].evaluations["loss"], histories[PYTORCH].evaluated_at
    histories[PYTORCH].seconds            # the steps after the first, which traces or warms up

The rules:

* ``batches`` is any iterable (a list, a generator) of NumPy batches, read once. Each batch
  goes to every framework's step before the next one is drawn, so both see the same batches
  in the same order. A tuple ``(x, y)`` (or ``(x, y, carry)``...) is spread into the step's
  arguments, ``step(x, y)``; anything else is passed as one argument.
* A step returns its loss: a number or a 0-d tensor of either framework (``float()`` reads
  it, which also waits for the step to finish, on a GPU too), or a mapping of named numbers
  that holds ``"loss"`` (e.g. ``{"loss": loss, "grad_norm": norm}``); every name becomes a
  series in ``History.metrics``. A non-finite loss is recorded, not an error: training that
  diverges is a result.
* ``evaluate`` maps frameworks to functions of no argument that return a number (recorded
  under the name ``"loss"``: the validation loss) or a mapping of named numbers. They run
  after every ``every`` steps and after the last, outside the timing.
* ``seconds`` counts each framework's steps after the first one: that one includes
  ``tf.function``'s tracing in TensorFlow and first-call set-up in PyTorch, which are not
  training. ``first_step_seconds`` holds it.

Framework ids and aliases are read by :func:`introdl.frameworks.check_framework`; one
framework alone works too. The steps run in the book's framework order (TensorFlow first).
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .frameworks import IDS, check_framework, display_name

__all__ = ["History", "train_side_by_side"]

LOSS = "loss"


@dataclass
class History:
    """What one framework's training recorded."""

    framework: str  # the framework id (introdl.frameworks.TENSORFLOW or PYTORCH)
    metrics: dict[str, list[float]] = field(default_factory=dict)  # per step: "loss", and whatever else the step returned
    evaluated_at: list[int] = field(default_factory=list)  # the steps (counted from 1) after which evaluate ran
    evaluations: dict[str, list[float]] = field(default_factory=dict)  # what evaluate returned each time, by name
    seconds: float = 0.0  # time spent in the steps after the first
    first_step_seconds: float = float("nan")  # the first step: tracing, warm-up and one step

    @property
    def losses(self) -> list[float]:
        """The loss of every step, in order."""
        return self.metrics.get(LOSS, [])

    @property
    def steps(self) -> int:
        """How many steps ran."""
        return len(self.losses)

    @property
    def seconds_per_step(self) -> float:
        """Mean time of a step after the first (nan with fewer than two steps)."""
        return self.seconds / (self.steps - 1) if self.steps > 1 else float("nan")


def _number(value, what: str) -> float:
    """A float from a Python/NumPy number or a one-value tensor of either framework."""
    if isinstance(value, bool) or isinstance(value, (str, bytes)):
        raise TypeError(f"{what} is {value!r}; return the loss as a number or a one-value tensor.")
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        shape = getattr(value, "shape", None)
        detail = f" of shape {tuple(shape)}" if shape is not None else ""
        raise TypeError(
            f"{what} is a {type(value).__name__}{detail}, not one number ({error}); return the loss "
            "(a number or a 0-d tensor), or a dict of named numbers holding 'loss'."
        ) from None


def _named_numbers(result, what: str, needs_loss: bool) -> dict[str, float]:
    """{"loss": x} for a number, or a mapping's values as floats (holding "loss" if ``needs_loss``)."""
    if isinstance(result, Mapping):
        if needs_loss and LOSS not in result:
            raise TypeError(f"{what} is a mapping without 'loss' (it has {sorted(result)}); "
                            "return {'loss': loss, ...}.")
        return {str(name): _number(value, f"{what}[{name!r}]") for name, value in result.items()}
    if isinstance(result, (tuple, list)):
        raise TypeError(f"{what} is a {type(result).__name__} of {len(result)} values; return the loss, or "
                        "a dict of named numbers such as {'loss': loss, 'grad_norm': norm}.")
    return {LOSS: _number(result, what)}


def _by_framework(functions, argument: str) -> dict[str, object]:
    """{framework id: callable}, in the book's framework order; one error for a bad entry."""
    if not isinstance(functions, Mapping) or not functions:
        raise TypeError(f"{argument} should be a dict {{framework id: function}}, e.g. "
                        f"{{TENSORFLOW: tf_step, PYTORCH: torch_step}}; got {type(functions).__name__}"
                        f"{' (empty)' if isinstance(functions, Mapping) else ''}.")
    by_id = {}
    for key, function in functions.items():
        framework = check_framework(key)
        if framework in by_id:
            raise ValueError(f"{argument} names {display_name(framework)} twice ({key!r}).")
        if not callable(function):
            raise TypeError(f"{argument}[{key!r}] should be a function, got {type(function).__name__}.")
        by_id[framework] = function
    return {framework: by_id[framework] for framework in IDS if framework in by_id}


def _record(series: dict[str, list[float]], values: dict[str, float], count: int) -> None:
    """Append each named value; a name first seen late is padded with nan before it."""
    for name, value in values.items():
        series.setdefault(name, [math.nan] * count).append(value)
    for name, values_so_far in series.items():
        if len(values_so_far) < count + 1:
            values_so_far.append(math.nan)


def train_side_by_side(steps, batches, *, evaluate=None, every: int | None = None,
                       total: int | None = None, progress: bool = False) -> dict[str, History]:
    """Run every framework's training step on each batch, in order; return their histories.

    ``steps``: {framework: step}, each step a function of one batch's items returning the
    loss (or a dict of named numbers holding "loss"). ``batches``: an iterable of NumPy
    batches, read once. ``evaluate``: {framework: function of no argument} returning a number
    or a dict of numbers, run after every ``every`` steps (when given) and after the last.
    ``progress=True`` shows one updating line per framework; it needs ``total`` (the number
    of batches) unless ``batches`` has a length. Returns {framework id: History}.
    """
    step_functions = _by_framework(steps, "steps")
    evaluators = _by_framework(evaluate, "evaluate") if evaluate is not None else {}
    unknown = [display_name(framework) for framework in evaluators if framework not in step_functions]
    if unknown:
        raise ValueError(f"evaluate names {', '.join(unknown)}, which has no training step in steps.")
    if every is not None and (isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1):
        raise ValueError(f"every={every!r}: evaluate after every this many steps, a whole number >= 1 (or None).")
    if total is None and hasattr(batches, "__len__"):
        total = len(batches)
    bars = {}
    if progress:
        if not total:
            raise ValueError("progress=True needs the number of batches: pass total=..., or a list of batches.")
        from .progress import TrainingProgress

        bars = {framework: TrainingProgress(total, display_name(framework)) for framework in step_functions}
    histories = {framework: History(framework) for framework in step_functions}

    def run_evaluation(step_number: int) -> None:
        for framework, evaluator in evaluators.items():
            history = histories[framework]
            what = f"the {display_name(framework)} evaluate() result after step {step_number}"
            values = _named_numbers(evaluator(), what, needs_loss=False)
            _record(history.evaluations, values, len(history.evaluated_at))
            history.evaluated_at.append(step_number)

    step_number = 0
    for step_number, batch in enumerate(batches, start=1):
        arguments = tuple(batch) if isinstance(batch, (tuple, list)) else (batch,)
        for framework, step in step_functions.items():
            history = histories[framework]
            began = time.perf_counter()
            result = step(*arguments)
            values = _named_numbers(result, f"the {display_name(framework)} step's result at step {step_number}",
                                    needs_loss=True)
            took = time.perf_counter() - began  # after float(): the step has finished
            if step_number == 1:
                history.first_step_seconds = took
            else:
                history.seconds += took
            _record(history.metrics, values, step_number - 1)
        if evaluators and ((every is not None and step_number % every == 0) or step_number == total):
            run_evaluation(step_number)
        for framework, bar in bars.items():
            history = histories[framework]
            fresh = history.evaluated_at and history.evaluated_at[-1] == step_number
            validation = history.evaluations.get(LOSS, [None])[-1] if fresh else None
            bar.update(min(step_number, bar.total_steps), history.losses[-1], validation_loss=validation)
    if step_number == 0:
        raise ValueError("batches gave no batch: an empty list, or a generator already used up "
                         "(a generator can be read only once; make a new one for each run).")
    if evaluators and not (histories[next(iter(evaluators))].evaluated_at[-1:] == [step_number]):
        run_evaluation(step_number)
        for framework, bar in bars.items():
            if framework in evaluators:
                validation = histories[framework].evaluations.get(LOSS, [None])[-1]
                if validation is not None:
                    bar.update(bar.step, histories[framework].losses[-1], validation_loss=validation)
    return histories
