"""introdl.lecture03.receptive_field: the recurrence, and the gradient's extent."""

import re

import numpy as np
import pytest

from introdl.lecture03.receptive_field import gradient_extent, receptive_fields


def test_the_recurrence():
    assert receptive_fields([(3, 1)] * 4) == [3, 5, 7, 9]
    assert receptive_fields([(3, 1), (2, 2), (3, 1), (2, 2), (3, 1)]) == [3, 4, 8, 10, 18]
    assert receptive_fields([(5, 2), (3, 2)]) == [5, 9]


def test_the_recurrence_equals_a_measured_gradient():
    import torch
    from torch import nn

    stack = nn.Sequential(nn.Conv2d(1, 1, 5, stride=2, bias=False), nn.AvgPool2d(2), nn.Conv2d(1, 1, 3, bias=False))
    with torch.no_grad():
        for module in stack:
            if isinstance(module, nn.Conv2d):
                module.weight.uniform_(0.1, 1.0)
    x = torch.rand(1, 1, 48, 48, requires_grad=True)
    out = stack(x)
    (grad,) = torch.autograd.grad(out[0, 0, 4, 4], x)
    field = receptive_fields([(5, 2), (2, 2), (3, 1)])[-1]
    assert gradient_extent(grad[0].numpy()) == (field, field)


def test_gradient_extent_measures_the_box():
    g = np.zeros((10, 10))
    g[2, 3] = g[6, 4] = -1e-3
    assert gradient_extent(g) == (5, 2)
    assert gradient_extent(g[None]) == (5, 2) and gradient_extent(g[..., None]) == (5, 2)
    assert gradient_extent(g + 1e-6, tolerance=1e-5) == (5, 2)


@pytest.mark.parametrize("call, message", [
    (lambda: receptive_fields([]), "layers is empty"),
    (lambda: receptive_fields([3]), "layer 0 must be a"),
    (lambda: receptive_fields([(3, 1), (0, 1)]), "layer 1's kernel size"),
    (lambda: gradient_extent(np.zeros((2, 3, 4))), "one 2-D map"),
    (lambda: gradient_extent(np.zeros((3, 3))), "zero everywhere"),
])
def test_bad_input_gets_one_line_errors(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value)


STACK = [("conv 3x3", 3, 1), ("pool 2x2", 2, 2), ("conv 3x3", 3, 1)]


def test_the_two_frameworks_stacks_compute_the_same_with_the_same_kernels():
    import torch

    from introdl.lecture03.receptive_field import stack_tf, stack_torch

    rng = np.random.default_rng(1)
    kernels = [rng.uniform(0.1, 1.0, size=(3, 3, 1, 1)).astype(np.float32) for _ in range(2)]
    image = rng.random((1, 64, 64, 1)).astype(np.float32)
    for pooling in ("average", "max"):
        out_tf = stack_tf(STACK, kernels, pooling=pooling)(image).numpy()[0, :, :, 0]
        with torch.no_grad():
            out_torch = stack_torch(STACK, kernels, pooling=pooling)(torch.from_numpy(image).permute(0, 3, 1, 2))
        assert out_tf.shape == (29, 29)  # 64 - 2 = 62, pooled 31, 31 - 2 = 29
        assert np.abs(out_tf - out_torch[0, 0].numpy()).max() < 1e-5, pooling


@pytest.mark.parametrize("stack, kernels, pooling, message", [
    (STACK, [np.ones((3, 3, 1, 1), np.float32)], "average", "the stack has 2 convolutions but only 1 kernels"),
    (STACK, [np.ones((3, 3, 1, 1), np.float32)] * 2, "min", "pooling must be 'average' or 'max'; got 'min'"),
    ([("dense", 3, 1)], [], "average", "must start with 'conv' or 'pool'; got 'dense'"),
])
def test_bad_stacks_get_one_line(stack, kernels, pooling, message):
    from introdl.lecture03.receptive_field import stack_tf, stack_torch

    for build in (stack_tf, stack_torch):
        with pytest.raises(ValueError, match=re.escape(message)):
            build(stack, kernels, pooling=pooling)
