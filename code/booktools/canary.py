"""The drift canary's issue body: ``python -m booktools.canary --build-log LOG --pip-freeze FILE``.

``.github/workflows/canary.yml`` builds the book each week with the newest TensorFlow, Keras
and PyTorch instead of the pins, so that a release that breaks a page shows up as an issue
before anyone moves a pin. When that build (or the tests after it) fails, this composes the
issue: the versions installed against the pinned ones, then the first failing page and cell
as ``booktools.build`` printed them (``=== <page>, cell at line N failed: <error>``), or else
the first Sphinx warning, or else the failing tests (or pip's error, if the upgrade failed).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from introdl.frameworks import TENSORFLOW

from .build import ANSI_ESCAPE, sphinx_warnings

# What the canary upgrades, by pip name: the versions a reader of the issue wants first.
# (TensorFlow's pip name is its framework id; framework ids are spelled only in frameworks.py.)
UPGRADED = (TENSORFLOW, "keras", "torch")
# Then what those upgrades may drag along.
ALSO_SHOWN = ("numpy", "ml-dtypes", "tensorboard", "protobuf", "h5py")
CELL_FAILURE = re.compile(r"^=== (?P<page>.+?), (?P<cell>cell at line [\d?]+|a cell) failed: (?P<error>.*)$",
                          re.M)
FAILED_TEST = re.compile(r"^(?:FAILED|ERROR) (?P<test>\S+)(?: - (?P<why>.*))?$", re.M)
MAX_TRACEBACK = 6000  # characters: an issue body holds at most 65,536


def versions(pip_freeze: str) -> dict[str, str]:
    """``{normalized name: version}`` from ``pip freeze`` (or a requirements file)."""
    found = {}
    for line in pip_freeze.splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            found[re.sub(r"[-_.]+", "-", name).lower().split("[")[0]] = version.strip()
    return found


def first_cell_failure(build_log: str) -> dict | None:
    """The first failing cell in a ``booktools.build`` log: page, cell, error, traceback."""
    log = ANSI_ESCAPE.sub("", build_log)
    match = CELL_FAILURE.search(log)
    if not match:
        return None
    # The traceback runs to the next failure or the build's own summary line.
    rest = log[match.end():]
    end = re.search(r"^(?:=== |\[booktools\.build\])", rest, re.M)
    page = match["page"]
    if "/book/" in page:  # the build prints absolute paths: show the repository's
        page = "book/" + page.split("/book/", 1)[1]
    return {"page": page, "cell": match["cell"], "error": match["error"].strip(),
            "traceback": rest[: end.start() if end else None].strip()}


def _tail(text: str, limit: int = MAX_TRACEBACK) -> str:
    return text if len(text) <= limit else "...\n" + text[-limit:]


def issue_body(build_log: str, installed: dict[str, str], pinned: dict[str, str],
               test_log: str = "", run_url: str = "", upgrade_log: str = "") -> str:
    """The issue body. ``upgrade_log``, given when pip could not install the newest releases,
    comes first: then nothing was built."""
    rows = [f"| {name} | {installed.get(name, 'not installed')} | {pinned.get(name, '-')} |"
            for name in (*UPGRADED, *ALSO_SHOWN) if name in installed or name in pinned]
    lines = ["The weekly drift canary installed the newest TensorFlow, Keras and PyTorch "
             "instead of the pins in `requirements.txt`, and the book no longer builds or "
             "passes its tests with them. The pinned build (CI, publishing) is unaffected.", "",
             "| package | installed | pinned |", "| --- | --- | --- |", *rows, ""]
    if upgrade_log:
        lines += ["**pip could not install the newest releases** over the pins. The end of its log:",
                  "", "```", _tail(ANSI_ESCAPE.sub("", upgrade_log).strip(), 3000), "```"]
    elif failure := first_cell_failure(build_log):
        lines += [f"**First failure:** `{failure['page']}`, {failure['cell']}: `{failure['error']}`", "",
                  "<details><summary>traceback</summary>", "", "```", _tail(failure["traceback"]),
                  "```", "</details>"]
    elif warnings := sphinx_warnings(build_log):
        lines += [f"**The build failed on a warning** ({len(warnings)} in all), the first:", "",
                  "```", warnings[0].strip(), "```"]
    elif failed := FAILED_TEST.findall(ANSI_ESCAPE.sub("", test_log)):
        lines += [f"**The build passed; {len(failed)} test(s) failed:**", "",
                  *[f"- `{test}`" + (f": {why}" if why else "") for test, why in failed[:20]]]
    else:
        lines += ["**The run failed without a failing cell, warning or test to name.** "
                  "The end of the build log:", "", "```", _tail(build_log.strip(), 3000), "```"]
    if run_url:
        lines += ["", f"Logs: {run_url}"]
    lines += ["", "Updated by `.github/workflows/canary.yml`, which closes it once the newest "
              "releases pass."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.canary", description=__doc__.split("\n")[0])
    parser.add_argument("--build-log", type=Path, required=True)
    parser.add_argument("--test-log", type=Path)
    parser.add_argument("--upgrade-log", type=Path, help="pip's log, when the upgrade failed")
    parser.add_argument("--pip-freeze", type=Path, required=True, help="`pip freeze` of the canary's environment")
    parser.add_argument("--requirements", type=Path, default=Path("requirements.txt"))
    parser.add_argument("--run-url", default="")
    args = parser.parse_args(argv)

    def read(path):
        return path.read_text(errors="replace") if path and path.is_file() else ""

    sys.stdout.write(issue_body(read(args.build_log), versions(read(args.pip_freeze)),
                                versions(read(args.requirements)), read(args.test_log), args.run_url,
                                read(args.upgrade_log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
