"""introdl.lecture03.convolution: conv2d_numpy equals tf.nn.conv2d and F.conv2d on random images
and filters, for strides and paddings; the output-size formula equals both frameworks' shapes."""

import numpy as np
import pytest

from introdl.lecture03.convolution import (FILTERS, LECTURE_FILTER, LECTURE_IMAGE, X_FILTERS, conv2d_numpy,
                                           flip_kernel, output_size, same_padding, true_convolution_fft, x_image)

TOLERANCE = 1e-5
CASES = [  # (height, width, in, out, k, stride, TensorFlow padding, PyTorch padding)
    (9, 9, 1, 1, 3, 1, "VALID", 0),
    (12, 10, 3, 4, 3, 1, "SAME", 1),
    (11, 11, 2, 5, 5, 2, "VALID", 0),
    (13, 9, 3, 2, 4, 3, "VALID", 0),
    (10, 10, 2, 3, 5, 1, "SAME", 2),
]


@pytest.mark.parametrize("h, w, cin, cout, k, s, tf_padding, torch_padding", CASES)
def test_conv2d_numpy_equals_both_frameworks(h, w, cin, cout, k, s, tf_padding, torch_padding):
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(h * 100 + k)
    image = rng.normal(size=(h, w, cin)).astype(np.float32)
    kernel = rng.normal(size=(k, k, cin, cout)).astype(np.float32)
    bias = rng.normal(size=cout).astype(np.float32)
    ours = conv2d_numpy(image, kernel, stride=s, padding=tf_padding.lower(), bias=bias)
    ours_int = conv2d_numpy(image, kernel, stride=s, padding=torch_padding, bias=bias)
    tf_out = tf.nn.conv2d(image[None], kernel, strides=s, padding=tf_padding)[0].numpy() + bias
    torch_out = F.conv2d(torch.from_numpy(image).permute(2, 0, 1)[None], torch.from_numpy(kernel.transpose(3, 2, 0, 1)),
                         torch.from_numpy(bias), stride=s, padding=torch_padding)[0].permute(1, 2, 0).numpy()
    assert np.abs(ours - tf_out).max() < TOLERANCE
    assert np.abs(ours_int - torch_out).max() < TOLERANCE
    assert ours.shape == (output_size(h, k, s, torch_padding), output_size(w, k, s, torch_padding), cout)


def test_same_padding_at_stride_two_is_uneven_and_matches_tensorflow():
    import tensorflow as tf

    assert same_padding(28, 3, 2) == (0, 1) and same_padding(28, 3, 1) == (1, 1) and same_padding(28, 5, 2) == (1, 2)
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(28, 28, 1)), rng.normal(size=(3, 3, 1, 2))
    tf_out = tf.nn.conv2d(image[None].astype(np.float32), kernel.astype(np.float32), strides=2, padding="SAME")[0]
    assert np.abs(conv2d_numpy(image, kernel, stride=2, padding="same") - tf_out.numpy()).max() < TOLERANCE
    assert np.abs(conv2d_numpy(image, kernel, stride=2, padding=(0, 1, 0, 1)) - tf_out.numpy()).max() < TOLERANCE
    assert np.abs(conv2d_numpy(image, kernel, stride=2, padding=1) - tf_out.numpy()).max() > 1e-3


@pytest.mark.parametrize("n, k, s, p", [(28, 3, 1, 0), (28, 3, 1, 1), (28, 5, 2, 0), (28, 3, 2, 1), (17, 4, 3, 2), (7, 7, 1, 0)])
def test_output_size_equals_both_frameworks(n, k, s, p):
    import tensorflow as tf
    import torch
    from torch import nn

    torch_rows = nn.Conv2d(1, 1, k, stride=s, padding=p)(torch.zeros(1, 1, n, n)).shape[2]
    assert output_size(n, k, s, p) == torch_rows == (n + 2 * p - k) // s + 1
    if p == 0:
        assert tf.keras.layers.Conv2D(1, k, strides=s)(tf.zeros((1, n, n, 1))).shape[1] == torch_rows


def test_the_lecture_example_and_the_x_filters():
    assert conv2d_numpy(LECTURE_IMAGE, LECTURE_FILTER).tolist() == [[4, 3, 4], [2, 4, 3], [2, 3, 4]]
    x = x_image(9)
    assert x.shape == (9, 9) and set(np.unique(x)) == {-1, 1}
    assert all(conv2d_numpy(x, f).max() == 9 for f in X_FILTERS.values())
    assert conv2d_numpy(x, X_FILTERS["crossing"])[3, 3] == 9
    assert all(f.shape == (3, 3) for f in FILTERS.values())


def test_flipped_kernel_gives_the_true_convolution():
    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(8, 9)), rng.normal(size=(3, 2))
    direct = np.array([[sum(kernel[i, j] * image[p + 2 - i, q + 1 - j] for i in range(3) for j in range(2))
                        for q in range(8)] for p in range(6)])  # out[p, q] = sum w[i, j] x[p - i, q - j], shifted
    assert np.allclose(true_convolution_fft(image, kernel), direct)
    assert np.allclose(conv2d_numpy(image, flip_kernel(kernel)), direct)
    assert not np.allclose(conv2d_numpy(image, kernel), direct)


@pytest.mark.parametrize("call, message", [
    (lambda: conv2d_numpy(np.zeros((2, 2, 2, 2)), np.ones((3, 3))), "image must be"),
    (lambda: conv2d_numpy(np.zeros((5, 5)), np.ones((3, 3, 1))), "kernel must be"),
    (lambda: conv2d_numpy(np.zeros((5, 5, 2)), np.ones((3, 3, 1, 1))), "2 channels but the kernel expects 1"),
    (lambda: conv2d_numpy(np.zeros((5, 5)), np.ones((3, 3)), padding="full"), "padding must be"),
    (lambda: conv2d_numpy(np.zeros((5, 5)), np.ones((3, 3)), stride=0), "stride must be"),
    (lambda: conv2d_numpy(np.zeros((2, 2)), np.ones((3, 3))), "larger than the padded input"),
    (lambda: output_size(28, 3, stride=1.5), "stride must be"),
    (lambda: output_size(28, 3, padding=-1), "padding must be"),
    (lambda: same_padding(0, 3), "n \\(the input size\\)"),
    (lambda: x_image(8), "odd whole number"),
    (lambda: flip_kernel(np.ones(3)), "kernel must be"),
    (lambda: true_convolution_fft(np.ones((2, 2)), np.ones((3, 3))), "larger than the image"),
])
def test_bad_input_gets_one_line_errors(call, message):
    with pytest.raises(ValueError, match=message) as error:
        call()
    assert "\n" not in str(error.value)
