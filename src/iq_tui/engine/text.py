"""Text cleaning every stage shares: what reading, planning and the faces (CLI, TUI) do to
untrusted text before it is kept or shown."""

from __future__ import annotations

import re

# C0/C1 control characters but tab and newline, and the bidi overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """Control characters as spaces. CV text and LLM output are untrusted and end on terminals:
    ESC starts colour, window-title and clipboard (OSC 52) sequences; bidi overrides reorder
    what a reader sees. A lone surrogate (JSON's `\\ud83d` without its pair) becomes U+FFFD:
    no encoder, terminal or database takes it."""
    return _LONE_SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text))
