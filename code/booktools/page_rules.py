"""Rules every page of the toc must follow before the build spends minutes executing it.

Today one rule: a page with code starts with ``introdl.setup_page()``. That first cell seeds
every generator, makes GPUs safe for two frameworks in one process, and prints the
provenance line (profile, device, versions) that tells a reader what produced the numbers
below it. A page without it would build, run unseeded, and say nothing about its machine.
"""

from __future__ import annotations

from pathlib import Path

from .toc import toc_pages

SETUP_CALL = "setup_page("
FIRST_CELL = "import introdl\nenv = introdl.setup_page()"


def page_file(root: Path, page: str) -> Path | None:
    """The source file of a toc entry ('book/intro' -> book/intro.md), or None if missing."""
    path = Path(root) / page
    candidates = [path] if path.suffix else [path.with_suffix(".md"), path.with_suffix(".ipynb")]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def setup_problems(root: Path) -> list[str]:
    """One message per toc page whose first code cell does not call ``setup_page()``."""
    import jupytext

    problems = []
    for page in toc_pages(root):
        path = page_file(root, page)
        if path is None:
            continue  # Sphinx reports a toc entry without a file, with its own message
        code = [cell.source for cell in jupytext.read(path).cells if cell.cell_type == "code"]
        if code and SETUP_CALL not in code[0]:
            first_line = code[0].strip().splitlines()[0] if code[0].strip() else "(empty)"
            problems.append(
                f"{path.relative_to(root)}: the first code cell must call introdl.setup_page() "
                f"(it seeds everything, makes GPUs safe and prints what ran the page); it starts "
                f"with {first_line!r}. Add a first cell:\n    {FIRST_CELL.replace(chr(10), chr(10) + '    ')}")
    return problems
