"""Text that holds undecodable bytes, shown safely.

Python decodes a file name that is not UTF-8 (a Latin-1 `Résumé.pdf` from a zip or a network
share) with surrogateescape: b"R\\xe9sum\\xe9.pdf" becomes "R\\udce9sum\\udce9.pdf", which opens
the file but cannot be encoded for a terminal, a UTF-8 file or SQLite. Keep such strings as
they are wherever the file must be found again (the sessions store keeps them losslessly);
pass them through `displayable` wherever they are printed or drawn.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def displayable(text: str) -> str:
    """`text` with each lone surrogate (an undecodable byte) as U+FFFD: "R�sum�.pdf"."""
    return _SURROGATE.sub(REPLACEMENT, text)


def has_undecodable(text: str) -> bool:
    return _SURROGATE.search(text) is not None
