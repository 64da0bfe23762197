"""Long names shortened to fit one line, cut in the middle (file names in the picker's tree and
in one-line error messages: a 250-character file name would bury the reason)."""

from __future__ import annotations


def middle_cut(length: int, width: int) -> tuple[int, int] | None:
    """How many characters to keep at the start and at the end of a name of `length` shown in
    `width` cells with "…" between them; None when it fits. The end gets more: names that share
    a start differ there, and the extension is there."""
    if length <= width:
        return None
    tail = max(1, (width - 1) * 3 // 5)
    return max(0, width - 1 - tail), tail


def fit_name(name: str, width: int) -> str:
    """`name` in at most `width` cells, cut in the middle: "resume-ma…single-column.pdf"."""
    cut = middle_cut(len(name), max(2, width))
    if cut is None:
        return name
    head, tail = cut
    return f"{name[:head]}…{name[-tail:]}"
