"""An entry's body lines -> its highlights: the bullets, verbatim, one string each.

A bullet may wrap over several lines; the lines are joined with a space and the glyph is
dropped. Where the CV draws bullets as glyphs ("•", "-", "▪"), a new highlight starts at each
glyph and the lines between belong to the bullet above; lines before the first glyph are a
description, not a bullet. Where it draws none (Google Docs' list bullets are shapes, not
text), each line is a highlight unless it visibly carries on the line above (starts in lower
case, or the line above ends mid-phrase).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from iq_tui.engine.reading.sections import BULLET, Line

# A line that ends like this has not finished its sentence: the next line carries it on.
UNFINISHED = re.compile(
    r"(?:[,;:(&/–-]|\b(?:and|or|the|of|to|for|with|in|on|at|by|from|into|a|an|as|via|using|"
    r"across|through|over|under|than|that|which|while|within|per|including))$",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(r"^[A-Z][\w ./&+-]{1,30}:\s+\S")  # "Tech stack: Go, Kafka"
_LINE_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])")
MAX_HIGHLIGHT = 600


def join_wrapped(parts: Sequence[str]) -> str:
    """Lines of one bullet -> one string; a word hyphenated at the line end is one word."""
    text = " ".join(p.strip() for p in parts if p.strip())
    return _LINE_HYPHEN.sub("-", " ".join(text.split()))


def _carries_on(prev: Line, line: Line) -> bool:
    text = line.text.strip()
    return bool(text) and (text[:1].islower() or bool(UNFINISHED.search(prev.text.strip())))


def highlights(body: Sequence[Line]) -> list[str]:
    """The bullets of an entry's body, in order (see the module docstring)."""
    glyphs = any(ln.is_bullet for ln in body)
    items: list[list[str]] = []
    open_item = False  # whether the next line may carry on the last highlight
    prev: Line | None = None
    for line in body:
        text = line.text.strip()
        if not text:
            continue
        if glyphs and line.is_bullet:
            items.append([BULLET.sub("", text)])
            open_item = True
        elif glyphs:
            # between glyphs: a wrapped line of the bullet above, else no bullet at all
            open_item = (
                open_item
                and prev is not None
                and not _LABEL_LINE.match(text)
                and (line.bold == prev.bold or _carries_on(prev, line))
            )
            if open_item:
                items[-1].append(text)
        elif items and prev is not None and _carries_on(prev, line):
            items[-1].append(text)
        else:
            items.append([text])
        prev = line
    out = [join_wrapped(parts)[:MAX_HIGHLIGHT] for parts in items]
    return [h for h in out if h]
