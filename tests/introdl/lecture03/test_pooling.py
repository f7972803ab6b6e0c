"""introdl.lecture03.pooling: max_pool_numpy equals Keras' MaxPool2D and nn.MaxPool2d."""

import numpy as np
import pytest

from introdl.lecture03.pooling import LECTURE_POOL_INPUT, max_pool_numpy


def test_the_lecture_example():
    assert max_pool_numpy(LECTURE_POOL_INPUT).tolist() == [[6, 8], [3, 4]]


@pytest.mark.parametrize("h, w, c, size, stride", [(8, 8, 3, 2, 2), (9, 7, 2, 2, 2), (10, 10, 1, 3, 2), (6, 9, 4, 3, 3)])
def test_max_pool_numpy_equals_both_frameworks(h, w, c, size, stride):
    import tensorflow as tf
    import torch
    from torch import nn

    x = np.random.default_rng(h + w).normal(size=(h, w, c)).astype(np.float32)
    ours = max_pool_numpy(x, size, stride)
    keras = tf.keras.layers.MaxPool2D(pool_size=size, strides=stride)(x[None])[0].numpy()
    torch_out = nn.MaxPool2d(size, stride)(torch.from_numpy(x).permute(2, 0, 1)[None])[0].permute(1, 2, 0).numpy()
    assert np.array_equal(ours, keras) and np.array_equal(ours, torch_out)


@pytest.mark.parametrize("call, message", [
    (lambda: max_pool_numpy(np.zeros(4)), "x must be"),
    (lambda: max_pool_numpy(np.zeros((4, 4)), size=0), "size must be"),
    (lambda: max_pool_numpy(np.zeros((4, 4)), stride=1.5), "stride must be"),
    (lambda: max_pool_numpy(np.zeros((2, 2)), size=3), "larger than the input"),
])
def test_bad_input_gets_one_line_errors(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value)
