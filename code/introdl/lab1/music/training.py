"""The training loop, shared by both frameworks: batches, steps, validation, progress.

The framework-specific parts (the model, the loss, one optimisation step) come from
``model_tf.py`` or ``model_torch.py``, which have the same API.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from dataclasses import dataclass

import numpy as np

from ...frameworks import display_name
from ...profiles import current_profile, validate_profile
from .backends import check_framework, load_backend
from .data import corpus_stats, join_songs, load_songs, train_validation_split
from .vocab import Vocabulary, fixed_batches, get_batch


@dataclass(frozen=True)
class TrainingConfig:
    """Sizes and settings of one training run, the same for both frameworks. ``full`` is the 2021 lab's.

    What only one framework's model has (TensorFlow's choice of LSTM layer) is not here:
    it goes to ``train_model(..., model_options={"lstm": "keras"})``.
    """

    batch_size: int = 4
    seq_length: int = 100
    steps: int = 2000
    learning_rate: float = 5e-3
    embedding_dim: int = 256
    rnn_units: int = 1024
    eval_every: int = 100
    validation_batches: int = 10
    seed: int = 0

    @classmethod
    def for_profile(cls, profile: str | None = None, **overrides) -> "TrainingConfig":
        """The config of a build profile (default: the active one), with ``overrides``."""
        profile = validate_profile(profile or current_profile())
        base = cls() if profile == "full" else cls(
            seq_length=50, steps=40, embedding_dim=32, rnn_units=128, eval_every=20, validation_batches=4
        )
        return dataclasses.replace(base, **{k: v for k, v in overrides.items() if v is not None})

    def model_kwargs(self) -> dict:
        """The arguments of either backend's ``build_model`` that come from the config."""
        return {"embedding_dim": self.embedding_dim, "rnn_units": self.rnn_units, "seed": self.seed}


@dataclass
class MusicData:
    """Songs split into training and validation, the vocabulary and the encoded texts."""

    songs: list
    train_songs: list
    validation_songs: list
    vocab: Vocabulary
    train_ids: np.ndarray
    validation_ids: np.ndarray

    @property
    def stats(self):
        return corpus_stats(self.songs)


def load_music_data(path=None, validation_fraction: float = 0.1, seed: int = 0) -> MusicData:
    """Load the songs (default O'Neill's 1850), split them by song, build the vocabulary."""
    songs = load_songs(path)
    train_songs, validation_songs = train_validation_split(songs, validation_fraction, seed)
    vocab = Vocabulary.from_text(join_songs(songs))
    return MusicData(
        songs=songs,
        train_songs=train_songs,
        validation_songs=validation_songs,
        vocab=vocab,
        train_ids=vocab.encode(join_songs(train_songs)),
        validation_ids=vocab.encode(join_songs(validation_songs)),
    )


@dataclass
class TrainingResult:
    model: object
    framework: str
    config: TrainingConfig
    history: list  # dicts: step, loss, seconds, and validation_loss where evaluated
    seconds: float
    train_step: object = dataclasses.field(default=None, repr=False)  # the compiled step (x, y) -> loss

    @property
    def ms_per_step(self) -> float:
        """Median wall time of a training step, leaving out the first (graph tracing)."""
        return float(np.median([row["step_seconds"] for row in self.history[1:]] or [np.nan]) * 1e3)

    @property
    def final_validation_loss(self) -> float:
        losses = [row["validation_loss"] for row in self.history if "validation_loss" in row]
        return losses[-1] if losses else float("nan")


class _Progress:
    """A tqdm bar on an interactive terminal, otherwise a plain line every few steps."""

    def __init__(self, total: int, mode: str, label: str, every: int):
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "lines"
        self.mode, self.total, self.label, self.every = mode, total, label, every
        self.bar = None
        if mode == "bar":
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=label, unit="step", file=sys.stderr)

    def update(self, step: int, loss: float, validation_loss=None, ms_per_step=None):
        if self.bar is not None:
            shown = {"loss": f"{loss:.3f}"}
            if validation_loss is not None:
                shown["val"] = f"{validation_loss:.3f}"
            self.bar.set_postfix(shown, refresh=False)
            self.bar.update(1)
        elif self.mode == "lines" and (step % self.every == 0 or step == self.total or validation_loss is not None):
            text = f"{self.label}: step {step}/{self.total}  loss {loss:.3f}"
            if validation_loss is not None:
                text += f"  validation loss {validation_loss:.3f}"
            if ms_per_step is not None:
                text += f"  {ms_per_step:.0f} ms/step"
            print(text, flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def check_model_options(framework: str, model_options: dict | None) -> dict:
    """``model_options`` as a dict, or ValueError naming the options ``framework``'s model takes."""
    framework = check_framework(framework)
    model_options = dict(model_options or {})
    allowed = load_backend(framework).MODEL_OPTIONS
    unknown = sorted(set(model_options) - set(allowed))
    if unknown:
        raise ValueError(
            f"model_options {unknown} are not options of the {display_name(framework)} model; "
            f"it takes {', '.join(allowed) or 'none'}."
        )
    return model_options


def train_model(framework: str, data: MusicData, config: TrainingConfig | None = None,
                progress: str = "auto", model=None, model_options: dict | None = None) -> TrainingResult:
    """Train the character LSTM of ``framework`` (TensorFlow or PyTorch) on ``data``.

    Every step draws a random batch (seeded by ``config.seed``, so both frameworks see the
    same batches) and starts the LSTM from a zero state. The validation loss is measured
    every ``config.eval_every`` steps on the same fixed validation batches.
    ``progress``: "auto" (bar on a terminal, else lines), "bar", "lines" or "none".
    ``model_options``: extra arguments of that framework's ``build_model`` (its
    ``MODEL_OPTIONS``), e.g. ``{"lstm": "keras"}`` for TensorFlow; ignored when ``model`` is given.
    """
    framework = check_framework(framework)
    if progress not in ("auto", "bar", "lines", "none"):
        raise ValueError(f"progress={progress!r}: use 'auto', 'bar', 'lines' or 'none'.")
    model_options = check_model_options(framework, model_options)
    config = config or TrainingConfig.for_profile()
    backend = load_backend(framework)
    if model is None:
        model = backend.build_model(len(data.vocab), **config.model_kwargs(), **model_options)
    optimizer = backend.make_optimizer(model, config.learning_rate)
    train_step = backend.make_train_step(model, optimizer)
    rng = np.random.default_rng(config.seed)
    validation = fixed_batches(data.validation_ids, min(config.seq_length, len(data.validation_ids) - 1),
                               config.batch_size, config.validation_batches, seed=config.seed + 1)
    history = []
    bar = _Progress(config.steps, progress, f"train {framework}", max(1, config.steps // 20))
    start = time.perf_counter()
    try:
        for step in range(1, config.steps + 1):
            x, y = get_batch(data.train_ids, config.seq_length, config.batch_size, rng)
            step_start = time.perf_counter()
            loss = train_step(x, y)
            row = {"step": step, "loss": loss, "step_seconds": time.perf_counter() - step_start}
            if step % config.eval_every == 0 or step == config.steps:
                row["validation_loss"] = backend.evaluate_loss(model, validation)
            row["seconds"] = time.perf_counter() - start
            history.append(row)
            recent = [r["step_seconds"] for r in history[1:][-20:]]
            bar.update(step, loss, row.get("validation_loss"), 1e3 * np.median(recent) if recent else None)
    finally:
        bar.close()
    return TrainingResult(model, framework, config, history, time.perf_counter() - start, train_step)
