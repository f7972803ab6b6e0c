"""Export the book's pages as Colab-ready notebooks: ``python -m booktools.colab OUT_DIR``.

Colab opens only ``.ipynb`` files that exist in a GitHub branch, and our pages are MyST
``.md``. The Publish workflow runs this (for every page with code) and pushes OUT_DIR to the
``colab-notebooks`` branch; the book's Colab buttons point there (see ``booktools.sphinxext.colab_links``). Each notebook
starts with a cell that, on Colab only, clones the repository, installs ``introdl`` and the
music packages (Colab already has TensorFlow and PyTorch), and moves into the page's folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from .toc import pages_with_code

COLAB_SETUP = """\
# Colab only: install this book's helper package and open the page's folder.
import os, subprocess, sys
if "google.colab" in sys.modules and not os.path.isdir("/content/introdl-book"):
    subprocess.run(["git", "clone", "--depth", "1", "{repo_url}", "/content/introdl-book"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-e", "/content/introdl-book"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "music21", "verovio", "pretty_midi", "soundfile"], check=True)
    sys.path.insert(0, "/content/introdl-book/code")
if "google.colab" in sys.modules:
    os.chdir("/content/introdl-book/{page_dir}")"""


def export(root: Path, out_dir: Path, repo_url: str) -> list[Path]:
    import jupytext
    import nbformat

    written = []
    for page in pages_with_code(root):  # a page of text has nothing to run
        notebook = jupytext.read(root / f"{page}.md")
        setup = COLAB_SETUP.format(repo_url=repo_url, page_dir=str(Path(page).parent))
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
