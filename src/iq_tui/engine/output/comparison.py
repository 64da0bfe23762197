"""`sessions compare` as text (80 columns) and JSON.

Text: competencies as rows, candidates as columns, one table per role; when the candidates do
not fit side by side, one block per candidate instead. Unrated is "–"; a competency a plan
does not ask about is left blank.
"""

from __future__ import annotations

import json
from typing import Any

from rich.cells import cell_len, set_cell_size

from iq_tui.engine.interview.comparison import Candidate, Comparison
from iq_tui.engine.interview.ratings import recommendation_word
from iq_tui.engine.interview.scorecard import format_mean

WIDTH = 80
LABEL_MAX = 22
"""The competency column's widest (longer names end in '…')."""
COLUMN_MIN = 10
"""A candidate column is never narrower: 'strong yes' fits."""
COLUMN_MAX = 16
GAP = "  "
UNRATED = "–"
LEGEND = (
    "Means of the interviewer's ratings (1 strong no … 4 strong yes); – not rated, "
    "blank: not in that plan. Ordered by {order}, never by rating."
)


def comparison_to_json(comparison: Comparison, *, order: str) -> str:
    data: dict[str, Any] = {
        "order": order,
        "competencies": [name for _, name in comparison.competencies],
        "candidates": [_candidate_json(c, comparison) for c in comparison.candidates],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _candidate_json(candidate: Candidate, comparison: Comparison) -> dict[str, Any]:
    return {
        "session": candidate.session_id,
        "name": candidate.name,
        "role": {"id": candidate.role_id, "name": candidate.role_name},
        "date": candidate.date.isoformat(),
        "recommendation": candidate.recommendation,
        "competencies": {
            name: None if candidate.means[key] is None else round(candidate.means[key], 2)
            for key, name in comparison.competencies
            if key in candidate.means
        },
        "rated": candidate.rated,
        "asked": candidate.asked,
        "questions": candidate.questions,
    }


def comparison_to_text(comparison: Comparison, *, order: str, width: int = WIDTH) -> str:
    """One section per role (in the order the candidates come), then the legend."""
    sections: list[str] = []
    seen: dict[str, list[Candidate]] = {}
    for candidate in comparison.candidates:
        seen.setdefault(candidate.role_id, []).append(candidate)
    for group in seen.values():
        rows = [
            (key, name)
            for key, name in comparison.competencies
            if any(key in c.means for c in group)
        ]
        sections.append(_section(group, rows, order, width))
    sections.append(_wrap(LEGEND.format(order=order), width))
    return "\n\n".join(sections)


def _section(
    group: list[Candidate], rows: list[tuple[str, str]], order: str, width: int
) -> str:
    count = len(group)
    head = f"{group[0].role_name}: {count} candidate{'' if count == 1 else 's'}, by {order}"
    label_width = min(
        LABEL_MAX, max([cell_len("recommendation")] + [cell_len(n) for _, n in rows])
    )
    column = min(COLUMN_MAX, max([COLUMN_MIN] + [cell_len(c.name) for c in group]))
    fits = label_width + count * (len(GAP) + COLUMN_MIN) <= width
    if not fits:
        return "\n".join([head, "", *_blocks(group, rows, label_width)])
    # as wide as the names want, down to COLUMN_MIN when that is what fits
    column = max(COLUMN_MIN, min(column, (width - label_width) // count - len(GAP)))
    lines = [head, ""]
    lines.append(
        _row("", [short_name(c.name, column) for c in group], label_width, column)
    )
    lines.append(
        _row(
            "recommendation",
            [_recommendation(c) for c in group],
            label_width,
            column,
        )
    )
    for key, name in rows:
        lines.append(_row(name, [_cell(c, key) for c in group], label_width, column))
    lines.append(
        _row("rated", [f"{c.rated}/{c.questions}" for c in group], label_width, column)
    )
    lines.append("")
    names = max(cell_len(c.name) for c in group)
    lines += [_who(c, width, names) for c in group]
    return "\n".join(lines)


def _blocks(group: list[Candidate], rows: list[tuple[str, str]], label_width: int) -> list[str]:
    lines: list[str] = []
    for candidate in group:
        lines.append(_who(candidate, WIDTH))
        lines.append(_row("  recommendation", [_recommendation(candidate)], label_width + 2, 10))
        for key, name in rows:
            if key in candidate.means:
                lines.append(_row(f"  {name}", [_cell(candidate, key)], label_width + 2, 10))
        lines.append(
            _row("  rated", [f"{candidate.rated}/{candidate.questions}"], label_width + 2, 10)
        )
        lines.append("")
    return lines[:-1]


def _who(candidate: Candidate, width: int, names: int = 0) -> str:
    """Full name (cut only past the line's end), session id and date: what a column is."""
    tail = f"  session {candidate.session_id}  {candidate.date.date().isoformat()}"
    room = max(10, width - cell_len(tail))
    name = fit(candidate.name, room)
    return set_cell_size(name, min(room, max(names, cell_len(name)))) + tail


def _recommendation(candidate: Candidate) -> str:
    return recommendation_word(candidate.recommendation) if candidate.recommendation else UNRATED


def _cell(candidate: Candidate, key: str) -> str:
    if key not in candidate.means:
        return ""
    return format_mean(candidate.means[key])


def _row(label: str, cells: list[str], label_width: int, column: int) -> str:
    parts = [set_cell_size(fit(label, label_width), label_width)]
    parts += [set_cell_size(fit(cell, column), column) for cell in cells]
    return GAP.join(parts).rstrip()


def fit(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in '…' when cut."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def short_name(name: str, width: int) -> str:
    """A name for a column header: whole if it fits, else 'Alexandra O.', else cut with '…'."""
    name = " ".join(name.split())
    if cell_len(name) <= width:
        return name
    words = name.split(" ")
    if len(words) > 1:
        initials = " ".join([words[0], *(w[:1] + "." for w in words[1:])])
        if cell_len(initials) <= width:
            return initials
    return fit(name, width)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))

