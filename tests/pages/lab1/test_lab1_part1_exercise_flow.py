"""Lab 1 part 1 as a student runs it: answers in the TODO cells, then every cell in order.

One kernel per family of answers: every exercise, in both frameworks, gets the same kind of
answer in one run (left untouched, the wrong shape, the wrong dtype, the right shape with
wrong values, or correct). Each wrong answer must give exactly one FAIL line that names what
was expected, the cells after it must go on with introdl's reference (and say so), and no
cell anywhere may raise. The correct answers (the page's own solutions, typed into the TODO
cells) must all PASS.

Where an exercise has no dtype to get wrong (a matrix of any numbers, a function whose check
accepts any float result, a loss), the "wrong dtype" family holds the closest type mistake:
a Python list, Python arithmetic, NumPy, ``predict()``; each such answer says so.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from book_testing import REPO_ROOT
from exercise_flow import (assert_every_answer_passes, assert_untouched_todos_fail_once, assert_wrong_answers_fail_once,
                           run_as_student, solutions)

PAGE = REPO_ROOT / "book" / "labs" / "lab1_part1_intro_tf_pytorch.md"
pytestmark = pytest.mark.slow

# The name a check cell assigns first: `tf_matrix = ...` or `tf_out_activate, tf_out_identity = ...`.
_ASSIGNS = re.compile(r"^(\w+)(?:\s*,\s*\w+)*\s*=", re.MULTILINE)


def _answer(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


def _tf_dense_layer(call: str) -> str:
    """A TFDenseLayer whose call() is ``call`` (the rest as the page gives it)."""
    return _answer("""
        class TFDenseLayer(tf.keras.layers.Layer):
            def __init__(self, n_output_nodes):
                super().__init__()
                self.n_output_nodes = n_output_nodes

            def build(self, input_shape):
                d = int(input_shape[-1])
                self.W = self.add_weight(name="weight", shape=[d, self.n_output_nodes])
                self.b = self.add_weight(name="bias", shape=[1, self.n_output_nodes])

            def call(self, x):
        """) + "\n" + textwrap.indent(_answer(call), " " * 8)


def _torch_dense_layer(forward: str) -> str:
    """A TorchDenseLayer whose forward() is ``forward``."""
    return _answer("""
        class TorchDenseLayer(nn.Module):
            def __init__(self, num_inputs, num_outputs):
                super().__init__()
                self.W = nn.Parameter(torch.randn(num_inputs, num_outputs))
                self.bias = nn.Parameter(torch.randn(num_outputs))

            def forward(self, x):
        """) + "\n" + textwrap.indent(_answer(forward), " " * 8)


def _tf_subclass_model(dense_layer: str) -> str:
    return _answer(f"""
        class TFSubclassModel(tf.keras.Model):
            def __init__(self, n_output_nodes):
                super().__init__()
                self.dense_layer = {dense_layer}

            def call(self, inputs):
                return self.dense_layer(inputs)
        """)


def _torch_subclass_model(linear: str, activation: str) -> str:
    return _answer(f"""
        class TorchSubclassModel(nn.Module):
            def __init__(self, num_inputs, num_outputs):
                super().__init__()
                self.linear = {linear}
                self.activation = {activation}

            def forward(self, inputs):
                linear_output = self.linear(inputs)
                output = self.activation(linear_output)
                return output
        """)


def _tf_identity_model(call: str) -> str:
    return _answer("""
        class TFIdentityModel(tf.keras.Model):
            def __init__(self, n_output_nodes):
                super().__init__()
                self.dense_layer = tf.keras.layers.Dense(n_output_nodes, activation="sigmoid")

            def call(self, inputs, isidentity=False):
        """) + "\n" + textwrap.indent(_answer(call), " " * 8)


def _torch_identity_model(forward: str) -> str:
    return _answer("""
        class TorchIdentityModel(nn.Module):
            def __init__(self, num_inputs, num_outputs):
                super().__init__()
                self.linear = nn.Linear(num_inputs, num_outputs)
                self.activation = nn.Sigmoid()

            def forward(self, inputs, isidentity=False):
        """) + "\n" + textwrap.indent(_answer(forward), " " * 8)


def _func(framework: str, c: str, d: str, e: str, result: str = "e") -> str:
    return _answer(f"""
        def {framework}_func(a, b):
            c = {c}
            d = {d}
            e = {e}
            return {result}
        """)


def _outputs(framework: str, activate: str, identity: str) -> str:
    return f"{framework}_out_activate = {activate}\n{framework}_out_identity = {identity}"


def _loss(framework: str, body: str) -> str:
    return f"def {framework}_loss(x):\n    return {body}"


# (answer, a phrase the FAIL line must contain) for each TODO cell, by family.
WRONG_ANSWERS = {
    "wrong shape": {
        "tf_matrix": ("tf_matrix = tf.constant([1, 2, 3])  # a vector", "should be 2-d"),
        "torch_matrix": ("torch_matrix = torch.tensor([1, 2, 3])  # a vector", "should be 2-d"),
        "tf_images": ("tf_images = tf.zeros([10, 3, 256, 256])  # PyTorch's NCHW", "NCHW layout"),
        "torch_images": ("torch_images = torch.zeros(10, 256, 256, 3)  # Keras' NHWC", "NHWC layout"),
        "tf_func": (_func("tf", "tf.add(a, b)", "tf.subtract([b], 1)  # [b]: a vector of one", "tf.multiply(c, d)"),
                    "should return a scalar (0-d)"),
        "torch_func": (_func("torch", "torch.add(a, b)", "torch.subtract(b, 1)", "torch.multiply(c, d)",
                             result="e.reshape(1)  # a vector of one"), "should return a scalar (0-d)"),
        # The output flattened into a vector.
        "TFDenseLayer": (_tf_dense_layer("""
            z = tf.matmul(x, self.W) + self.b
            y = tf.sigmoid(z)
            return tf.reshape(y, [-1])
            """), "should return shape (4, 3)"),
        "TorchDenseLayer": (_torch_dense_layer("""
            z = torch.matmul(x, self.W) + self.bias
            y = torch.sigmoid(z)
            return y.flatten()
            """), "should return shape (4, 3)"),
        # One output unit (a binary classifier) instead of n_output_nodes; in PyTorch the sizes swapped.
        "tf_model": (_answer("""
            tf_model = tf.keras.Sequential()
            tf_model.add(tf.keras.layers.Dense(1, activation="sigmoid"))
            """), "W of shape (2, 3)"),
        "torch_model": (_answer("""
            torch_model = nn.Sequential(nn.Linear(n_output_nodes, n_input_nodes), nn.Sigmoid())
            """), "W of shape (2, 3)"),
        "tf_model_output": ("tf_model_output = tf_model(tf_x_input)[0]  # the first row only",
                            "should have shape (1, 3)"),
        "torch_model_output": ("torch_model_output = torch_model(torch_x_input)[0]  # the first row only",
                               "should have shape (1, 3)"),
        "TFSubclassModel": (_tf_subclass_model('tf.keras.layers.Dense(1, activation="sigmoid")'),
                            "W of shape (2, 3)"),
        "TorchSubclassModel": (_torch_subclass_model("nn.Linear(num_outputs, num_inputs)", "nn.Sigmoid()"),
                               "W of shape (2, 3)"),
        # "Identity" read as tf.identity / nn.Identity of the dense layer's output.
        "TFIdentityModel": (_tf_identity_model("""
            if isidentity:
                return tf.identity(self.dense_layer(inputs))
            return self.dense_layer(inputs)
            """), "should return x unchanged (shape (4, 2))"),
        "TorchIdentityModel": (_torch_identity_model("""
            if isidentity:
                return nn.Identity()(self.activation(self.linear(inputs)))
            return self.activation(self.linear(inputs))
            """), "should return x unchanged (shape (4, 2))"),
        # isidentity=True in both calls.
        "tf_out_activate": (_outputs("tf", "tf_identity_model(tf_x_input, isidentity=True)",
                                     "tf_identity_model(tf_x_input, isidentity=True)"),
                            "out_activate should have shape (1, 3)"),
        "torch_out_activate": (_outputs("torch", "torch_identity_model(torch_x_input, isidentity=True)",
                                        "torch_identity_model(torch_x_input, isidentity=True)"),
                               "out_activate should have shape (1, 3)"),
        # The target written as a vector: one loss per entry.
        "tf_loss": (_loss("tf", "(x - [x_f, x_f]) ** 2"), "should hold one value"),
        "torch_loss": (_loss("torch", "(x - torch.tensor([x_f, x_f])) ** 2"), "should hold one value"),
    },
    "wrong dtype": {
        # No dtype is asked of the matrix: the closest type mistake is a nested Python list.
        "tf_matrix": ("tf_matrix = [[1, 2, 3], [4, 5, 6]]", "should be a tf.Tensor"),
        "torch_matrix": ("torch_matrix = [[1, 2, 3], [4, 5, 6]]", "should be a torch.Tensor"),
        "tf_images": ("tf_images = tf.zeros([10, 256, 256, 3], dtype=tf.uint8)  # pixel bytes", "float32"),
        "torch_images": ("torch_images = torch.zeros(10, 3, 256, 256, dtype=torch.uint8)", "float32"),
        # func's check takes any float result: the closest type mistake is Python arithmetic, which
        # gives a Python float for Python numbers instead of a tensor.
        "tf_func": (_func("tf", "a + b", "b - 1", "c * d"), "should return a tf.Tensor"),
        "torch_func": (_func("torch", "a + b", "b - 1", "c * d"), "should return a torch.Tensor"),
        # Computed in float64, "for precision".
        "TFDenseLayer": (_tf_dense_layer("""
            z = tf.matmul(tf.cast(x, tf.float64), tf.cast(self.W, tf.float64)) + tf.cast(self.b, tf.float64)
            y = tf.sigmoid(z)
            return y
            """), "should return a float32"),
        "TorchDenseLayer": (_torch_dense_layer("""
            z = torch.matmul(x.double(), self.W.double()) + self.bias.double()
            y = torch.sigmoid(z)
            return y
            """), "should return a float32"),
        "tf_model": (_answer("""
            tf_model = tf.keras.Sequential()
            tf_model.add(tf.keras.layers.Dense(n_output_nodes, activation="sigmoid", dtype="float64"))
            """), "weights should be float32"),
        "torch_model": (_answer("""
            torch_model = nn.Sequential(nn.Linear(n_input_nodes, n_output_nodes, dtype=torch.float64), nn.Sigmoid())
            """), "weights should be float32"),
        # No dtype to choose when calling a model: the closest type mistake is NumPy instead of a tensor.
        "tf_model_output": ("tf_model_output = tf_model.predict(tf_x_input, verbose=0)",
                            "should be a tf.Tensor"),
        "torch_model_output": ("torch_model_output = torch_model(torch_x_input).detach().numpy()",
                               "should be a torch.Tensor"),
        "TFSubclassModel": (_tf_subclass_model('tf.keras.layers.Dense(n_output_nodes, activation="sigmoid", '
                                               'dtype="float64")'), "weights should be float32"),
        "TorchSubclassModel": (_torch_subclass_model("nn.Linear(num_inputs, num_outputs).double()", "nn.Sigmoid()"),
                               "weights should be float32"),
        # The identity's dtype is the input's: the closest type mistake is a NumPy copy of the input.
        "TFIdentityModel": (_tf_identity_model("""
            if isidentity:
                return inputs.numpy()
            return self.dense_layer(inputs)
            """), "should return x itself"),
        "TorchIdentityModel": (_torch_identity_model("""
            if isidentity:
                return inputs.numpy()
            return self.activation(self.linear(inputs))
            """), "should return x itself"),
        "tf_out_activate": (_outputs("tf", "tf_identity_model.predict(tf_x_input, verbose=0)",
                                     "tf_identity_model(tf_x_input, isidentity=True)"),
                            "out_activate should be a tf.Tensor"),
        "torch_out_activate": (_outputs("torch", "torch_identity_model(torch_x_input).detach().numpy()",
                                        "torch_identity_model(torch_x_input, isidentity=True)"),
                               "out_activate should be a torch.Tensor"),
        # The loss's check takes any float dtype: the closest type mistake leaves the framework
        # (NumPy, a Python float), which cuts the gradient.
        "tf_loss": (_loss("tf", "(x.numpy() - x_f) ** 2"), "so that gradients can flow"),
        "torch_loss": (_loss("torch", "(x.item() - x_f) ** 2"), "so that gradients can flow"),
    },
    "wrong values": {
        # Any numbers are right; the natural mistake with the right rank is a matrix too small
        # for the slicing below.
        "tf_matrix": ("tf_matrix = tf.constant([[1, 2], [3, 4]])", "at least 2 rows and 3 columns"),
        "torch_matrix": ("torch_matrix = torch.tensor([[1, 2], [3, 4]])", "at least 2 rows and 3 columns"),
        "tf_images": ("tf_images = tf.ones([10, 256, 256, 3])", "should be all zeros"),
        "torch_images": ("torch_images = torch.ones(10, 3, 256, 256)", "should be all zeros"),
        "tf_func": (_func("tf", "tf.add(a, b)", "tf.subtract(a, 1)  # a for b", "tf.multiply(c, d)"),
                    "expected 6"),
        "torch_func": (_func("torch", "torch.add(a, b)", "torch.subtract(b, 1)", "torch.add(c, d)  # + for *"),
                       "expected 6"),
        # The sigmoid forgotten.
        "TFDenseLayer": (_tf_dense_layer("""
            z = tf.matmul(x, self.W) + self.b
            y = z
            return y
            """), "without the sigmoid"),
        "TorchDenseLayer": (_torch_dense_layer("""
            z = torch.matmul(x, self.W)
            y = torch.sigmoid(z)  # the bias forgotten
            return y
            """), "without the bias"),
        "tf_model": (_answer("""
            tf_model = tf.keras.Sequential()
            tf_model.add(tf.keras.layers.Dense(n_output_nodes))  # no activation
            """), "without the sigmoid"),
        "torch_model": (_answer("""
            torch_model = nn.Sequential(nn.Linear(n_input_nodes, n_output_nodes))  # no nn.Sigmoid
            """), "without the sigmoid"),
        # The custom layer's output from the step before, not the model's.
        "tf_model_output": ("tf_model_output = tf_y", "should be model(x_input)"),
        "torch_model_output": ("torch_model_output = torch_y", "should be model(x_input)"),
        "TFSubclassModel": (_tf_subclass_model('tf.keras.layers.Dense(n_output_nodes, activation="relu")'),
                            "is not sigmoid(x·W + b)"),
        "TorchSubclassModel": (_torch_subclass_model("nn.Linear(num_inputs, num_outputs)", "nn.ReLU()"),
                               "is not sigmoid(x·W + b)"),
        # The activation applied to the input, as if "identity" meant "the activation alone".
        "TFIdentityModel": (_tf_identity_model("""
            if isidentity:
                return tf.sigmoid(inputs)
            return self.dense_layer(inputs)
            """), "should return x unchanged"),
        # The sigmoid forgotten outside the identity branch.
        "TorchIdentityModel": (_torch_identity_model("""
            if isidentity:
                return inputs
            return self.linear(inputs)
            """), "without the sigmoid"),
        # The Sequential model from before: the same network, other weights.
        "tf_out_activate": (_outputs("tf", "tf_model(tf_x_input)", "tf_identity_model(tf_x_input, isidentity=True)"),
                            "out_activate should be model(x_input)"),
        "torch_out_activate": (_outputs("torch", "torch_model(torch_x_input)",
                                        "torch_identity_model(torch_x_input, isidentity=True)"),
                               "out_activate should be model(x_input)"),
        "tf_loss": (_loss("tf", "x - x_f  # the square forgotten"), "without the square"),
        "torch_loss": (_loss("torch", "torch.abs(x - x_f)"), "expected (x - 4)²"),
    },
}

# What the FAIL line of an untouched TODO names, by exercise: that the answer is still `...`,
# or, for the Sequential models (whose TODO cell holds an empty model), that it has no layers.
UNTOUCHED = {"tf_model": "has no layers yet", "torch_model": "has no layers yet"}


def _exercise_name(check_source: str) -> str:
    """The first name a check cell assigns (some assign two, e.g. ``a, b = ...``)."""
    return _ASSIGNS.search(check_source).group(1)


@pytest.fixture(scope="module")
def page_solutions():
    import jupytext

    return solutions(jupytext.read(PAGE))


def test_every_todo_cell_has_a_solution_and_every_family_answers_it(page_solutions):
    assert len(page_solutions) == 20, sorted(page_solutions)
    for family, answers in WRONG_ANSWERS.items():
        assert set(answers) == set(page_solutions), family


def test_correct_answers_pass_and_nothing_falls_back(page_solutions, monkeypatch):
    run = run_as_student(PAGE, page_solutions, monkeypatch)
    assert_every_answer_passes(run, page_solutions, name_of=_exercise_name)


def test_untouched_todos_give_one_fail_each_and_the_page_runs_on(page_solutions, monkeypatch):
    run = run_as_student(PAGE, {}, monkeypatch)
    assert_untouched_todos_fail_once(run, page_solutions, lambda name, line: UNTOUCHED.get(name, "`...`") in line,
                                     name_of=_exercise_name)


@pytest.mark.parametrize("family", sorted(WRONG_ANSWERS))
def test_wrong_answers_give_one_fail_that_names_the_expectation(family, monkeypatch):
    answers = WRONG_ANSWERS[family]
    run = run_as_student(PAGE, {name: source for name, (source, _) in answers.items()}, monkeypatch)
    assert_wrong_answers_fail_once(run, answers, name_of=_exercise_name)
