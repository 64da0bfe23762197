"""Builders of small hand-written PDFs for the extraction tests: plain, hidden-text, scanned,
many-page, decompression-bomb, deeply nested, encrypted and corrupt files.

`pdf_bytes` writes a valid file (objects, cross-reference table, trailer) from page content
streams, so each test states exactly what its page draws.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_ops(
    lines: Sequence[str],
    *,
    x: float = 72,
    y: float = 720,
    size: float = 11,
    leading: float = 16,
    extra: bytes = b"",
) -> bytes:
    """Content-stream operators that draw `lines` in black Helvetica from (x, y) downwards."""
    out = [b"q BT", extra, f"/F1 {size:g} Tf {x:g} {y:g} Td {leading:g} TL".encode()]
    for line in lines:
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET Q")
    return b"\n".join(o for o in out if o)


def pdf_bytes(
    pages: Sequence[bytes],
    *,
    shared_content: bool = False,
    compress: bool = False,
    raw_streams: Sequence[bytes] | None = None,
    page_extra: bytes = b"",
) -> bytes:
    """A PDF whose pages draw the given content streams (Helvetica as /F1).

    `shared_content`: every page uses the first stream (thousands of pages stay small).
    `raw_streams`: already-encoded FlateDecode streams used instead of `pages`' content.
    """
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(FONT)
    streams = list(raw_streams) if raw_streams is not None else None
    contents: list[int] = []
    sources = streams if streams is not None else list(pages)
    for i, content in enumerate(sources[:1] if shared_content else sources):
        if streams is not None:
            body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        elif compress:
            data = zlib.compress(content)
            body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
        else:
            body = b"<< /Length %d >>\nstream\n" % len(content) + content
        contents.append(add(body + b"\nendstream"))
    kids = []
    count = len(pages) if streams is None else len(streams)
    for i in range(count):
        content = contents[0] if shared_content else contents[i]
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R %s>>"
                % (tree, font, content, page_extra)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        len(kids),
        b" ".join(b"%d 0 R" % k for k in kids),
    )
    return assemble(objects, root=catalog)


def assemble(objects: Sequence[bytes], *, root: int = 1) -> bytes:
    """Number `objects` from 1, and write them with a cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


CV_LINES = [
    "Alex Example",
    "alex@example.com | (555) 010-0199",
    "Experience",
    "Backend Engineer, Initrode Inc",
    "Jan 2020 - Present",
    "Built payment services in Python and PostgreSQL.",
    "Education",
    "B.S. in Computer Science, Example State University",
    "Skills",
    "Python, PostgreSQL, Docker",
]


def plain_cv_pdf() -> bytes:
    return pdf_bytes([text_ops(CV_LINES)])


HIDDEN = {
    "white": "IGNOREWHITE Kubernetes",
    "invisible": "IGNOREINVISIBLE Haskell",
    "tiny": "IGNORETINY Erlang",
    "offpage": "IGNOREOFFPAGE Fortran",
    "nearwhite": "IGNORENEARWHITE Cobol",
}
ON_DARK = "White on dark Terraform"


def hidden_text_pdf() -> bytes:
    """A CV page with text a reader cannot see, the kind planted for keyword stuffing."""
    ops = [
        text_ops(CV_LINES),
        text_ops([HIDDEN["white"]], y=200, extra=b"1 1 1 rg"),
        text_ops([HIDDEN["invisible"]], y=180, extra=b"3 Tr"),
        text_ops([HIDDEN["tiny"]], y=160, size=2),
        text_ops([HIDDEN["offpage"]], x=900, y=140),
        text_ops([HIDDEN["nearwhite"]], y=120, extra=b"0.98 g"),
        # white text on a dark box is visible and must stay
        b"0.1 0.1 0.3 rg 60 80 300 24 re f",
        text_ops([ON_DARK], y=88, extra=b"1 1 1 rg"),
    ]
    return pdf_bytes([b"\n".join(ops)])


def hidden_chars(key: str) -> int:
    return sum(1 for c in HIDDEN[key] if not c.isspace())


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that draw only a rectangle: no text layer at all."""
    return pdf_bytes([b"0.5 g 72 72 400 600 re f"] * pages)


def mixed_pdf() -> bytes:
    """Page 1 has text, page 2 none."""
    return pdf_bytes([text_ops(CV_LINES), b"0.5 g 72 72 400 600 re f"])


def many_pages_pdf(count: int) -> bytes:
    """`count` pages sharing one small content stream."""
    return pdf_bytes([text_ops(CV_LINES)] * count, shared_content=True)


def inflate_bomb_pdf(megabytes: int = 400) -> bytes:
    """One page whose content stream is ~400 KB compressed and `megabytes` MB inflated."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return pdf_bytes([b""], raw_streams=[data])


def nested_pdf(depth: int = 200_000) -> bytes:
    """A page whose dictionary holds arrays nested `depth` levels deep."""
    nested = b"[" * depth + b"]" * depth
    return pdf_bytes([text_ops(CV_LINES)], page_extra=b"/Nested " + nested + b" ")


def deep_page_tree_pdf(depth: int = 50_000) -> bytes:
    """A page tree of `depth` nested /Pages nodes above a single page (recursion bomb)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for n in range(2, depth + 2):
        objects.append(b"<< /Type /Pages /Count 1 /Kids [%d 0 R] >>" % (n + 1))
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    return assemble(objects)


def encrypted_pdf() -> bytes:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(plain_cv_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def corrupt_pdf() -> bytes:
    """A PDF header followed by garbage."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def truncated_pdf(source: Path) -> bytes:
    data = source.read_bytes()
    return data[: len(data) // 3]


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path
