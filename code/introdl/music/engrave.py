"""Sheet music as SVG from ABC with verovio, run in a helper process.

verovio's ABC importer is a C++ library that *crashes the whole process* (segmentation
fault) on many malformed inputs: an empty string, a tune cut off after its header, a
line of random characters. Generated tunes are often like that, and a crash would take a
notebook kernel or the command line tool down with it. So verovio runs in a small worker
process that this module starts on first use and restarts if it dies; a crash becomes an
EngravingError naming the cause, like any other bad input.

The worker speaks one JSON object per line on stdin/stdout:
``{"abc": ..., "options": {...}}`` in, ``{"svg": ...}`` or ``{"error": ...}`` out.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading

# Options for a score that fits a notebook column: one page as tall as the music needs.
SVG_OPTIONS = {
    "inputFrom": "abc",
    "adjustPageHeight": True,
    "pageHeight": 60000,
    "pageWidth": 2100,
    "scale": 35,
    "header": "none",
    "footer": "none",
}


class EngravingError(ValueError):
    """verovio could not engrave the tune; the message says why."""


class _Worker:
    """One verovio worker process, restarted after a crash or a timeout."""

    def __init__(self):
        self._process = None
        self._lock = threading.Lock()

    def _start(self):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "introdl.music.engrave"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )

    def stop(self):
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def request(self, abc: str, options: dict, timeout: float) -> dict:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
            process = self._process
            ready = True
            try:
                process.stdin.write(json.dumps({"abc": abc, "options": options}) + "\n")
                process.stdin.flush()
                ready = bool(select.select([process.stdout], [], [], timeout)[0])
                line = process.stdout.readline() if ready else ""
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                return json.loads(line)
            # No answer: the worker died on this input (end of its output) or hung (timeout).
            # Either way, start a fresh one next time.
            self.stop()
            if ready:
                return {"error": "verovio crashed while reading this ABC (malformed tune)"}
            return {"error": f"verovio took longer than {timeout:g} s on this ABC"}


_worker = _Worker()
atexit.register(_worker.stop)


def abc_to_svg(abc: str, options: dict | None = None, timeout: float = 20.0) -> str:
    """Engrave one ABC tune as an SVG string; raise EngravingError if verovio cannot."""
    if not isinstance(abc, str) or not abc.strip():
        raise EngravingError("empty ABC: there is no tune to engrave.")
    # verovio's reader wants the tune to end with a newline.
    reply = _worker.request(abc.rstrip("\n") + "\n", {**SVG_OPTIONS, **(options or {})}, timeout)
    if "error" in reply:
        raise EngravingError(reply["error"])
    return reply["svg"]


def _serve() -> None:
    """The worker's loop (``python -m introdl.music.engrave``)."""
    import verovio

    verovio.enableLog(verovio.LOG_OFF)
    toolkit = verovio.toolkit()
    for line in sys.stdin:
        request = json.loads(line)
        toolkit.setOptions(request["options"])
        if not toolkit.loadData(request["abc"]):
            reply = {"error": "verovio could not read this ABC"}
        elif toolkit.getPageCount() < 1:
            reply = {"error": "verovio found no music to engrave"}
        else:
            svg = toolkit.renderToSVG(1)
            reply = {"svg": svg} if "<svg" in svg else {"error": "verovio produced no SVG"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
