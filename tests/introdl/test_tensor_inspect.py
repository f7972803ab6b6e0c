"""Recognising tensors of every framework without importing the frameworks."""

import os
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf
import torch

from introdl import tensor_inspect as ti


@pytest.mark.parametrize(
    "value, framework, name",
    [
        (tf.constant([1, 2]), "tensorflow", "tf.Tensor"),
        (tf.Variable([1.0]), "tensorflow", "tf.Variable"),
        (tf.keras.Variable([1.0]), "tensorflow", "tf.Variable"),
        (torch.zeros(2), "pytorch", "torch.Tensor"),
        (torch.nn.Parameter(torch.zeros(2)), "pytorch", "torch.nn.Parameter"),
        (np.zeros(2), "numpy", "numpy.ndarray"),
        (np.float32(1), "numpy", "numpy.float32"),
    ],
)
def test_tensor_kinds(value, framework, name):
    assert ti.tensor_framework(value) == framework
    assert ti.type_name(value) == name


def test_layers_are_not_tensors_but_belong_to_their_framework():
    assert ti.framework_of(tf.keras.layers.Dense(2)) == "tensorflow"
    assert ti.tensor_framework(tf.keras.layers.Dense(2)) is None
    assert ti.framework_of(torch.nn.Linear(2, 2)) == "pytorch"
    assert ti.tensor_framework(torch.nn.Linear(2, 2)) is None
    assert ti.framework_of([1, 2]) is None


def test_describe_and_dtype_names_agree_across_frameworks():
    assert ti.describe(tf.zeros([2, 3])) == "a 2-d tf.Tensor of shape (2, 3) and dtype float32"
    assert ti.describe(torch.zeros(2, 3)) == "a 2-d torch.Tensor of shape (2, 3) and dtype float32"
    assert ti.dtype_name(tf.keras.Variable([1.0])) == "float32"
    assert ti.describe(...) == "`...` (the TODO placeholder)"
    assert ti.describe(object()) == "an object"
    assert ti.describe(None) == "None"


def test_to_numpy_reads_every_kind_and_refuses_the_rest():
    for value in (tf.constant([1.0]), tf.Variable([1.0]), torch.ones(1, requires_grad=True), np.ones(1), 1.0):
        np.testing.assert_array_equal(ti.to_numpy(value).reshape(-1), [1.0])
    assert ti.to_numpy(torch.ones(2, dtype=torch.bfloat16)).dtype == np.float32
    with pytest.raises(ti.TensorReadError, match="expected a tf.Tensor"):
        ti.to_numpy([1.0])
    with pytest.raises(ti.TensorReadError, match="no values"):
        ti.to_numpy(tf.keras.Input((2,)))


def test_one_line_drops_keras_framing_and_ansi_codes():
    error = TypeError(
        "Exception encountered when calling M.call().\n\n\x1b[1m'ellipsis' object is not callable\x1b[0m"
        "\n\nArguments received by M.call():\n  • inputs=tf.Tensor(shape=(1, 2))"
    )
    assert ti.one_line(error) == "TypeError: 'ellipsis' object is not callable"
    assert len(ti.one_line(ValueError("x" * 500))) < 220


def test_importing_the_checks_imports_no_framework():
    code = "import sys, introdl.lab1.part1_checks, introdl.compgraph, introdl.cheatsheet; print('tensorflow' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
