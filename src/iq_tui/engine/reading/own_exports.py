"""Recognize what iq-tui itself wrote (a plan or a session exported as Markdown), so it is never
read as a CV: a plan's "Candidate" table would otherwise become a candidate "(no name found)".

Pure and light (no models): the picker's tree calls it on every `.md` file it lists. The marks
are the first lines `engine/output/export.py` and `session_export.py` write; a test exports
real plans and sessions through them and checks they are recognized.
"""

from __future__ import annotations

import re
from pathlib import Path

SNIFF_BYTES = 4096
_PLAN = re.compile(r"\A# Interview plan: .*\n\n\| \| \|\n\|---\|---\|\n\| Candidate \| ")
_SESSION = re.compile(r"\A\*iq-tui session [0-9a-f-]{8,}: .*\*\n")


def export_kind(head: str) -> str | None:
    """`"plan"` or `"session"` when `head` (a file's first characters) is an iq-tui export."""
    head = head.lstrip("\ufeff").replace("\r\n", "\n")
    if _SESSION.match(head):
        return "session"
    if _PLAN.match(head):
        return "plan"
    return None


def file_export_kind(path: Path) -> str | None:
    """`export_kind` of the file at `path`; None when it cannot be read (the reader says why)."""
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return None
    return export_kind(head.decode("utf-8", errors="replace"))
