"""Lab 1, part 2: music generation with an LSTM, in TensorFlow and PyTorch.

Framework-neutral modules (cheap to import, no TensorFlow or PyTorch):

* ``data``      load, clean and split the ABC tunes (O'Neill's 1850 from music21 by default)
* ``vocab``     characters <-> ids and ``get_batch``
* ``tunes``     extract tunes from generated text, check them, musical statistics
* ``render``    SVG score (verovio), MIDI, audio, MP3, notebook display
* ``training``  the training loop and its settings per build profile
* ``checkpoint`` save / load a trained model with its framework and vocabulary
* ``report``    tables of generated text and tunes, and which tunes a page engraves and plays

Framework modules with the same API, imported only when used:
``model_tf`` (with ``fast_lstm_tf``) and ``model_torch``; ``parity`` compares them and
``speed`` times their training steps against a matmul roofline.

Self-checks of the lab's exercises (one-line PASS/FAIL): ``lab_checks``.

Command line: ``python -m introdl.lab1.music {train,generate,render} --help``.
"""

from .data import MusicDataError, corpus_stats, join_songs, load_songs, train_validation_split
from .render import RenderedTune, RenderError, render_tune, show_tune
from .sampling import check_temperature
from .tunes import TuneCheck, check_tune, check_tunes, compare_summaries, extract_tunes, summarize_tunes
from .vocab import Vocabulary, get_batch, vectorize_string

__all__ = [
    "MusicDataError",
    "RenderError",
    "RenderedTune",
    "TuneCheck",
    "Vocabulary",
    "check_temperature",
    "check_tune",
    "check_tunes",
    "compare_summaries",
    "corpus_stats",
    "extract_tunes",
    "get_batch",
    "join_songs",
    "load_songs",
    "render_tune",
    "show_tune",
    "summarize_tunes",
    "train_validation_split",
    "vectorize_string",
]
