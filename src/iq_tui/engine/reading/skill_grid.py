"""A skills section drawn as a grid of single items, read column by column.

Some CVs set their skills in a table of columns, one short item per cell, where a long item
wraps inside its cell onto the row below ("Spring" / "Boot", "AWS Cloud" / "Practitioner").
Read row by row, the wrapped words become items of their own; read down each column, a cell
is the continuation of the one above it when together they make a known skill, or when
neither is a skill by itself (a lone head word such as "Testing" or "Practitioner").
"""

from __future__ import annotations

from collections.abc import Sequence

from iq_tui.engine.reading.sections import Line
from iq_tui.engine.reading.skills import canonical_skill, known_skill_or_parts

_SAME_X = 3.0  # points: cells of one column start within this of each other
MIN_COLUMNS = 3


def _columns(lines: Sequence[Line]) -> list[float]:
    starts = sorted(x for ln in lines for x in ln.xs)
    cols: list[float] = []
    for x in starts:
        if not cols or x - cols[-1] > _SAME_X:
            cols.append(x)
    return cols


def _column_of(x: float, cols: list[float]) -> int | None:
    best = min(range(len(cols)), key=lambda i: abs(cols[i] - x))
    return best if abs(cols[best] - x) <= _SAME_X else None


def _wraps_onto(above: str, cell: str) -> bool:
    if canonical_skill(f"{above} {cell}"):
        return True
    return (
        len(cell.split()) == 1
        and not known_skill_or_parts(cell)
        and not known_skill_or_parts(above)
    )


def grid_items(lines: Sequence[Line]) -> list[str] | None:
    """The items of a grid of one-item cells (column by column), or None when the lines are
    not such a grid (fewer than three columns, labels, lists inside cells, no positions)."""
    if not lines or any(len(ln.xs) != len(ln.segs) or not ln.xs for ln in lines):
        return None
    if sum(1 for ln in lines if len(ln.segs) >= MIN_COLUMNS) < 2:
        return None
    if any(c.rstrip().endswith(":") or "," in c or ";" in c for ln in lines for c in ln.segs):
        return None
    cols = _columns(lines)
    if len(cols) < MIN_COLUMNS:
        return None
    cells: list[list[tuple[int, str]]] = [[] for _ in cols]  # per column: (row, text)
    for row, ln in enumerate(lines):
        for x, text in zip(ln.xs, ln.segs):
            col = _column_of(x, cols)
            if col is None:
                return None
            cells[col].append((row, text.strip()))
    items: list[str] = []
    for column in cells:
        merged: list[tuple[int, str]] = []
        for row, text in column:
            if merged and merged[-1][0] == row - 1 and _wraps_onto(merged[-1][1], text):
                merged[-1] = (row, f"{merged[-1][1]} {text}")
            else:
                merged.append((row, text))
        items.extend(text for _, text in merged if text)
    return items
