"""DOCX -> lines of visible text in reading order, in the shape `pdf_reader` returns.

Runs inside the sandbox's child process (see `sandbox.py`), like the PDF reader, and returns

    {"pages": int, "hidden_chars": int, "truncated": bool,
     "lines": [{"text", "segs", "size", "bold", "page"}]}

so a Word CV goes through the same sections, highlights and skills as a PDF one. The body is
read in document order (paragraphs and tables interleaved); a table is read cell by cell, row
after row, which reads a two-column layout built from a table one column after the other, the
way the PDF reader reads columns. The page header comes first (templates put the name there).
Sizes and weights come from the runs, else from their paragraph style and its base styles,
so "Heading 1" paragraphs are headings by their drawn style as well as by their names.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any

# A real CV's .docx holds a few hundred KB (a photo adds a few MB); python-docx loads every
# part into memory, so the declared sizes are checked before it opens the file.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 2 * 1024 * 1024
DEFAULT_SIZE = 11.0
MIN_VISIBLE_SIZE = 4.0
BULLET_GLYPH = "•"
_WHITE = {"FFFFFF", "FEFEFE", "FDFDFD"}


class DocxProblem(Exception):
    """The file cannot be read as a DOCX; `kind` is `corrupt` or `too_large`."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail


def _check_package(path: str) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocxProblem("corrupt", str(exc)) from None
    if not any(info.filename == "word/document.xml" for info in infos):
        raise DocxProblem("corrupt", "no word/document.xml")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocxProblem(
            "too_large",
            f"it unpacks to {unpacked >> 20} MB, more than {MAX_UNPACKED_BYTES >> 20} MB "
            "(a real CV needs a few MB at most)",
        )


def _style_value(style: Any, attribute: str) -> Any:
    """A font attribute of a paragraph style, inherited through its base styles."""
    seen = 0
    while style is not None and seen < 20:  # base-style chains are short; loops exist
        value = getattr(style.font, attribute, None)
        if value is not None:
            return value
        style, seen = style.base_style, seen + 1
    return None


def _run_hidden(run: Any, size: float) -> bool:
    font = run.font
    if font.hidden or size < MIN_VISIBLE_SIZE:
        return True
    try:
        rgb = font.color.rgb if font.color is not None and font.color.type is not None else None
    except (ValueError, AttributeError):
        rgb = None
    return rgb is not None and str(rgb).upper() in _WHITE and not _shaded(run)


def _shaded(run: Any) -> bool:
    """White text on a filled run or paragraph is visible (a coloured banner)."""
    from docx.oxml.ns import qn

    paragraph = next(run._r.iterancestors(qn("w:p")), None)
    for element, kind in ((run._r, "w:rPr"), (paragraph, "w:pPr")):
        props = element.find(qn(kind)) if element is not None else None
        if props is not None:
            shade = props.find(qn("w:shd"))
            if shade is not None and shade.get(qn("w:fill"), "auto") not in ("auto", "FFFFFF"):
                return True
    return False


def _is_list_item(paragraph: Any) -> bool:
    from docx.oxml.ns import qn

    props = paragraph._p.pPr
    if props is not None and props.find(qn("w:numPr")) is not None:
        return True
    name = (paragraph.style.name or "").casefold() if paragraph.style is not None else ""
    return "list" in name or "bullet" in name


class _Reader:
    def __init__(self, default_size: float) -> None:
        self.lines: list[dict[str, Any]] = []
        self.hidden = 0
        self.chars = 0
        self.default_size = default_size
        self.truncated = False

    def paragraph(self, paragraph: Any) -> None:
        style = paragraph.style
        style_size = _style_value(style, "size")
        style_bold = _style_value(style, "bold")
        bullet = _is_list_item(paragraph)
        # (text, size, bold) pieces; a line break inside the paragraph starts a new line
        current: list[tuple[str, float, bool]] = []
        pieces: list[list[tuple[str, float, bool]]] = [current]
        for run in _runs(paragraph):
            size = run.font.size or _style_value(run.style, "size") or style_size
            bold = run.bold
            if bold is None:
                bold = _style_value(run.style, "bold")
            if bold is None:
                bold = style_bold
            size_pt = size.pt if size else self.default_size
            for part in _run_pieces(run):
                if part == "\n":
                    current = []
                    pieces.append(current)
                elif _run_hidden(run, size_pt):
                    self.hidden += sum(1 for c in part if not c.isspace())
                else:
                    current.append((part, size_pt, bool(bold)))
        for piece in pieces:
            self._line(piece, bullet)
            bullet = False  # the bullet glyph belongs to the paragraph's first line

    def _line(self, piece: list[tuple[str, float, bool]], bullet: bool) -> None:
        text = "".join(t for t, _, _ in piece)
        segs = [s.strip() for s in text.split("\t") if s.strip()]
        if not segs or self.truncated:
            return
        n = sum(len(t.strip()) for t, _, _ in piece) or 1
        size = sum(s * len(t.strip()) for t, s, _ in piece) / n
        bold = sum(len(t.strip()) for t, _, b in piece if b) * 2 > n
        if bullet:
            segs[0] = f"{BULLET_GLYPH} {segs[0]}"
        line = " ".join(segs)
        self.chars += len(line)
        if self.chars > MAX_TEXT_CHARS:
            self.truncated = True
            return
        self.lines.append(
            {"text": line, "segs": segs, "size": round(size, 2), "bold": bold, "page": 1}
        )

    def blocks(self, element: Any, parent: Any, depth: int = 0) -> None:
        """Paragraphs and tables of a body, header, cell, content control or text box, in
        order; tables cell by cell; a text box's text after the paragraph it is anchored in."""
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        if depth > 8:  # tables and boxes nest; deeper than this is not a CV's layout
            return
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(Paragraph(child, parent))
                for box in child.iter(qn("w:txbxContent")):
                    if _in_fallback(box) or next(box.iterancestors(qn("w:p"))) is not child:
                        continue  # the legacy copy of a box, or a box inside a box
                    self.blocks(box, parent, depth + 1)
            elif child.tag == qn("w:tbl"):
                for cell in _cells(Table(child, parent)):
                    self.blocks(cell._tc, cell, depth + 1)
            elif child.tag == qn("w:sdt"):  # a content control (Word's templates use them)
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.blocks(content, parent, depth + 1)


def _in_fallback(element: Any) -> bool:
    """Inside `mc:Fallback`: Word writes text boxes twice, the second for old readers."""
    return any(
        ancestor.tag.endswith("}Fallback") for ancestor in element.iterancestors()
    )


def _runs(paragraph: Any) -> Iterator[Any]:
    """The paragraph's own runs in order, also inside hyperlinks, fields, inline content
    controls and tracked insertions; not those of a text box anchored in it."""
    from docx.oxml.ns import qn
    from docx.text.run import Run

    p = paragraph._p
    for r in p.iter(qn("w:r")):
        if next(r.iterancestors(qn("w:p"))) is p and not _in_fallback(r):
            yield Run(r, paragraph)


def _run_pieces(run: Any) -> Iterator[str]:
    """The run's text, with line breaks as "\\n" pieces (tabs stay in the text)."""
    text = run.text
    start = 0
    for i, ch in enumerate(text):
        if ch in "\n\r":
            if i > start:
                yield text[start:i]
            yield "\n"
            start = i + 1
    if start < len(text):
        yield text[start:]


def _cells(table: Any) -> Iterator[Any]:
    """Each cell of the table once (a merged cell spans several grid positions), by column
    within a row band: a two-column layout table reads its left column, then its right."""
    seen: set[int] = set()
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell)
        rows.append(cells)
    # A layout table is few rows of wide cells: read it column by column. A table of many
    # rows (dates | role) is read row by row, as it is printed.
    if len(rows) <= 3 and rows:
        width = max(len(r) for r in rows)
        for column in range(width):
            for cells in rows:
                if column < len(cells):
                    yield cells[column]
    else:
        for cells in rows:
            yield from cells


def _default_size(document: Any) -> float:
    """The document's default font size (docDefaults), in points."""
    halves = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    try:
        return int(halves[0]) / 2 if halves else DEFAULT_SIZE
    except ValueError:
        return DEFAULT_SIZE


def _pages(document: Any) -> int:
    """Pages as Word last laid them out, else as hard page breaks make them (at least 1)."""
    body = document.element.body
    rendered = len(body.xpath(".//w:lastRenderedPageBreak"))
    hard = len(body.xpath(".//w:br[@w:type='page']"))
    return 1 + max(rendered, hard)


def read_docx(path: str) -> dict[str, Any]:
    """Read the DOCX at `path` (see the module docstring); `DocxProblem` when it cannot."""
    _check_package(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(path)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DocxProblem("corrupt", f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - lxml syntax errors and the like: a broken file
        if isinstance(exc, MemoryError):
            raise
        raise DocxProblem("corrupt", f"{type(exc).__name__}: {exc}") from None
    reader = _Reader(_default_size(document))
    try:
        if document.sections:
            header = document.sections[0].header
            if not header.is_linked_to_previous:
                reader.blocks(header._element, header)
        reader.blocks(document.element.body, document._body)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML inside a readable package
        raise DocxProblem("corrupt", f"{type(exc).__name__}: {exc}") from None
    return {
        "pages": _pages(document),
        "hidden_chars": reader.hidden,
        "truncated": reader.truncated,
        "lines": reader.lines,
    }
