"""The exercises of Lab 1 part 1, as the page runs them: ``answer = exercises.<exercise>.check(answer, ...)``.

Each :class:`~introdl.exercises.Exercise` prints its check's one-line PASS or FAIL and returns
the answer when it passes; when it fails (a wrong answer, or the TODO left open) it returns
introdl's reference instead, built with the page's own names and signatures, so the cells
below keep working (see :mod:`introdl.exercises`).

The checks are those of :mod:`introdl.lab1.part1_checks`, with what the page itself needs from an
answer added: a matrix big enough for the slicing cell, a function that returns a tensor,
a class the page can instantiate, float32 weights and outputs, and the outputs the page
prints. Where an exercise asks for a class (a layer or a model), the check builds it with the
page's constructor arguments and checks the instance.

TensorFlow and PyTorch are imported lazily, when a check or a reference needs them.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np

from . import part1_checks as checks
from .part1_checks import TOLERANCE, _dense_weights, _fmt, _METHOD, _model_framework, _parameters, _test_batch, _verify_dense
from ..selfcheck import fail, self_check
from ..exercises import Exercise
from ..frameworks import PYTORCH, TENSORFLOW, check_framework
from ..tensor_inspect import TENSOR_TYPE, describe, dtype_name, from_numpy, one_line, tensor_framework
from ..tensor_inspect import to_numpy as to_array

__all__ = [
    "dense_layer",
    "func",
    "identity_model",
    "identity_outputs",
    "images",
    "loss",
    "matrix",
    "model_output",
    "sequential_model",
    "subclass_model",
]

# The page's network: 2 inputs, n_output_nodes = 3 outputs.
N_INPUTS, N_OUTPUTS = 2, 3


def quiet_check(check):
    """``self_check``, with Keras' warnings about the answer's model silenced while the check probes it.

    A model whose ``call()`` still returns ``...`` makes Keras warn, on stderr, that the model
    was never built; the check's FAIL line already says what is wrong.
    """

    @functools.wraps(check)
    def run(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="keras")
            return check(*args, **kwargs)

    return self_check(run)


def _unwrapped(check):
    """A ``@self_check`` check as the plain function that returns a message or calls ``fail``."""
    return check.__wrapped__


def _framework(framework) -> str:
    return check_framework(framework)


# --------------------------------------------------------------------------------------
# Section 1: tensors


MATRIX_MIN_SHAPE = (2, 3)  # the slicing cell reads matrix[1], matrix[:, 2] and matrix[1, 2]


@self_check
def check_matrix(matrix, framework) -> str:
    """checks.check_matrix, and big enough for the page's slicing cell."""
    message = _unwrapped(checks.check_matrix)(matrix, framework)
    rows, columns = to_array(matrix).shape
    if rows < MATRIX_MIN_SHAPE[0] or columns < MATRIX_MIN_SHAPE[1]:
        fail(
            f"matrix should have at least {MATRIX_MIN_SHAPE[0]} rows and {MATRIX_MIN_SHAPE[1]} columns, "
            f"for the slicing below (row 1, column 2); got shape {(rows, columns)}"
        )
    return message


def _reference_matrix(framework: str, *args, **kwargs):
    values = [[1, 2, 3], [4, 5, 6]]
    if _framework(framework) == TENSORFLOW:
        import tensorflow as tf

        return tf.constant(values, dtype=tf.int32)
    import torch

    return torch.tensor(values)


def _reference_images(framework: str, *args, **kwargs):
    if _framework(framework) == TENSORFLOW:
        import tensorflow as tf

        return tf.zeros([10, 256, 256, 3])
    import torch

    return torch.zeros(10, 3, 256, 256)


# --------------------------------------------------------------------------------------
# Section 2: computations


_OPERATIONS = {
    TENSORFLOW: "tf.add, tf.subtract and tf.multiply",
    PYTORCH: "torch.add, torch.subtract and torch.multiply",
}


@self_check
def check_func(func, framework) -> str:
    """checks.check_func, and func(1.5, 2.5) is a tensor of the framework, as the graph figure needs."""
    framework = _framework(framework)
    message = _unwrapped(checks.check_func)(func, framework)
    result = func(1.5, 2.5)
    if tensor_framework(result) != framework:
        fail(
            f"func(1.5, 2.5) should return {TENSOR_TYPE[framework]}, got {describe(result)}: compute c, d and e "
            f"with {_OPERATIONS[framework]}, which turn numbers into tensors"
        )
    return message


def _reference_func(framework: str, *args, **kwargs):
    if _framework(framework) == TENSORFLOW:
        import tensorflow as tf

        def func(a, b):
            c = tf.add(a, b)
            d = tf.subtract(b, 1)
            e = tf.multiply(c, d)
            return e

        return func
    import torch

    def func(a, b):
        c = torch.add(a, b)
        d = torch.subtract(b, 1)
        e = torch.multiply(c, d)
        return e

    return func


# --------------------------------------------------------------------------------------
# Section 3: layers and models computing sigmoid(x W + b)


def _instance(cls, name: str, framework: str, arguments: str, *args, **kwargs):
    """``cls(*args, **kwargs)``, the way the page builds it, or FAIL saying why it cannot be."""
    if cls is ...:
        fail(f"{name} is still `...` (the TODO): define the class")
    if not isinstance(cls, type):
        fail(f"{name} should be a class, got {describe(cls)}")
    try:
        model = cls(*args, **kwargs)
    except Exception as error:
        fail(f"{cls.__name__}({arguments}) raised {one_line(error)}")
    _model_framework(model, f"{cls.__name__}({arguments})", framework)
    _no_todo_attributes(model, cls.__name__)
    return model


def _no_todo_attributes(model, name: str) -> None:
    """FAIL naming the layer an ``__init__`` left as ``...`` (the TODO)."""
    left = [key for key, value in vars(model).items() if value is ...]
    if left:
        verb = "is" if len(left) == 1 else "are"
        fail(f"{name}'s {' and '.join(f'self.{key}' for key in left)} {verb} still `...` (the TODO) in __init__()")


def _is_empty_sequential(model, kind: str) -> bool:
    if kind == TENSORFLOW:
        import tensorflow as tf

        return isinstance(model, tf.keras.Sequential) and not model.layers
    from torch import nn

    return isinstance(model, nn.Sequential) and len(model) == 0


_DEFAULT_DTYPE = {TENSORFLOW: "no dtype= argument", PYTORCH: "no dtype= argument, no .double()"}


def _float32_weights(model, kind: str, name: str) -> None:
    for path, weight, _ in _parameters(model, kind):
        if dtype_name(weight) != "float32":
            fail(
                f"{name}'s weights should be float32, the dtype of the input x, got {dtype_name(weight)} for "
                f"{path}: keep the default dtype ({_DEFAULT_DTYPE[kind]})"
            )


def _check_dense(model, kind: str, name: str) -> str:
    """PASS message when ``model`` computes sigmoid(x W + b) with float32 weights and output."""
    if _is_empty_sequential(model, kind):
        layers = "tf.keras.layers.Dense with a sigmoid" if kind == TENSORFLOW else "nn.Linear and nn.Sigmoid"
        fail(f"{name} has no layers yet (the TODO): add {layers}")
    if kind == PYTORCH:  # the weights exist before the first call: name a wrong shape or dtype before it fails
        _dense_weights(model, kind, name, N_INPUTS, N_OUTPUTS)
        _float32_weights(model, kind, name)
    _, difference = _verify_dense(model, kind, name, N_INPUTS, N_OUTPUTS)
    _float32_weights(model, kind, name)
    output = model(from_numpy(_test_batch(N_INPUTS), kind))
    if tensor_framework(output) != kind or dtype_name(output) != "float32":
        fail(f"{name}(x) should return a float32 {TENSOR_TYPE[kind][2:]}, like x, got {describe(output)}")
    return (
        f"{type(model).__name__} computes sigmoid(x·W + b): on a test batch it matches NumPy with its own "
        f"weights (max difference {difference:.1e})"
    )


@quiet_check
def check_dense_layer_class(cls, framework) -> str:
    """The page's dense layer class, built as the page builds it, computes sigmoid(x W + b)."""
    framework = _framework(framework)
    if framework == TENSORFLOW:
        layer = _instance(cls, "the layer class", framework, f"{N_OUTPUTS}", N_OUTPUTS)
    else:
        arguments = f"num_inputs={N_INPUTS}, num_outputs={N_OUTPUTS}"
        layer = _instance(cls, "the layer class", framework, arguments, num_inputs=N_INPUTS, num_outputs=N_OUTPUTS)
    return _check_dense(layer, framework, "layer")


@quiet_check
def check_sequential_model(model, framework) -> str:
    """The page's Sequential model computes sigmoid(x W + b) with 2 inputs and 3 outputs."""
    framework = _framework(framework)
    kind = _model_framework(model, "model", framework)
    return _check_dense(model, kind, "model")


@quiet_check
def check_subclass_model(cls, framework) -> str:
    """The page's subclassed model class, built as the page builds it, computes sigmoid(x W + b)."""
    framework = _framework(framework)
    if framework == TENSORFLOW:
        model = _instance(cls, "the model class", framework, f"{N_OUTPUTS}", N_OUTPUTS)
    else:
        model = _instance(cls, "the model class", framework, f"{N_INPUTS}, {N_OUTPUTS}", N_INPUTS, N_OUTPUTS)
    return _check_dense(model, framework, "model")


@quiet_check
def check_identity_model_class(cls, framework) -> str:
    """The page's identity model: model(x) is its dense layer, model(x, isidentity=True) is x itself."""
    framework = _framework(framework)
    if framework == TENSORFLOW:
        model = _instance(cls, "the model class", framework, f"{N_OUTPUTS}", N_OUTPUTS)
    else:
        arguments = f"num_inputs={N_INPUTS}, num_outputs={N_OUTPUTS}"
        model = _instance(cls, "the model class", framework, arguments, num_inputs=N_INPUTS, num_outputs=N_OUTPUTS)
    message = _unwrapped(checks.check_identity_model)(model)
    x = from_numpy(_test_batch(N_INPUTS), framework)
    identity = model(x, isidentity=True)
    if tensor_framework(identity) != framework or dtype_name(identity) != "float32":
        fail(
            f"model(x, isidentity=True) should return x itself ({TENSOR_TYPE[framework]}, float32), got "
            f"{describe(identity)}: return the input as it came in {_METHOD[framework]}"
        )
    _float32_weights(model, framework, "model")
    output = model(x)
    if tensor_framework(output) != framework or dtype_name(output) != "float32":
        fail(f"model(x) should return a float32 {TENSOR_TYPE[framework][2:]}, like x, got {describe(output)}")
    return message


def _read_answer(value, name: str, framework: str, todo: str):
    """The values of a tensor the page computed, or FAIL: still `...`, None, or not a tensor."""
    if value is ...:
        fail(f"{name} is still `...` (the TODO): {todo}")
    if value is None:
        fail(f"{name} is None: {todo}")
    if tensor_framework(value) != framework:
        hint = " (predict() returns NumPy; calling the model returns a tensor)" if framework == TENSORFLOW else ""
        fail(f"{name} should be {TENSOR_TYPE[framework]}, got {describe(value)}: {todo}{hint}")
    return to_array(value)


def _compare(name: str, value, expected: np.ndarray, what: str) -> None:
    """FAIL unless ``value`` (a float32 tensor) has the shape and values of ``expected``."""
    values = to_array(value)
    if values.shape != expected.shape:
        fail(f"{name} should have shape {expected.shape}, that of {what}, got {values.shape}")
    if dtype_name(value) != "float32":
        fail(f"{name} should be float32, like {what}, got {dtype_name(value)}")
    if not np.allclose(values, expected, atol=TOLERANCE):
        fail(f"{name} should be {what} = {_fmt(expected)}, got {_fmt(values)}")


@quiet_check
def check_model_output(output, model, x, framework) -> str:
    """``output`` is model(x): the tensor, its shape, dtype and values."""
    framework = _framework(framework)
    _read_answer(output, "model_output", framework, "call the model on the input, model(x_input)")
    expected = to_array(model(x))
    _compare("model_output", output, expected, "model(x_input)")
    return f"model_output is model(x_input) = {_fmt(expected)} ({describe(output)})"


@quiet_check
def check_identity_outputs(outputs, model, x, framework) -> str:
    """``outputs`` is (model(x), model(x, isidentity=True)): out_activate first, then out_identity."""
    framework = _framework(framework)
    out_activate, out_identity = outputs
    _read_answer(out_activate, "out_activate", framework, "call the model on the input, model(x_input)")
    _compare("out_activate", out_activate, to_array(model(x)), "model(x_input)")
    _read_answer(out_identity, "out_identity", framework,
                 "call the model on the input with isidentity=True, model(x_input, isidentity=True)")
    _compare("out_identity", out_identity, to_array(x), "x_input unchanged")
    return (
        f"out_activate is model(x_input) = {_fmt(to_array(out_activate))} and out_identity is x_input unchanged, "
        f"{_fmt(to_array(out_identity))}"
    )


# The references: the page's own solutions, built once per framework.


@functools.lru_cache(maxsize=None)
def _reference_classes(framework: str) -> dict:
    if framework == TENSORFLOW:
        import tensorflow as tf

        class TFDenseLayer(tf.keras.layers.Layer):
            def __init__(self, n_output_nodes):
                super().__init__()
                self.n_output_nodes = n_output_nodes

            def build(self, input_shape):
                d = int(input_shape[-1])
                self.W = self.add_weight(name="weight", shape=[d, self.n_output_nodes])
                self.b = self.add_weight(name="bias", shape=[1, self.n_output_nodes])

            def call(self, x):
                return tf.sigmoid(tf.matmul(x, self.W) + self.b)

        class TFSubclassModel(tf.keras.Model):
            def __init__(self, n_output_nodes):
                super().__init__()
                self.dense_layer = tf.keras.layers.Dense(n_output_nodes, activation="sigmoid")

            def call(self, inputs):
                return self.dense_layer(inputs)

        class TFIdentityModel(tf.keras.Model):
            def __init__(self, n_output_nodes):
                super().__init__()
                self.dense_layer = tf.keras.layers.Dense(n_output_nodes, activation="sigmoid")

            def call(self, inputs, isidentity=False):
                if isidentity:
                    return inputs
                return self.dense_layer(inputs)

        return {"dense": TFDenseLayer, "subclass": TFSubclassModel, "identity": TFIdentityModel}

    import torch
    from torch import nn

    class TorchDenseLayer(nn.Module):
        def __init__(self, num_inputs, num_outputs):
            super().__init__()
            self.W = nn.Parameter(torch.randn(num_inputs, num_outputs))
            self.bias = nn.Parameter(torch.randn(num_outputs))

        def forward(self, x):
            return torch.sigmoid(torch.matmul(x, self.W) + self.bias)

    class TorchSubclassModel(nn.Module):
        def __init__(self, num_inputs, num_outputs):
            super().__init__()
            self.linear = nn.Linear(num_inputs, num_outputs)
            self.activation = nn.Sigmoid()

        def forward(self, inputs):
            return self.activation(self.linear(inputs))

    class TorchIdentityModel(nn.Module):
        def __init__(self, num_inputs, num_outputs):
            super().__init__()
            self.linear = nn.Linear(num_inputs, num_outputs)
            self.activation = nn.Sigmoid()

        def forward(self, inputs, isidentity=False):
            if isidentity:
                return inputs
            return self.activation(self.linear(inputs))

    return {"dense": TorchDenseLayer, "subclass": TorchSubclassModel, "identity": TorchIdentityModel}


def _reference_class(kind: str):
    def reference(framework: str, *args, **kwargs):
        return _reference_classes(_framework(framework))[kind]

    return reference


def _reference_sequential_model(framework: str, *args, **kwargs):
    if _framework(framework) == TENSORFLOW:
        import tensorflow as tf

        return tf.keras.Sequential([tf.keras.layers.Dense(N_OUTPUTS, activation="sigmoid")])
    from torch import nn

    return nn.Sequential(nn.Linear(N_INPUTS, N_OUTPUTS), nn.Sigmoid())


def _reference_model_output(framework: str, model, x, *args, **kwargs):
    return model(x)


def _reference_identity_outputs(framework: str, model, x, *args, **kwargs):
    return model(x), model(x, isidentity=True)


# --------------------------------------------------------------------------------------
# Section 4: the loss (x - x_f)²


def _reference_loss(framework: str, *args, target: float = 4.0, **kwargs):
    def loss(x):
        return (x - target) ** 2

    return loss


# --------------------------------------------------------------------------------------
# The exercises, in the order of the page


matrix = Exercise("matrix", check_matrix, _reference_matrix)
images = Exercise("images", checks.check_images, _reference_images)
func = Exercise("func", check_func, _reference_func)
dense_layer = Exercise("dense layer class", check_dense_layer_class, _reference_class("dense"))
sequential_model = Exercise("Sequential model", check_sequential_model, _reference_sequential_model)
model_output = Exercise("model output", check_model_output, _reference_model_output)
subclass_model = Exercise("subclassed model class", check_subclass_model, _reference_class("subclass"))
identity_model = Exercise("identity model class", check_identity_model_class, _reference_class("identity"))
identity_outputs = Exercise("outputs (out_activate, out_identity)", check_identity_outputs, _reference_identity_outputs)
loss = Exercise("loss", checks.check_loss, _reference_loss)
