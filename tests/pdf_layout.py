"""A tiny PDF writer for CVs laid out by hand: text runs placed at (x, y) in Helvetica or
Helvetica-Bold at any size, on as many pages as given.

`Run`s are the page's drawn text in drawing order. Characters outside cp1252 (Arabic,
Cyrillic, CJK) are drawn with another font whose encoding names each glyph `uniXXXX`: the
shapes may be missing on screen, but every PDF reader maps those names back to the
characters, as it would from a real font's ToUnicode map. A run is drawn in the order its
characters are given: visual order, left to right, as a PDF holds right-to-left text.
"""

from __future__ import annotations

from dataclasses import dataclass

from hostile import assemble


@dataclass(frozen=True)
class Run:
    x: float
    y: float
    text: str
    size: float = 10.5
    bold: bool = False


def _escape(raw: bytes) -> bytes:
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _cp1252(ch: str) -> bytes | None:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return None


def layout_pdf(pages: list[list[Run]]) -> bytes:
    """A PDF of letter-size pages drawing the runs."""
    extra: dict[str, int] = {}  # a character outside cp1252 -> its code in font F3
    for runs in pages:
        for run in runs:
            for ch in run.text:
                if _cp1252(ch) is None and ch not in extra:
                    extra[ch] = 1 + len(extra)
    if len(extra) > 255:
        raise ValueError("more than 255 characters outside cp1252")

    def ops(runs: list[Run]) -> bytes:
        out = []
        for run in runs:
            font = b"/F2" if run.bold else b"/F1"
            pieces: list[tuple[bytes, bytes]] = []  # (font, encoded text)
            for ch in run.text:
                code = _cp1252(ch)
                other = b"/F4" if run.bold else b"/F3"
                f, raw = (font, code) if code is not None else (other, bytes([extra[ch]]))
                if pieces and pieces[-1][0] == f:
                    pieces[-1] = (f, pieces[-1][1] + raw)
                else:
                    pieces.append((f, raw))
            body = b" ".join(b"%s %g Tf (%s) Tj" % (f, run.size, _escape(t)) for f, t in pieces)
            out.append(b"BT %g %g Td %s ET" % (run.x, run.y, body))
        return b"\n".join(out)

    objects: list[bytes] = [b"", b""]  # catalog, page tree
    fonts = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    names = b" ".join(b"/uni%04X" % ord(ch) for ch in extra)
    for base in (b"Helvetica", b"Helvetica-Bold"):
        fonts.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s "
            b"/Encoding << /Type /Encoding /Differences [1 %s] >> >>" % (base, names)
        )
    font_ids = []
    for f in fonts:
        objects.append(f)
        font_ids.append(len(objects))
    kids = []
    for runs in pages:
        content = ops(runs)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R /F4 %d 0 R >> >> /Contents %d 0 R >>"
            % (*font_ids, content_id)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        len(kids),
        b" ".join(b"%d 0 R" % k for k in kids),
    )
    return assemble(objects, root=1)


class Page:
    """Runs placed top-down: `line(...)` draws at the current y and moves down."""

    def __init__(self, top: float = 740, left: float = 60) -> None:
        self.y = top
        self.left = left
        self.runs: list[Run] = []

    def line(
        self,
        *cells: tuple[float, str] | str,
        size: float = 10.5,
        bold: bool = False,
        gap: float | None = None,
    ) -> Page:
        for cell in cells:
            x, text = cell if isinstance(cell, tuple) else (self.left, cell)
            if text:
                self.runs.append(Run(x, self.y, text, size, bold))
        self.y -= gap if gap is not None else size * 1.45
        return self

    def space(self, points: float = 8) -> Page:
        self.y -= points
        return self
