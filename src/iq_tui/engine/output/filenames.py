"""File names made from a plan's words (candidate, role): short enough for any file system.

A name is at most 255 bytes on Linux and macOS; a custom role typed in full can be longer, and
a name in Greek or Chinese takes two or three bytes a letter. So names are cut by bytes, on a
character boundary.
"""

from __future__ import annotations

import re

MAX_STEM_BYTES = 120
"""Room left under 255 bytes for a suffix, a temp file's prefix and a `-2` a user adds."""


def slug(text: str) -> str:
    """Lower case, runs of non-word characters to one `-` (letters like ë, ł are kept)."""
    return re.sub(r"\W+", "-", text.casefold()).strip("-_")


def cut_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore")


def file_stem(*parts: str, fallback: str, limit: int = MAX_STEM_BYTES) -> str:
    """`candidate-role` as a file name's stem, at most `limit` bytes; `fallback` when empty."""
    stem = "-".join(p for p in (slug(part) for part in parts) if p)
    return cut_bytes(stem, limit).rstrip("-_") or fallback
