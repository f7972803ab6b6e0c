"""The music lab as a student runs it: answers in the TODO cells, then every cell in order.

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

PAGE = REPO_ROOT / "book" / "labs" / "lab1_part2_music.md"
pytestmark = pytest.mark.slow


def _answer(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


# (answer, a phrase the FAIL line must contain) for each TODO cell, by family.
WRONG_ANSWERS = {
    "wrong shape": {
        "tf_vectorize_string": (_answer("""
            def tf_vectorize_string(string):
                return np.array([[char2idx[char] for char in string]])  # a batch of one: 2-d
            """), "should have shape"),
        "torch_vectorize_string": (_answer("""
            def torch_vectorize_string(string):
                return torch.tensor([[char2idx[char] for char in string]], dtype=torch.long)
            """), "should have shape"),
        "tf_get_batch": (_answer("""
            def tf_get_batch(vectorized_songs, seq_length, batch_size, rng=None):
                rng = np.random.default_rng() if rng is None else rng
                n = vectorized_songs.shape[0] - 1
                idx = rng.integers(0, n - seq_length + 1, size=batch_size)
                x_batch = np.stack([vectorized_songs[i : i + seq_length + 1] for i in idx])  # one too many
                y_batch = np.stack([vectorized_songs[i + 1 : i + seq_length + 2] for i in idx])
                return x_batch, y_batch
            """), "shape"),
        "torch_get_batch": (_answer("""
            def torch_get_batch(vectorized_songs, seq_length, batch_size, rng=None):
                rng = np.random.default_rng() if rng is None else rng
                n = vectorized_songs.shape[0] - 1
                idx = rng.integers(0, n - seq_length + 1, size=batch_size)
                x_batch = torch.stack([vectorized_songs[i : i + seq_length + 1] for i in idx])
                y_batch = torch.stack([vectorized_songs[i + 1 : i + seq_length + 2] for i in idx])
                return x_batch, y_batch
            """), "shape"),
        "TFCharLSTM": (_answer("""
            class TFCharLSTM(tf.keras.Model):
                def __init__(self, vocab_size, embedding_dim, rnn_units, lstm=None):
                    super().__init__()
                    self.embedding = tf.keras.layers.Embedding(vocab_size, embedding_dim)
                    self.lstm = lstm or tf.keras.layers.LSTM(rnn_units, return_sequences=True, return_state=True)
                    self.dense = tf.keras.layers.Dense(embedding_dim)  # not one logit per character

                def call(self, inputs, states=None, return_state=False, training=False):
                    x, h, c = self.lstm(self.embedding(inputs), initial_state=states)
                    logits = self.dense(x)
                    return (logits, [h, c]) if return_state else logits
            """), "should give logits of shape"),
        "TorchCharLSTM": (_answer("""
            class TorchCharLSTM(nn.Module):
                def __init__(self, vocab_size, embedding_dim, rnn_units):
                    super().__init__()
                    self.embedding = nn.Embedding(vocab_size, embedding_dim)
                    self.lstm = nn.LSTM(embedding_dim, rnn_units, batch_first=True)
                    self.dense = nn.Linear(rnn_units, embedding_dim)  # not one logit per character

                def forward(self, inputs, states=None, return_state=False):
                    x, (h, c) = self.lstm(self.embedding(inputs))
                    logits = self.dense(x)
                    return (logits, [h[0], c[0]]) if return_state else logits
            """), "should give logits of shape"),
        "tf_compute_loss": (_answer("""
            def tf_compute_loss(labels, logits):
                return tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
            """), "one number (0-d)"),
        "torch_compute_loss": (_answer("""
            def torch_compute_loss(labels, logits):
                return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), reduction="none")
            """), "one number (0-d)"),
        "tf_make_train_step": (_answer("""
            def tf_make_train_step(model, optimizer):
                @tf.function
                def train_step(x, y):
                    with tf.GradientTape() as tape:
                        per_character = tf.keras.losses.sparse_categorical_crossentropy(
                            y, model(x, training=True), from_logits=True)
                        loss = tf.reduce_mean(per_character)
                    grads = tape.gradient(loss, model.trainable_variables)
                    optimizer.apply_gradients(zip(grads, model.trainable_variables))
                    return per_character

                return lambda x, y: train_step(tf.constant(x), tf.constant(y)).numpy()
            """), "one number (0-d)"),
        "torch_make_train_step": (_answer("""
            def torch_make_train_step(model, optimizer):
                def train_step(x, y):
                    x, y = torch.as_tensor(x), torch.as_tensor(y)
                    optimizer.zero_grad()
                    logits = model(x)
                    per_character = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1),
                                                    reduction="none")
                    per_character.mean().backward()
                    optimizer.step()
                    return per_character.detach()

                return train_step
            """), "one number (0-d)"),
        "tf_generate_text": (_answer("""
            def tf_generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
                rng = np.random.default_rng(seed)
                logits, states = model(tf.constant([tf_vectorize_string(start_string)]), return_state=True)
                text_generated = []
                for _ in range(generation_length):
                    next_id = sample_next(logits[0, -1].numpy(), temperature, rng)
                    text_generated.append(idx2char[next_id])
                    logits, states = model(tf.constant([[next_id]]), states=states, return_state=True)
                return "".join(text_generated)  # the start string is missing
            """), "should return"),
        "torch_generate_text": (_answer("""
            @torch.no_grad()
            def torch_generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
                rng = np.random.default_rng(seed)
                device = next(model.parameters()).device
                logits, states = model(torch_vectorize_string(start_string)[None, :].to(device), return_state=True)
                text_generated = []
                for _ in range(generation_length):
                    next_id = sample_next(logits[0, -1].double().cpu().numpy(), temperature, rng)
                    text_generated.append(idx2char[next_id])
                    logits, states = model(torch.tensor([[next_id]], device=device), states=states,
                                           return_state=True)
                return "".join(text_generated)
            """), "should return"),
    },
    "wrong dtype": {
        "tf_vectorize_string": (_answer("""
            def tf_vectorize_string(string):
                return np.array([char2idx[char] for char in string], dtype=np.float32)
            """), "should return integer ids"),
        "torch_vectorize_string": (_answer("""
            def torch_vectorize_string(string):
                return torch.tensor([char2idx[char] for char in string], dtype=torch.int32)
            """), "should return torch.long"),
        "tf_get_batch": (_answer("""
            def tf_get_batch(vectorized_songs, seq_length, batch_size, rng=None):
                rng = np.random.default_rng() if rng is None else rng
                n = vectorized_songs.shape[0] - 1
                idx = rng.integers(0, n - seq_length + 1, size=batch_size)
                x_batch = np.stack([vectorized_songs[i : i + seq_length] for i in idx]).astype(np.float32)
                y_batch = np.stack([vectorized_songs[i + 1 : i + seq_length + 1] for i in idx]).astype(np.float32)
                return x_batch, y_batch
            """), "dtype"),
        "torch_get_batch": (_answer("""
            def torch_get_batch(vectorized_songs, seq_length, batch_size, rng=None):
                rng = np.random.default_rng() if rng is None else rng
                n = vectorized_songs.shape[0] - 1
                idx = rng.integers(0, n - seq_length + 1, size=batch_size)
                x_batch = torch.stack([vectorized_songs[i : i + seq_length] for i in idx]).float()
                y_batch = torch.stack([vectorized_songs[i + 1 : i + seq_length + 1] for i in idx]).float()
                return x_batch, y_batch
            """), "dtype"),
        "TFCharLSTM": (_answer("""
            class TFCharLSTM(tf.keras.Model):
                def __init__(self, vocab_size, embedding_dim, rnn_units, lstm=None):
                    super().__init__()
                    self.embedding = tf.keras.layers.Embedding(vocab_size, embedding_dim)
                    self.lstm = lstm or tf.keras.layers.LSTM(rnn_units, return_sequences=True, return_state=True)
                    self.dense = tf.keras.layers.Dense(vocab_size, dtype="float64")

                def call(self, inputs, states=None, return_state=False, training=False):
                    x, h, c = self.lstm(self.embedding(inputs), initial_state=states)
                    logits = self.dense(x)
                    return (logits, [h, c]) if return_state else logits
            """), "float32 logits"),
        "TorchCharLSTM": (_answer("""
            class TorchCharLSTM(nn.Module):
                def __init__(self, vocab_size, embedding_dim, rnn_units):
                    super().__init__()
                    self.embedding = nn.Embedding(vocab_size, embedding_dim)
                    self.lstm = nn.LSTM(embedding_dim, rnn_units, batch_first=True)
                    self.dense = nn.Linear(rnn_units, vocab_size)

                def forward(self, inputs, states=None, return_state=False):
                    if states is not None:
                        states = (states[0].unsqueeze(0), states[1].unsqueeze(0))
                    x, (h, c) = self.lstm(self.embedding(inputs), states)
                    logits = self.dense(x).double()
                    return (logits, [h[0], c[0]]) if return_state else logits
            """), "float32 logits"),
        "tf_compute_loss": (_answer("""
            def tf_compute_loss(labels, logits):
                per_character = tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
                return tf.cast(tf.reduce_mean(per_character), tf.float64)
            """), "float32 loss"),
        "torch_compute_loss": (_answer("""
            def torch_compute_loss(labels, logits):
                return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)).double()
            """), "float32 loss"),
        "tf_make_train_step": (_answer("""
            def tf_make_train_step(model, optimizer):
                @tf.function
                def train_step(x, y):
                    with tf.GradientTape() as tape:
                        loss = tf_compute_loss(y, model(x, training=True))
                    grads = tape.gradient(loss, model.trainable_variables)
                    optimizer.apply_gradients(zip(grads, model.trainable_variables))
                    return tf.cast(loss, tf.float16)

                return lambda x, y: train_step(tf.constant(x), tf.constant(y))
            """), "float32"),
        "torch_make_train_step": (_answer("""
            def torch_make_train_step(model, optimizer):
                def train_step(x, y):
                    x, y = torch.as_tensor(x), torch.as_tensor(y)
                    optimizer.zero_grad()
                    loss = torch_compute_loss(y, model(x))
                    loss.backward()
                    optimizer.step()
                    return loss.detach().half()

                return train_step
            """), "float32"),
        "tf_generate_text": (_answer("""
            def tf_generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
                rng = np.random.default_rng(seed)
                logits, states = model(tf.constant([tf_vectorize_string(start_string)]), return_state=True)
                text_generated = []
                for _ in range(generation_length):
                    next_id = sample_next(logits[0, -1].numpy(), temperature, rng)
                    text_generated.append(idx2char[next_id])
                    logits, states = model(tf.constant([[next_id]]), states=states, return_state=True)
                return [start_string, *text_generated]  # a list, not a string
            """), "should return a str"),
        "torch_generate_text": (_answer("""
            @torch.no_grad()
            def torch_generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
                rng = np.random.default_rng(seed)
                device = next(model.parameters()).device
                logits, states = model(torch_vectorize_string(start_string)[None, :].to(device), return_state=True)
                ids = []
                for _ in range(generation_length):
                    next_id = sample_next(logits[0, -1].double().cpu().numpy(), temperature, rng)
                    ids.append(next_id)
                    logits, states = model(torch.tensor([[next_id]], device=device), states=states,
                                           return_state=True)
                return torch.tensor(ids)  # ids, not characters
            """), "should return a str"),
    },
    "wrong values": {
        "tf_vectorize_string": (_answer("""
            def tf_vectorize_string(string):
                return np.array([char2idx[char] for char in reversed(string)])
            """), "wrong id at position"),
        "torch_vectorize_string": (_answer("""
            def torch_vectorize_string(string):
                return torch.tensor([char2idx[char] + 1 for char in string], dtype=torch.long)
            """), "wrong id at position"),
        "tf_get_batch": (_answer("""
            def tf_get_batch(vectorized_songs, seq_length, batch_size, rng=None):
                rng = np.random.default_rng() if rng is None else rng
                n = vectorized_songs.shape[0] - 1
                idx = rng.integers(0, n - seq_length + 1, size=batch_size)
                x_batch = np.stack([vectorized_songs[i : i + seq_length] for i in idx])
                return x_batch, x_batch  # the targets are not shifted
            """), "shifted one character ahead"),
        "torch_get_batch": (_answer("""
            def torch_get_batch(vectorized_songs, seq_length, batch_size, rng=None):
                rng = np.random.default_rng() if rng is None else rng
                n = vectorized_songs.shape[0] - 1
                idx = rng.integers(0, n - seq_length + 1, size=batch_size)
                x_batch = torch.stack([vectorized_songs[i : i + seq_length] for i in idx])
                y_batch = torch.stack([vectorized_songs[i + 2 : i + seq_length + 2] for i in idx])
                return x_batch, y_batch  # two characters later
            """), "shifted one character ahead"),
        "TFCharLSTM": (_answer("""
            class TFCharLSTM(tf.keras.Model):
                def __init__(self, vocab_size, embedding_dim, rnn_units, lstm=None):
                    super().__init__()
                    self.embedding = tf.keras.layers.Embedding(vocab_size, embedding_dim)
                    self.lstm = lstm or tf.keras.layers.LSTM(rnn_units, return_sequences=True, return_state=True)
                    self.dense = tf.keras.layers.Dense(vocab_size, activation="softmax")  # probabilities

                def call(self, inputs, states=None, return_state=False, training=False):
                    x, h, c = self.lstm(self.embedding(inputs), initial_state=states)
                    logits = self.dense(x)
                    return (logits, [h, c]) if return_state else logits
            """), "differs from introdl's CharLSTM"),
        "TorchCharLSTM": (_answer("""
            class TorchCharLSTM(nn.Module):
                def __init__(self, vocab_size, embedding_dim, rnn_units):
                    super().__init__()
                    self.embedding = nn.Embedding(vocab_size, embedding_dim)
                    self.lstm = nn.LSTM(embedding_dim, rnn_units)  # batch_first forgotten: reads time-major
                    self.dense = nn.Linear(rnn_units, vocab_size)

                def forward(self, inputs, states=None, return_state=False):
                    if states is not None:
                        states = (states[0].unsqueeze(0), states[1].unsqueeze(0))
                    x, (h, c) = self.lstm(self.embedding(inputs), states)
                    logits = self.dense(x)
                    return (logits, [h[0], c[0]]) if return_state else logits
            """), "differs from introdl's CharLSTM"),
        "tf_compute_loss": (_answer("""
            def tf_compute_loss(labels, logits):
                return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, logits))
            """), "from_logits=True"),
        "torch_compute_loss": (_answer("""
            def torch_compute_loss(labels, logits):
                return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), reduction="sum")
            """), "take the mean"),
        "tf_make_train_step": (_answer("""
            def tf_make_train_step(model, optimizer):
                @tf.function
                def train_step(x, y):
                    return tf_compute_loss(y, model(x, training=True))  # the gradients are never applied

                return lambda x, y: float(train_step(tf.constant(x), tf.constant(y)))
            """), "weights did not change"),
        "torch_make_train_step": (_answer("""
            def torch_make_train_step(model, optimizer):
                def train_step(x, y):
                    x, y = torch.as_tensor(x), torch.as_tensor(y)
                    loss = torch_compute_loss(y, model(x))  # no zero_grad: gradients pile up
                    loss.backward()
                    optimizer.step()
                    return loss.item()

                return train_step
            """), "zero_grad"),
        "tf_generate_text": (_answer("""
            def tf_generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
                rng = np.random.default_rng(seed)
                logits = model(tf.constant([tf_vectorize_string(start_string)]))
                text_generated = []
                for _ in range(generation_length):
                    next_id = sample_next(logits[0, -1].numpy(), temperature, rng)
                    text_generated.append(idx2char[next_id])
                    logits = model(tf.constant([[next_id]]))  # the state is dropped
                return start_string + "".join(text_generated)
            """), "differs from introdl's"),
        "torch_generate_text": (_answer("""
            @torch.no_grad()
            def torch_generate_text(model, start_string, generation_length=1000, temperature=1.0, seed=0):
                rng = np.random.default_rng(seed)
                device = next(model.parameters()).device
                logits, states = model(torch_vectorize_string(start_string)[None, :].to(device), return_state=True)
                text_generated = []
                for _ in range(generation_length):
                    next_id = sample_next(logits[0, -1].double().cpu().numpy(), 1.0, rng)  # temperature ignored
                    text_generated.append(idx2char[next_id])
                    logits, states = model(torch.tensor([[next_id]], device=device), states=states,
                                           return_state=True)
                return start_string + "".join(text_generated)
            """), "differs from introdl's"),
    },
}


@pytest.fixture(scope="module")
def page_solutions():
    import jupytext

    return solutions(jupytext.read(PAGE))


def test_every_todo_cell_has_a_solution_and_every_family_answers_it(page_solutions):
    assert len(page_solutions) == 12, sorted(page_solutions)
    for family, answers in WRONG_ANSWERS.items():
        assert set(answers) == set(page_solutions), family


def test_correct_answers_pass_and_nothing_falls_back(page_solutions, monkeypatch):
    run = run_as_student(PAGE, page_solutions, monkeypatch)
    assert_every_answer_passes(run, page_solutions)


def test_untouched_todos_give_one_fail_each_and_the_page_runs_on(page_solutions, monkeypatch):
    run = run_as_student(PAGE, {}, monkeypatch)
    assert_untouched_todos_fail_once(run, page_solutions, lambda name, line: "still `...`" in line or "returned None" in line)


@pytest.mark.parametrize("family", sorted(WRONG_ANSWERS))
def test_wrong_answers_give_one_fail_that_names_the_expectation(family, monkeypatch):
    answers = WRONG_ANSWERS[family]
    run = run_as_student(PAGE, {name: source for name, (source, _) in answers.items()}, monkeypatch)
    assert_wrong_answers_fail_once(run, answers)
