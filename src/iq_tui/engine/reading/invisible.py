"""Characters a reader of the CV never sees, removed before anything reads the text.

Unicode tag characters (U+E0000–U+E007F) spell ASCII that no font draws: an instruction
hidden in them would reach a model's prompt. Zero-width spaces and joiners, the word joiner,
a byte-order mark inside the text, and the direction marks (LRM, RLM, ALM) draw nothing
either. They are all removed, and counted so that the profile can warn about hidden text.
A zero-width joiner inside an emoji sequence (👩‍💻) or between letters of a script that shapes
with it (Persian, the Indic scripts) is the text's own and stays.
"""

from __future__ import annotations

import re
import unicodedata

_ALWAYS = re.compile("[\U000e0000-\U000e007f\u200b\u2060\u2061-\u2064\ufeff\u200e\u200f\u061c\u180e]")
_JOINERS = re.compile("[\u200c\u200d]")


def _joins_letters(text: str, i: int) -> bool:
    """Whether the joiner at `i` sits between two non-ASCII letters or symbols."""
    if i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    return all(
        ord(ch) > 0x7F and unicodedata.category(ch)[0] in "LMS" for ch in (before, after)
    )


def strip_invisible(text: str) -> tuple[str, int]:
    """(`text` without its invisible characters, how many were removed)."""
    text, removed = _ALWAYS.subn("", text)
    if _JOINERS.search(text):
        kept = []
        for i, ch in enumerate(text):
            if ch in "\u200c\u200d" and not _joins_letters(text, i):
                removed += 1
                continue
            kept.append(ch)
        text = "".join(kept)
    return text, removed


def hidden_text_warning(count: int) -> str:
    return (
        f"hidden text found: {count} invisible character{'s' if count != 1 else ''} "
        "(tag characters, zero-width or direction marks) were removed"
    )
