import json

import numpy as np
import pytest

from introdl.lab1.music import model_tf, model_torch
from introdl.lab1.music.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from introdl.lab1.music.vocab import Vocabulary

TINY = {"embedding_dim": 8, "rnn_units": 16}  # tiny sizes keep the tests fast


@pytest.mark.parametrize("backend", [model_tf, model_torch], ids=["tensorflow", "pytorch"])
def test_round_trip_gives_the_same_model(tmp_path, backend, vocab, batch):
    model = backend.build_model(len(vocab), **TINY, seed=0)
    history = [{"step": 1, "loss": 4.0, "seconds": 0.1}, {"step": 2, "loss": 3.9, "validation_loss": 3.8, "seconds": 0.2}]
    folder = save_checkpoint(tmp_path / "ck", model, backend.FRAMEWORK, vocab, {"steps": 2}, history)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["meta.json", "loss_log.csv", backend.WEIGHTS_FILE])
    assert (folder / "loss_log.csv").read_text().splitlines()[2].startswith("2,3.9,3.8")
    loaded, loaded_vocab, meta = load_checkpoint(folder, framework=backend.FRAMEWORK, vocab=vocab)
    assert loaded_vocab == vocab and meta["training"] == {"steps": 2}
    a = backend.get_keras_layout(model)
    b = backend.get_keras_layout(loaded)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    # a checkpoint folder is never left half-written: the temporary folder is gone
    assert [p.name for p in tmp_path.iterdir()] == ["ck"]


def test_other_framework_and_other_vocabulary_are_refused(tmp_path, vocab):
    model = model_torch.build_model(len(vocab), **TINY)
    folder = save_checkpoint(tmp_path / "ck", model, "pytorch", vocab)
    with pytest.raises(CheckpointError, match="trained with pytorch, not tensorflow"):
        load_checkpoint(folder, framework="tensorflow")
    with pytest.raises(CheckpointError, match="vocabulary"):
        load_checkpoint(folder, vocab=Vocabulary.from_text("X:1\nK:D\nabc"))


def test_missing_and_damaged_checkpoints(tmp_path, vocab):
    with pytest.raises(CheckpointError, match="no such checkpoint"):
        load_checkpoint(tmp_path / "nope")
    with pytest.raises(CheckpointError, match="no meta.json"):
        load_checkpoint(tmp_path)
    folder = save_checkpoint(tmp_path / "ck", model_torch.build_model(len(vocab), **TINY), "pytorch", vocab)
    (folder / model_torch.WEIGHTS_FILE).write_bytes(b"truncated")
    with pytest.raises(CheckpointError, match="cannot read the weights"):
        load_checkpoint(folder)
    meta = json.loads((folder / "meta.json").read_text())
    meta["vocabulary"] = meta["vocabulary"][:-1]
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="damaged"):
        load_checkpoint(folder)


def test_existing_output_folder_is_not_overwritten(tmp_path, vocab):
    model = model_torch.build_model(len(vocab), **TINY)
    (tmp_path / "ck").mkdir()
    (tmp_path / "ck" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not empty"):
        save_checkpoint(tmp_path / "ck", model, "pytorch", vocab)
    assert [p.name for p in (tmp_path / "ck").iterdir()] == ["keep.txt"]
    save_checkpoint(tmp_path / "ck", model, "pytorch", vocab, overwrite=True)
    assert not (tmp_path / "ck" / "keep.txt").exists()
