"""Self-checks for the exercises of Lab 1 Part 1, for TensorFlow and PyTorch answers alike.

Every check takes the reader's answer (a tensor, a function, a layer, a model, a list) in
either framework, and returns a one-line PASS or FAIL :class:`~introdl.selfcheck.CheckResult`
(the self-check engine, :mod:`introdl.selfcheck`)::

    PASS: matrix is a 2-d tf.Tensor of shape (2, 3) and dtype int32
    FAIL: images should have shape (10, 256, 256, 3) (NHWC: batch, height, width, channels), ...

so the last line of a notebook cell shows the verdict. A FAIL says what was expected and
what was found (shape, values, dtype, type). A FAIL does not raise, not even for bad input
to the check itself (a list instead of a tensor, a class instead of an instance, an unknown
framework, a missing argument), except in the build (``INTRODL_STRICT_CHECKS=1``), where it
raises :class:`~introdl.selfcheck.CheckFailed`.

The custom dense layer is checked against NumPy with the layer's own weights, never
against numbers recorded from a seeded run: seeded expected values broke between
TensorFlow versions (MIT 6.S191 issues #116 and #131).

TensorFlow and PyTorch are imported lazily, only when a check needs to build an input for
that framework.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..frameworks import PYTORCH, PYTORCH_NAME, TENSORFLOW, FrameworkError, check_framework
# The engine lives in introdl.selfcheck; its names stay importable from here for older pages.
from ..selfcheck import STRICT_ENV_VAR, CheckFailed, CheckResult, fail, self_check, strict_mode  # noqa: F401
from ..tensor_inspect import (
    CONSTRUCTOR,
    FRAMEWORK_LABELS,
    KNOWN_TENSOR_TYPES,
    TENSOR_TYPE,
    TensorReadError,
    describe,
    dtype_name,
    framework_of,
    from_numpy,
    one_line,
    tensor_framework,
    type_name,
)
from ..tensor_inspect import to_numpy as to_array

# float32 arithmetic in either framework agrees with float64 NumPy to about 1e-7.
TOLERANCE = 1e-5

__all__ = [
    "CheckFailed",
    "CheckResult",
    "check_dense_layer",
    "check_func",
    "check_gradient",
    "check_identity_model",
    "check_images",
    "check_layers_agree",
    "check_loss",
    "check_matrix",
    "check_minimization",
    "strict_mode",
]


# --------------------------------------------------------------------------------------
# Reading answers


_METHOD = {TENSORFLOW: "call()", PYTORCH: "forward()"}


def _framework_arg(framework) -> str | None:
    """The framework id a check was told to expect, "numpy", or None for any of them."""
    if framework is None:
        return None
    if isinstance(framework, str) and framework.strip().lower() in ("numpy", "np"):
        return "numpy"
    try:
        return check_framework(framework)
    except FrameworkError as error:
        fail(f"{error} Or framework='numpy', or leave it out to accept any of them.")


def _example(framework: str | None, arguments: str) -> str:
    """'tf.constant([[1, 2], [3, 4]])', or both frameworks' spelling when none is known."""
    if framework in (TENSORFLOW, PYTORCH):
        return f"{CONSTRUCTOR[framework]}({arguments})"
    return f"tf.constant({arguments}) or torch.tensor({arguments})"


def _read_tensor(value, name: str, framework: str | None, example: str):
    """(framework, values) of a tensor answer, or FAIL saying what was expected instead."""
    expected = TENSOR_TYPE[framework] if framework else KNOWN_TENSOR_TYPES
    if value is ...:
        fail(f"{name} is still `...` (the TODO): replace it with {example}")
    kind = tensor_framework(value)
    if kind is None:
        if framework_of(value) is None and not isinstance(value, (list, tuple, int, float)):
            fail(
                f"{name} should be {expected}, got {describe(value)}, which this check "
                f"does not know (it reads {KNOWN_TENSOR_TYPES})"
            )
        fail(f"{name} should be {expected}, got {describe(value)}: build it with {example}")
    if framework and kind != framework:
        fail(
            f"{name} should be {expected} (the {FRAMEWORK_LABELS[framework]} version), got "
            f"{describe(value)}: build it with {example}"
        )
    try:
        return kind, to_array(value)
    except TensorReadError as error:
        fail(f"{name}: {error}")


def _read_output(value, what: str, todo_hint: str):
    """Values of something a reader's code returned (a tensor of any framework, or a number)."""
    if value is ...:
        fail(f"{what} is `...`: {todo_hint}")
    if value is None:
        fail(f"{what} is None: did you forget a `return`?")
    try:
        return to_array(value)
    except TensorReadError:
        fail(f"{what} should be a tensor, got {describe(value)}")


def _fmt(values) -> str:
    """Short printing of numbers for messages: 6.0, [[0.27 0.46]]."""
    values = np.asarray(values)
    if values.ndim == 0:
        return f"{values.item():.6g}"
    return np.array2string(values, precision=4, separator=" ", threshold=12).replace("\n", "")


# --------------------------------------------------------------------------------------
# Section 1: tensors


@self_check
def check_matrix(matrix, framework=None) -> str:
    """PASS when ``matrix`` is a 2-d tensor (rank 2) of the given framework (any if None)."""
    framework = _framework_arg(framework)
    example = _example(framework, "[[1, 2, 3], [4, 5, 6]]")
    _, values = _read_tensor(matrix, "matrix", framework, example)
    if values.ndim != 2:
        fail(f"matrix should be 2-d (rows and columns), got {describe(matrix)}; e.g. {example}")
    return f"matrix is {describe(matrix)}"


IMAGES_SHAPE = {"NHWC": (10, 256, 256, 3), "NCHW": (10, 3, 256, 256)}
_LAYOUT_OF = {TENSORFLOW: "NHWC", PYTORCH: "NCHW"}
_LAYOUT_WORDS = {"NHWC": "batch, height, width, channels", "NCHW": "batch, channels, height, width"}
_LAYOUT_OWNER = {"NHWC": "TensorFlow/Keras", "NCHW": PYTORCH_NAME}
_ZEROS_CALL = {
    TENSORFLOW: "tf.zeros([10, 256, 256, 3])",
    PYTORCH: "torch.zeros(10, 3, 256, 256)",
    None: "tf.zeros([10, 256, 256, 3]) or torch.zeros(10, 3, 256, 256)",
    "numpy": "np.zeros((10, 256, 256, 3), np.float32)",
}


@self_check
def check_images(images, framework=None, layout=None) -> str:
    """PASS for a float32 batch of 10 black 256x256 RGB images in the framework's layout.

    The layout is NHWC for TensorFlow and NCHW for PyTorch unless ``layout`` says
    otherwise; a NumPy array may use either.
    """
    framework = _framework_arg(framework)
    if layout is not None and layout not in IMAGES_SHAPE:
        fail(f"layout should be 'NHWC' or 'NCHW' (or left out), got {layout!r}")
    kind, values = _read_tensor(images, "images", framework, _ZEROS_CALL[framework])
    layout = layout or _LAYOUT_OF.get(framework or kind)
    layouts = [layout] if layout else list(IMAGES_SHAPE)
    matched = next((name for name in layouts if values.shape == IMAGES_SHAPE[name]), None)
    if matched is None:
        if layout is None:
            fail(
                f"images should have shape {IMAGES_SHAPE['NHWC']} (NHWC) or "
                f"{IMAGES_SHAPE['NCHW']} (NCHW), got {values.shape}"
            )
        other = "NCHW" if layout == "NHWC" else "NHWC"
        wanted = f"{IMAGES_SHAPE[layout]} ({layout}: {_LAYOUT_WORDS[layout]})"
        if values.shape == IMAGES_SHAPE[other]:
            fail(
                f"images should have shape {wanted}; {values.shape} is the {other} layout "
                f"that {_LAYOUT_OWNER[other]} uses"
            )
        fail(f"images should have shape {wanted}, got {values.shape}")
    if dtype_name(images) != "float32":
        fail(
            f"images should hold float32 values (the default of tf.zeros and torch.zeros), "
            f"got {dtype_name(images)}"
        )
    nonzero = int(np.count_nonzero(values))
    if nonzero:
        fail(f"images should be all zeros, but {nonzero:,} of its {values.size:,} values are not")
    layout_words = _LAYOUT_WORDS[matched]
    return f"images is {describe(images)}, all zeros, in the {matched} layout ({layout_words})"


# --------------------------------------------------------------------------------------
# Section 2: computations


FUNC_CASES = ((1.5, 2.5), (2.0, 3.0), (-1.0, 0.5))


@self_check
def check_func(func, framework=None) -> str:
    """PASS when ``func(a, b)`` returns the scalar e = (a + b) * (b - 1).

    It is called with Python floats (as the lab does) and, when ``framework`` is given,
    with that framework's 0-d tensors too.
    """
    framework = _framework_arg(framework)
    if func is ...:
        fail("func is still `...` (the TODO): define func(a, b) returning e")
    if not callable(func):
        fail(f"func should be a function of (a, b), got {describe(func)}")
    inputs = [("", lambda value: value)]
    if framework in (TENSORFLOW, PYTORCH):
        as_tensor = functools.partial(_scalar_tensor, framework=framework)
        inputs.append((f" with {TENSOR_TYPE[framework][2:]} inputs", as_tensor))
    first_result = None
    for suffix, make in inputs:
        for a, b in FUNC_CASES:
            expected = (a + b) * (b - 1)
            call = f"func({a}, {b}){suffix}"
            try:
                result = func(make(a), make(b))
            except Exception as error:
                fail(f"{call} raised {one_line(error)}")
            values = _read_output(result, call, "fill in the TODOs for c, d and e")
            if values.ndim != 0:
                fail(f"{call} should return a scalar (0-d), got {describe(result)}")
            if not np.isclose(values, expected, rtol=1e-6, atol=1e-6):
                fail(
                    f"{call} returned {_fmt(values)}, expected {expected:g}: "
                    "c = a + b, d = b - 1, e = c * d"
                )
            first_result = result if first_result is None else first_result
    checked = len(FUNC_CASES) * len(inputs)
    return (
        f"func(1.5, 2.5) = 6 ({describe(first_result)}), and func gives "
        f"(a + b)(b - 1) for all {checked} inputs tried"
    )


def _scalar_tensor(value: float, framework: str):
    return from_numpy(np.float32(value), framework)


# --------------------------------------------------------------------------------------
# Section 3: layers and models computing sigmoid(x W + b)


@dataclass
class _DenseWeights:
    """The two weights of a dense layer, read from the layer itself."""

    kernel: object  # the framework's variable/parameter holding W
    bias: object  # the one holding b
    kernel_values: np.ndarray  # as stored: (n_in, n_out), or (n_out, n_in) for nn.Linear
    bias_values: np.ndarray  # as stored: (n_out,) or (1, n_out)
    transposed: bool = False  # True when W is stored as (n_out, n_in)

    @property
    def W(self) -> np.ndarray:
        return self.kernel_values.T if self.transposed else self.kernel_values

    @property
    def b(self) -> np.ndarray:
        return self.bias_values.reshape(-1)


def _sigmoid_dense(x, W, b) -> np.ndarray:
    z = np.asarray(x, np.float64) @ np.asarray(W, np.float64) + np.asarray(b, np.float64)
    return 1.0 / (1.0 + np.exp(-z))


def _test_batch(n_inputs: int, seed: int = 0) -> np.ndarray:
    """A fixed batch of 4 inputs from NumPy's own generator (no framework random stream)."""
    return np.random.default_rng(seed).normal(size=(4, n_inputs)).astype(np.float32)


def _model_framework(model, name: str, framework: str | None = None) -> str:
    """The framework of a layer/model answer, or FAIL saying what was expected."""
    if model is ...:
        fail(f"{name} is still `...` (the TODO)")
    if isinstance(model, type):
        name = model.__name__
        fail(f"got the class {name} itself; pass an instance, e.g. {name}(...)")
    kind = framework_of(model)
    is_model = (kind == TENSORFLOW and hasattr(model, "trainable_weights")) or (
        kind == PYTORCH and hasattr(model, "named_parameters")
    )
    if not is_model or not callable(model):
        fail(
            f"{name} should be a tf.keras layer or model, or a torch.nn.Module; "
            f"got {describe(model)}"
        )
    if framework and kind != framework:
        fail(
            f"{name} should be the {FRAMEWORK_LABELS[framework]} one, got a "
            f"{FRAMEWORK_LABELS[kind]} {type(model).__name__}"
        )
    return kind


def _call(model, x, name: str, **kwargs):
    """model(x, **kwargs), or FAIL naming the call and the error in one line."""
    shown = ", ".join(f"{key}={value!r}" for key, value in kwargs.items())
    try:
        return model(x, **kwargs)
    except Exception as error:
        args = f"x{', ' + shown if shown else ''}"
        fail(f"{name}({args}) on an input of shape {tuple(x.shape)} raised {one_line(error)}")


def _parameters(model, kind: str) -> list[tuple[str, object, np.ndarray]]:
    # Copies: a torch parameter's .numpy() shares its memory, and check_layers_agree
    # overwrites the parameters before restoring them from these values.
    if kind == TENSORFLOW:
        named = [(w.path if hasattr(w, "path") else w.name, w) for w in model.trainable_weights]
    else:
        named = list(model.named_parameters())
    return [(name, weight, np.array(to_array(weight), copy=True)) for name, weight in named]


def _dense_weights(model, kind: str, name: str, n_in: int, n_out: int) -> list[_DenseWeights]:
    """Find W and b among the model's weights; both orientations when W is square."""
    params = _parameters(model, kind)
    if not params:
        layer = "tf.keras.layers.Dense" if kind == TENSORFLOW else "nn.Linear"
        fail(f"{name} has no weights; it needs a weight matrix W and a bias b (e.g. a {layer})")
    kernel_shapes = {(n_in, n_out), (n_out, n_in)}
    bias_shapes = {(n_out,), (1, n_out)}
    pairs = [
        (kernel, bias)
        for kernel in params
        for bias in params
        if kernel is not bias and kernel[2].shape in kernel_shapes and bias[2].shape in bias_shapes
    ]
    if len(params) != 2 or not pairs:
        found = ", ".join(f"{path} {values.shape}" for path, _, values in params)
        fail(
            f"{name} should have exactly two weights, W of shape ({n_in}, {n_out}) and a bias "
            f"b of {n_out} values; it has {found}"
        )
    (_, kernel, kernel_values), (_, bias, bias_values) = pairs[0]
    orientations = []
    if kernel_values.shape == (n_in, n_out):
        orientations.append(False)
    if kernel_values.shape == (n_out, n_in):
        orientations.append(True)  # torch.nn.Linear stores W as (out, in) and computes x W^T
    return [_DenseWeights(kernel, bias, kernel_values, bias_values, t) for t in orientations]


def _explain_mismatch(output, x, weights: _DenseWeights) -> str:
    """Name the usual mistake when an output is not sigmoid(x W + b)."""
    z = np.asarray(x, np.float64) @ weights.W + weights.b
    if np.allclose(output, z, atol=TOLERANCE):
        return "it equals x·W + b without the sigmoid: apply the sigmoid to z"
    if np.allclose(output, 1 / (1 + np.exp(-(z - weights.b))), atol=TOLERANCE):
        return "it equals sigmoid(x·W) without the bias: add b before the sigmoid"
    return "check that z = x·W + b and y = sigmoid(z)"


def _verify_dense(model, kind: str, name: str, n_in: int, n_out: int, **kwargs):
    """Call the model on a fixed batch; FAIL unless it computes sigmoid(x W + b).

    The reference is computed in NumPy from the model's own weights, so it holds for any
    random initialisation and any framework version.
    """
    x = _test_batch(n_in)
    output = _call(model, from_numpy(x, kind), name, **kwargs)
    values = _read_output(output, f"{name}(x)", f"fill in the TODOs in {_METHOD[kind]}")
    candidates = _dense_weights(model, kind, name, n_in, n_out)
    if values.shape != (len(x), n_out):
        if values.shape == x.shape and np.array_equal(values, x):
            fail(f"{name}(x) returned its input unchanged; it should apply the dense layer")
        fail(
            f"for an input of shape {x.shape}, {name}(x) should return shape "
            f"{(len(x), n_out)}, got {values.shape}"
        )
    differences = [np.abs(values - _sigmoid_dense(x, w.W, w.b)).max() for w in candidates]
    best = int(np.argmin(differences))
    if differences[best] > TOLERANCE:
        fail(
            f"{name}(x) is not sigmoid(x·W + b) computed from its own weights (max difference "
            f"{differences[best]:.3g}): {_explain_mismatch(values, x, candidates[best])}"
        )
    return candidates[best], float(differences[best])


@self_check
def check_dense_layer(layer, x=None, output=None, n_inputs: int = 2, n_outputs: int = 3) -> str:
    """PASS when ``layer`` (layer or model, either framework) computes sigmoid(x W + b).

    W and b are read from the layer itself and the output is compared with NumPy, so no
    seeded expected values are involved. With ``x`` the check also reports the layer's
    output for it, and with ``output`` it checks that ``output`` is that output.
    """
    kind = _model_framework(layer, "layer")
    weights, difference = _verify_dense(layer, kind, "layer", n_inputs, n_outputs)
    name = type(layer).__name__
    message = (
        f"{name} computes sigmoid(x·W + b): on a test batch it matches NumPy with its own "
        f"weights (max difference {difference:.1e})"
    )
    if x is None:
        if output is not None:
            fail("output was given without the input x it came from; pass x too")
        return message
    _, x_values = _read_tensor(x, "x", kind, _example(kind, "[[1, 2.]]"))
    expected = _sigmoid_dense(x_values, weights.W, weights.b)
    if output is None:
        output = _call(layer, x, "layer")
    got = _read_output(output, "output", "call the model on x, e.g. model(x_input)")
    if got.shape != expected.shape:
        fail(
            f"output should have shape {expected.shape} for x of shape {x_values.shape}, "
            f"got {got.shape}"
        )
    if not np.allclose(got, expected, atol=TOLERANCE):
        fail(f"output {_fmt(got)} is not {name}(x) = {_fmt(expected)}")
    return f"{message}; for x = {_fmt(x_values)} it gives {_fmt(got)}"


@self_check
def check_layers_agree(tf_layer, torch_layer, n_inputs: int = 2, n_outputs: int = 3) -> str:
    """PASS when a Keras layer and a PyTorch module give the same output for the same weights.

    One W and b are drawn from NumPy, copied into both layers, and both run on the same
    batch; the layers' own weights are put back afterwards.
    """
    _model_framework(tf_layer, "tf_layer (the first argument)", TENSORFLOW)
    _model_framework(torch_layer, "torch_layer (the second argument)", PYTORCH)
    tf_weights, _ = _verify_dense(tf_layer, TENSORFLOW, "tf_layer", n_inputs, n_outputs)
    torch_weights, _ = _verify_dense(torch_layer, PYTORCH, "torch_layer", n_inputs, n_outputs)

    rng = np.random.default_rng(2021)
    W = rng.normal(size=(n_inputs, n_outputs)).astype(np.float32)
    b = rng.normal(size=n_outputs).astype(np.float32)
    x = _test_batch(n_inputs, seed=1)
    saved = [(w, w.kernel_values, w.bias_values) for w in (tf_weights, torch_weights)]
    try:
        for weights in (tf_weights, torch_weights):
            _assign(weights.kernel, W.T if weights.transposed else W)
            _assign(weights.bias, b)
        tf_out = to_array(_call(tf_layer, from_numpy(x, TENSORFLOW), "tf_layer"))
        torch_out = to_array(_call(torch_layer, from_numpy(x, PYTORCH), "torch_layer"))
    finally:
        for weights, kernel_values, bias_values in saved:
            _assign(weights.kernel, kernel_values)
            _assign(weights.bias, bias_values)

    reference = _sigmoid_dense(x, W, b)
    between = float(np.abs(tf_out - torch_out).max())
    tf_error = float(np.abs(tf_out - reference).max())
    torch_error = float(np.abs(torch_out - reference).max())
    if max(between, tf_error, torch_error) > TOLERANCE:
        fail(
            f"with the same W and b copied in, the layers disagree: TensorFlow vs PyTorch "
            f"{between:.3g}, TensorFlow vs NumPy {tf_error:.3g}, PyTorch vs NumPy "
            f"{torch_error:.3g} (max differences)"
        )
    return (
        f"with the same W and b copied into both, {type(tf_layer).__name__} and "
        f"{type(torch_layer).__name__} agree on a batch of {len(x)} inputs (max difference "
        f"{between:.1e}) and both match sigmoid(x·W + b) in NumPy; their own weights are restored"
    )


def _assign(variable, values) -> None:
    """Copy NumPy values into a tf.Variable / keras.Variable or a torch Parameter."""
    values = np.asarray(values).reshape(tuple(variable.shape))
    if framework_of(variable) == PYTORCH:
        import torch

        with torch.no_grad():
            variable.copy_(torch.from_numpy(np.ascontiguousarray(values)).to(variable.dtype))
    else:
        variable.assign(values)


@self_check
def check_identity_model(
    model, x=None, out_activate=None, out_identity=None, n_inputs: int = 2, n_outputs: int = 3
) -> str:
    """PASS when ``model(x)`` is its dense layer's output and ``model(x, isidentity=True)`` is x.

    With ``x``, also checks the reader's ``out_activate`` and ``out_identity`` if given.
    """
    kind = _model_framework(model, "model")
    batch = _test_batch(n_inputs)
    identity = _call(model, from_numpy(batch, kind), "model", isidentity=True)
    identity_values = _read_output(
        identity,
        "model(x, isidentity=True)",
        f"return the input when isidentity is True in {_METHOD[kind]}",
    )
    if identity_values.shape != batch.shape or not np.array_equal(identity_values, batch):
        fail(
            f"model(x, isidentity=True) should return x unchanged (shape {batch.shape}), "
            f"got {describe(identity)}"
        )
    weights, difference = _verify_dense(model, kind, "model", n_inputs, n_outputs)
    _verify_dense(model, kind, "model", n_inputs, n_outputs, isidentity=False)
    message = (
        f"model(x) applies the dense layer (sigmoid(x·W + b), max difference "
        f"{difference:.1e}) and model(x, isidentity=True) returns x unchanged"
    )
    if x is None:
        return message
    _, x_values = _read_tensor(x, "x", kind, _example(kind, "[[1, 2.]]"))
    if out_identity is not None:
        got = _read_output(out_identity, "out_identity", "call the model with isidentity=True")
        if got.shape != x_values.shape or not np.array_equal(got, x_values):
            fail(f"out_identity should be x unchanged, {_fmt(x_values)}; got {_fmt(got)}")
        message += f"; out_identity = {_fmt(got)}"
    if out_activate is not None:
        expected = _sigmoid_dense(x_values, weights.W, weights.b)
        got = _read_output(out_activate, "out_activate", "call the model on x without isidentity")
        if got.shape != expected.shape or not np.allclose(got, expected, atol=TOLERANCE):
            fail(f"out_activate should be model(x) = {_fmt(expected)}; got {_fmt(got)}")
        message += f"; out_activate = {_fmt(got)}"
    return message


# --------------------------------------------------------------------------------------
# Section 4: automatic differentiation


_NO_GRADIENT_HINT = {
    TENSORFLOW: (
        "the tape recorded nothing for x: make x a tf.Variable (or call tape.watch(x)) and "
        "compute y inside the `with tf.GradientTape()` block"
    ),
    PYTORCH: (
        "x.grad is filled in only by y.backward(), and only for an x created with "
        "requires_grad=True"
    ),
}


@self_check
def check_gradient(dy_dx, expected: float = 6.0, framework=None) -> str:
    """PASS when ``dy_dx`` (a number or a 1-value tensor) equals ``expected``."""
    framework = _framework_arg(framework)
    if dy_dx is None:
        hint = _NO_GRADIENT_HINT.get(framework, " / ".join(_NO_GRADIENT_HINT.values()))
        fail(f"dy_dx is None: {hint}")
    values = _read_output(dy_dx, "dy_dx", "compute the gradient of y with respect to x")
    if values.size != 1:
        fail(f"dy_dx should be a single number, got {describe(dy_dx)}")
    value = float(values.reshape(-1)[0])
    if not np.isclose(value, expected, rtol=1e-6, atol=1e-6):
        hint = ""
        if np.isclose(value, 2 * expected):
            hint = (
                ": exactly twice the answer, as if two backward() calls added up in x.grad; "
                "zero it (x.grad.zero_()) between them"
            )
        fail(f"dy_dx is {value:g}, expected {expected:g}{hint}")
    return f"dy_dx = {value:g} ({describe(dy_dx)})"


LOSS_POINTS = (-1.0, 3.0, 6.5)


@self_check
def check_loss(loss_fn, framework, target: float = 4.0) -> str:
    """PASS when ``loss_fn(x)`` is (x - target)**2 and the framework can differentiate it.

    ``x`` is a one-value tf.Variable or torch tensor (requires_grad=True), like the ``x``
    of the lab's optimisation loop.
    """
    framework = _framework_arg(framework)
    if framework not in (TENSORFLOW, PYTORCH):
        fail(
            "check_loss needs framework='tensorflow' or framework='pytorch' "
            "(it differentiates the loss)"
        )
    if loss_fn is ...:
        fail("the loss function is still `...` (the TODO)")
    if not callable(loss_fn):
        fail(f"loss_fn should be a function of x, got {describe(loss_fn)}")
    differentiate = _tf_value_and_grad if framework == TENSORFLOW else _torch_value_and_grad
    for point in LOSS_POINTS:
        loss, grad = differentiate(loss_fn, point)
        expected = (point - target) ** 2
        if not np.isclose(loss, expected, rtol=1e-5, atol=1e-5):
            hint = ""
            if np.isclose(loss, point - target, atol=1e-5):
                hint = ": that is x - x_f, without the square"
            fail(
                f"loss at x = {point:g} is {loss:g}, expected (x - {target:g})² = {expected:g}{hint}"
            )
        expected_grad = 2 * (point - target)
        if not np.isclose(grad, expected_grad, rtol=1e-5, atol=1e-5):
            fail(
                f"dL/dx at x = {point:g} is {grad:g}, "
                f"expected 2(x - {target:g}) = {expected_grad:g}"
            )
    return (
        f"loss(x) = (x - {target:g})² and {FRAMEWORK_LABELS[framework]} differentiates it to "
        f"2(x - {target:g}) at x = {', '.join(f'{p:g}' for p in LOSS_POINTS)}"
    )


def _scalar_of(loss, framework: str) -> float:
    if loss is ...:
        fail("loss(x) returned `...`: write the loss (x - x_f) ** 2")
    if tensor_framework(loss) != framework:
        fail(
            f"loss(x) returned {describe(loss)}; compute it from x with "
            f"{FRAMEWORK_LABELS[framework]} operations so that gradients can flow"
        )
    values = to_array(loss)
    if values.size != 1:
        fail(f"loss(x) should hold one value, got {describe(loss)}")
    return float(values.reshape(-1)[0])


def _tf_value_and_grad(loss_fn, point: float):
    import tensorflow as tf

    x = tf.Variable([point])
    with tf.GradientTape() as tape:
        try:
            loss = loss_fn(x)
        except Exception as error:
            fail(f"loss(x) for a tf.Variable x raised {one_line(error)}")
    value = _scalar_of(loss, TENSORFLOW)
    grad = tape.gradient(loss, x)
    if grad is None:
        fail(
            "the tape found no path from x to the loss (tape.gradient returned None): "
            "compute the loss from x with TensorFlow operations, not NumPy"
        )
    return value, float(to_array(grad).reshape(-1)[0])


def _torch_value_and_grad(loss_fn, point: float):
    import torch

    x = torch.tensor([point], requires_grad=True)
    try:
        loss = loss_fn(x)
    except Exception as error:
        fail(f"loss(x) for a torch.Tensor x raised {one_line(error)}")
    value = _scalar_of(loss, PYTORCH)
    if loss.grad_fn is None:
        fail(
            "the loss is not connected to x (it has no grad_fn): compute it from x with "
            "PyTorch operations, without .item(), .detach() or NumPy"
        )
    loss.backward()
    return value, float(x.grad.reshape(-1)[0])


@self_check
def check_minimization(
    history, target: float = 4.0, learning_rate: float = 1e-2, steps: int = 500
) -> str:
    """PASS when ``history`` (x after each step) follows x <- x - lr * 2(x - target) to target."""
    values = _history_values(history)
    if len(values) != steps:
        hint = ": append x after each update" if len(values) == 0 else ""
        fail(f"history should hold {steps} values, one per step, got {len(values)}{hint}")
    if not np.all(np.isfinite(values)):
        step = int(np.argmin(np.isfinite(values))) + 1
        fail(
            f"x became {values[step - 1]} at step {step}: the updates diverged; the update is "
            f"x <- x - lr * dL/dx with lr = {learning_rate:g}"
        )
    predicted = values[:-1] - learning_rate * 2 * (values[:-1] - target)
    # float32 steps agree with float64 NumPy to about 1e-6; report the first step that doesn't.
    off = np.abs(values[1:] - predicted) > 1e-5 * np.maximum(1.0, np.abs(values[:-1]))
    if off.any():
        first = int(np.argmax(off))
        fail(
            f"step {first + 2} went from x = {values[first]:.6g} to {values[first + 1]:.6g}, but "
            f"x <- x - {learning_rate:g} * 2(x - {target:g}) gives {predicted[first]:.6g}: check "
            "the loss (x - x_f)², the learning rate and the sign of the update"
        )
    if abs(values[-1] - target) > 1e-2:
        fail(f"after {steps} steps x = {values[-1]:.6g}, not within 0.01 of {target:g}")
    return (
        f"{steps} steps of x <- x - {learning_rate:g} * dL/dx took x from {values[0]:.4g} "
        f"(after step 1) to {values[-1]:.6g} (target {target:g})"
    )


def _history_values(history) -> np.ndarray:
    if history is ...:
        fail("history is still `...`: collect x after each step in a list")
    if tensor_framework(history) is not None:
        return to_array(history).astype(np.float64).reshape(-1)
    if not isinstance(history, (list, tuple)):
        fail(f"history should be a list of x after each step, got {describe(history)}")
    if (
        len(history) > 1
        and tensor_framework(history[0]) in (TENSORFLOW, PYTORCH)
        and all(item is history[0] for item in history)
    ):
        fail(
            f"every entry of history is the same {type_name(history[0])} object, so all show "
            "x's final value: append a copy, x.item() (PyTorch) or x.numpy()[0] (TensorFlow)"
        )
    values = []
    for step, item in enumerate(history, start=1):
        try:
            array = to_array(item)
        except TensorReadError:
            fail(f"history[{step - 1}] should be a number, got {describe(item)}")
        if array.size != 1:
            fail(f"history[{step - 1}] should be one number, got {describe(item)}")
        values.append(float(array.reshape(-1)[0]))
    return np.asarray(values, np.float64)
