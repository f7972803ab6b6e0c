"""Self-checks for the six exercises of Lab 1 Part 2 (music generation), in both frameworks.

Written with the self-check engine (:mod:`introdl.selfcheck`), as Part 1's: each check returns
a one-line ``PASS: ...`` or ``FAIL: ...`` :class:`~introdl.selfcheck.CheckResult`, never raises for a
wrong answer (unless ``INTRODL_STRICT_CHECKS=1``, as in the book build), and a FAIL names
what was expected: the shape, the dtype, the values, or "this is still `...`".

Every check compares the reader's function with the package's own on the same inputs:

* ``check_vectorize_string``  against ``vocab.encode``
* ``check_get_batch``         against ``introdl.lab1.music.get_batch`` (same seeded generator)
* ``check_model``             against ``model_tf.CharLSTM`` / ``model_torch.CharLSTM`` loaded
                              with the reader's model's weights (same logits, same state)
* ``check_compute_loss``      against ``model_*.compute_loss`` on random logits
* ``check_train_step``        against ``model_*.make_train_step`` on two copies of one small
                              model, same batches
* ``check_generate_text``     against ``model_*.generate_text`` with the same seed

The checks build their own small models, so running one never changes the page's model.
"""

from __future__ import annotations

import numpy as np

from ...selfcheck import fail, self_check
from ...exercises import Exercise
from ...frameworks import DEFAULT, PYTORCH, TENSORFLOW, FrameworkError, check_framework
from ...tensor_inspect import FRAMEWORK_LABELS, describe, dtype_name, one_line, tensor_framework
from ...tensor_inspect import to_numpy as to_array

__all__ = [
    "char_lstm",
    "check_compute_loss",
    "check_generate_text",
    "check_get_batch",
    "check_model",
    "check_train_step",
    "check_vectorize_string",
    "compute_loss",
    "generate_text",
    "get_batch",
    "make_train_step",
    "vectorize_string",
]

TOLERANCE = 1e-5
# The small model every check builds: big enough to have all the parts, quick to run.
SMALL = {"embedding_dim": 8, "rnn_units": 16}


def _framework(framework) -> str:
    """The framework id, or a FAIL line with the one message that lists the accepted names."""
    try:
        return check_framework(framework)
    except FrameworkError as error:
        fail(str(error))


def _backend(framework: str):
    from .backends import load_backend

    return load_backend(framework)


def _todo(value, name: str, hint: str) -> None:
    if value is ...:
        fail(f"{name} is still `...` (the TODO): {hint}")


def _callable(fn, name: str, hint: str) -> None:
    _todo(fn, name, hint)
    if not callable(fn):
        fail(f"{name} should be a function, got {describe(fn)}")


def _values(value, what: str, hint: str, expected_kind: str | None = None) -> np.ndarray:
    """The values of an array/tensor a reader's code returned, or FAIL saying what it was."""
    _todo(value, what, hint)
    if value is None:
        fail(f"{what} is None: did you forget a `return`?")
    kind = tensor_framework(value)
    if kind is None:
        fail(f"{what} should be {expected_kind or 'an array or tensor'}, got {describe(value)}")
    return to_array(value)


def _call(fn, name: str, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as error:
        fail(f"{name} raised {one_line(error)}")


def _sample_texts(vocab) -> list[str]:
    chars = "".join(vocab.chars)
    texts = [c for c in ("X:1\nT:A tune\nK:G\n|:GABc d2:|\n", "X", chars) if set(c) <= set(vocab.chars)]
    return texts or [chars]


# --------------------------------------------------------------------------------------
# Exercise 1: vectorize_string


_ARRAY_OF = {TENSORFLOW: "a NumPy array (np.array)", PYTORCH: "a torch.Tensor of dtype torch.long"}


@self_check
def check_vectorize_string(vectorize_string, vocab, framework=DEFAULT) -> str:
    """PASS when ``vectorize_string(text)`` gives the id of every character of ``text``."""
    framework = _framework(framework)
    hint = "return the ids char2idx[c] of the characters c of the string"
    _callable(vectorize_string, "vectorize_string", hint)
    texts = _sample_texts(vocab)
    for text in texts:
        expected = vocab.encode(text)
        result = _call(vectorize_string, f"vectorize_string({text[:12]!r}...)", text)
        got = _values(result, f"vectorize_string({text[:12]!r}...)", hint, _ARRAY_OF[framework])
        if got.shape != expected.shape:
            fail(
                f"vectorize_string of a {len(text)}-character string should have shape "
                f"{expected.shape} (one id per character), got {got.shape}"
            )
        if not np.issubdtype(got.dtype, np.integer):
            fail(
                f"vectorize_string should return integer ids, got dtype {dtype_name(result)}: "
                "an embedding looks rows up by integer index"
            )
        if framework == PYTORCH and dtype_name(result) != "int64":
            fail(
                f"vectorize_string should return torch.long (int64) ids, got {dtype_name(result)}: "
                "cross_entropy in PyTorch wants its targets as torch.long"
            )
        wrong = np.flatnonzero(got != expected)
        if wrong.size:
            i = int(wrong[0])
            fail(
                f"vectorize_string gives the wrong id at position {i} (character {text[i]!r}): "
                f"got {int(got[i])}, expected char2idx[{text[i]!r}] = {int(expected[i])}"
            )
    return (
        f"vectorize_string gives the same ids as vocab.encode for {len(texts)} strings "
        f"({describe(result)} for the last one)"
    )


# --------------------------------------------------------------------------------------
# Exercise 2: get_batch


@self_check
def check_get_batch(get_batch, vectorized, seq_length: int = 5, batch_size: int = 2,
                    framework=DEFAULT) -> str:
    """PASS when ``get_batch(vectorized, seq_length, batch_size, rng)`` returns windows and targets.

    Checked: two integer arrays of one kind (NumPy for the TensorFlow lab, torch.long for
    PyTorch; TensorFlow tensors pass too) of shape (batch_size, seq_length), every row a slice
    of the text, ``y`` the same slice one character later; and, with the same seeded
    generator, whether it draws introdl's windows.
    """
    from .vocab import get_batch as reference_get_batch

    framework = _framework(framework)
    hint = "return x_batch, y_batch"
    _callable(get_batch, "get_batch", hint)
    text = to_array(vectorized) if tensor_framework(vectorized) else np.asarray(vectorized)
    result = _call(get_batch, "get_batch(vectorized, seq_length, batch_size, rng)", vectorized, seq_length,
                   batch_size, np.random.default_rng(7))
    _todo(result, "get_batch(...)", hint)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"get_batch should return two batches (x_batch, y_batch), got {describe(result)}")
    arrays = []
    for name, batch in zip(("x_batch", "y_batch"), result):
        values = _values(batch, name, hint, _ARRAY_OF[framework])
        if values.shape != (batch_size, seq_length):
            fail(
                f"{name} should have shape (batch_size, seq_length) = {(batch_size, seq_length)}, "
                f"got {values.shape}"
            )
        if not np.issubdtype(values.dtype, np.integer):
            fail(f"{name} should hold integer ids, got dtype {dtype_name(batch)}")
        if framework == PYTORCH and dtype_name(batch) != "int64":
            fail(f"{name} should be torch.long (int64) ids, got {dtype_name(batch)}")
        arrays.append(values)
    if tensor_framework(result[0]) != tensor_framework(result[1]):
        fail(f"x_batch and y_batch should be the same kind of array, got {describe(result[0])} and "
              f"{describe(result[1])}: return both as {_ARRAY_OF[framework]}")
    x, y = arrays
    if not np.array_equal(x[:, 1:], y[:, :-1]):
        fail("y_batch should be x_batch shifted one character ahead: y[:, t] == x[:, t + 1]")
    for row, (row_x, row_y) in enumerate(zip(x, y)):
        starts = np.flatnonzero(text[: len(text) - seq_length] == row_x[0])
        if not any(
            np.array_equal(text[s : s + seq_length], row_x) and text[s + seq_length] == row_y[-1]
            for s in starts
        ):
            fail(
                f"row {row} of x_batch/y_batch is not a window of the text: take "
                "vectorized[i : i + seq_length] and vectorized[i + 1 : i + seq_length + 1]"
            )
    expected_x, _ = reference_get_batch(text, seq_length, batch_size, np.random.default_rng(7))
    same = np.array_equal(expected_x, x)
    return (
        f"get_batch returns x and y as {describe(result[0])}, y one character ahead of x, every row a "
        "window of the text" + ("; with the same seed it draws the same windows as introdl's get_batch"
                                if same else " (other windows than introdl's get_batch draws: fine)")
    )


# --------------------------------------------------------------------------------------
# Exercise 3: the model


def _small_batch(vocab_size: int, batch: int = 2, steps: int = 7, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, vocab_size, size=(batch, steps))


def _to_framework(array, framework: str, device=None):
    if framework == TENSORFLOW:
        import tensorflow as tf

        return tf.constant(array)
    import torch

    return torch.as_tensor(array, device=device)


def _device_of(model):
    try:
        return next(model.parameters()).device
    except (AttributeError, StopIteration, TypeError):
        return None


def _run_model(model, x, framework: str, **kwargs):
    if framework == PYTORCH:
        import torch

        with torch.no_grad():
            return model(x, **kwargs)
    return model(x, **kwargs)


@self_check
def check_model(build_model, framework=DEFAULT, vocab_size: int = 11) -> str:
    """PASS when ``build_model(vocab_size, embedding_dim, rnn_units)`` is the lab's model.

    ``build_model`` is the model class (or a function returning a model). On a small model
    it checks the output shape and dtype, then copies the model's weights (attributes
    ``embedding``, ``lstm``, ``dense``) into introdl's model and compares the logits, and
    checks that ``model(x, states=..., return_state=True)`` carries the LSTM state.
    """
    framework = _framework(framework)
    backend = _backend(framework)
    hint = "define the model: embedding, LSTM, dense"
    _callable(build_model, "the model", hint)
    if framework == TENSORFLOW:
        import keras

        keras.utils.set_random_seed(1)
    else:
        import torch

        torch.manual_seed(1)
    model = _call(build_model, "building the model", vocab_size, SMALL["embedding_dim"], SMALL["rnn_units"])
    _todo(model, "the model", hint)
    for part in ("embedding", "lstm", "dense"):
        value = getattr(model, part, None)
        _todo(value, f"self.{part}", hint)
        if value is None:
            fail(f"the model should have the attributes embedding, lstm and dense (as in the lab); "
                  f"{type(model).__name__} has no {part!r}")
    device = _device_of(model)
    x_np = _small_batch(vocab_size)
    x = _to_framework(x_np, framework, device)
    logits = _call(_run_model, "model(x)", model, x, framework)
    values = _values(logits, "model(x)", "call() / forward() should return the logits")
    expected_shape = (*x_np.shape, vocab_size)
    if values.shape != expected_shape:
        fail(
            f"model(x) for x of shape {x_np.shape} should give logits of shape {expected_shape} "
            f"(batch, sequence, one score per character), got {values.shape}"
        )
    if dtype_name(logits) != "float32":
        fail(f"model(x) should give float32 logits, got {dtype_name(logits)}")
    reference = backend.build_model(vocab_size, **SMALL, **({"lstm": "keras"} if framework == TENSORFLOW
                                                            else {"device": device}))
    try:
        backend.set_keras_layout(reference, backend.get_keras_layout(model))
    except Exception as error:
        fail(f"the model's weights do not fit the lab's Embedding -> LSTM -> Dense: {one_line(error)}")
    expected = to_array(_run_model(reference, _to_framework(x_np, framework, device), framework))
    difference = float(np.abs(values - expected).max())
    if not difference <= TOLERANCE:
        fail(
            f"with the same weights, model(x) differs from introdl's CharLSTM by {difference:.3g}: "
            "embedding, then the LSTM over the sequence, then the dense layer, no activation at the end"
        )
    # The state: first half of the sequence, then the second half from the returned state.
    half = x_np.shape[1] // 2
    out = _call(_run_model, "model(x, return_state=True)", model, _to_framework(x_np[:, :half], framework, device),
                framework, return_state=True)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        fail(f"model(x, return_state=True) should return (logits, [h, c]), got {describe(out)}")
    second = _call(_run_model, "model(x, states=states, return_state=True)", model,
                   _to_framework(x_np[:, half:], framework, device), framework, states=out[1],
                   return_state=True)
    carried = np.concatenate([to_array(out[0]), to_array(second[0])], axis=1)
    state_difference = float(np.abs(carried - values).max())
    if not state_difference <= TOLERANCE:
        fail(
            f"reading x in two halves, passing the state from the first to the second, should give the "
            f"logits of reading it at once; they differ by {state_difference:.3g}: pass `states` to the LSTM "
            "as its initial state and return its final h and c"
        )
    return (
        f"{type(model).__name__} gives logits of shape (batch, sequence, {vocab_size}), float32, the same as "
        f"introdl's CharLSTM with its weights (max difference {difference:.1e}), and carries its state"
    )


# --------------------------------------------------------------------------------------
# Exercise 4: the loss


def _loss_inputs(framework: str, requires_grad: bool = False):
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 7, size=(2, 5))
    logits = rng.normal(size=(2, 5, 7)).astype(np.float32)
    if framework == TENSORFLOW:
        import tensorflow as tf

        return labels, logits, tf.constant(labels), tf.Variable(logits)
    import torch

    return labels, logits, torch.as_tensor(labels), torch.tensor(logits, requires_grad=requires_grad)


def _mean_cross_entropy(labels, logits) -> tuple[float, np.ndarray]:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    per_char = -np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]
    return float(per_char.mean()), per_char


@self_check
def check_compute_loss(compute_loss, framework=DEFAULT) -> str:
    """PASS when ``compute_loss(labels, logits)`` is the mean cross-entropy over all positions."""
    framework = _framework(framework)
    hint = "return the mean cross-entropy of the logits against the labels"
    _callable(compute_loss, "compute_loss", hint)
    labels, logits, labels_t, logits_t = _loss_inputs(framework, requires_grad=True)
    if framework == TENSORFLOW:
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = _call(compute_loss, "compute_loss(labels, logits)", labels_t, logits_t)
        gradient = None if loss is ... or loss is None or tensor_framework(loss) != TENSORFLOW else \
            tape.gradient(loss, logits_t)
    else:
        loss = _call(compute_loss, "compute_loss(labels, logits)", labels_t, logits_t)
        gradient = None
        # backward() needs one number: a per-character loss is left to the shape check below,
        # which names the 0-d mean it expects.
        if (tensor_framework(loss) == PYTORCH and getattr(loss, "grad_fn", None) is not None
                and loss.dim() == 0):
            loss.backward()
            gradient = logits_t.grad
    kind = {TENSORFLOW: "a float32 tf.Tensor", PYTORCH: "a float32 torch.Tensor"}[framework]
    values = _values(loss, "compute_loss(labels, logits)", hint, kind)
    expected, per_char = _mean_cross_entropy(labels, logits)
    if values.shape != ():
        extra = (": that is the loss of every character; take its mean"
                 if values.shape == labels.shape else "")
        fail(
            f"compute_loss should return one number (0-d), the mean over the {labels.size} positions, "
            f"got shape {values.shape}{extra}"
        )
    if dtype_name(loss) != "float32":
        fail(f"compute_loss should return a float32 loss, got {dtype_name(loss)}")
    value = float(values)
    if not np.isclose(value, expected, rtol=1e-5, atol=1e-6):
        hint = ""
        if np.isclose(value, per_char.sum(), rtol=1e-5):
            hint = f": that is the sum over the {labels.size} positions; take the mean"
        elif framework == TENSORFLOW:
            hint = ": are the logits passed with from_logits=True?"
        fail(f"compute_loss gives {value:.6g} on a test batch, expected the mean cross-entropy {expected:.6g}{hint}")
    if gradient is None:
        fail(
            f"the loss is right ({value:.6g}) but not differentiable with respect to the logits: compute it with "
            f"{FRAMEWORK_LABELS[framework]} operations, without .numpy(), .item() or NumPy"
        )
    return f"compute_loss gives the mean cross-entropy ({value:.6f} on a test batch, {describe(loss)})"


# --------------------------------------------------------------------------------------
# Exercise 5: the training step


def _pair_of_models(framework: str, vocab_size: int):
    """Two small introdl models with the same weights, and their optimizers."""
    backend = _backend(framework)
    kwargs = {"lstm": "keras"} if framework == TENSORFLOW else {}
    first = backend.build_model(vocab_size, **SMALL, seed=2, **kwargs)
    second = backend.build_model(vocab_size, **SMALL, seed=3, **kwargs)
    backend.set_keras_layout(second, backend.get_keras_layout(first))
    return first, second, backend.make_optimizer(first), backend.make_optimizer(second)


@self_check
def check_train_step(make_train_step, framework=DEFAULT, vocab_size: int = 11) -> str:
    """PASS when ``make_train_step(model, optimizer)`` returns a step ``(x, y) -> loss`` like introdl's.

    Two copies of one small model train two steps on the same batches, one with the reader's
    step and one with introdl's; the losses and the weights afterwards must agree.
    """
    framework = _framework(framework)
    backend = _backend(framework)
    hint = "return the training step function"
    _callable(make_train_step, "make_train_step", hint)
    theirs, ours, their_optimizer, our_optimizer = _pair_of_models(framework, vocab_size)
    step = _call(make_train_step, "make_train_step(model, optimizer)", theirs, their_optimizer)
    if step is None:
        fail("make_train_step(model, optimizer) returned None: define train_step(x, y) inside it and `return` it")
    _callable(step, "make_train_step(model, optimizer)", "return the step function (train_step)")
    reference = backend.make_train_step(ours, our_optimizer)
    before = backend.get_keras_layout(theirs)
    rng = np.random.default_rng(5)
    losses = []
    for number in (1, 2):
        x = rng.integers(0, vocab_size, size=(2, 6))
        y = rng.integers(0, vocab_size, size=(2, 6))
        loss = _call(step, f"train_step(x, y), step {number}", x, y)
        if isinstance(loss, float):
            value, shape, dtype = loss, (), "float"
        else:
            values = _values(loss, f"train_step(x, y), step {number}", "return the loss", "the loss (a float or a 0-d tensor)")
            value, shape, dtype = (float(values) if values.shape == () else None), values.shape, dtype_name(loss)
        if shape != ():
            fail(f"train_step(x, y) should return the loss, one number (0-d), got shape {shape}")
        if dtype not in ("float", "float32"):
            fail(f"train_step(x, y) should return a float32 (or Python float) loss, got {dtype}")
        expected = reference(x, y)
        if not np.isclose(value, expected, rtol=1e-5, atol=1e-6):
            ratio = value / expected if expected else float("nan")
            hint = (f": {ratio:.0f} times the mean, the sum over the {x.size} characters?" if np.isclose(ratio, x.size, rtol=1e-3)
                    else ": the loss is compute_loss(y, model(x)), computed before the update")
            fail(f"train_step(x, y) returned the loss {value:.6g} at step {number}, expected {expected:.6g}{hint}")
        losses.append(value)
        after = backend.get_keras_layout(theirs)
        if number == 1 and all(np.array_equal(before[k], after[k]) for k in before):
            fail("the loss is right but the weights did not change: apply the gradients with the optimizer "
                  "(optimizer.apply_gradients in TensorFlow, loss.backward() and optimizer.step() in PyTorch)")
    after, expected_after = backend.get_keras_layout(theirs), backend.get_keras_layout(ours)
    difference = max(float(np.abs(after[k] - expected_after[k]).max()) for k in after)
    if not difference <= TOLERANCE:
        fail(
            f"after two steps the weights differ from introdl's train_step by {difference:.3g}: one step is "
            "the gradient of the mean loss, then one optimizer update"
            + ("; did you zero the gradients (optimizer.zero_grad()) before backward()?" if framework == PYTORCH else "")
        )
    return (
        f"two steps give the same losses ({losses[0]:.4f}, {losses[1]:.4f}) and the same weights as introdl's "
        f"train_step (max difference {difference:.1e})"
    )


# --------------------------------------------------------------------------------------
# Exercise 6: generation


# An untrained model's logits lie within about 0.01 of each other, so its next-character
# distribution is nearly uniform and hardly depends on the LSTM state or the temperature: a
# generator that drops the state or ignores the temperature wrote the same 40 characters as
# introdl's. Larger input embeddings and output weights make the LSTM's state and the logits
# vary, so such a mistake changes the text within a few characters.
EMBEDDING_GAIN, RECURRENT_GAIN, LOGIT_GAIN = 8.0, 4.0, 30.0


def _decisive_model(backend, framework: str, vocab_size: int):
    """A small model whose next character depends clearly on the state and the temperature."""
    kwargs = {"lstm": "keras"} if framework == TENSORFLOW else {}
    model = backend.build_model(vocab_size, **SMALL, seed=6, **kwargs)
    weights = backend.get_keras_layout(model)
    weights["embedding"] = weights["embedding"] * EMBEDDING_GAIN
    weights["recurrent_kernel"] = weights["recurrent_kernel"] * RECURRENT_GAIN
    weights["dense_kernel"] = weights["dense_kernel"] * LOGIT_GAIN
    backend.set_keras_layout(model, weights)
    return model


@self_check
def check_generate_text(generate_text, vocab, framework=DEFAULT, num_chars: int = 40) -> str:
    """PASS when ``generate_text(model, start_string, generation_length, temperature, seed)`` writes
    the same text as introdl's ``generate_text`` with the same model and seed."""
    framework = _framework(framework)
    backend = _backend(framework)
    hint = "return the start string followed by the generated characters"
    _callable(generate_text, "generate_text", hint)
    model = _decisive_model(backend, framework, len(vocab))
    start = "X" if "X" in vocab.char2idx else vocab.chars[0]
    for temperature, seed in ((1.0, 0), (0.5, 1)):
        text = _call(generate_text, f"generate_text(model, {start!r}, {num_chars}, temperature={temperature})",
                     model, start, num_chars, temperature=temperature, seed=seed)
        _todo(text, "generate_text(...)", hint)
        if text is None:
            fail("generate_text(...) is None: did you forget a `return`?")
        if not isinstance(text, str):
            fail(f"generate_text should return a str (the start string and {num_chars} new characters), got "
                  f"{describe(text)}: join the characters, e.g. start_string + ''.join(text_generated)")
        if len(text) != len(start) + num_chars:
            fail(f"generate_text(model, {start!r}, {num_chars}) should return {len(start) + num_chars} characters "
                  f"(the start string and {num_chars} new ones), got {len(text)}")
        expected = backend.generate_text(model, vocab, start, num_chars, temperature=temperature, seed=seed)
        if text != expected:
            i = next(k for k, (a, b) in enumerate(zip(text, expected)) if a != b)
            fail(
                f"with the same model and seed (temperature {temperature:g}), generate_text differs from introdl's "
                f"at character {i}: {text[max(0, i - 10) : i + 1]!r} instead of {expected[max(0, i - 10) : i + 1]!r}; "
                "read the start string, then draw each character with sample_next(logits[0, -1], temperature, rng) "
                "and feed it back with the state"
            )
    return f"generate_text writes the same {num_chars} characters as introdl's, with the same seed, at temperatures 1 and 0.5"


# --------------------------------------------------------------------------------------
# The exercises as the page runs them: ``answer = lab_checks.<exercise>.check(answer, ...)``
# prints the verdict and returns the answer, or, when it fails, the package's reference, built
# with the page's own signature, so the cells below keep working (see introdl.exercises).


def _ids_in(framework: str, ids: np.ndarray):
    """Character ids as the page's framework code holds them: NumPy for Keras, torch.long for PyTorch."""
    if framework == PYTORCH:
        import torch

        return torch.as_tensor(ids, dtype=torch.long)
    return ids


def _reference_vectorize_string(framework: str, vocab, *args, **kwargs):
    def vectorize_string(string):
        return _ids_in(framework, vocab.encode(string))

    return vectorize_string


def _reference_get_batch(framework: str, *args, **kwargs):
    from .vocab import get_batch as numpy_get_batch

    def get_batch(vectorized_songs, seq_length, batch_size, rng=None):
        x, y = numpy_get_batch(to_array(vectorized_songs), seq_length, batch_size, rng)
        return _ids_in(framework, x), _ids_in(framework, y)

    return get_batch


def _reference_model(framework: str, *args, **kwargs):
    backend = _backend(framework)
    if framework == PYTORCH:
        return backend.CharLSTM

    def CharLSTM(vocab_size, embedding_dim, rnn_units, lstm=None):  # noqa: N802 (stands in for a class)
        return backend.CharLSTM(vocab_size, embedding_dim, rnn_units, lstm="keras" if lstm is None else lstm)

    return CharLSTM


def _reference_compute_loss(framework: str, *args, **kwargs):
    return _backend(framework).compute_loss


def _reference_make_train_step(framework: str, *args, **kwargs):
    backend = _backend(framework)

    def make_train_step(model, optimizer):
        return backend.make_train_step(model, optimizer)

    return make_train_step


def _reference_generate_text(framework: str, vocab, *args, **kwargs):
    backend = _backend(framework)

    def generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
        return backend.generate_text(model, vocab, start_string, generation_length, temperature=temperature, seed=seed)

    return generate_text


vectorize_string = Exercise("vectorize_string", check_vectorize_string, _reference_vectorize_string)
get_batch = Exercise("get_batch", check_get_batch, _reference_get_batch)
char_lstm = Exercise("CharLSTM model", check_model, _reference_model)
compute_loss = Exercise("compute_loss", check_compute_loss, _reference_compute_loss)
make_train_step = Exercise("make_train_step", check_train_step, _reference_make_train_step)
generate_text = Exercise("generate_text", check_generate_text, _reference_generate_text)
