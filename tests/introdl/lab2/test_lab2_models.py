"""introdl.lab2.models: the two frameworks' references compute the same thing from the same weights."""

import numpy as np
import pytest
import tensorflow as tf
import torch

from introdl.digits import load_digits
from introdl.lab2 import models
from introdl.lab2.data import to_nchw, to_nhwc
from introdl.weights import copy_keras_model_to_torch

TF, PT = "tensorflow", "pytorch"


@pytest.fixture(scope="module")
def batch():
    digits = load_digits()
    return digits.test_images[:32], digits.test_labels[:32]


@pytest.mark.parametrize("kind", ["fc", "cnn"])
def test_same_weights_same_probabilities(kind, batch):
    images, _ = batch
    tf.keras.utils.set_random_seed(0)
    keras_model, torch_model = models.model_builder(kind)(TF), models.model_builder(kind)(PT)
    copy_keras_model_to_torch(keras_model, torch_model)
    with torch.no_grad():
        torch_probabilities = torch.softmax(torch_model(torch.from_numpy(to_nchw(images))), dim=1).numpy()
    assert np.abs(keras_model(to_nhwc(images)).numpy() - torch_probabilities).max() < 1e-5


def test_evaluate_and_train_step_agree_across_frameworks(batch):
    images, labels = batch
    tf.keras.utils.set_random_seed(1)
    keras_model, torch_model = models.build_cnn_model(TF), models.build_cnn_model(PT)
    copy_keras_model_to_torch(keras_model, torch_model)
    x_tf, y_tf = tf.constant(to_nhwc(images)), tf.constant(labels)
    x_pt, y_pt = torch.from_numpy(to_nchw(images)), torch.from_numpy(labels)
    tf_loss, tf_accuracy = models.evaluate(TF, keras_model, x_tf, y_tf)
    torch_loss, torch_accuracy = models.evaluate(PT, torch_model, x_pt, y_pt)
    assert abs(tf_loss - torch_loss) < 1e-5 and tf_accuracy == torch_accuracy
    tf_step = models.train_step(TF, keras_model, tf.keras.optimizers.SGD(0.1), x_tf, y_tf)
    torch_step = models.train_step(PT, torch_model, torch.optim.SGD(torch_model.parameters(), lr=0.1), x_pt, y_pt)
    assert tf_step.shape == () and torch_step.shape == () and abs(float(tf_step) - float(torch_step)) < 1e-5
    after_tf, after_pt = models.evaluate(TF, keras_model, x_tf, y_tf), models.evaluate(PT, torch_model, x_pt, y_pt)
    assert abs(after_tf[0] - after_pt[0]) < 1e-4 and after_tf[0] < tf_loss


def test_model_builder_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="kind must be one of"):
        models.model_builder("rnn")
