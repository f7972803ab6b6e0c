"""The self-checks of Lab 1 Part 1: right and wrong answers in both frameworks, and bad input.

Every check must return a one-line PASS/FAIL result and never raise (except in strict
mode), whatever it is given.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
import torch
from torch import nn

from book_testing import REPO_ROOT
from introdl.lab1 import part1_checks as checks
from introdl.lab1.part1_checks import CheckFailed, CheckResult


def assert_pass(result):
    assert isinstance(result, CheckResult)
    assert result.passed, repr(result)
    assert repr(result).startswith("PASS: ")
    assert "\n" not in repr(result)


def assert_fail(result, *fragments):
    """FAIL, on one line, and the message names what was expected."""
    assert isinstance(result, CheckResult)
    assert not result.passed, repr(result)
    assert repr(result).startswith("FAIL: ")
    assert "\n" not in repr(result)
    for fragment in fragments:
        assert fragment in result.message, f"{fragment!r} not in {result.message!r}"


# --------------------------------------------------------------------------------------
# Strict mode (the engine itself is tested in tests/introdl/test_selfcheck.py)


def test_fail_does_not_raise_by_default(monkeypatch):
    monkeypatch.delenv(checks.STRICT_ENV_VAR, raising=False)
    assert_fail(checks.check_matrix(...))


def test_strict_mode_raises_on_fail_but_not_on_pass(monkeypatch):
    monkeypatch.setenv(checks.STRICT_ENV_VAR, "1")
    with pytest.raises(CheckFailed, match=r"^FAIL: matrix should be 2-d"):
        checks.check_matrix(tf.constant([1, 2, 3]))
    assert_pass(checks.check_matrix(tf.constant([[1, 2]])))


@pytest.mark.parametrize(
    "check",
    [
        checks.check_matrix,
        checks.check_images,
        checks.check_func,
        checks.check_dense_layer,
        checks.check_layers_agree,
        checks.check_identity_model,
        checks.check_gradient,
        checks.check_loss,
        checks.check_minimization,
    ],
)
def test_every_check_answers_a_missing_argument_with_a_fail_line(check):
    assert_fail(check(), "could not run", "missing")


@pytest.mark.parametrize("framework", ["jax", 3, "TensorFlow 2"])
def test_unknown_framework_is_a_fail_naming_the_known_ones(framework):
    assert_fail(checks.check_matrix(tf.constant([[1]]), framework=framework), "use one of tensorflow, pytorch")


# --------------------------------------------------------------------------------------
# check_matrix


@pytest.mark.parametrize(
    "matrix, framework",
    [
        (tf.constant([[1, 2, 3], [4, 5, 6]]), "tensorflow"),
        (tf.Variable([[1.0, 2.0], [3.0, 4.0]]), "tensorflow"),
        (torch.tensor([[1, 2, 3], [4, 5, 6]]), "pytorch"),
        (torch.zeros(2, 4), "torch"),
        (np.ones((2, 2)), None),
        (tf.constant([[1, 2]]), None),
    ],
)
def test_check_matrix_passes_2d_tensors(matrix, framework):
    assert_pass(checks.check_matrix(matrix, framework=framework))


def test_check_matrix_reports_rank_and_shape():
    assert_fail(checks.check_matrix(tf.constant([1, 2, 3])), "2-d", "1-d tf.Tensor of shape (3,)")
    assert_fail(checks.check_matrix(torch.zeros(2, 2, 2), "pytorch"), "3-d torch.Tensor", "torch.tensor(")


def test_check_matrix_wants_the_framework_it_was_told():
    assert_fail(checks.check_matrix(torch.zeros(2, 2), "tensorflow"), "should be a tf.Tensor", "tf.constant(")
    assert_fail(checks.check_matrix(np.zeros((2, 2)), "pytorch"), "torch.Tensor", "numpy.ndarray")


@pytest.mark.parametrize(
    "value, fragments",
    [
        (..., ["still `...`", "tf.constant([[1, 2, 3], [4, 5, 6]])"]),
        ([[1, 2], [3, 4]], ["got a list", "tf.constant("]),
        ("matrix", ["got a str"]),
        (None, ["got None"]),
        (object(), ["does not know"]),
        (tf.constant, ["does not know"]),
    ],
)
def test_check_matrix_bad_input(value, fragments):
    assert_fail(checks.check_matrix(value, framework="tensorflow"), *fragments)


# --------------------------------------------------------------------------------------
# check_images


def test_check_images_passes_each_frameworks_layout():
    assert_pass(checks.check_images(tf.zeros([10, 256, 256, 3]), framework="tensorflow"))
    assert_pass(checks.check_images(torch.zeros(10, 3, 256, 256), framework="pytorch"))
    assert_pass(checks.check_images(np.zeros((10, 3, 256, 256), np.float32)))
    assert_pass(checks.check_images(torch.zeros(10, 256, 256, 3), layout="NHWC"))


def test_check_images_names_the_other_layout():
    assert_fail(checks.check_images(tf.zeros([10, 3, 256, 256])), "(10, 256, 256, 3)", "NCHW", "PyTorch")
    assert_fail(checks.check_images(torch.zeros(10, 256, 256, 3)), "(10, 3, 256, 256)", "NHWC", "TensorFlow")


def test_check_images_wrong_shape_dtype_values():
    assert_fail(checks.check_images(tf.zeros([10, 256, 256])), "(10, 256, 256, 3)", "got (10, 256, 256)")
    assert_fail(checks.check_images(tf.zeros([10, 256, 256, 3], tf.int32)), "float32", "got int32")
    assert_fail(checks.check_images(torch.zeros(10, 3, 256, 256, dtype=torch.float64)), "float32", "float64")
    ones = torch.zeros(10, 3, 256, 256)
    ones[0, 0, 0, :5] = 1
    assert_fail(checks.check_images(ones), "all zeros", "5 of its 1,966,080")


def test_check_images_bad_input():
    assert_fail(checks.check_images(..., framework="pytorch"), "still `...`", "torch.zeros(10, 3, 256, 256)")
    assert_fail(checks.check_images(tf.zeros([10, 256, 256, 3]), layout="HWC"), "'NHWC' or 'NCHW'")
    assert_fail(checks.check_images(torch.zeros(10, 3, 256, 256), framework="tensorflow"), "tf.Tensor")


# --------------------------------------------------------------------------------------
# check_func


def tf_func(a, b):
    return tf.multiply(tf.add(a, b), tf.subtract(b, 1))


def torch_func(a, b):
    return torch.multiply(torch.add(a, b), torch.subtract(b, 1))


def test_check_func_passes_both_frameworks_and_plain_python():
    assert_pass(checks.check_func(tf_func, framework="tensorflow"))
    assert_pass(checks.check_func(torch_func, framework="pytorch"))
    assert_pass(checks.check_func(lambda a, b: (a + b) * (b - 1)))


@pytest.mark.parametrize(
    "func, fragments",
    [
        (lambda a, b: tf.multiply(tf.add(a, b), tf.add(b, 1)), ["func(1.5, 2.5) returned 14", "expected 6"]),
        (lambda a, b: a + b * (b - 1), ["returned 5.25", "expected 6"]),
        (lambda a, b: 6.0, ["func(2.0, 3.0) returned 6", "expected 10"]),
        (lambda a, b: ..., ["`...`", "TODOs"]),
        (lambda a, b: None, ["None", "return"]),
        (lambda a, b: tf.reshape(tf.multiply(tf.add(a, b), tf.subtract(b, 1)), [1]), ["scalar", "shape (1,)"]),
        (lambda a: a, ["raised TypeError"]),
        (lambda a, b: "six", ["should be a tensor", "str"]),
    ],
)
def test_check_func_wrong_answers(func, fragments):
    assert_fail(checks.check_func(func, framework="tensorflow"), *fragments)


def test_check_func_tries_framework_tensors_too():
    # Works on Python floats, breaks on torch tensors: the check says which input broke it.
    def floats_only(a, b):
        return float(a + b) * float(b - 1) if isinstance(a, float) else "oops"

    assert_fail(checks.check_func(floats_only, framework="pytorch"), "with torch.Tensor inputs")


def test_check_func_bad_input():
    assert_fail(checks.check_func(...), "still `...`")
    assert_fail(checks.check_func(6.0), "function of (a, b)", "a float")


# --------------------------------------------------------------------------------------
# Dense layers and models: fixtures in both frameworks


class TFDenseLayer(tf.keras.layers.Layer):
    """The lab's custom layer; `activation` and `use_bias` let tests make it wrong."""

    def __init__(self, n_output_nodes, activation=tf.sigmoid, use_bias=True, todo=False):
        super().__init__()
        self.n_output_nodes = n_output_nodes
        self.activation, self.use_bias, self.todo = activation, use_bias, todo

    def build(self, input_shape):
        d = int(input_shape[-1])
        self.W = self.add_weight(name="weight", shape=[d, self.n_output_nodes])
        self.b = self.add_weight(name="bias", shape=[1, self.n_output_nodes])

    def call(self, x):
        if self.todo:
            return ...
        z = tf.matmul(x, self.W) + (self.b if self.use_bias else 0.0)
        return self.activation(z)


class TorchDenseLayer(nn.Module):
    def __init__(self, num_inputs, num_outputs, activation=torch.sigmoid, use_bias=True, todo=False):
        super().__init__()
        self.W = nn.Parameter(torch.randn(num_inputs, num_outputs))
        self.bias = nn.Parameter(torch.randn(num_outputs))
        self.activation, self.use_bias, self.todo = activation, use_bias, todo

    def forward(self, x):
        if self.todo:
            return ...
        z = torch.matmul(x, self.W) + (self.bias if self.use_bias else 0.0)
        return self.activation(z)


def identity(z):
    return z


class TFSubclassModel(tf.keras.Model):
    def __init__(self, n_output_nodes, todo=False):
        super().__init__()
        self.dense_layer = ... if todo else tf.keras.layers.Dense(n_output_nodes, activation="sigmoid")

    def call(self, inputs):
        return self.dense_layer(inputs)


class TorchSubclassModel(nn.Module):
    def __init__(self, num_inputs, num_outputs, todo=False):
        super().__init__()
        self.linear = ... if todo else nn.Linear(num_inputs, num_outputs)
        self.activation = ... if todo else nn.Sigmoid()

    def forward(self, inputs):
        return self.activation(self.linear(inputs))


TF_X = tf.constant([[1, 2.0]])
TORCH_X = torch.tensor([[1, 2.0]])


def right_dense_models():
    return [
        TFDenseLayer(3),
        TorchDenseLayer(2, 3),
        tf.keras.Sequential([tf.keras.layers.Dense(3, activation="sigmoid")]),
        nn.Sequential(nn.Linear(2, 3), nn.Sigmoid()),
        TFSubclassModel(3),
        TorchSubclassModel(2, 3),
    ]


@pytest.mark.parametrize("model", right_dense_models(), ids=lambda m: type(m).__name__)
def test_check_dense_layer_passes_layers_and_models_of_both_frameworks(model):
    x = TORCH_X if isinstance(model, nn.Module) else TF_X
    result = checks.check_dense_layer(model, x=x)
    assert_pass(result)
    assert "for x = [[1. 2.]] it gives" in result.message


def test_check_dense_layer_checks_the_given_output():
    layer = TFDenseLayer(3)
    assert_pass(checks.check_dense_layer(layer, x=TF_X, output=layer(TF_X)))
    torch_layer = TorchDenseLayer(2, 3)
    assert_pass(checks.check_dense_layer(torch_layer, x=TORCH_X, output=torch_layer(TORCH_X)))
    assert_fail(checks.check_dense_layer(torch_layer, x=TORCH_X, output=torch.zeros(1, 3)), "is not")
    assert_fail(checks.check_dense_layer(torch_layer, x=TORCH_X, output=torch.zeros(3)), "shape (1, 3)")
    assert_fail(checks.check_dense_layer(layer, x=TF_X, output=...), "output is `...`")


def test_check_dense_layer_does_not_depend_on_a_seed():
    # Any initialisation passes: the reference is computed from the layer's own weights.
    for seed in (0, 1, 2):
        torch.manual_seed(seed)
        tf.keras.utils.set_random_seed(seed)
        assert_pass(checks.check_dense_layer(TorchDenseLayer(2, 3)))
        assert_pass(checks.check_dense_layer(TFDenseLayer(3)))


@pytest.mark.parametrize(
    "model, fragments",
    [
        (TFDenseLayer(3, activation=identity), ["without the sigmoid"]),
        (TorchDenseLayer(2, 3, activation=identity), ["without the sigmoid"]),
        (TFDenseLayer(3, use_bias=False), ["without the bias"]),
        (TorchDenseLayer(2, 3, use_bias=False), ["without the bias"]),
        (TFDenseLayer(3, activation=tf.nn.relu), ["is not sigmoid(x·W + b)"]),
        (TFDenseLayer(3, todo=True), ["`...`", "call()"]),
        (TorchDenseLayer(2, 3, todo=True), ["`...`", "forward()"]),
        (tf.keras.Sequential([tf.keras.layers.Dense(3)]), ["without the sigmoid"]),
        (nn.Sequential(nn.Linear(2, 3)), ["without the sigmoid"]),
        (tf.keras.Sequential(), ["raised ValueError", "no layers"]),
        (nn.Sequential(), ["no weights", "nn.Linear"]),
        (nn.Sequential(nn.Linear(2, 4), nn.Sigmoid()), ["exactly two weights", "(4, 2)"]),
        (nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 3), nn.Sigmoid()), ["exactly two weights"]),
        (TFSubclassModel(3, todo=True), ["raised TypeError", "'ellipsis' object is not callable"]),
        (TorchSubclassModel(2, 3, todo=True), ["raised TypeError", "'ellipsis' object is not callable"]),
        (nn.Sequential(nn.Sigmoid()), ["no weights"]),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, list) else "",
)
def test_check_dense_layer_wrong_models(model, fragments):
    assert_fail(checks.check_dense_layer(model), *fragments)


@pytest.mark.parametrize(
    "value, fragments",
    [
        (..., ["still `...`"]),
        (TFDenseLayer, ["the class TFDenseLayer", "instance"]),
        (torch.zeros(2, 3), ["tf.keras layer or model, or a torch.nn.Module", "torch.Tensor"]),
        ("layer", ["torch.nn.Module", "a str"]),
    ],
)
def test_check_dense_layer_bad_input(value, fragments):
    assert_fail(checks.check_dense_layer(value), *fragments)


def test_check_dense_layer_wants_x_of_the_same_framework():
    assert_fail(checks.check_dense_layer(TorchDenseLayer(2, 3), x=TF_X), "x should be a torch.Tensor")


# --------------------------------------------------------------------------------------
# check_layers_agree


def test_check_layers_agree_passes_and_restores_weights():
    tf_layer, torch_layer = TFDenseLayer(3), TorchDenseLayer(2, 3)
    tf_layer.build((1, 2))
    before = [w.numpy().copy() for w in tf_layer.trainable_weights]
    torch_before = [p.detach().clone() for p in torch_layer.parameters()]
    assert_pass(checks.check_layers_agree(tf_layer, torch_layer))
    for old, new in zip(before, tf_layer.trainable_weights):
        np.testing.assert_array_equal(old, new.numpy())
    for old, new in zip(torch_before, torch_layer.parameters()):
        assert torch.equal(old, new)


def test_check_layers_agree_with_builtin_layers():
    assert_pass(
        checks.check_layers_agree(
            tf.keras.Sequential([tf.keras.layers.Dense(3, activation="sigmoid")]),
            nn.Sequential(nn.Linear(2, 3), nn.Sigmoid()),
        )
    )


def test_check_layers_agree_finds_the_wrong_layer():
    assert_fail(checks.check_layers_agree(TFDenseLayer(3), TorchDenseLayer(2, 3, activation=identity)), "torch_layer")
    assert_fail(checks.check_layers_agree(TFDenseLayer(3, todo=True), TorchDenseLayer(2, 3)), "tf_layer", "`...`")


def test_check_layers_agree_bad_input():
    assert_fail(checks.check_layers_agree(TorchDenseLayer(2, 3), TFDenseLayer(3)), "first argument", "TensorFlow")
    assert_fail(checks.check_layers_agree(TFDenseLayer(3), TFDenseLayer(3)), "second argument", "PyTorch")
    assert_fail(checks.check_layers_agree(TFDenseLayer(3), None), "torch.nn.Module")


# --------------------------------------------------------------------------------------
# check_identity_model


class TFIdentityModel(tf.keras.Model):
    def __init__(self, n_output_nodes, behaviour="right"):
        super().__init__()
        self.dense_layer = tf.keras.layers.Dense(n_output_nodes, activation="sigmoid")
        self.behaviour = behaviour

    def call(self, inputs, isidentity=False):
        x = self.dense_layer(inputs)
        if self.behaviour == "todo":
            return ...
        if self.behaviour == "always identity":
            return inputs
        if self.behaviour == "never identity":
            return x
        return inputs if isidentity else x


class TorchIdentityModel(nn.Module):
    def __init__(self, num_inputs, num_outputs, behaviour="right"):
        super().__init__()
        self.linear = nn.Linear(num_inputs, num_outputs)
        self.behaviour = behaviour

    def forward(self, inputs, isidentity=False):
        x = torch.sigmoid(self.linear(inputs))
        if self.behaviour == "todo":
            return ...
        if self.behaviour == "always identity":
            return inputs
        if self.behaviour == "never identity":
            return x
        return inputs if isidentity else x


class TorchNoSwitch(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 3)

    def forward(self, inputs):
        return torch.sigmoid(self.linear(inputs))


def test_check_identity_model_passes_both_frameworks():
    tf_model = TFIdentityModel(3)
    result = checks.check_identity_model(
        tf_model, x=TF_X, out_activate=tf_model(TF_X), out_identity=tf_model(TF_X, isidentity=True)
    )
    assert_pass(result)
    assert "out_identity = [[1. 2.]]" in result.message
    torch_model = TorchIdentityModel(2, 3)
    assert_pass(
        checks.check_identity_model(
            torch_model,
            x=TORCH_X,
            out_activate=torch_model(TORCH_X),
            out_identity=torch_model(TORCH_X, isidentity=True),
        )
    )


@pytest.mark.parametrize("make", [lambda b: TFIdentityModel(3, b), lambda b: TorchIdentityModel(2, 3, b)])
def test_check_identity_model_wrong_models(make):
    assert_fail(checks.check_identity_model(make("todo")), "`...`", "isidentity")
    assert_fail(checks.check_identity_model(make("always identity")), "returned its input unchanged")
    assert_fail(checks.check_identity_model(make("never identity")), "isidentity=True", "unchanged")


def test_check_identity_model_without_the_switch():
    assert_fail(checks.check_identity_model(TorchNoSwitch()), "isidentity=True", "raised TypeError")


def test_check_identity_model_wrong_outputs():
    model = TorchIdentityModel(2, 3)
    assert_fail(
        checks.check_identity_model(model, x=TORCH_X, out_identity=model(TORCH_X)), "out_identity should be x"
    )
    assert_fail(
        checks.check_identity_model(model, x=TORCH_X, out_activate=TORCH_X), "out_activate should be model(x)"
    )
    assert_fail(checks.check_identity_model(model, x=TORCH_X, out_activate=...), "out_activate is `...`")


def test_check_identity_model_bad_input():
    assert_fail(checks.check_identity_model(...), "still `...`")
    assert_fail(checks.check_identity_model(TF_X), "tf.keras layer or model")


# --------------------------------------------------------------------------------------
# check_gradient


def test_check_gradient_passes_both_frameworks():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert_pass(checks.check_gradient(tape.gradient(y, x), framework="tensorflow"))
    x = torch.tensor(3.0, requires_grad=True)
    (x**2).backward()
    assert_pass(checks.check_gradient(x.grad, framework="pytorch"))
    assert_pass(checks.check_gradient(6.0))


def test_check_gradient_wrong_answers():
    assert_fail(checks.check_gradient(tf.constant(3.0)), "is 3", "expected 6")
    assert_fail(checks.check_gradient(torch.tensor(12.0)), "twice", "zero_()")
    assert_fail(checks.check_gradient(torch.tensor([6.0, 6.0])), "single number")


def test_check_gradient_missing_gradients_name_the_cause():
    x = tf.constant(3.0)  # a constant is not watched by the tape
    with tf.GradientTape() as tape:
        y = x * x
    assert_fail(checks.check_gradient(tape.gradient(y, x), framework="tensorflow"), "None", "tf.Variable")
    assert_fail(checks.check_gradient(torch.tensor(3.0).grad, framework="pytorch"), "None", "requires_grad=True")
    assert_fail(checks.check_gradient(...), "`...`")
    assert_fail(checks.check_gradient("6"), "should be a tensor")


# --------------------------------------------------------------------------------------
# check_loss


def test_check_loss_passes_both_frameworks():
    assert_pass(checks.check_loss(lambda x: (x - 4) ** 2, framework="tensorflow"))
    assert_pass(checks.check_loss(lambda x: tf.square(x - 4), framework="tensorflow"))
    assert_pass(checks.check_loss(lambda x: (x - 4) ** 2, framework="pytorch"))
    assert_pass(checks.check_loss(lambda x: torch.square(x - 4), framework="torch"))


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_check_loss_wrong_answers(framework):
    assert_fail(checks.check_loss(lambda x: x - 4, framework), "without the square")
    assert_fail(checks.check_loss(lambda x: (x + 4) ** 2, framework), "expected (x - 4)² = 25")
    assert_fail(checks.check_loss(lambda x: ..., framework), "`...`")
    assert_fail(checks.check_loss(lambda x: 25.0, framework), "returned a float")
    assert_fail(checks.check_loss(lambda x, y: x, framework), "raised TypeError")


def test_check_loss_needs_a_differentiable_loss():
    assert_fail(
        checks.check_loss(lambda x: tf.constant((x.numpy() - 4) ** 2), "tensorflow"), "no path from x to the loss"
    )
    assert_fail(checks.check_loss(lambda x: (x.detach() - 4) ** 2, "pytorch"), "not connected to x")
    assert_fail(checks.check_loss(lambda x: (x - 4) ** 2 * torch.ones(2), "pytorch"), "one value")


def test_check_loss_bad_input():
    assert_fail(checks.check_loss(lambda x: (x - 4) ** 2, framework=None), "framework='tensorflow'")
    assert_fail(checks.check_loss(lambda x: (x - 4) ** 2, framework="numpy"), "framework='tensorflow'")
    assert_fail(checks.check_loss(..., "pytorch"), "still `...`")
    assert_fail(checks.check_loss(25, "pytorch"), "function of x")


# --------------------------------------------------------------------------------------
# check_minimization


def tf_history(learning_rate=1e-2, steps=500, loss=lambda x: (x - 4) ** 2):
    x = tf.Variable([-1.5])
    history = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            value = loss(x)
        x.assign(x - learning_rate * tape.gradient(value, x))
        history.append(x.numpy()[0])
    return history


def torch_history(learning_rate=1e-2, steps=500, optimizer=False):
    x = torch.tensor([0.7], requires_grad=True)
    sgd = torch.optim.SGD([x], lr=learning_rate)
    history = []
    for _ in range(steps):
        sgd.zero_grad()
        ((x - 4) ** 2).backward()
        if optimizer:
            sgd.step()
        else:
            with torch.no_grad():
                x -= learning_rate * x.grad
        history.append(x.item())
    return history


def test_check_minimization_passes_both_frameworks_and_optimizers():
    assert_pass(checks.check_minimization(tf_history()))
    assert_pass(checks.check_minimization(torch_history()))
    assert_pass(checks.check_minimization(torch_history(optimizer=True)))
    assert_pass(checks.check_minimization(torch.tensor(torch_history())))


def test_check_minimization_wrong_loss_or_learning_rate():
    assert_fail(checks.check_minimization(tf_history(loss=lambda x: x - 4)), "step 2", "check the loss")
    assert_fail(checks.check_minimization(torch_history(learning_rate=0.1)), "learning rate")
    assert_fail(checks.check_minimization(torch_history(steps=100), steps=500), "500 values", "got 100")


def test_check_minimization_catches_the_same_tensor_appended_each_step():
    x = torch.tensor([0.0], requires_grad=True)
    history = []
    for _ in range(500):
        ((x - 4) ** 2).backward()
        with torch.no_grad():
            x -= 1e-2 * x.grad
        x.grad.zero_()
        history.append(x)  # the same tensor object, updated in place
    assert_fail(checks.check_minimization(history), "same torch.Tensor object", "x.item()")


def test_check_minimization_bad_input():
    assert_fail(checks.check_minimization([]), "got 0", "append x")
    assert_fail(checks.check_minimization(...), "still `...`")
    assert_fail(checks.check_minimization("history"), "should be a list")
    assert_fail(checks.check_minimization([float("nan")] * 500), "diverged")
    assert_fail(checks.check_minimization([np.zeros(2)] * 500), "one number")
    assert_fail(checks.check_minimization(["x"] * 500), "should be a number")


# --------------------------------------------------------------------------------------
# The page's exercises (introdl.lab1.part1_exercises): a failed answer is replaced by the
# reference, so every reference must pass its own exercise's check


def _reference_answers(framework):
    from introdl.lab1 import part1_exercises as exercises

    if framework == "tensorflow":
        x = tf.constant([[1, 2.]])
    else:
        x = torch.tensor([[1, 2.]])
    model = exercises.sequential_model.reference(framework)
    identity_model = exercises.identity_model.reference(framework)(*((3,) if framework == "tensorflow" else (2, 3)))
    return [
        (exercises.matrix, ()),
        (exercises.images, ()),
        (exercises.func, ()),
        (exercises.dense_layer, ()),
        (exercises.sequential_model, ()),
        (exercises.model_output, (model, x)),
        (exercises.subclass_model, ()),
        (exercises.identity_model, ()),
        (exercises.identity_outputs, (identity_model, x)),
        (exercises.loss, ()),
    ]


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_every_lab_exercise_reference_passes_its_check(framework, capsys):
    for exercise, args in _reference_answers(framework):
        kwargs = {"target": 4} if exercise.name == "loss" else {}
        answer = exercise.reference(framework, *args, **kwargs)
        assert exercise.check(answer, *args, framework=framework, **kwargs) is answer, exercise.name
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 1 and lines[0].startswith("PASS: "), (exercise.name, lines)


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_a_failed_lab_exercise_says_so_and_returns_the_reference(framework, capsys):
    from introdl.lab1 import part1_exercises as exercises

    matrix = exercises.matrix.check(..., framework=framework)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("FAIL: matrix is still `...`")
    assert lines[1] == "The cells below use introdl's matrix in place of yours."
    assert checks.check_matrix(matrix, framework=framework).passed and tuple(matrix.shape) == (2, 3)


# --------------------------------------------------------------------------------------
# The page as a Binder reader meets it: TODO cells run, solutions skipped


@pytest.mark.slow
def test_lab_page_todo_cells_run_and_every_check_says_fail(monkeypatch):
    """Outside the book's build, with every TODO left open: nothing raises, each exercise FAILs once.

    The solution cells (they start with ``%%solution``) print one line and leave the TODO's
    ``...`` alone; each exercise's check prints one FAIL line and the line saying that the cells
    below use introdl's version; those cells (slicing the matrix, the optimisation loops, the
    comparison of the two layers) then run and their own checks pass.
    tests/pages/lab1/test_lab1_part1_exercise_flow.py tries every kind of wrong answer.
    """
    import jupytext
    from nbclient import NotebookClient

    from introdl.exercises import SOLUTION_SKIPPED

    page = REPO_ROOT / "book" / "labs" / "lab1_part1_intro_tf_pytorch.md"
    notebook = jupytext.read(page)
    monkeypatch.setenv("BOOK_PROFILE", "smoke")
    monkeypatch.delenv(checks.STRICT_ENV_VAR, raising=False)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(page.parent)}},
    ).execute()

    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]

    def printed(cell):
        return [line for output in cell.outputs if output.output_type == "stream"
                for line in output.text.splitlines() if line.strip()]

    errors = [(cell.source, output.ename) for cell in code_cells for output in cell.outputs
              if output.output_type == "error"]
    assert not errors, errors
    solution_cells = [cell for cell in code_cells if cell.source.startswith("%%solution")]
    todo_cells = [cell for cell in code_cells if "# TODO" in cell.source and cell not in solution_cells]
    exercise_checks = [cell for cell in code_cells if ".check(" in cell.source]
    assert len(todo_cells) == len(solution_cells) == len(exercise_checks) == 20
    for cell in solution_cells:
        assert printed(cell) == [SOLUTION_SKIPPED], cell.source
    for cell in exercise_checks:
        lines = printed(cell)
        assert len(lines) == 2 and lines[0].startswith("FAIL: "), (cell.source, lines)
        assert lines[1].startswith("The cells below use introdl's ") and lines[1].endswith(" in place of yours.")
    # The checks that are not exercises (the two layers agree, the gradient, the minimisation)
    # run on introdl's versions and pass.
    other_checks = [cell for cell in code_cells if "checks.check_" in cell.source]
    assert len(other_checks) == 7
    for cell in other_checks:
        results = [output for output in cell.outputs if output.output_type == "execute_result"]
        assert results[0]["data"]["text/plain"].startswith("PASS: "), cell.source


def test_the_contributing_guides_self_check_example_runs_as_documented(capsys):
    """CONTRIBUTING.md's exercise example is the convention's reference: run it."""
    guide = (REPO_ROOT / "CONTRIBUTING.md").read_text()
    section = guide.split("## Writing an exercise and its self-check", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(compile(example, "CONTRIBUTING.md example", "exec"), namespace)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "PASS: mean_fn([1, 2, 6]) is 3.0"
    assert lines[1].startswith("FAIL: mean_fn is still `...` (the TODO)")
    assert lines[2] == "FAIL: mean_fn(np.array([1., 2., 6.])) should be 3.0, got 2.0"
    assert lines[3] == "The cells below use introdl's mean in place of yours."
    assert namespace["mean_fn"] is namespace["np"].mean  # the failed answer was replaced by the reference
