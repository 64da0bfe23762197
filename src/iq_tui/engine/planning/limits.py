"""Bounds on one question object from a model, applied before anything else reads it.

A model's JSON is untrusted: a 10 MB question or 100,000 follow-ups would be kept, saved and
rendered (seconds per cursor move), and one field nested a few hundred deep, that `json`
accepts, would break every recursive walk after it. So only the question schema's fields are
kept, scalars and lists of strings only, each cut to its bound.
"""

from __future__ import annotations

from typing import Any

MAX_LIST_ITEMS = 12
"""Follow-ups, red flags, skills of one question."""
_TEXT_CHARS = {
    "text": 1_500, "question": 1_500, "rationale": 2_000, "good_answer": 3_000,
    "evidence": 1_000, "competency": 120, "category": 40, "difficulty": 40,
    "requirement": 500,
}
_LIST_ITEM_CHARS = {"follow_ups": 500, "red_flags": 500, "skills": 80}
_SCALARS = (str, int, float, bool, type(None))
TEXT_CHARS = _TEXT_CHARS
LIST_ITEM_CHARS = _LIST_ITEM_CHARS
"""The bounds, for checks that refuse rather than cut (a kit file)."""


def bound_question(item: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """`item` with only the question's own fields, each within its bound; and whether
    anything was cut (a field too long, a list too long). Other fields are dropped unread."""
    bounded: dict[str, Any] = {}
    cut = False
    for key, limit in _TEXT_CHARS.items():
        value = item.get(key)
        if isinstance(value, str):
            cut |= len(value) > limit
            bounded[key] = value[:limit]
        elif key in item and isinstance(value, _SCALARS):
            bounded[key] = value  # pydantic says whether it fits
    for key, limit in _LIST_ITEM_CHARS.items():
        value = item.get(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            continue
        strings = [v for v in value if isinstance(v, str)]
        cut |= len(strings) > MAX_LIST_ITEMS or any(len(v) > limit for v in strings)
        bounded[key] = [v[:limit] for v in strings[:MAX_LIST_ITEMS]]
    return bounded, cut
