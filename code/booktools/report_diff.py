"""Compare the figures two builds of the book published, whatever pages they are on.

Every ``Results`` table carries its figures as JSON in the built HTML
(``introdl.report_data``). Moving a lecture into chapters moves tables between pages but
must not change them: this tool reads every figure of two built sites, keys each by
(row headers, experiment, quantity, column) and not by page, and prints what one build has
that the other lacks, and what changed.

    python -m booktools.report_diff OLD_SITE_HTML NEW_SITE_HTML [--tables all|frameworks]

``--tables frameworks`` (the default) compares the tables with a TensorFlow or PyTorch
column, the ones the build report gathers. Exit status 1 when a figure of the old build is
missing from the new one; changed values are printed, since timings and training results
that depend on a page's kernel history may move (say which, and why, when you report them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from introdl.frameworks import NAMES as FRAMEWORK_NAMES
from introdl.report_data import RESULTS_ATTRIBUTE, read_data_attributes


def site_figures(html_root: Path, frameworks_only: bool = True) -> dict[tuple, str | None]:
    """Every figure of every ``Results`` table in the built site under ``html_root``.

    Keys are (row headers, experiment, quantity, column); a key seen on two pages with two
    values keeps the first one (sorted by path) and the tool says so.
    """
    figures: dict[tuple, str | None] = {}
    for page in sorted(Path(html_root).rglob("*.html")):
        if "_sources" in page.parts or "_static" in page.parts:
            continue
        for table in read_data_attributes(RESULTS_ATTRIBUTE, page.read_text(errors="replace")):
            columns = table.get("columns", [])
            if frameworks_only and not any(name in columns for name in FRAMEWORK_NAMES):
                continue
            headers = tuple(table.get("row_headers", []))
            for experiment, quantity, values in table.get("rows", []):
                for column, value in zip(columns, values):
                    figures.setdefault((headers, experiment, quantity, column), value)
    return figures


def compare(old: dict, new: dict) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(keys only in old, keys only in new, (key, old value, new value) that differ)."""
    missing = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    changed = [(key, old[key], new[key]) for key in sorted(set(old) & set(new)) if old[key] != new[key]]
    return missing, added, changed


def _label(key: tuple) -> str:
    _, experiment, quantity, column = key
    return f"{experiment} | {quantity} | {column}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the old build's HTML folder (…/_build/html)")
    parser.add_argument("new", type=Path, help="the new build's HTML folder")
    parser.add_argument("--tables", choices=("frameworks", "all"), default="frameworks")
    args = parser.parse_args(argv)
    for root in (args.old, args.new):
        if not (root / "index.html").is_file():
            parser.error(f"{root} holds no built site (no index.html): give a build's _build/html folder")
    only = args.tables == "frameworks"
    old, new = site_figures(args.old, only), site_figures(args.new, only)
    missing, added, changed = compare(old, new)
    print(f"{len(old)} figures before, {len(new)} after; {len(missing)} missing, {len(added)} new, "
          f"{len(changed)} changed, {len(old) - len(missing) - len(changed)} identical")
    for key in missing:
        print(f"missing: {_label(key)} (was {old[key]})")
    for key in added:
        print(f"new:     {_label(key)} = {new[key]}")
    for key, before, after in changed:
        print(f"changed: {_label(key)}: {before} -> {after}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
