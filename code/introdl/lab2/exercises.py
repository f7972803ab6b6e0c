"""Self-checks for the exercises of Lab 2 part 1 (MNIST), in both frameworks.

Written with the self-check engine (:mod:`introdl.selfcheck`) and paired with references
(:class:`introdl.exercises.Exercise`), as the other labs' exercises: a check prints one
``PASS: ...`` or ``FAIL: ...`` line, never raises for a wrong answer outside the book's build,
and after a FAIL the page goes on with the reference from :mod:`introdl.lab2.models`.

Each check runs the reader's code and introdl's on the same real digits:

* ``fc_model``     ``build_fc_model()``: the dense model; its weights are copied into
                   introdl's and the outputs compared;
* ``evaluate``     ``evaluate(model, images, labels)``: (mean loss, accuracy) against
                   introdl's on a small model;
* ``cnn_model``    ``build_cnn_model()``: the CNN, as ``fc_model``;
* ``prediction``   the digit the model is most confident of for the first test image;
* ``train_step``   ``train_step(model, optimizer, images, labels)``: two steps on a copy of a
                   small CNN give the same losses and weights as introdl's steps.

The TensorFlow models end in a softmax (probabilities, as the lab's); the PyTorch models end
in ``nn.Linear`` (logits, for ``F.cross_entropy``). The checks build their own models, so
running one never changes the page's.
"""

from __future__ import annotations

import functools

import numpy as np

from ..exercises import Exercise
from ..frameworks import DEFAULT, PYTORCH, TENSORFLOW, FrameworkError, check_framework
from ..selfcheck import fail, self_check
from ..tensor_inspect import describe, dtype_name, one_line, tensor_framework
from ..tensor_inspect import to_numpy as to_array
from . import models
from .data import to_nchw, to_nhwc

__all__ = [
    "check_evaluate", "check_model", "check_prediction", "check_train_step", "cnn_model", "evaluate",
    "fc_model", "prediction", "train_step",
]

TOLERANCE = 1e-5
_DESCRIPTIONS = {
    "fc": "dense model (Flatten, Dense 128 ReLU, Dense 10)",
    "cnn": "CNN (Conv2D 24 3x3 ReLU, MaxPool 2, Conv2D 36 3x3 ReLU, MaxPool 2, Flatten, Dense 128 ReLU, Dense 10)",
}
_ENDS = {TENSORFLOW: "probabilities (a softmax at the end)", PYTORCH: "logits (no softmax at the end)"}


def _framework(framework) -> str:
    try:
        return check_framework(framework)
    except FrameworkError as error:
        fail(str(error))


def _todo(value, name: str, hint: str) -> None:
    if value is ...:
        fail(f"{name} is still `...` (the TODO): {hint}")


def _call(fn, name: str, hint: str, *args, **kwargs):
    """``fn(*args)``, or a FAIL naming the error; an error about `...` means the TODO is still open."""
    try:
        return fn(*args, **kwargs)
    except Exception as error:
        if "ellipsis" in str(error).lower():
            fail(f"{name} is still `...` (the TODO): {hint}")
        fail(f"{name} raised {one_line(error)}")


def _callable(fn, name: str, hint: str) -> None:
    _todo(fn, name, hint)
    if not callable(fn):
        fail(f"{name} should be a function, got {describe(fn)}")


@functools.lru_cache(maxsize=1)
def _digits(count: int = 64):
    """The first ``count`` test digits (uint8) and their labels: real inputs for every check."""
    from ..digits import load_digits

    digits = load_digits()
    return digits.test_images[:count], digits.test_labels[:count]


def _inputs(framework: str, count: int):
    images, labels = _digits()
    images, labels = images[:count], labels[:count]
    if framework == TENSORFLOW:
        import tensorflow as tf

        return tf.constant(to_nhwc(images)), tf.constant(labels)
    import torch

    return torch.from_numpy(to_nchw(images)), torch.from_numpy(labels)


def _seed(framework: str, seed: int = 1) -> None:
    if framework == TENSORFLOW:
        import keras

        keras.utils.set_random_seed(seed)
    else:
        import torch

        torch.manual_seed(seed)


def _weights(model, framework: str) -> list[np.ndarray]:
    if framework == TENSORFLOW:
        return [np.asarray(w) for w in model.get_weights()]
    return [p.detach().cpu().numpy().copy() for p in model.parameters()]  # a copy: numpy() shares memory


def _load(reference, weights, framework: str) -> None:
    if framework == TENSORFLOW:
        reference.set_weights(weights)
        return
    import torch

    with torch.no_grad():
        for parameter, value in zip(reference.parameters(), weights):
            parameter.copy_(torch.from_numpy(value))


def _run(model, x, framework: str):
    if framework == PYTORCH:
        import torch

        with torch.no_grad():
            return model(x)
    return model(x)


# --------------------------------------------------------------------------------------
# The dense model and the CNN


@self_check
def check_model(build_model, kind: str = "fc", framework=DEFAULT) -> str:
    """PASS when ``build_model()`` returns the lab's model (``kind`` "fc" or "cnn") in ``framework``.

    On six real digits: outputs of shape (6, 10), float32, probabilities in TensorFlow and
    logits in PyTorch; the weights have the lab's shapes; loaded into introdl's model, they
    give the same outputs.
    """
    framework = _framework(framework)
    description = _DESCRIPTIONS[kind]
    name = f"build_{kind}_model()"
    hint = f"build the lab's {description}"
    _callable(build_model, f"build_{kind}_model", hint)
    _seed(framework)
    model = _call(build_model, name, hint)
    _todo(model, name, hint)
    if framework == PYTORCH:
        if not callable(getattr(model, "parameters", None)):
            fail(f"{name} should return a torch.nn.Module, got {describe(model)}")
        wrong = sorted({dtype_name(p) for p in model.parameters()} - {"float32"})
        if wrong:  # checked before the call, which would fail on float32 digits with a less clear message
            fail(f"the model's weights should be float32, got {', '.join(wrong)}: leave the layers' dtype at its default")
    x, _ = _inputs(framework, 6)
    output = _call(_run, f"{name}(images)", hint, model, x, framework)
    _todo(output, f"{name}(images)", hint)
    if tensor_framework(output) is None:
        fail(f"the model should return a tensor, got {describe(output)}")
    values = to_array(output)
    if values.shape != (6, models.CLASSES):
        fail(f"for 6 digits the model should give shape (6, 10), one score per class, got {values.shape}: "
             "the last layer needs 10 units")
    weights = _weights(model, framework)
    if dtype_name(output) != "float32" or any(w.dtype != np.float32 for w in weights):
        found = sorted({str(w.dtype) for w in weights} | {dtype_name(output)})
        fail(f"the model's weights and outputs should be float32, got {', '.join(found)}: "
             "leave the layers' dtype at its default")
    sums = values.sum(axis=1)
    probabilities = bool(np.all(values >= 0) and np.allclose(sums, 1.0, atol=1e-4))
    if framework == TENSORFLOW and not probabilities:
        fail(f"the outputs should be probabilities (each row sums to 1), got rows summing to "
             f"{sums.min():.3g} to {sums.max():.3g}: end with Dense(10, activation='softmax'), as the lab does")
    if framework == PYTORCH and probabilities:
        fail("the outputs are probabilities (each row sums to 1): end with nn.Linear and leave the softmax "
             "to F.cross_entropy, which takes logits")
    reference = models.model_builder(kind)(framework)
    expected_shapes = [w.shape for w in _weights(reference, framework)]
    if [w.shape for w in weights] != expected_shapes:
        fail(f"the weights do not fit the lab's {description}: expected shapes {expected_shapes}, "
             f"got {[w.shape for w in weights]}")
    _load(reference, weights, framework)
    expected = to_array(_run(reference, x, framework))
    difference = float(np.abs(values - expected).max())
    if not difference <= TOLERANCE:
        fail(f"with the same weights, the outputs differ from the lab's {kind.upper()} model's by {difference:.3g}: "
             "check the activations (ReLU inside, the output as the lab's) and the pooling (max)")
    return (f"build_{kind}_model() gives the lab's {description}: {_ENDS[framework]} of shape (6, 10), float32, "
            f"the same as introdl's with its weights (largest difference {difference:.1e})")


# --------------------------------------------------------------------------------------
# Evaluation


def _compiled_fc_model(framework: str):
    _seed(framework, 3)
    model = models.build_fc_model(framework)
    if framework == TENSORFLOW:
        import tensorflow as tf

        model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    return model


def _number(value, what: str) -> float:
    _todo(value, what, "return (loss, accuracy)")
    if tensor_framework(value) in (TENSORFLOW, PYTORCH):
        fail(f"{what} should be a Python float, got {describe(value)}: use .item() (PyTorch) or float()")
    array = np.asarray(value)
    if array.shape != ():
        fail(f"{what} should be one number for all the digits, got shape {array.shape}: take the mean")
    if not np.issubdtype(array.dtype, np.floating):
        fail(f"{what} should be a float, got {type(value).__name__} {value!r}")
    return float(array)


@self_check
def check_evaluate(evaluate_fn, framework=DEFAULT) -> str:
    """PASS when ``evaluate_fn(model, images, labels)`` returns the mean loss and the accuracy.

    Checked on a small dense model (compiled as the lab compiles it, in TensorFlow) and 64
    real digits, against introdl's evaluation of the same model.
    """
    framework = _framework(framework)
    hint = ("return model.evaluate(images, labels, verbose=0)" if framework == TENSORFLOW else
            "return the mean cross-entropy and the accuracy, as Python floats")
    _callable(evaluate_fn, "evaluate", hint)
    model = _compiled_fc_model(framework)
    x, y = _inputs(framework, 64)
    result = _call(evaluate_fn, "evaluate(model, images, labels)", hint, model, x, y)
    _todo(result, "evaluate(model, images, labels)", hint)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"evaluate should return two numbers (loss, accuracy), got {describe(result)}")
    loss, accuracy = (_number(value, name) for value, name in zip(result, ("the loss", "the accuracy")))
    expected_loss, expected_accuracy = models.evaluate(framework, model, x, y)
    if not 0 <= accuracy <= 1:
        fail(f"the accuracy should be a fraction from 0 to 1, got {accuracy:g}")
    if abs(accuracy - expected_accuracy) > 1e-6:
        fail(f"the accuracy should be the fraction of digits whose likeliest class is their label, "
             f"{expected_accuracy:.4f}, got {accuracy:.4f}")
    if abs(loss - expected_loss) > 1e-4 * max(1.0, abs(expected_loss)):
        fail(f"the loss should be the mean cross-entropy, {expected_loss:.4f}, got {loss:.4f}"
             + (": F.cross_entropy takes the logits, not probabilities" if framework == PYTORCH else ""))
    return f"evaluate gives the mean loss {loss:.4f} and the accuracy {accuracy:.4f}, as introdl's does"


# --------------------------------------------------------------------------------------
# The prediction for one digit


@self_check
def check_prediction(prediction, predictions, framework=DEFAULT) -> str:
    """PASS when ``prediction`` is the class with the highest score in ``predictions[0]``."""
    framework = _framework(framework)
    hint = "the digit with the highest probability in the first row of the predictions (argmax)"
    _todo(prediction, "prediction", hint)
    scores = to_array(predictions)
    expected = int(np.argmax(scores[0]))
    if tensor_framework(prediction) is None and not isinstance(prediction, (int, float, np.generic)):
        fail(f"prediction should be one digit, an integer, got {describe(prediction)}")
    value = to_array(prediction) if tensor_framework(prediction) else np.asarray(prediction)
    if value.shape != ():
        fail(f"prediction should be one digit (0-d), got shape {value.shape}: take the argmax of the first row only")
    if not np.issubdtype(value.dtype, np.integer):
        fail(f"prediction should be an integer class 0-9, got {value.dtype} {value.item():.4g}: the argmax is "
             "the index of the highest probability, the max its value")
    if int(value) != expected:
        fail(f"prediction should be {expected}, the class with the highest score for the first test image, "
             f"got {int(value)}")
    return f"prediction is {expected}, the likeliest class for the first test image"


# --------------------------------------------------------------------------------------
# The training step


def _optimizer(framework: str, model, learning_rate: float = 0.1):
    if framework == TENSORFLOW:
        import tensorflow as tf

        return tf.keras.optimizers.SGD(learning_rate=learning_rate)
    import torch

    return torch.optim.SGD(model.parameters(), lr=learning_rate)


@self_check
def check_train_step(train_step_fn, framework=DEFAULT) -> str:
    """PASS when two calls of ``train_step_fn(model, optimizer, images, labels)`` train as introdl's do.

    On two copies of the lab's CNN (same weights, SGD with learning rate 0.1), two steps on
    batches of 8 real digits: each step's returned loss (one float32 number, the mean over the
    batch) and the weights after each step must match introdl's step.
    """
    framework = _framework(framework)
    hint = ("the loss under tf.GradientTape, its gradient, apply_gradients" if framework == TENSORFLOW else
            "zero_grad, the loss, backward, step")
    _callable(train_step_fn, "train_step", hint)
    _seed(framework, 5)
    student = models.build_cnn_model(framework)
    reference = models.build_cnn_model(framework)
    start = _weights(student, framework)
    _load(reference, start, framework)
    student_optimizer, reference_optimizer = _optimizer(framework, student), _optimizer(framework, reference)
    x, y = _inputs(framework, 16)
    for step, batch in enumerate((slice(0, 8), slice(8, 16)), start=1):
        loss = _call(train_step_fn, "train_step(model, optimizer, images, labels)", hint,
                     student, student_optimizer, x[batch], y[batch])
        expected = float(to_array(models.train_step(framework, reference, reference_optimizer, x[batch], y[batch])))
        _todo(loss, "train_step(...)", hint)
        if loss is None:
            fail("train_step returned None: return the batch's loss")
        if tensor_framework(loss) is None and not isinstance(loss, (float, np.floating)):
            fail(f"train_step should return the loss, got {describe(loss)}")
        got = to_array(loss) if tensor_framework(loss) else np.asarray(loss)
        if got.shape != ():
            fail(f"train_step should return one number (0-d), the mean loss over the batch, got shape {got.shape}"
                 + (": a vector's gradient is the gradient of its sum; take tf.reduce_mean"
                    if framework == TENSORFLOW else ""))
        if dtype_name(loss) not in ("float32", "float"):
            fail(f"train_step should return a float32 loss, got {dtype_name(loss)}")
        if abs(float(got) - expected) > 1e-4 * max(1.0, abs(expected)):
            ratio = float(got) / expected if expected else float("nan")
            fail(f"step {step}: the loss should be the mean cross-entropy {expected:.4f}, got {float(got):.4f}"
                 + (f" ({ratio:.3g} times it: take the mean over the batch, not the sum)" if abs(ratio - 8) < 0.1
                    else ""))
        after, expected_weights = _weights(student, framework), _weights(reference, framework)
        gap = max(float(np.abs(a - b).max()) for a, b in zip(after, expected_weights))
        if gap > TOLERANCE:
            moved = max(float(np.abs(a - b).max()) for a, b in zip(after, start))
            if moved == 0:
                fail(f"step {step}: the weights did not change: compute the gradients and apply them")
            if step == 2 and framework == PYTORCH:
                fail("the first step is right, the second is not: call optimizer.zero_grad() before "
                     "loss.backward(), or the gradients of both steps pile up in .grad")
            fail(f"step {step}: the weights differ from introdl's step by {gap:.3g}: the gradient of the batch's "
                 "mean loss with respect to every trainable weight, then one optimizer step")
        start = after
    return (f"train_step returns the mean loss and updates the weights as introdl's step does, two steps in a row "
            f"(last loss {float(got):.4f})")


def _reference_builder(kind: str):
    return lambda framework: functools.partial(models.model_builder(kind), framework)


fc_model = Exercise("build_fc_model", functools.partial(check_model, kind="fc"), _reference_builder("fc"))
cnn_model = Exercise("build_cnn_model", functools.partial(check_model, kind="cnn"), _reference_builder("cnn"))
evaluate = Exercise("evaluate", check_evaluate, lambda framework: functools.partial(models.evaluate, framework))
prediction = Exercise("prediction", check_prediction,
                      lambda framework, predictions: int(np.argmax(to_array(predictions)[0])))
train_step = Exercise("train_step", check_train_step,
                      lambda framework: functools.partial(models.train_step, framework))
