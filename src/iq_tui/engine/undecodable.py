"""Text that holds undecodable bytes, shown safely.

Python decodes a file name that is not UTF-8 (a Latin-1 `Résumé.pdf` from a zip or a network
share) with surrogateescape: b"R\\xe9sum\\xe9.pdf" becomes "R\\udce9sum\\udce9.pdf", which opens
the file but cannot be encoded for a terminal, a UTF-8 file or SQLite. Keep such strings as
they are wherever the file must be found again (the sessions store keeps them losslessly);
pass them through `displayable` wherever they are printed or drawn.
"""

from __future__ import annotations

import codecs
import re
from typing import TextIO

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def displayable(text: str) -> str:
    """`text` with each lone surrogate (an undecodable byte) as U+FFFD: "R�sum�.pdf"."""
    return _SURROGATE.sub(REPLACEMENT, text)


def has_undecodable(text: str) -> bool:
    return _SURROGATE.search(text) is not None


_HANDLER = "iq-tui-replace-undecodable"


def _replace_surrogates(error: UnicodeError) -> tuple[bytes, int]:
    """U+FFFD (as bytes: the UTF-8 encoder takes no other non-ASCII replacement), or `?` in
    an encoding without it."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    try:
        mark = REPLACEMENT.encode(error.encoding)
    except (UnicodeEncodeError, LookupError):
        mark = b"?"
    return mark * (error.end - error.start), error.end


codecs.register_error(_HANDLER, _replace_surrogates)


def replace_undecodable_on(stream: TextIO | None) -> None:
    """Make `stream` print each character it cannot encode (a lone surrogate) as U+FFFD.

    The TUI draws on a stream whose default is to fail or to print `\\udce9` (six cells where
    Rich measured one, which shifts the whole screen); with this every path in the picker's
    tree, the path box and any label shows as "R�sum�.pdf", while the app keeps the real
    name to open the file."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors=_HANDLER)
