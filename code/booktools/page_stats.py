"""How long each page is, and how much of it is code: the size rule for chapters.

A lecture is a folder of chapters, each short enough to read and to run in one sitting: at
most ``MAX_LINES`` lines of source, and at most ``MAX_CODE_PER_PROSE`` lines of code for each
line of prose. Code lines are the non-blank lines inside code cells (their ``:tags:`` and
option lines excluded); prose lines are the non-blank lines of the Markdown cells, headings
included. Labs may stay whole where their steps share state, so the rule applies to the
pages under ``book/lectures/`` only.

    python -m booktools.page_stats          # every toc page: lines, code, prose, ratio

prints one row per page and exits 1, naming the page, when a lecture chapter breaks the rule.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .toc import page_file, toc_pages

MAX_LINES = 700
MAX_CODE_PER_PROSE = 2.0
RULED_FOLDER = "book/lectures/"


@dataclass(frozen=True)
class PageStats:
    page: str
    lines: int  # every line of the source file
    code_lines: int
    prose_lines: int

    @property
    def code_per_prose(self) -> float:
        return self.code_lines / self.prose_lines if self.prose_lines else float("inf") * bool(self.code_lines)

    def problems(self) -> list[str]:
        found = []
        if self.lines > MAX_LINES:
            found.append(f"{self.page}: {self.lines} lines, more than {MAX_LINES}: split it into chapters")
        if self.code_lines and self.code_per_prose > MAX_CODE_PER_PROSE:
            found.append(f"{self.page}: {self.code_lines} lines of code for {self.prose_lines} of prose "
                         f"({self.code_per_prose:.2f} per line), more than {MAX_CODE_PER_PROSE:g}: move plumbing "
                         f"into the lesson's package, or explain more")
        return found


def _is_option_line(line: str) -> bool:
    """A cell's ``:tags: [...]`` line or a line of its ``---`` option block."""
    return line.startswith(":") and ":" in line[1:]


def page_stats(path: Path, page: str | None = None) -> PageStats:
    """Count the lines of one MyST page (jupytext reads its cells)."""
    import jupytext

    path = Path(path)
    notebook = jupytext.read(path)
    code = prose = 0
    for cell in notebook.cells:
        lines = [line for line in cell.source.splitlines() if line.strip()]
        if cell.cell_type == "code":
            code += sum(not _is_option_line(line) for line in lines)
        elif cell.cell_type == "markdown":
            prose += len(lines)
    return PageStats(page or str(path), len(path.read_text().splitlines()), code, prose)


def book_stats(root: Path) -> list[PageStats]:
    """The stats of every toc page that exists."""
    stats = []
    for page in toc_pages(root):
        path = page_file(root, page)
        if path is not None:
            stats.append(page_stats(path, str(path.relative_to(root))))
    return stats


def rule_problems(stats: list[PageStats]) -> list[str]:
    """The size rule's messages for the lecture chapters among ``stats``."""
    return [problem for row in stats if row.page.startswith(RULED_FOLDER) for problem in row.problems()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=".", help="the book's root, holding _toc.yml (default: .)")
    args = parser.parse_args(argv)
    stats = book_stats(Path(args.root))
    width = max((len(row.page) for row in stats), default=4)
    print(f"{'page':<{width}}  lines   code  prose  code/prose")
    for row in stats:
        ratio = f"{row.code_per_prose:.2f}" if row.prose_lines else "-"
        print(f"{row.page:<{width}}  {row.lines:5d}  {row.code_lines:5d}  {row.prose_lines:5d}  {ratio:>10}")
    problems = rule_problems(stats)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
