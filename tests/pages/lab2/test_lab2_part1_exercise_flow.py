"""Lab 2 part 1 (MNIST) as a student runs it: answers in the TODO cells, then every cell in order.

One kernel per family of answers: every exercise, in both frameworks, gets the same kind of
answer in one run (left untouched, the wrong shape, the wrong dtype, the right shape with
wrong values, or correct). Each wrong answer must give exactly one FAIL line that names what
was expected, the cells after it must go on with introdl's reference (and say so), and no
cell anywhere may raise. The correct answers (the page's own solutions, typed into the TODO
cells) must all PASS.
"""

from __future__ import annotations

import textwrap

import pytest

from book_testing import REPO_ROOT
from exercise_flow import (assert_every_answer_passes, assert_untouched_todos_fail_once, assert_wrong_answers_fail_once,
                           run_as_student, solutions)

PAGE = REPO_ROOT / "book" / "labs" / "lab2_part1_mnist.md"
pytestmark = pytest.mark.slow


def _answer(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


def _tf_fc(last: str, hidden: str = "tf.nn.relu", dtype: str = "") -> str:
    return _answer(f"""
        def tf_build_fc_model():
            return tf.keras.Sequential([
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(128, activation={hidden}{dtype}),
                {last},
            ])
        """)


def _torch_fc(activation: str, last: str, suffix: str = "") -> str:
    return _answer(f"""
        def torch_build_fc_model():
            return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), {activation}, {last}){suffix}
        """)


def _tf_cnn(first_pool: str = "tf.keras.layers.MaxPool2D(2)", last: str = 'tf.keras.layers.Dense(10, activation="softmax")',
            dtype: str = "") -> str:
    return _answer(f"""
        def tf_build_cnn_model():
            return tf.keras.Sequential([
                tf.keras.layers.Conv2D(24, 3, activation="relu"{dtype}),
                {first_pool},
                tf.keras.layers.Conv2D(36, 3, activation="relu"),
                tf.keras.layers.MaxPool2D(2),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(128, activation="relu"),
                {last},
            ])
        """)


def _torch_cnn(pool: str = "nn.MaxPool2d(2)", last: str = "nn.Linear(128, 10)", suffix: str = "") -> str:
    return _answer(f"""
        def torch_build_cnn_model():
            return nn.Sequential(
                nn.Conv2d(1, 24, 3), nn.ReLU(), {pool},
                nn.Conv2d(24, 36, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(900, 128), nn.ReLU(), {last},
            ){suffix}
        """)


def _tf_step(loss: str, apply: str = "optimizer.apply_gradients(zip(grads, model.trainable_variables))",
             result: str = "loss") -> str:
    return _answer(f"""
        def tf_train_step(model, optimizer, images, labels):
            with tf.GradientTape() as tape:
                probabilities = model(images, training=True)
                loss = {loss}
            grads = tape.gradient(loss, model.trainable_variables)
            {apply}
            return {result}
        """)


def _torch_step(zero_grad: str = "optimizer.zero_grad()", loss: str = "F.cross_entropy(model(images), labels)",
                backward: str = "loss.backward()", result: str = "loss.detach()") -> str:
    return _answer(f"""
        def torch_train_step(model, optimizer, images, labels):
            model.train()
            {zero_grad}
            loss = {loss}
            {backward}
            optimizer.step()
            return {result}
        """)


def _torch_evaluate(loss: str, accuracy: str) -> str:
    return _answer(f"""
        def torch_evaluate(model, images, labels):
            model.eval()
            with torch.no_grad():
                logits = model(images)
                loss = {loss}
                accuracy = {accuracy}
            return loss, accuracy
        """)


MEAN_CE = "tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, probabilities))"

# (answer, a phrase the FAIL line must contain) for each TODO cell, by family.
WRONG_ANSWERS = {
    "wrong shape": {
        "tf_build_fc_model": (_tf_fc('tf.keras.layers.Dense(1, activation="sigmoid")  # one output'),
                              "should give shape (6, 10)"),
        "torch_build_fc_model": (_torch_fc("nn.ReLU()", "nn.Linear(128, 1)"), "should give shape (6, 10)"),
        "tf_evaluate": (_answer("""
            def tf_evaluate(model, images, labels):
                per_digit = tf.keras.losses.sparse_categorical_crossentropy(labels, model(images))
                return per_digit.numpy(), model.evaluate(images, labels, verbose=0)[1]  # one loss per digit
            """), "one number for all the digits"),
        "torch_evaluate": (_torch_evaluate("F.cross_entropy(logits, labels, reduction='none').numpy()",
                                           "(logits.argmax(dim=1) == labels).float().mean().item()"),
                           "one number for all the digits"),
        "tf_build_cnn_model": (_tf_cnn(last='tf.keras.layers.Dense(128, activation="softmax")  # not 10 classes'),
                               "should give shape (6, 10)"),
        "torch_build_cnn_model": (_torch_cnn(last="nn.Linear(128, 128)"), "should give shape (6, 10)"),
        "tf_prediction": ("tf_prediction = np.argmax(tf_predictions, axis=1)  # every test digit", "shape (2000,)"),
        "torch_prediction": ("torch_prediction = torch_predictions.argmax(dim=1)", "shape (2000,)"),
        # The 2021 lab's own loop: the vector of per-digit losses.
        "tf_train_step": (_tf_step("tf.keras.losses.sparse_categorical_crossentropy(labels, probabilities)"),
                          "one number (0-d)"),
        "torch_train_step": (_torch_step(loss="F.cross_entropy(model(images), labels, reduction='none')",
                                         backward="loss.mean().backward()"), "one number (0-d)"),
    },
    "wrong dtype": {
        "tf_build_fc_model": (_tf_fc('tf.keras.layers.Dense(10, activation="softmax", dtype="float64")',
                                     dtype=', dtype="float64"'), "float32"),
        "torch_build_fc_model": (_torch_fc("nn.ReLU()", "nn.Linear(128, 10)", suffix=".double()"), "float32"),
        "tf_evaluate": (_answer("""
            def tf_evaluate(model, images, labels):
                loss, accuracy = model.evaluate(images, labels, verbose=0)
                return loss, int(accuracy * len(labels))  # a count of digits, not a fraction
            """), "should be a float"),
        "torch_evaluate": (_torch_evaluate("F.cross_entropy(logits, labels)",
                                           "(logits.argmax(dim=1) == labels).float().mean()"),
                           "should be a Python float"),
        "tf_build_cnn_model": (_tf_cnn(dtype=', dtype="float64"'), "float32"),
        "torch_build_cnn_model": (_torch_cnn(suffix=".double()"), "float32"),
        "tf_prediction": ("tf_prediction = tf_predictions[0].max()  # the probability, not the class",
                          "integer class"),
        "torch_prediction": ("torch_prediction = torch_predictions[0].max().item()", "integer class"),
        "tf_train_step": (_tf_step(MEAN_CE, result="tf.cast(loss, tf.float64)"), "float32"),
        "torch_train_step": (_torch_step(result="loss.detach().double()"), "float32"),
    },
    "wrong values": {
        "tf_build_fc_model": (_tf_fc('tf.keras.layers.Dense(10, activation="softmax")', hidden="tf.nn.sigmoid"),
                              "differ from the lab's"),
        "torch_build_fc_model": (_torch_fc("nn.ReLU()", "nn.Linear(128, 10), nn.Softmax(dim=1)"),
                                 "leave the softmax"),
        "tf_evaluate": (_answer("""
            def tf_evaluate(model, images, labels):
                loss, accuracy = model.evaluate(images, labels, verbose=0)
                return accuracy, loss  # swapped
            """), "accuracy"),
        "torch_evaluate": (_torch_evaluate("F.cross_entropy(torch.softmax(logits, dim=1), labels).item()",
                                           "(logits.argmax(dim=1) == labels).float().mean().item()"),
                           "takes the logits"),
        "tf_build_cnn_model": (_tf_cnn(first_pool="tf.keras.layers.AveragePooling2D(2)"), "differ from the lab's"),
        "torch_build_cnn_model": (_torch_cnn(pool="nn.AvgPool2d(2)"), "differ from the lab's"),
        "tf_prediction": ("tf_prediction = np.argmin(tf_predictions[0])", "the class with the highest score"),
        "torch_prediction": ("torch_prediction = torch_predictions[1].argmax().item()  # the second digit",
                             "the class with the highest score"),
        "tf_train_step": (_tf_step(MEAN_CE, apply="pass  # the gradients are never applied"), "did not change"),
        "torch_train_step": (_torch_step(zero_grad="pass  # no zero_grad: the gradients pile up"), "zero_grad"),
    },
}


@pytest.fixture(scope="module")
def page_solutions():
    import jupytext

    return solutions(jupytext.read(PAGE))


def test_every_todo_cell_has_a_solution_and_every_family_answers_it(page_solutions):
    assert len(page_solutions) == 10, sorted(page_solutions)
    for family, answers in WRONG_ANSWERS.items():
        assert set(answers) == set(page_solutions), family


def test_correct_answers_pass_and_nothing_falls_back(page_solutions, monkeypatch):
    run = run_as_student(PAGE, page_solutions, monkeypatch)
    assert_every_answer_passes(run, page_solutions)


def test_untouched_todos_give_one_fail_each_and_the_page_runs_on(page_solutions, monkeypatch):
    run = run_as_student(PAGE, {}, monkeypatch)
    assert_untouched_todos_fail_once(run, page_solutions, lambda name, line: "still `...`" in line)


@pytest.mark.parametrize("family", sorted(WRONG_ANSWERS))
def test_wrong_answers_give_one_fail_that_names_the_expectation(family, monkeypatch):
    answers = WRONG_ANSWERS[family]
    run = run_as_student(PAGE, {name: source for name, (source, _) in answers.items()}, monkeypatch)
    assert_wrong_answers_fail_once(run, answers)
