"""Command line: train a model, generate tunes with it, render ABC files.

    python -m introdl.lab1.music train --framework pytorch --profile smoke --out runs/torch
    python -m introdl.lab1.music generate --checkpoint runs/torch --temperature 0.8 --out runs/torch-tunes
    python -m introdl.lab1.music render tunes.abc --out rendered

It calls the same functions as the book's pages. Every error is one line on stderr and
a non-zero exit status; an output folder appears only when the command succeeded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...frameworks import FRAMEWORKS, IDS, PYTORCH, TENSORFLOW, display_name, framework_argument
from ...profiles import ProfileError, current_profile, profile_argument
from .checkpoint import CheckpointError
from .data import MusicDataError
from .outputs import OutputExistsError, atomic_folder, check_output_folder
from .vocab import VocabularyError

# Bad input of any kind ends the command with a one-line message, not a traceback.
USER_ERRORS = (MusicDataError, VocabularyError, CheckpointError, OutputExistsError, ProfileError,
               ValueError, FileNotFoundError, IsADirectoryError, PermissionError)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: must be a whole number >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m introdl.lab1.music", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train the character LSTM on ABC tunes")
    train.add_argument("--framework", required=True, type=framework_argument,
                       help=f"{' or '.join(IDS)} (also accepted, any case: "
                            f"{', '.join(a for f in FRAMEWORKS.values() for a in f.aliases)})")
    train.add_argument("--profile", type=profile_argument, default=None,
                       help="smoke (tiny, seconds) or full (the 2021 lab: batch 4, sequence 100, "
                            "2000 steps); default $BOOK_PROFILE, else full")
    train.add_argument("--data", help="ABC file or folder (default: O'Neill's 1850 from music21)")
    train.add_argument("--steps", type=_positive_int, help="override the profile's number of steps")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--lstm", choices=("auto", "fast", "keras"), default=None,
                       help=f"{display_name(TENSORFLOW)} only: FastLSTM (fast), plain keras.layers.LSTM "
                            "(keras), or auto = FastLSTM on a CPU, Keras' cuDNN LSTM on a GPU (default)")
    train.add_argument("--progress", choices=("auto", "bar", "lines", "none"), default="auto")
    train.add_argument("--out", required=True, help="checkpoint folder to create")
    train.add_argument("--overwrite", action="store_true", help="replace an existing --out folder")

    generate = commands.add_parser("generate", help="write tunes with a trained checkpoint")
    generate.add_argument("--checkpoint", required=True, help="folder written by `train`")
    generate.add_argument("--framework", type=framework_argument,
                          help="refuse a checkpoint of the other framework")
    generate.add_argument("--temperature", type=float, default=1.0)
    generate.add_argument("--chars", type=_positive_int, default=1000, help="characters to generate")
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--start", default="X", help="start string (default X, a tune's first character)")
    generate.add_argument("--out", required=True)
    generate.add_argument("--overwrite", action="store_true")

    render = commands.add_parser("render", help="render the tunes of an ABC file to SVG, MIDI and MP3")
    render.add_argument("file", help="an ABC file")
    render.add_argument("--out", required=True)
    render.add_argument("--overwrite", action="store_true")
    return parser


def cmd_train(args) -> str:
    from .checkpoint import save_checkpoint
    from .training import TrainingConfig, load_music_data, train_model

    check_output_folder(args.out, args.overwrite)  # fail before a long run, not after
    config = TrainingConfig.for_profile(args.profile, steps=args.steps, seed=args.seed)
    model_options = {"lstm": args.lstm or "auto"} if args.framework == TENSORFLOW else {}
    data = load_music_data(args.data, seed=args.seed)
    print(f"data: {data.stats} ({len(data.train_songs)} train / {len(data.validation_songs)} validation songs)",
          flush=True)
    result = train_model(args.framework, data, config, progress=args.progress, model_options=model_options)
    training = {**vars(config), "data": args.data or "music21 corpus oneills1850",
                "seconds": result.seconds, "ms_per_step": result.ms_per_step,
                "final_validation_loss": result.final_validation_loss}
    if args.framework == TENSORFLOW:  # the LSTM layer asked for (--lstm) and the one it resolved to
        training.update(model_options=model_options, lstm=result.model.lstm_variant)
    save_checkpoint(args.out, result.model, args.framework, data.vocab, training, result.history,
                    overwrite=args.overwrite)
    return (f"saved {args.framework} checkpoint to {args.out}: {config.steps} steps, validation loss "
            f"{result.final_validation_loss:.3f}, {result.ms_per_step:.0f} ms/step")


def _write_tunes(checks, folder: Path) -> list:
    """Render each valid tune into ``folder``; return the summary rows (invalid ones too)."""
    from .render import RenderError, render_tune

    rows = []
    for number, check in enumerate(checks, start=1):
        row = {"number": number, **check.as_dict(), "abc": check.abc}
        if check.valid:
            try:
                tune = render_tune(check)
                paths = tune.save(folder, f"tune_{number:02d}")
                row["files"] = {kind: Path(path).name for kind, path in paths.items()}
                row["synthesizer"] = tune.synthesizer  # "fluidsynth" where it is installed
            except RenderError as error:
                row.update(valid=False, reason=str(error))
        rows.append(row)
    return rows


def _summary(rows, **extra) -> dict:
    valid = [r for r in rows if r["valid"]]
    return {**extra, "tunes": len(rows), "valid": len(valid),
            "invalid": len(rows) - len(valid), "results": rows}


def cmd_generate(args) -> str:
    from .backends import load_backend
    from .checkpoint import load_checkpoint
    from .sampling import check_temperature
    from .tunes import check_tunes

    check_temperature(args.temperature)
    check_output_folder(args.out, args.overwrite)
    model, vocab, meta = load_checkpoint(args.checkpoint, framework=args.framework)
    backend = load_backend(meta["framework"])
    text = backend.generate_text(model, vocab, args.start, args.chars, args.temperature, args.seed)
    checks = check_tunes(text)
    with atomic_folder(args.out, args.overwrite) as folder:
        (folder / "generated.txt").write_text(text, encoding="utf-8")
        rows = _write_tunes(checks, folder)
        summary = _summary(rows, checkpoint=str(args.checkpoint), framework=meta["framework"],
                           temperature=args.temperature, chars=args.chars, seed=args.seed)
        (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return (f"wrote {args.out}: {summary['tunes']} tunes found in {args.chars} characters, "
            f"{summary['valid']} valid, {summary['invalid']} invalid (reasons in summary.json)")


def cmd_render(args) -> str:
    from .tunes import check_tunes

    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file; give an ABC file.")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise MusicDataError(f"{path}: is a binary file, not ABC text; give an ABC file.")
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise MusicDataError(f"{path}: file is empty; give an ABC file with tunes starting 'X:'.")
    check_output_folder(args.out, args.overwrite)
    checks = check_tunes(text)
    if not checks:
        raise MusicDataError(f"{path}: no ABC tunes found (a tune starts with a line 'X:'); give an ABC file.")
    if not any(c.valid for c in checks):
        first = checks[0]
        raise MusicDataError(
            f"{path}: no valid tune ({len(checks)} found); first problem: {first.reason}. Nothing was written."
        )
    with atomic_folder(args.out, args.overwrite) as folder:
        rows = _write_tunes(checks, folder)
        summary = _summary(rows, file=str(path))
        (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return f"wrote {args.out}: {summary['valid']} of {summary['tunes']} tunes rendered (summary.json lists the rest)"


COMMANDS = {"train": cmd_train, "generate": cmd_generate, "render": cmd_render}


def _check_arguments(parser: argparse.ArgumentParser, args) -> None:
    """Usage errors argparse cannot see alone: exit 2 with one line, like a bad option."""
    if args.command != "train":
        return
    if args.profile is None:
        try:
            args.profile = current_profile()  # $BOOK_PROFILE, else full
        except ProfileError as error:
            parser.error(str(error))
    if args.lstm is not None and args.framework == PYTORCH:
        parser.error(f"--lstm is for {display_name(TENSORFLOW)} only (FastLSTM or keras.layers.LSTM); "
                     f"the {display_name(PYTORCH)} model always uses torch.nn.LSTM.")


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_arguments(parser, args)
    try:
        message = COMMANDS[args.command](args)
    except USER_ERRORS as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"error: {text}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written.", file=sys.stderr)
        return 130
    print(message)
    return 0
