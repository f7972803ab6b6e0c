"""Save a trained model with what is needed to use it again, and refuse a wrong one.

A checkpoint folder holds ``meta.json`` (framework, model sizes, vocabulary, training
settings), the weights in the framework's own format and ``loss_log.csv``. Loading checks
the framework and the vocabulary: a model's output ids only mean something with the
vocabulary it was trained with.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ...frameworks import IDS, check_framework
from .backends import load_backend
from .outputs import atomic_folder
from .vocab import Vocabulary

FORMAT = "introdl.lab1.music checkpoint"
VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint that is missing, damaged, or does not fit what it is used for."""


def save_checkpoint(folder, model, framework: str, vocab: Vocabulary, training: dict | None = None,
                    history: list | None = None, overwrite: bool = False) -> Path:
    """Write the checkpoint folder atomically (nothing appears if saving fails)."""
    framework = check_framework(framework)
    backend = load_backend(framework)
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "framework": framework,
        "model": backend.model_config(model),
        "vocabulary": list(vocab.chars),
        "vocabulary_fingerprint": vocab.fingerprint,
        "training": training or {},
    }
    with atomic_folder(folder, overwrite=overwrite) as temporary:
        backend.save_weights(model, temporary)
        (temporary / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        write_loss_log(temporary / "loss_log.csv", history or [])
    return Path(folder)


def write_loss_log(path, history) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["step", "loss", "validation_loss", "seconds"])
        for row in history:
            writer.writerow([row["step"], row["loss"], row.get("validation_loss", ""), row["seconds"]])


def read_meta(folder) -> dict:
    folder = Path(folder)
    meta_path = folder / "meta.json"
    if not folder.is_dir():
        raise CheckpointError(f"{folder}: no such checkpoint folder; give the --out folder of a training run.")
    if not meta_path.is_file():
        raise CheckpointError(f"{folder}: not a checkpoint (no meta.json); give the --out folder of a training run.")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CheckpointError(f"{meta_path}: damaged ({error}); train again.") from None
    if meta.get("format") != FORMAT or meta.get("framework") not in IDS:
        raise CheckpointError(f"{meta_path}: not an introdl.lab1.music checkpoint; train one with `python -m introdl.lab1.music train`.")
    return meta


def load_checkpoint(folder, framework: str | None = None, vocab: Vocabulary | None = None):
    """Rebuild the model from a checkpoint; return (model, vocabulary, meta).

    ``framework`` and ``vocab``, when given, must match the checkpoint's, else
    CheckpointError says which was used and what to do.
    """
    meta = read_meta(folder)
    saved = meta["framework"]
    framework = None if framework is None else check_framework(framework)
    if framework is not None and framework != saved:
        raise CheckpointError(
            f"{folder}: this checkpoint was trained with {saved}, not {framework}; "
            f"load it with framework={saved!r} (--framework {saved}) or train a {framework} model."
        )
    saved_vocab = Vocabulary(tuple(meta["vocabulary"]))
    if saved_vocab.fingerprint != meta.get("vocabulary_fingerprint"):
        raise CheckpointError(f"{folder}: meta.json's vocabulary does not match its fingerprint (damaged); train again.")
    if vocab is not None and vocab.fingerprint != saved_vocab.fingerprint:
        missing = "".join(sorted(set(vocab.chars) ^ set(saved_vocab.chars)))
        raise CheckpointError(
            f"{folder}: the checkpoint's vocabulary ({len(saved_vocab)} characters) differs from this "
            f"data's ({len(vocab)}; differing characters {missing!r}); the model's ids would mean "
            "other characters: train on this data or use the checkpoint's vocabulary."
        )
    backend = load_backend(saved)
    model = backend.build_model(**meta["model"])
    if meta["model"].get("vocab_size") != len(saved_vocab):
        raise CheckpointError(f"{folder}: model size and vocabulary disagree (damaged); train again.")
    try:
        backend.load_weights(model, folder)
    except Exception as error:  # a missing or truncated weights file
        raise CheckpointError(f"{folder}: cannot read the weights ({type(error).__name__}: {error}); train again.") from None
    return model, saved_vocab, meta
