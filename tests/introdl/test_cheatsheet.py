"""The cheat sheet is read from a page's own tagged code cells."""

import os
import textwrap

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


import pytest

from book_testing import REPO_ROOT
from introdl.cheatsheet import api_table, apis_in, import_aliases

PAGE = REPO_ROOT / "book" / "labs" / "lab1_part1_intro_tf_pytorch.md"

MINI_PAGE = textwrap.dedent(
    '''\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    # Title

    ```{code-cell} ipython3
    import numpy as np
    import tensorflow as tf
    import torch
    from torch import nn
    ```

    ## Gradients

    ```{code-cell} ipython3
    :tags: [tensorflow]

    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
    print(tape.gradient(y, x).numpy(), np.zeros(2).sum())
    history = []
    history.append(1)
    ```

    ```{code-cell} ipython3
    :tags: [pytorch]

    class Net(nn.Module):
        def forward(self, x):
            return x

    x = torch.tensor(3.0, requires_grad=True)
    (x * x).backward()
    print(x.grad, str(x).split("."), x.not_a_torch_api, torch.not_a_function)
    ```
    '''
)


@pytest.fixture
def mini_page(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(MINI_PAGE)
    return path


def test_rows_are_steps_and_names_are_resolved(mini_page):
    table = api_table(mini_page)
    assert [step.title for step in table.steps] == ["Gradients"]
    step = table.steps[0]
    assert step.tensorflow == [
        "tf.Variable",
        "tf.GradientTape(persistent=True)",
        "tf.GradientTape",
        ".numpy()",  # outer call first: tape.gradient(y, x).numpy()
        ".gradient()",
    ]
    assert step.pytorch == [
        "torch.nn.Module",
        "def forward()",
        "torch.tensor(requires_grad=True)",
        "torch.tensor",
        ".backward()",
        ".grad",
    ]


def test_rendering(mini_page):
    table = api_table(mini_page)
    assert "<code>tf.GradientTape(persistent=True)</code>" in table._repr_html_()
    assert table.to_markdown().splitlines()[0] == "| Step | TensorFlow | PyTorch |"


def test_import_aliases():
    aliases = import_aliases(["import torch.nn as nn\nfrom tensorflow.keras import layers\nimport torch.fx", "%matplotlib inline"])
    assert aliases == {"nn": "torch.nn", "layers": "tensorflow.keras.layers", "torch": "torch"}
    assert apis_in("layers.Dense(3)", aliases, "tensorflow") == ["tf.keras.layers.Dense"]
    assert apis_in("this is not python", aliases, "tensorflow") == []


def test_missing_page():
    with pytest.raises(FileNotFoundError, match="no such page"):
        api_table("no/such/page.md")


def test_the_lab_page_covers_every_api_the_issue_names():
    table = api_table(PAGE)
    tf_names = {name for step in table.steps for name in step.tensorflow}
    torch_names = {name for step in table.steps for name in step.pytorch}
    assert {
        "tf.constant", "tf.string", "tf.rank", "tf.zeros", "tf.transpose", "tf.add", "tf.subtract",
        "tf.multiply", "tf.keras.layers.Layer", "def build()", "def call()", "tf.matmul", "tf.sigmoid",
        "tf.keras.Sequential", "tf.keras.layers.Dense", "tf.keras.Model", "tf.GradientTape",
        "tf.GradientTape(persistent=True)", ".gradient()", ".assign()", "tf.keras.optimizers.SGD",
        ".apply_gradients()",
    } <= tf_names
    assert {
        "torch.tensor", "torch.zeros", ".permute()", "torch.add", "torch.subtract", "torch.multiply",
        "torch.nn.Module", "def forward()", "torch.nn.Parameter", "torch.matmul", "torch.sigmoid",
        "torch.nn.Sequential", "torch.nn.Linear", "torch.nn.Sigmoid", ".backward()", ".grad", ".zero_()",
        ".backward(retain_graph=True)", "torch.no_grad", "torch.optim.SGD", ".zero_grad()", ".step()",
    } <= torch_names
