"""Rules every page of the toc must follow before the build spends minutes executing it.

Today one rule: a page with code starts with ``introdl.setup_page()``. That first cell seeds
every generator, makes GPUs safe for two frameworks in one process, and prints the
provenance line (profile, device, versions) that tells a reader what produced the numbers
below it. A page without it would build, run unseeded, and say nothing about its machine.
"""

from __future__ import annotations

from pathlib import Path

from .toc import code_cells, page_file, toc_pages

SETUP_CALL = "setup_page("
FIRST_CELL = "import introdl\nenv = introdl.setup_page()"


def setup_problems(root: Path) -> list[str]:
    """One message per toc page whose first code cell does not call ``setup_page()``."""
    problems = []
    for page in toc_pages(root):
        path = page_file(root, page)
        if path is None:
            continue  # Sphinx reports a toc entry without a file, with its own message
        code = code_cells(path)
        if code and SETUP_CALL not in code[0]:
            first_line = code[0].strip().splitlines()[0] if code[0].strip() else "(empty)"
            problems.append(
                f"{path.relative_to(root)}: the first code cell must call introdl.setup_page() "
                f"(it seeds everything, makes GPUs safe and prints what ran the page); it starts "
                f"with {first_line!r}. Add a first cell:\n    {FIRST_CELL.replace(chr(10), chr(10) + '    ')}")
    return problems
