"""A fast LSTM layer for TensorFlow on CPU, with the weights of ``keras.layers.LSTM``.

Why Keras' own LSTM is slow on a CPU (``benchmarks/music_train_step.py --ops`` prints the
TensorFlow profiler's time per op type): without a GPU (no cuDNN kernel),
``keras.layers.LSTM`` runs its cell in a ``tf.while_loop`` and lets autodiff differentiate
the loop. Nearly all its time goes to MatMul (six per time step: two forward, four
backward) and AddN (four per time step, summing weight gradients). That is, per time step,

* a separate input matmul ``x_t @ kernel`` (a [batch, 256] by [256, 4096] product) that
  could have been done once for all steps, and
* in the backward pass, a weight gradient ``h_{t-1}^T @ dz_t`` for the 16 MB recurrent
  kernel (and another for the input kernel), each *accumulated* into a 16 MB buffer: at batch
  4 that is a memory-bound outer product, 100 times a step, plus the loop's bookkeeping.

cuDNN's fused LSTM avoids both, and so does this layer: the input projection is one
matmul over the whole sequence, the loop over time only does what really is sequential
(``h @ recurrent_kernel`` and the gates), and the gradient is written by hand
(``tf.custom_gradient``) so the weight gradients become one large matmul each over all time
steps, the way cuDNN does it. Nothing else changes: same variables, shapes, gate order
(i, f, c, o) and initializers as ``keras.layers.LSTM``, so ``set_weights`` works both ways.
"""

from __future__ import annotations

import keras
import tensorflow as tf


def lstm_sequence(inputs, h, c, kernel, recurrent_kernel, bias):
    """Run an LSTM over ``inputs`` [batch, time, features]; return (outputs, h, c).

    Same maths and weight layout as ``keras.layers.LSTM``: gates z = x @ kernel +
    h @ recurrent_kernel + bias, split in the order input, forget, cell, output.
    The time loop is unrolled at trace time (the sequence length must be static).
    """

    @tf.custom_gradient
    def run(inputs, h0, c0, kernel, recurrent_kernel, bias):
        batch, steps, features = inputs.shape
        if steps is None:
            raise ValueError("lstm_sequence needs a static sequence length; "
                             "call it inside a tf.function with a fixed input shape.")
        flat_inputs = tf.reshape(inputs, [-1, features])
        # The input half of every gate, for all time steps in one matmul.
        x_gates = tf.reshape(tf.matmul(flat_inputs, kernel) + bias, [-1, steps, kernel.shape[1]])
        h, c = h0, c0
        saved = []  # what the backward pass needs from each step
        outputs = []
        for x_t in tf.unstack(x_gates, axis=1):
            z = x_t + tf.matmul(h, recurrent_kernel)
            z_i, z_f, z_c, z_o = tf.split(z, 4, axis=1)
            i, f, g, o = tf.sigmoid(z_i), tf.sigmoid(z_f), tf.tanh(z_c), tf.sigmoid(z_o)
            c_prev = c
            c = f * c + i * g
            tanh_c = tf.tanh(c)
            h = o * tanh_c
            saved.append((i, f, g, o, c_prev, tanh_c))
            outputs.append(h)
        h_prev_all = tf.stack([h0] + outputs[:-1], axis=1)

        def grad(d_outputs, d_h_last, d_c_last):
            d_steps = tf.unstack(d_outputs, axis=1)
            dh = tf.zeros_like(h0) if d_h_last is None else d_h_last
            dc = tf.zeros_like(c0) if d_c_last is None else d_c_last
            d_gates = [None] * steps
            # Backpropagation through time: only dh and dc flow from step to step.
            for t in reversed(range(steps)):
                i, f, g, o, c_prev, tanh_c = saved[t]
                dh = dh + d_steps[t]
                dc = dc + dh * o * (1.0 - tanh_c * tanh_c)
                dz = tf.concat(
                    [
                        dc * g * i * (1.0 - i),  # input gate
                        dc * c_prev * f * (1.0 - f),  # forget gate
                        dc * i * (1.0 - g * g),  # cell candidate
                        dh * tanh_c * o * (1.0 - o),  # output gate
                    ],
                    axis=1,
                )
                d_gates[t] = dz
                dc = dc * f
                dh = tf.matmul(dz, recurrent_kernel, transpose_b=True)
            units4 = kernel.shape[1]
            d_z = tf.reshape(tf.stack(d_gates, axis=1), [-1, units4])
            # Weight gradients: one big matmul each over batch x time, not one per step.
            d_recurrent = tf.matmul(
                tf.reshape(h_prev_all, [-1, recurrent_kernel.shape[0]]), d_z, transpose_a=True
            )
            d_kernel = tf.matmul(flat_inputs, d_z, transpose_a=True)
            d_bias = tf.reduce_sum(d_z, axis=0)
            d_inputs = tf.reshape(tf.matmul(d_z, kernel, transpose_b=True), tf.shape(inputs))
            return d_inputs, dh, dc, d_kernel, d_recurrent, d_bias

        return (tf.stack(outputs, axis=1), h, c), grad

    return run(inputs, h, c, kernel, recurrent_kernel, bias)


class FastLSTM(keras.layers.Layer):
    """``keras.layers.LSTM(units, return_sequences=True, return_state=True)``, faster on CPU.

    Variables ``kernel`` [features, 4*units], ``recurrent_kernel`` [units, 4*units] and
    ``bias`` [4*units] are created with the same initializers as Keras' LSTM (Glorot
    uniform, orthogonal, zeros with forget-gate bias 1), so weights move between the two
    with ``get_weights``/``set_weights``. Call: ``outputs, h, c = layer(x, initial_state)``.
    """

    def __init__(self, units: int, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        features = input_shape[-1]
        self.kernel = self.add_weight(
            name="kernel", shape=(features, 4 * self.units), initializer="glorot_uniform"
        )
        self.recurrent_kernel = self.add_weight(
            name="recurrent_kernel", shape=(self.units, 4 * self.units), initializer="orthogonal"
        )
        # Keras' unit_forget_bias: start the forget gate open (bias 1) so memory flows early on.
        bias = [0.0] * self.units + [1.0] * self.units + [0.0] * (2 * self.units)
        self.bias = self.add_weight(
            name="bias", shape=(4 * self.units,), initializer=keras.initializers.Constant(bias)
        )

    def call(self, inputs, initial_state=None):
        if initial_state is None:
            zeros = tf.zeros([tf.shape(inputs)[0], self.units], dtype=inputs.dtype)
            initial_state = [zeros, zeros]
        h, c = initial_state
        return lstm_sequence(
            inputs,
            h,
            c,
            tf.convert_to_tensor(self.kernel),
            tf.convert_to_tensor(self.recurrent_kernel),
            tf.convert_to_tensor(self.bias),
        )

    def get_config(self):
        return {**super().get_config(), "units": self.units}
