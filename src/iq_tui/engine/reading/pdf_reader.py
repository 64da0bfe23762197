"""PDF -> lines of visible text in reading order, with the layout hints section detection needs.

Runs inside the sandbox's child process (see `sandbox.py`) and returns plain data:

    {"page_count": int, "pages_read": int, "hidden_chars": int,
     "empty_pages": [int], "lines": [{"text", "segs", "xs", "size", "bold", "page"}]}

`xs` holds the left edge of each segment (a grid of skills is read column by column).

One pass of pdfplumber's char work per page feeds both the text and the layout: chars are
filtered (hidden text), grouped into words with a size-relative tolerance (LaTeX PDFs draw no
space characters, so pdfplumber's fixed 3 pt tolerance glues words together), then into lines,
then split into columns where the page has a gutter.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from iq_tui.engine.reading.bidi import logical_order, mostly_rtl

# A gap between words wider than this many font sizes splits a line into segments
# (right-aligned dates and places, table-like layouts).
SEGMENT_GAP_EM = 1.6
# Word tolerance relative to the font size: LaTeX inter-word gaps are ~0.2-0.3 em.
X_TOLERANCE_RATIO = 0.15
MIN_VISIBLE_SIZE = 4.0
NEAR_WHITE = 0.92
SOFT_HYPHEN = "\u00ad"
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$|\.b$", re.IGNORECASE)


INVISIBLE_TAG = "iq-tui:invisible"
_INVISIBLE_MODES = (3, 7)  # text render modes that paint nothing (7 only adds to the clip)


# Decoded-size caps, checked while inflating: the largest stream in the 34 real CVs of the
# team's set decodes to 0.36 MB (0.38 MB for a whole file), so these leave a margin of ~40x
# and refuse a stream that inflates to hundreds of MB before it costs time or memory.
MAX_STREAM_BYTES = 16 * 1024 * 1024
MAX_DECODED_BYTES = 64 * 1024 * 1024


class PdfProblem(Exception):
    """The PDF cannot be read; `kind` is `encrypted`, `corrupt`, `empty` or `too_large`."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail


class DecodeCapExceeded(Exception):
    """A stream (or the file's streams together) inflates past the caps above."""


class _DecodeBudget:
    """What the streams decoded so far add up to, and the page being read (for the reason)."""

    page: int | None = None
    total: int = 0

    @classmethod
    def reset(cls) -> None:
        cls.page, cls.total = None, 0

    @classmethod
    def where(cls) -> str:
        return f"page {cls.page}'s content" if cls.page else "a stream in the file"

    @classmethod
    def add(cls, size: int) -> None:
        cls.total += size
        if cls.total > MAX_DECODED_BYTES:
            raise DecodeCapExceeded(
                f"its streams inflate to more than {MAX_DECODED_BYTES >> 20} MB "
                "(a real CV needs well under 1 MB)"
            )


def _too_large() -> DecodeCapExceeded:
    return DecodeCapExceeded(
        f"{_DecodeBudget.where()} inflates to more than {MAX_STREAM_BYTES >> 20} MB "
        "(a real CV page needs well under 1 MB)"
    )


class _CappedDecompressor:
    """`zlib.decompressobj()` that stops once its output passes `MAX_STREAM_BYTES`."""

    def __init__(self) -> None:
        import zlib

        self._inner = zlib.decompressobj()
        self._size = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = MAX_STREAM_BYTES + 1 - self._size
        out = self._inner.decompress(data, room if not max_length else min(room, max_length))
        self._size += len(out)
        if self._size > MAX_STREAM_BYTES:
            raise _too_large()
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CappedZlib:
    """Stands in for the `zlib` module pdfminer's stream decoder uses: inflation is bounded."""

    import zlib as _zlib

    error = _zlib.error

    def decompress(self, data: bytes) -> bytes:
        d = _CappedDecompressor()
        out = d.decompress(data)
        if not d.eof:  # as zlib.decompress does; pdfminer then tries its lenient decoder
            raise self._zlib.error("incomplete or truncated stream")
        return out

    def decompressobj(self) -> _CappedDecompressor:
        return _CappedDecompressor()


def _install_decode_cap() -> None:
    """Bound what pdfminer inflates: each stream while it is decoded, and all of them together."""
    import pdfminer.pdftypes as pt

    if getattr(pt.PDFStream, "_iq_decode_cap", False):
        return
    pt.zlib = _CappedZlib()  # type: ignore[assignment]
    decode = pt.PDFStream.decode

    def capped_decode(self: Any) -> None:
        decode(self)
        size = len(self.data or b"")
        if size > MAX_STREAM_BYTES:  # a filter other than Flate (LZW, run-length) grew it
            raise _too_large()
        _DecodeBudget.add(size)

    pt.PDFStream.decode = capped_decode  # type: ignore[method-assign]
    pt.PDFStream._iq_decode_cap = True  # type: ignore[attr-defined]


def _install_render_mode_hook() -> None:
    """Mark chars drawn in an invisible text render mode (pdfplumber does not expose it).

    pdfplumber builds each page's layout with `PDFPageAggregatorWithMarkedContent`; a subclass
    remembers the render mode of the string being drawn and tags its chars, which pdfplumber
    copies into the char dicts as `tag`.
    """
    import pdfplumber.page as pp

    base = pp.PDFPageAggregatorWithMarkedContent
    if getattr(base, "_iq_render_hook", False):
        return

    class RenderModeAggregator(base):  # type: ignore[misc, valid-type]
        _iq_render_hook = True
        _iq_invisible = False

        def render_string(self, textstate, seq, ncs, graphicstate):  # type: ignore[no-untyped-def]
            self._iq_invisible = textstate.render in _INVISIBLE_MODES
            try:
                super().render_string(textstate, seq, ncs, graphicstate)
            finally:
                self._iq_invisible = False

        def render_char(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            adv = super().render_char(*args, **kwargs)
            if self._iq_invisible and self.cur_item._objs:
                self.cur_item._objs[-1].tag = INVISIBLE_TAG
            return adv

    pp.PDFPageAggregatorWithMarkedContent = RenderModeAggregator


def _luminance(color: Any) -> float | None:
    """Brightness 0..1 of a pdfminer colour tuple, or None when it is not a plain colour."""
    if not isinstance(color, (tuple, list)) or not color:
        return None
    if not all(isinstance(c, (int, float)) for c in color):
        return None
    if len(color) == 1:
        return float(color[0])
    if len(color) == 3:
        r, g, b = color
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(color) == 4:
        c, m, y, k = color
        return (1 - max(c, m, y)) * (1 - k)
    return None


def _is_light(color: Any) -> bool:
    lum = _luminance(color)
    return lum is not None and lum >= NEAR_WHITE


def _dark_fills(page: Any) -> list[tuple[float, float, float, float]]:
    """Boxes of filled, non-light shapes: white text on them is visible (dark sidebars)."""
    boxes = []
    for rect in page.rects:
        if rect.get("fill") and not _is_light(rect.get("non_stroking_color")):
            boxes.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
    return boxes


def _visible_chars(page: Any) -> tuple[list[dict[str, Any]], int]:
    """The page's chars a reader can see, and how many non-blank ones were hidden."""
    width, height = float(page.width), float(page.height)
    fills: list[tuple[float, float, float, float]] | None = None
    visible: list[dict[str, Any]] = []
    hidden = 0
    for ch in page.chars:
        text = ch["text"]
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        shown = (
            ch["size"] >= MIN_VISIBLE_SIZE
            and 0 <= cx <= width
            and 0 <= cy <= height
            and ch.get("tag") != INVISIBLE_TAG
        )
        if shown and _is_light(ch.get("non_stroking_color")):
            if fills is None:
                fills = _dark_fills(page)
            shown = any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in fills)
        if shown:
            visible.append(ch)
        elif text.strip():
            hidden += 1
    return visible, hidden


def _words(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from pdfplumber.utils.text import WordExtractor

    extractor = WordExtractor(x_tolerance_ratio=X_TOLERANCE_RATIO, y_tolerance=3)
    words = []
    for word, wchars in extractor.iter_extract_tuples(chars):
        sizes = [c["size"] for c in wchars]
        bold = sum(1 for c in wchars if _BOLD_FONT.search(c.get("fontname") or ""))
        words.append(
            {
                "text": word["text"],
                "x0": word["x0"],
                "x1": word["x1"],
                "top": word["top"],
                "bottom": word["bottom"],
                "size": max(sizes),
                "bold": bold * 2 > len(wchars),
                "n": len(wchars),
            }
        )
    return words


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words -> rows: words whose vertical middles are close belong to one row."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        mid = (word["top"] + word["bottom"]) / 2
        if rows:
            last = rows[-1]
            lmid = sum((w["top"] + w["bottom"]) / 2 for w in last) / len(last)
            tol = 0.45 * min(word["bottom"] - word["top"], last[0]["bottom"] - last[0]["top"])
            if abs(mid - lmid) <= max(tol, 1.0):
                last.append(word)
                continue
        rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


def _find_gutter(rows: list[list[dict[str, Any]]], width: float) -> float | None:
    """The x of a vertical gap that splits many rows into two columns, or None."""
    if len(rows) < 8 or sum(len(r) for r in rows) < 20:
        return None
    step = 2.0
    n = int(width / step) + 2
    # how many words cross each x (words of one row never overlap): a difference array
    diff = [0] * (n + 1)
    for row in rows:
        for w in row:
            a = max(0, int(w["x0"] / step) + 1)
            b = min(n, int(w["x1"] / step) + 1)
            if a < b:
                diff[a] += 1
                diff[b] -= 1
    allowed = max(1, len(rows) // 25)
    lo, hi = int(0.2 * width / step), int(0.8 * width / step)
    counts = []
    crossing = 0
    for i in range(hi + 1):
        crossing += diff[i]
        counts.append(crossing)
    best: tuple[int, int] | None = None  # (run length, start index)
    run_start: int | None = None
    for i in range(lo, hi + 2):
        if i <= hi and counts[i] <= allowed:
            if run_start is None:
                run_start = i
        elif run_start is not None:
            if best is None or i - run_start > best[0]:
                best = (i - run_start, run_start)
            run_start = None
    if best is None or best[0] * step < 6:
        return None
    # within the gap, the x crossed by the fewest words, nearest its middle
    length, start = best
    middle = start + length / 2
    index = min(range(start, start + length), key=lambda i: (counts[i], abs(i - middle)))
    gutter = index * step
    both = left = right = 0
    for row in rows:
        lft = any(w["x1"] <= gutter for w in row)
        rgt = any(w["x0"] >= gutter for w in row)
        both += lft and rgt
        left += lft and not rgt
        right += rgt and not lft
    # Two real columns: rows on each side alone, and rows that hold both at the same height.
    if both >= 3 and left >= 3 and right >= 3:
        return gutter
    return None


def _in_reading_order(rows: list[list[dict[str, Any]]], gutter: float | None) -> list[list[dict]]:
    """Rows -> lines in reading order: within each band between spanning rows, left then right."""
    if gutter is None:
        return rows
    out: list[list[dict[str, Any]]] = []
    left: list[list[dict[str, Any]]] = []
    right: list[list[dict[str, Any]]] = []
    for row in rows:
        lpart = [w for w in row if w["x1"] <= gutter]
        rpart = [w for w in row if w["x0"] >= gutter]
        if len(lpart) + len(rpart) < len(row):  # a row across the gutter (a title)
            out.extend(left + right)
            left, right = [], []
            out.append(row)
            continue
        if lpart:
            left.append(lpart)
        if rpart:
            right.append(rpart)
    out.extend(left + right)
    return out


def _join_words(words: list[dict[str, Any]]) -> tuple[list[str], list[float]]:
    """A row's words -> (segments: text runs split where the gap is wide, the x of each)."""
    segs: list[list[str]] = []
    xs: list[float] = []
    prev: dict[str, Any] | None = None
    for word in words:
        if prev is None or word["x0"] - prev["x1"] > SEGMENT_GAP_EM * max(prev["size"], 1):
            segs.append([])
            xs.append(round(word["x0"], 1))
        segs[-1].append(word["text"])
        prev = word
    return [" ".join(s) for s in segs], xs


def _unspace_letters(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A letter-spaced row ("R I V E R  S T O N E", one word per letter) -> its words: the
    gaps much wider than the usual one between letters are the spaces."""
    if len(words) < 4 or any(w["n"] != 1 for w in words):
        return words
    gaps = sorted(b["x0"] - a["x1"] for a, b in zip(words, words[1:]))
    usual = gaps[len(gaps) // 2]
    out = [dict(words[0])]
    for prev, word in zip(words, words[1:]):
        if word["x0"] - prev["x1"] > max(1.4 * usual, usual + 0.15 * word["size"]):
            out.append(dict(word))
        else:
            last = out[-1]
            last["text"] += word["text"]
            last["x1"], last["n"] = word["x1"], last["n"] + 1
    return out


def _line(words: list[dict[str, Any]], page_number: int) -> dict[str, Any]:
    words = _unspace_letters(words)
    segs, xs = _join_words(words)
    segs = [logical_order(seg) for seg in segs]
    if len(segs) > 1 and mostly_rtl(" ".join(segs)):  # read from the right-hand column
        segs, xs = segs[::-1], xs[::-1]
    n = sum(w["n"] for w in words) or 1
    size = sum(w["size"] * w["n"] for w in words) / n
    bold = sum(w["n"] for w in words if w["bold"]) * 2 > n
    return {
        "text": " ".join(segs),
        "segs": segs,
        "xs": xs,
        "size": round(size, 2),
        "bold": bold,
        "page": page_number,
    }


def fix_soft_hyphens(lines: list[dict[str, Any]]) -> None:
    """A soft hyphen ending a line joins the word to the next line; elsewhere it was drawn: '-'."""
    for i, line in enumerate(lines):
        text = line["text"]
        if SOFT_HYPHEN not in text:
            continue
        if text.endswith(SOFT_HYPHEN) and i + 1 < len(lines):
            nxt = lines[i + 1]
            head, _, rest = nxt["text"].partition(" ")
            line["text"] = text[:-1] + head
            line["segs"][-1] = line["segs"][-1].rstrip(SOFT_HYPHEN) + head
            nxt["text"] = rest
            nxt["segs"] = [rest] if rest else []
            nxt["xs"] = nxt.get("xs", [])[: len(nxt["segs"])]
        line["text"] = line["text"].replace(SOFT_HYPHEN, "-")
        line["segs"] = [s.replace(SOFT_HYPHEN, "-") for s in line["segs"]]
    lines[:] = [ln for ln in lines if ln["text"].strip()]


def _page_count(pdf: Any) -> int | None:
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        return int(count) if isinstance(count, (int, float)) and count >= 0 else None
    except Exception:  # noqa: BLE001 - a broken page tree is counted the slow way
        return None


def _problem(exc: BaseException) -> BaseException:
    """What a pdfminer/pdfplumber failure means: out of memory, encrypted, or corrupt."""
    chain = _chain(exc)
    for e in chain:
        if isinstance(e, DecodeCapExceeded):
            return PdfProblem("too_large", str(e))
    if any(isinstance(e, MemoryError) for e in chain):
        return MemoryError()
    names = {type(e).__name__ for e in chain}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return PdfProblem("encrypted")
    return PdfProblem("corrupt", f"{type(exc).__name__}: {exc}")


def _open(path: str, max_pages: int) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(path, pages=list(range(1, max_pages + 1)))
    except Exception as exc:  # noqa: BLE001 - every pdfminer failure is a problem with the file
        raise _problem(exc) from None


def _chain(exc: BaseException) -> list[BaseException]:
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    # pdfplumber wraps pdfminer errors in PdfminerException(original)
    for e in list(seen):
        seen.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
    return seen


def read_pdf(path: str, max_pages: int = 30) -> dict[str, Any]:
    """Read up to `max_pages` pages of the PDF at `path` (see the module docstring)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    _install_render_mode_hook()
    _install_decode_cap()
    _DecodeBudget.reset()
    pdf = _open(path, max_pages)
    try:
        try:
            pages = pdf.pages
        except Exception as exc:  # noqa: BLE001
            raise _problem(exc) from None
        if not pages:
            raise PdfProblem("empty")
        total = _page_count(pdf) or len(pages)
        lines: list[dict[str, Any]] = []
        hidden = 0
        empty: list[int] = []
        for page in pages:
            _DecodeBudget.page = page.page_number
            try:
                chars, page_hidden = _visible_chars(page)
            except Exception as exc:  # noqa: BLE001 - a broken page content stream
                raise _problem(exc) from None
            hidden += page_hidden
            if not any(c["text"].strip() for c in chars):
                if not page_hidden:
                    empty.append(page.page_number)
                continue
            rows = _group_lines(_words(chars))
            gutter = _find_gutter(rows, float(page.width))
            lines.extend(_line(row, page.page_number) for row in _in_reading_order(rows, gutter))
            page.close()
        fix_soft_hyphens(lines)
        return {
            "page_count": max(total, len(pages)),
            "pages_read": len(pages),
            "hidden_chars": hidden,
            "empty_pages": empty,
            "lines": lines,
        }
    finally:
        pdf.close()
