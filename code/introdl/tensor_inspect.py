"""Recognise and read tensors from TensorFlow, PyTorch and NumPy without importing them.

The self-checks (``introdl.lab1.part1_checks``) receive whatever a reader typed: a ``tf.Tensor``, a
``tf.Variable``, a ``torch.Tensor``, a NumPy array, a Python list, or the TODO
placeholder ``...``. They tell these apart by the modules their classes come from, so
checking a PyTorch answer never imports TensorFlow (and the reverse).
"""

from __future__ import annotations

import re
import sys

from .frameworks import FRAMEWORKS, PYTORCH, TENSORFLOW

# Which framework a class belongs to, by the top-level package it is defined in.
# Keras 3 objects (layers, keras.Variable) count as TensorFlow: the book runs Keras on TF.
_FRAMEWORK_OF_PACKAGE = {
    **{f.module: f.id for f in FRAMEWORKS.values()},
    "keras": TENSORFLOW,
    "tf_keras": TENSORFLOW,
    "numpy": "numpy",
}

FRAMEWORK_LABELS = {**{f.id: f.name for f in FRAMEWORKS.values()}, "numpy": "NumPy"}

# What a reader should hand in, per framework, in words and as a constructor to use.
TENSOR_TYPE = {
    TENSORFLOW: "a tf.Tensor",
    PYTORCH: "a torch.Tensor",
    "numpy": "a numpy.ndarray",
}
KNOWN_TENSOR_TYPES = "a tf.Tensor, tf.Variable, torch.Tensor or numpy array"
CONSTRUCTOR = {TENSORFLOW: "tf.constant", PYTORCH: "torch.tensor", "numpy": "np.array"}


def framework_of(obj) -> str | None:
    """'tensorflow', 'pytorch' or 'numpy' for objects (or classes) of those libraries, else None.

    Works for subclasses defined in a notebook too (a ``tf.keras.layers.Layer`` subclass
    lives in ``__main__`` but has Keras in its method resolution order).
    """
    cls = obj if isinstance(obj, type) else type(obj)
    for klass in cls.__mro__:
        package = klass.__module__.split(".")[0]
        if package in _FRAMEWORK_OF_PACKAGE:
            return _FRAMEWORK_OF_PACKAGE[package]
    return None


def _mro_names(obj) -> set[str]:
    return {klass.__name__ for klass in type(obj).__mro__}


def is_symbolic(obj) -> bool:
    """True for a Keras symbolic tensor (``keras.Input``): it has a shape but no values."""
    return framework_of(obj) == TENSORFLOW and "KerasTensor" in _mro_names(obj)


def tensor_framework(obj) -> str | None:
    """The framework of a tensor or array (not of a layer or a model), else None."""
    framework = framework_of(obj)
    if framework == "numpy":
        numpy = sys.modules["numpy"]
        return "numpy" if isinstance(obj, (numpy.ndarray, numpy.generic)) else None
    if framework == PYTORCH:
        torch = sys.modules["torch"]
        return PYTORCH if isinstance(obj, torch.Tensor) else None
    if framework == TENSORFLOW:
        # tf.Tensor, tf.Variable and keras.Variable all derive from TF's core Tensor type.
        names = _mro_names(obj)
        if "KerasTensor" in names or ("Tensor" in names and hasattr(obj, "dtype")):
            return TENSORFLOW
    return None


def type_name(obj) -> str:
    """A reader-facing name for the type of ``obj``: 'tf.Tensor', 'torch.Tensor', 'list'..."""
    if obj is ...:
        return "`...` (the TODO placeholder)"
    if obj is None:
        return "None"
    framework = tensor_framework(obj)
    names = _mro_names(obj)
    if framework == TENSORFLOW:
        if "KerasTensor" in names:
            return "symbolic KerasTensor"
        return "tf.Variable" if "Variable" in names else "tf.Tensor"
    if framework == PYTORCH:
        return "torch.nn.Parameter" if "Parameter" in names else "torch.Tensor"
    if framework == "numpy":
        return f"numpy.{type(obj).__name__}"
    if isinstance(obj, type):
        return f"the class {obj.__name__}"
    module = type(obj).__module__
    qualified = type(obj).__qualname__
    return qualified if module in ("builtins", "__main__") else f"{module}.{qualified}"


def shape_of(obj) -> tuple:
    """The shape as a tuple of ints (``None`` for unknown dimensions of symbolic tensors)."""
    shape = getattr(obj, "shape", ())
    dims = getattr(shape, "as_list", lambda: list(shape))() if shape is not None else []
    return tuple(None if d is None else int(d) for d in dims)


def dtype_name(obj) -> str:
    """'float32', 'int64', 'string'...: the same spelling for every framework."""
    dtype = getattr(obj, "dtype", None)
    if dtype is None:
        return type(obj).__name__
    name = getattr(dtype, "name", None)  # tf.DType and numpy.dtype have .name
    if not isinstance(name, str):
        name = str(dtype)  # torch.float32 prints as 'torch.float32'; keras.Variable gives a str
    return name.removeprefix("torch.")


def describe(obj) -> str:
    """'a 2-d tf.Tensor of shape (2, 3) and dtype int32', or 'a list', or '`...` (...)'."""
    if obj is ... or obj is None or isinstance(obj, type):
        return type_name(obj)
    if tensor_framework(obj) is None:
        name = type_name(obj)
        return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"
    shape = shape_of(obj)
    return f"a {len(shape)}-d {type_name(obj)} of shape {shape} and dtype {dtype_name(obj)}"


class TensorReadError(ValueError):
    """A value could not be read as an array; the message says why in one line."""


def to_numpy(obj):
    """The values of a tensor, variable, array or Python number as a NumPy array."""
    import numpy as np

    framework = tensor_framework(obj)
    if is_symbolic(obj):
        raise TensorReadError(
            f"{describe(obj)} has no values (it is a placeholder of a functional model); "
            "pass a concrete tensor, e.g. the output of calling the model on tf.constant(...)"
        )
    try:
        if framework == TENSORFLOW:
            return np.asarray(obj.numpy())
        if framework == PYTORCH:
            tensor = obj.detach().cpu()
            if str(tensor.dtype) == "torch.bfloat16":  # NumPy has no bfloat16
                tensor = tensor.float()
            return tensor.numpy()
        if framework == "numpy":
            return np.asarray(obj)
        if isinstance(obj, (bool, int, float)):
            return np.asarray(obj)
    except Exception as error:  # an exotic dtype or device: report it, never a traceback
        raise TensorReadError(f"could not read the values of {describe(obj)}: {one_line(error)}")
    raise TensorReadError(f"expected {KNOWN_TENSOR_TYPES}, got {describe(obj)}")


def from_numpy(array, framework: str):
    """A tensor of ``framework`` holding a copy of ``array`` (imports that framework)."""
    if framework == TENSORFLOW:
        import tensorflow as tf

        return tf.constant(array)
    if framework == PYTORCH:
        import torch

        return torch.tensor(array)
    if framework == "numpy":
        import numpy as np

        return np.array(array)
    raise ValueError(f"unknown framework {framework!r}; use 'tensorflow', 'pytorch' or 'numpy'")


_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
# Keras wraps errors raised inside call() in a frame of its own; skip those lines.
_KERAS_FRAME = ("Exception encountered when calling", "Arguments received by", "•")


def one_line(error: BaseException, limit: int = 200) -> str:
    """'TypeError: ...' on one line: the informative line of a (possibly Keras) message."""
    text = _ANSI_ESCAPE.sub("", str(error))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    informative = [line for line in lines if not line.startswith(_KERAS_FRAME)]
    message = (informative or lines or [""])[0]
    if len(message) > limit:
        message = message[: limit - 3] + "..."
    name = type(error).__name__
    return f"{name}: {message}" if message else name
