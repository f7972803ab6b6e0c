import dataclasses

import pytest

from introdl.lab1.music.training import TrainingConfig, load_music_data, train_model


def test_profiles():
    full = TrainingConfig.for_profile("full")
    assert (full.batch_size, full.seq_length, full.steps, full.learning_rate) == (4, 100, 2000, 5e-3)
    assert (full.embedding_dim, full.rnn_units) == (256, 1024)
    smoke = TrainingConfig.for_profile("smoke", steps=7)
    assert smoke.steps == 7 and smoke.rnn_units < full.rnn_units


def test_data_split_and_vocabulary():
    data = load_music_data()
    assert len(data.train_songs) + len(data.validation_songs) == 2009
    assert data.vocab.decode(data.validation_ids[:20]) == "\n\n".join(data.validation_songs)[:20]


@pytest.mark.parametrize("framework", ["tensorflow", "pytorch"])
def test_train_model_logs_loss_and_validation(framework, capsys):
    data = load_music_data()
    config = TrainingConfig.for_profile("smoke", steps=6, eval_every=3, embedding_dim=8, rnn_units=16,
                                        seq_length=20)
    result = train_model(framework, data, config, progress="lines")
    out = capsys.readouterr().out
    assert f"train {framework}: step 6/6" in out
    assert [row["step"] for row in result.history] == list(range(1, 7))
    assert [row["step"] for row in result.history if "validation_loss" in row] == [3, 6]
    assert result.final_validation_loss < 5 and result.ms_per_step > 0
    with pytest.raises(ValueError, match="framework"):
        train_model("jax", data, config)


def test_framework_specific_options_go_to_the_model_not_the_config():
    assert "lstm" not in {field.name for field in dataclasses.fields(TrainingConfig)}
    data = load_music_data()
    config = TrainingConfig.for_profile("smoke", steps=1, eval_every=1, embedding_dim=8, rnn_units=16,
                                        seq_length=20, validation_batches=1)
    result = train_model("tf", data, config, progress="none", model_options={"lstm": "keras"})
    assert result.framework == "tensorflow" and result.model.lstm_variant == "keras"
    with pytest.raises(ValueError, match=r"\['lstm'\] are not options of the PyTorch model; it takes device"):
        train_model("pytorch", data, config, model_options={"lstm": "keras"})
