"""Resident memory of the verovio engraving worker (introdl.lab1.music.engrave) and its helpers.

    .venv/bin/python benchmarks/engrave_worker_memory.py            # engrave 20 tunes, then measure
    .venv/bin/python benchmarks/engrave_worker_memory.py --tunes 200

Engraves ``--tunes`` tunes of O'Neill's 1850 in this process's worker, then prints the
resident memory (psutil, RSS and unique set size) of every child process this one has
started: the worker, and whatever else the worker machinery needs (a multiprocessing
resource tracker, say). Nothing else is loaded in this process, so the children are the
engraver's. One JSON line last.
"""

from __future__ import annotations

import argparse
import json
import time

import psutil


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tunes", type=int, default=20, help="tunes to engrave before measuring")
    args = parser.parse_args(argv)

    from introdl.lab1.music.data import load_songs
    from introdl.lab1.music.engrave import abc_to_svg

    songs = load_songs()[: args.tunes]
    start = time.perf_counter()
    abc_to_svg(songs[0])
    first = time.perf_counter() - start  # starts the worker
    start = time.perf_counter()
    for song in songs[1:]:
        abc_to_svg(song)
    per_tune = (time.perf_counter() - start) / max(1, len(songs) - 1)
    children = []
    for child in psutil.Process().children(recursive=True):
        info = child.memory_full_info()
        children.append({"pid": child.pid, "command": " ".join(child.cmdline())[-90:],
                         "rss_mb": round(info.rss / 2**20, 1), "uss_mb": round(info.uss / 2**20, 1)})
    for row in children:
        print(f"{row['rss_mb']:7.1f} MB RSS {row['uss_mb']:7.1f} MB USS  pid {row['pid']}: {row['command']}")
    summary = {"tunes": len(songs), "first_call_s": round(first, 2), "per_tune_ms": round(1e3 * per_tune, 1),
               "total_rss_mb": round(sum(r["rss_mb"] for r in children), 1),
               "total_uss_mb": round(sum(r["uss_mb"] for r in children), 1), "children": children}
    print(f"first call (worker start) {first:.2f} s, then {1e3 * per_tune:.0f} ms per tune")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
