"""Sheet music as SVG from ABC with verovio, run in a helper process.

verovio's ABC importer is a C++ library that *crashes the whole process* (segmentation
fault) on many malformed inputs: an empty string, a tune cut off after its header, a
line of random characters. Generated tunes are often like that, and a crash would take a
notebook kernel or the command line tool down with it. So verovio runs in a worker
process, a ``concurrent.futures.ProcessPoolExecutor`` with one worker, started on first
use. A crash (the pool is then broken) or a tune that takes longer than ``timeout``
seconds (the worker is killed) becomes an EngravingError naming the cause, like any other
bad input, and the next tune gets a fresh worker.

The worker is *spawned*, not forked, on every operating system: a fork of a notebook
kernel would copy TensorFlow's threads and memory into it; a spawned worker is a fresh
Python that imports only this module's package and verovio. (As with any spawned
process, a script that engraves at import time needs the usual
``if __name__ == "__main__":`` guard.)
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

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

# Seconds a fresh worker may take to start and import verovio (a busy 2-core machine is slow).
START_TIMEOUT = 120.0


class EngravingError(ValueError):
    """verovio could not engrave the tune; the message says why."""


class WorkerCrashed(RuntimeError):
    """The worker process died while running a call (a segmentation fault, say)."""


class WorkerTimeout(RuntimeError):
    """A call took longer than its timeout; the worker was killed."""


class WorkerStartError(RuntimeError):
    """A fresh worker could not start or load verovio; the message says why."""


class _Worker:
    """One spawned worker process, replaced after a crash or a timeout."""

    def __init__(self):
        self._pool = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_ignore_interrupts)
        try:  # start the process and load verovio now, so a tune's timeout counts only its engraving
            self._pool.submit(_warm_up).result(timeout=START_TIMEOUT)
        except FutureTimeout:
            self.stop()
            raise WorkerStartError(f"it took longer than {START_TIMEOUT:g} s to start") from None
        except BrokenProcessPool:
            self.stop()
            raise WorkerStartError("it died while starting") from None
        except Exception as error:  # verovio missing or broken
            self.stop()
            raise WorkerStartError(f"{type(error).__name__}: {error}") from None
        except BaseException:
            self.stop()
            raise

    def pids(self) -> list:
        """The worker's process id (a list: empty while no worker runs)."""
        return list(getattr(self._pool, "_processes", None) or {})

    def stop(self) -> None:
        """Kill the worker (whatever it is doing) and wait for it to end."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # The executor has no public way to end a busy worker before Python 3.14
        # (kill_workers), so kill its processes directly.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=10)

    def run(self, function, *args, timeout: float):
        """``function(*args)`` in the worker; WorkerCrashed or WorkerTimeout if it does not return.

        ``function`` must be importable by name (a module-level function), as for any
        process pool. Its own exceptions are raised here as they are.
        """
        with self._lock:
            for attempt in (1, 2):
                if self._pool is None:
                    self._start()
                try:
                    future = self._pool.submit(function, *args)
                    break
                except (BrokenProcessPool, RuntimeError):
                    # the worker died while idle (killed from outside, say): not this call's fault
                    self.stop()
                    if attempt == 2:
                        raise
            try:
                return future.result(timeout=timeout)
            except FutureTimeout:
                self.stop()
                raise WorkerTimeout(f"took longer than {timeout:g} s") from None
            except BrokenProcessPool:
                self.stop()
                raise WorkerCrashed("the worker process died") from None
            except BaseException:
                if not future.done():  # interrupted (Ctrl-C): the worker is still busy with it
                    self.stop()
                raise


_worker = _Worker()
atexit.register(_worker.stop)


def abc_to_svg(abc: str, options: dict | None = None, timeout: float = 20.0) -> str:
    """Engrave one ABC tune as an SVG string; raise EngravingError if verovio cannot."""
    if not isinstance(abc, str) or not abc.strip():
        raise EngravingError("empty ABC: there is no tune to engrave.")
    # verovio's reader wants the tune to end with a newline.
    try:
        reply = _worker.run(_engrave, abc.rstrip("\n") + "\n", {**SVG_OPTIONS, **(options or {})},
                            timeout=timeout)
    except WorkerCrashed:
        raise EngravingError("verovio crashed while reading this ABC (malformed tune)") from None
    except WorkerTimeout:
        raise EngravingError(f"verovio took longer than {timeout:g} s on this ABC") from None
    except WorkerStartError as error:  # verovio missing or broken: say so, on one line
        raise EngravingError(f"the verovio worker could not start: {error}") from None
    if "error" in reply:
        raise EngravingError(reply["error"])
    return reply["svg"]


# In the worker process:

_toolkit = None


def _ignore_interrupts():
    """In the worker: Ctrl-C or Jupyter's interrupt reaches the whole process group; only the
    kernel should handle it (it stops or replaces this worker), without a traceback here."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _load_toolkit():
    """verovio's toolkit, created once per worker."""
    global _toolkit
    if _toolkit is None:
        import verovio

        verovio.enableLog(verovio.LOG_OFF)
        _toolkit = verovio.toolkit()
    return _toolkit


def _warm_up() -> bool:
    _load_toolkit()
    return True


def _engrave(abc: str, options: dict) -> dict:
    """``{"svg": ...}`` or ``{"error": ...}`` for one tune (runs in the worker)."""
    toolkit = _load_toolkit()
    toolkit.setOptions(options)
    if not toolkit.loadData(abc):
        return {"error": "verovio could not read this ABC"}
    if toolkit.getPageCount() < 1:
        return {"error": "verovio found no music to engrave"}
    svg = toolkit.renderToSVG(1)
    return {"svg": svg} if "<svg" in svg else {"error": "verovio produced no SVG"}
