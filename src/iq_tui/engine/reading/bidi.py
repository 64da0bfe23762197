"""Right-to-left text from a PDF, back in the order it is read.

A PDF places characters where they are drawn, and pdfplumber returns them left to right: an
Arabic or Hebrew word comes out reversed ("ابحرم" for "مرحبا"), and in a line that is mostly
right-to-left the words come out last-first. This puts one line (a segment of one) back in
logical order, word by word: each right-to-left word's letters are reversed (with its
brackets mirrored), and the words of each right-to-left run are reversed; in a line that is
mostly right-to-left, the order of the runs is reversed too. Latin words and numbers keep
their order inside a run, as the bidi algorithm draws them. Arabic presentation forms (the
shaped glyphs some PDFs map to) become the letters they shape.

This is the inverse of the Unicode bidi algorithm for the common case of words separated by
spaces; it does not attempt embedded direction overrides, which strip_controls removes.
"""

from __future__ import annotations

import re
import unicodedata

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended, and the Hebrew
# and Arabic presentation forms.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_CHAR = re.compile(f"[{_RTL}]")
_LTR_CHAR = re.compile(rf"[^\W\d_{_RTL}]")  # a letter of a left-to-right script
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _is_rtl_word(word: str) -> bool:
    return bool(_RTL_CHAR.search(word))


def logical_order(text: str) -> str:
    """A line in visual (drawn) order -> the order it is read in (see the module docstring).
    A line with no right-to-left letter is returned as it is."""
    if not _RTL_CHAR.search(text):
        return text
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    words = text.split()
    runs: list[tuple[bool, list[str]]] = []  # (right-to-left, words) in visual order
    for word in words:
        rtl = _is_rtl_word(word)
        if not rtl and not _LTR_CHAR.search(word) and runs:
            rtl = runs[-1][0]  # numbers and punctuation go with the run they sit in
        if runs and runs[-1][0] == rtl:
            runs[-1][1].append(word)
        else:
            runs.append((rtl, [word]))
    out_runs = []
    for rtl, run in runs:
        if rtl:
            run = [_reverse_word(w) for w in reversed(run)]
        out_runs.append(" ".join(run))
    if mostly_rtl(text):
        out_runs.reverse()
    return " ".join(out_runs)


def mostly_rtl(text: str) -> bool:
    """Whether right-to-left letters are at least half the letters of `text`."""
    rtl = len(_RTL_CHAR.findall(text))
    return rtl > 0 and rtl >= len(_LTR_CHAR.findall(text))


def _reverse_word(word: str) -> str:
    """One right-to-left word drawn left to right -> its letters in reading order; digits
    inside it ("٢٠١٩", "2019") are drawn left to right and keep their order."""
    parts = re.findall(r"\d+|\D", word)
    return "".join(p if p.isdigit() else p.translate(_MIRROR) for p in reversed(parts))
