"""Markdown tables for Lecture 2's chapters: a page builds its rows, this module lays them out.

    from introdl.lecture02.tables import markdown_table
    display(Markdown(markdown_table(["model", "accuracy"], [["LSTM", "98.0%"]], align=["left", "right"])))
"""

from __future__ import annotations

__all__ = ["markdown_table"]


def markdown_table(header, rows, align=None) -> str:
    """A Markdown table: ``header`` a list of column titles, ``rows`` lists of cells.

    ``align`` is one of ``"left"`` / ``"right"`` per column (default: all left).
    """
    header = [str(cell) for cell in header]
    align = align or ["left"] * len(header)
    if len(align) != len(header) or not set(align) <= {"left", "right"}:
        raise ValueError(f"align must give 'left' or 'right' for each of the {len(header)} columns, got {align!r}.")
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(":--" if a == "left" else "--:" for a in align) + " |"]
    for row in rows:
        row = [str(cell) for cell in row]
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells for {len(header)} columns: {row!r}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
