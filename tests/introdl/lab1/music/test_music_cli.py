"""The command line: train -> generate -> render, and one-line errors for bad input."""

import json
import subprocess
import sys

import pytest

from introdl.frameworks import check_framework
from introdl.lab1.music.cli import build_parser, main
from introdl.profiles import validate_profile

GOOD_ABC = "X:1\nT:Test tune\nM:6/8\nL:1/8\nK:D\nA|dfa afd|gbg fed|e2c A2B|c3 e3:|\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, err, *fragments):
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture(scope="module")
def torch_checkpoint(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "torch"
    assert main(["train", "--framework", "pytorch", "--profile", "smoke", "--steps", "3",
                 "--progress", "none", "--out", str(out)]) == 0
    return out


def test_train_writes_checkpoint_and_loss_log(torch_checkpoint):
    meta = json.loads((torch_checkpoint / "meta.json").read_text())
    assert meta["framework"] == "pytorch" and meta["training"]["steps"] == 3
    log = (torch_checkpoint / "loss_log.csv").read_text().splitlines()
    assert log[0] == "step,loss,validation_loss,seconds" and len(log) == 4


def test_train_tensorflow_with_plain_lines(tmp_path, capsys):
    code, out, _ = run(capsys, "train", "--framework", "tensorflow", "--profile", "smoke", "--steps", "2",
                       "--progress", "lines", "--out", str(tmp_path / "tf"))
    assert code == 0
    assert "train tensorflow: step 2/2" in out and "saved tensorflow checkpoint" in out
    meta = json.loads((tmp_path / "tf" / "meta.json").read_text())
    assert meta["model"]["lstm"] == "fast"
    # which LSTM was asked for (--lstm, default auto) and used is in the training record too
    assert meta["training"]["model_options"] == {"lstm": "auto"} and meta["training"]["lstm"] == "fast"


def test_generate_writes_tunes_and_summary(torch_checkpoint, tmp_path, capsys):
    out = tmp_path / "gen"
    code, stdout, _ = run(capsys, "generate", "--checkpoint", str(torch_checkpoint), "--chars", "200",
                          "--start", "X:1\nT:", "--temperature", "0.7", "--out", str(out))
    assert code == 0 and "tunes found" in stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["framework"] == "pytorch" and summary["chars"] == 200
    assert summary["tunes"] >= 1 and summary["tunes"] == summary["valid"] + summary["invalid"]
    assert all(r["valid"] or r["reason"] for r in summary["results"])
    assert len((out / "generated.txt").read_text()) == 200 + len("X:1\nT:")


def test_render_writes_valid_tunes_and_lists_invalid_ones(tmp_path, capsys):
    path = tmp_path / "tunes.abc"
    path.write_text(GOOD_ABC + "\nX:2\nT:broken\nK:\n")
    code, stdout, _ = run(capsys, "render", str(path), "--out", str(tmp_path / "out"))
    assert code == 0 and "1 of 2 tunes rendered" in stdout
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["summary.json", "tune_01.abc", "tune_01.mid", "tune_01.mp3", "tune_01.svg"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert "key line" in summary["results"][1]["reason"]
    assert summary["results"][0]["synthesizer"] in ("fluidsynth", "numpy additive synth")


@pytest.mark.parametrize(
    "content, fragment",
    [(None, "no such file"), ("", "empty"), ("plain words\n", "no ABC tunes"),
     ("X:1\nT:t\nK:D\n~~ JJ ))\n", "no valid tune"), (b"\x00\x01binary", "binary")],
)
def test_render_bad_files_fail_cleanly(tmp_path, capsys, content, fragment):
    path = tmp_path / "in.abc"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, _, err = run(capsys, "render", str(path), "--out", str(tmp_path / "out"))
    assert_one_line_error(code, err, fragment)
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == (["in.abc"] if content is not None else [])


def test_generate_bad_input_fails_cleanly(torch_checkpoint, tmp_path, capsys):
    out = str(tmp_path / "gen")
    cases = [
        (["--temperature", "0"], "greater than 0"),
        (["--temperature", "-2"], "greater than 0"),
        (["--framework", "tensorflow"], "trained with pytorch, not tensorflow"),
    ]
    for extra, fragment in cases:
        code, _, err = run(capsys, "generate", "--checkpoint", str(torch_checkpoint), "--out", out, *extra)
        assert_one_line_error(code, err, fragment)
    code, _, err = run(capsys, "generate", "--checkpoint", str(tmp_path / "missing"), "--out", out)
    assert_one_line_error(code, err, "no such checkpoint")
    assert not (tmp_path / "gen").exists()


def test_train_bad_data_and_existing_output(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("not music\n")
    code, _, err = run(capsys, "train", "--framework", "pytorch", "--profile", "smoke", "--data", str(bad),
                       "--out", str(tmp_path / "ck"))
    assert_one_line_error(code, err, "no ABC tunes")
    code, _, err = run(capsys, "train", "--framework", "pytorch", "--data", str(tmp_path / "nope.abc"),
                       "--out", str(tmp_path / "ck"))
    assert_one_line_error(code, err, "no such file")
    (tmp_path / "ck").mkdir()
    (tmp_path / "ck" / "x").write_text("x")
    code, _, err = run(capsys, "train", "--framework", "pytorch", "--out", str(tmp_path / "ck"))
    assert_one_line_error(code, err, "not empty")


def usage_error(capsys, monkeypatch, argv, profile_env=None):
    """Run main(argv), expecting argparse's exit 2; return the last line of stderr."""
    if profile_env is not None:
        monkeypatch.setenv("BOOK_PROFILE", profile_env)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_framework_accepts_aliases_and_refuses_others_with_the_one_message(capsys, monkeypatch):
    for spelling, framework in (("torch", "pytorch"), ("PyTorch", "pytorch"), ("tf", "tensorflow"),
                                ("keras", "tensorflow")):
        args = build_parser().parse_args(["train", "--framework", spelling, "--out", "o"])
        assert args.framework == framework
        assert build_parser().parse_args(["generate", "--checkpoint", "c", "--framework", spelling,
                                          "--out", "o"]).framework == framework
    with pytest.raises(ValueError) as expected:
        check_framework("jax")
    line = usage_error(capsys, monkeypatch, ["train", "--framework", "jax", "--out", "o"])
    assert line.endswith(f"error: argument --framework: {expected.value}")


def test_bad_profile_is_a_usage_error_with_the_one_message(capsys, monkeypatch, tmp_path):
    with pytest.raises(ValueError) as expected:
        validate_profile("tiny")
    out = str(tmp_path / "ck")
    line = usage_error(capsys, monkeypatch, ["train", "--framework", "pytorch", "--profile", "tiny", "--out", out])
    assert line.endswith(f"error: argument --profile: {expected.value}")
    # the same message for a bad $BOOK_PROFILE when --profile is not given, not a traceback
    line = usage_error(capsys, monkeypatch, ["train", "--framework", "pytorch", "--out", out], profile_env="tiny")
    assert line.endswith(f"error: {expected.value}")
    # --profile wins over a bad $BOOK_PROFILE
    args = build_parser().parse_args(["train", "--framework", "pytorch", "--profile", "smoke", "--out", out])
    assert args.profile == "smoke"
    assert not (tmp_path / "ck").exists()


def test_lstm_is_refused_for_pytorch(capsys, monkeypatch, tmp_path):
    line = usage_error(capsys, monkeypatch, ["train", "--framework", "pytorch", "--lstm", "keras", "--profile",
                                             "smoke", "--out", str(tmp_path / "ck")])
    assert "--lstm is for TensorFlow only" in line and "torch.nn.LSTM" in line
    assert not (tmp_path / "ck").exists()


def test_module_entry_point_exit_codes(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "introdl.lab1.music", "render", str(tmp_path / "x.abc"),
                              "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")
    usage = subprocess.run([sys.executable, "-m", "introdl.lab1.music", "train", "--framework", "jax", "--out", "o"],
                           capture_output=True, text=True)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert usage.stderr.strip().splitlines()[-1].endswith(
        "Unknown framework 'jax': use one of tensorflow, pytorch (also accepted, any case: keras, tf, tf.keras, torch)."
    )
