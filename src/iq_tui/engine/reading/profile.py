"""Sections -> a `CandidateProfile`: contact details, skills, experience, education, projects.

Pure functions of the lines (no pdfplumber): `build_profile` takes the reader's lines with
their layout hints; `profile_from_text` builds the same from a plain or Markdown string.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

from iq_tui.engine.models import CandidateProfile, Confidence, Education, Experience, Project
from iq_tui.engine.text import strip_controls
from iq_tui.engine.reading.bullets import UNFINISHED, highlights
from iq_tui.engine.reading.confidence import field_confidence
from iq_tui.engine.reading.years import (
    ONGOING,
    ONGOING_ALTERNATION,
    count_years,
    years_of_experience,
)

__all__ = ["build_profile", "profile_from_text", "text_lines", "years_of_experience"]
from iq_tui.engine.reading.placeholders import placeholder_lines, placeholder_warning
from iq_tui.engine.reading.invisible import hidden_text_warning, strip_invisible
from iq_tui.engine.reading.sections import (
    BULLET,
    Line,
    Section,
    body_size,
    drop_running_lines,
    heading_kind,
    split_sections,
)
from iq_tui.engine.reading.skill_grid import grid_items
from iq_tui.engine.reading.skills import (
    canonical_skill,
    cover_skills,
    find_skills,
    prose_row,
    skill_category,
    skill_items,
    spoken_language,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|"
    r"winter)\.?"
)
_YEAR = r"(?:19|20)(?:\d\d|XX|xx)\b"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])(?!\d)"
_DATE = (
    rf"(?:{_MONTH},?\s*'?{_YEAR}"
    rf"|\d{{1,2}}\s*[/.]\s*{_YEAR}"  # 04/2019, 04.2019
    rf"|(?:19|20)\d\d\s*年\s*{_MONTH_NUMBER}\s*月?"  # 2019年4月
    rf"|(?:19|20)\d\d\s*[./]\s*{_MONTH_NUMBER}"  # 2019.04, 2019/04
    rf"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?!\d)"  # 2019-04 (ISO; a month is written with two digits)
    rf"|(?:19|20)\d\d\s*年"
    rf"|{_YEAR})"
)
_END = rf"(?:{_DATE}|{ONGOING_ALTERNATION})"
DATE_RANGE = re.compile(
    rf"\(?(?<![\w.])(?P<start>{_DATE})\s*(?:-|–|—|~|～|〜|to|until|till|bis|au|à|a|al|至|->)\s*"
    rf"(?P<end>{_END})(?!\w)\)?\.?",
    re.IGNORECASE,
)
SINGLE_DATE = re.compile(rf"\b{_DATE}", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # also "2016年"

# Bounded parts starting only where a run begins: linear time on a megabyte without an "@".
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.–-])\d{2,4}(?:[\s.–-]?\d{2,5}){0,2}(?![\w/])"
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s|,;]+|"
    r"\b(?:linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|twitter\.com|x\.com|"
    r"stackoverflow\.com|medium\.com|behance\.net|dribbble\.com|kaggle\.com)/[^\s|,;]+",
    re.IGNORECASE,
)
# "Portland, OR", "London, UK", "Seoul, S.Korea" and "Remote" are places, not employers.
_REGION = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|"  # US states
    "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|UK|US|USA|UAE"  # Canada, and a few countries
)
_US_PLACE = re.compile(
    r",?\s*(?<![\w.'-])[A-Z][A-Za-z.'-]{1,40}(?:\s[A-Z][A-Za-z.'-]{1,40}){0,2},\s*"
    rf"(?:{_REGION})\b(?![.\w])"
)
_PLACE_WORDS = re.compile(r"^(?:remote|hybrid|on-?site|online|worldwide|anywhere)$", re.IGNORECASE)

TITLE_WORDS = re.compile(
    r"\b(?:engineers?|developers?|manager|director|analyst|intern|internship|lead|leader|head|"
    r"scientist|designer|consultant|architect|specialist|officer|administrator|assistant|"
    r"associate|coordinator|technician|researcher|fellow|teacher|professor|lecturer|"
    r"instructor|tutor|president|vp|founder|co-founder|cto|ceo|cfo|coo|cio|owner|partner|"
    r"programmer|tester|sre|devops|contributor|member|representative|executive|strategist|"
    r"writer|editor|accountant|nurse|advisor|adviser|supervisor|principal|student|trainee|"
    r"apprentice|volunteer|chair|secretary|clerk|agent|recruiter|marketer|owner|maintainer|"
    r"creator|freelancer|chief|staff|mentor|coach|evangelist|product owner|"
    r"scrum master|operator|auditor|economist|physician|attorney|lawyer|pharmacist|"
    r"therapist|planner|buyer|cashier|receptionist|controller|investigator|reporter|sales|"
    r"educator|composer|curator|artist|musician|photographer|chef|cook|barista|server|"
    r"docent|guide|librarian|paralegal|counsel(?:or|lor)?|pilot|driver|mechanic|electrician|"
    r"scholar|postdoc|host|producer|animator|illustrator|associate|generalist|"
    r"technologist|steward|caregiver|aide|organizer|facilitator|moderator|ambassador)\b",
    re.IGNORECASE,
)
ORG_WORDS = re.compile(
    r"\b(?:inc|llc|ltd|corp|corporation|company|co|gmbh|ag|sa|plc|labs?|technologies|"
    r"group|bank|studios?|solutions|university|college|institute|agency|foundation|"
    r"hospital|school|ventures|capital|consulting|holdings|industries|enterprises|"
    r"software|media|partners|systems)\b\.?",
    re.IGNORECASE,
)
INSTITUTION = re.compile(
    r"\b(?:universit\w*|college|institute|institut|school|academy|polytechnic|"
    r"conservatory|hochschule|universidad\w*|uniwersytet\w*|univerzit\w*|üniversite\w*|"
    r"école|ecole|lyceum|gymnasium|seminary|fachhochschule|université|universidade|"
    r"università|universiteit|hogeschool|университет\w*|институт\w*|академи\w*)\b|"
    r"大学|大學|学院|學院|専門学校|高等学校|جامعة|كلية|"
    r"^(?:UC|MIT|UCLA|ETH|EPFL|CMU|NYU|USC|UCSD|KAIST|IIT)\b",
    re.IGNORECASE,
)
DEGREE = re.compile(
    r"(?:^|\b)(?:B\.?\s?S\.?c?|B\.?\s?A\.?|B\.?\s?Eng|B\.?\s?Tech|B\.?\s?E\.|B\.?Sc|BBA|"
    r"M\.?\s?S\.?c?|M\.?\s?A\.?|M\.?\s?Eng|M\.?\s?Tech|MBA|MFA|BFA|MPH|MPA|LL\.?[BM]|Laurea|M\.?Sc|MPhil|Ph\.?\s?D|DPhil|"
    r"Doctor\w*|Bachelor\w*|Master\w*|Associate(?:'s)?\s+(?:degree|of)|A\.A\.S?|Diploma|"
    r"Certificate|Bootcamp|Boot Camp|Nanodegree|Program(?:me)?|Immersive|High School|GED|Licence|Licenciatura|Magist\w+|"
    r"Diplom\w*|Staatsexamen|Laurea\w*|Licenza|Bacharel\w*|Mestrado|Doutorado|Grado|M[áa]ster|"
    r"бакалавр\w*|магистр\w*|специалист|кандидат наук)(?=[\s,.(]|$)"
    r"|学士|修士|博士|硕士|碩士",
)
_STRONG_SPLIT = re.compile(r"\s*(?:\||•|·|\s[-–—]\s|\s[-–—]$|\s@\s|\bat\s(?=[A-Z])|\(|\))\s*")
_LABEL_ONLY = re.compile(r"^[^:]{1,40}:$")
_IGNORED_SKILL_LABELS = re.compile(r"interest|hobb", re.IGNORECASE)
_NAME_STOP = re.compile(
    r"\b(?:resume|résumé|curriculum|vitae|cv|page|резюме|анкета)\b|"
    r"履歴書|职务经历书|職務経歴書|简历|簡歴|履历|السيرة الذاتية",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).strip(" ,;:|·•-–—")


_ASIDE = re.compile(r"\([^()]*\)")  # "(KarrotPay)", "(Compulsory Military Service)"
_COMMA = re.compile(r",(?!\s*(?:inc|llc|ltd|co|corp|gmbh|plc|s\.?a)\.?(?![\w-]))\s*", re.IGNORECASE)


def _fragments(text: str) -> list[str]:
    """A header line -> its parts: split at bars, bullets, dashes, "at", brackets."""
    return [f for f in (_clean(p) for p in _STRONG_SPLIT.split(text)) if f]


def _is_place(fragment: str) -> bool:
    if _PLACE_WORDS.match(fragment):
        return True
    several = re.split(r"\s+(?:&|and|/)\s+", fragment)  # "Berlin, DE & Porto, PT"
    if len(several) > 1:
        return all(_is_place(p) for p in several)
    parts = [p.strip() for p in fragment.split(",")]
    if not 2 <= len(parts) <= 3 or TITLE_WORDS.search(fragment) or ORG_WORDS.search(fragment):
        return False
    return all(p and p[0].isupper() and len(p.split()) <= 3 for p in parts)


def _strip_places(text: str) -> str:
    return _US_PLACE.sub("", text)


def _join_titles(pieces: list[str]) -> list[str]:
    """Comma pieces that are all job titles are one title held at once ("Docent, Library
    Collections Assistant")."""
    def is_title(piece: str) -> bool:
        # a title ends on its title word ("Library Collections Assistant", "Engineer II"),
        # a product or team named after one does not ("Assistant on Living-Room TV")
        words = [w for w in piece.split() if not re.fullmatch(r"[IVX]{1,4}|\d", w)]
        return bool(words) and bool(TITLE_WORDS.fullmatch(words[-1])) and not ORG_WORDS.search(piece)

    out: list[str] = []
    for piece in pieces:
        if out and is_title(piece) and is_title(out[-1]):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def _header_parts(line: Line) -> list[str]:
    """The non-date, non-place fragments of one entry-header line."""
    parts: list[str] = []
    for seg in line.segs or [line.text]:
        dated = bool(DATE_RANGE.match(seg.strip()))  # what follows the dates is no name first
        seg = DATE_RANGE.sub(" | ", seg)
        # an aside is dropped unless it names a school ("POSTECH (Pohang University ...)")
        seg = _ASIDE.sub(lambda m: m.group(0) if INSTITUTION.search(m.group(0)) else " ", seg)
        for n, frag in enumerate(_fragments(seg)):
            if (
                (n > 0 or dated or _PLACE_WORDS.match(frag))
                and _is_place(frag)
                or SINGLE_DATE.fullmatch(frag)
                or not re.search(r"[^\W\d_]", frag)  # a letter of any script: 楽天, Яндекс
            ):
                continue
            frag = _clean(_strip_places(frag))
            if not re.search(r"[^\W\d_]", frag):  # "&" left of "Palo Alto, CA & Ithaca, NY"
                continue
            pieces = [_clean(x) for x in _COMMA.split(frag)] if "," in frag else [frag]
            parts.extend(_join_titles([p for p in pieces if p and not SINGLE_DATE.fullmatch(p)]))
    return parts


# ---------------------------------------------------------------- contact and name


def _without_rail_label(line: Line) -> Line:
    """ "PERSONAL INFORMATION   Elena Marchetti" -> the name: a section label in a left rail
    beside it is no part of it."""
    if len(line.segs) > 1 and heading_kind(line.segs[0]) is not None:
        rest = line.segs[1:]
        return dataclasses.replace(line, text=" ".join(rest), segs=rest, xs=line.xs[1:])
    return line


def _find_name(lines: list[Line]) -> tuple[str, Confidence]:
    """The name: the largest text near the top of page one, or the first name-like line."""

    def name_like(text: str) -> bool:
        words = text.split()
        return (
            0 < len(words) <= 5
            and not re.search(r"[\d@/:|,]", text)
            and not _NAME_STOP.search(text)
            and heading_kind(text) is None
            # capitalised words, or words of a script without case (山田 太郎, أحمد)
            and not any(w[:1].islower() for w in words)
        )

    top = [_without_rail_label(ln) for ln in lines[:12] if ln.page == lines[0].page]
    if any(ln.size for ln in top):
        biggest = max(ln.size for ln in top)
        body = body_size(lines)
        for i, ln in enumerate(top):
            if ln.size >= biggest - 0.5 and name_like(ln.text):
                name = ln.text
                # a name set in two lines ("Chanchal" / "Sharma")
                if i + 1 < len(top) and abs(top[i + 1].size - ln.size) < 0.5:
                    nxt = top[i + 1].text
                    if name_like(nxt) and len((name + " " + nxt).split()) <= 4:
                        name = f"{name} {nxt}"
                if TITLE_WORDS.search(name):
                    sure = Confidence(level="low", reason="the line also reads as a job title")
                elif ln.size < body + 1:
                    sure = Confidence(level="low", reason="not set larger than the text")
                else:
                    sure = Confidence(level="high", reason="the largest type at the top")
                return _clean(name), sure
    for ln in top or lines[:12]:
        text = re.sub(r"^#+\s*|\*\*", "", ln.text).strip()
        if name_like(text) and not TITLE_WORDS.search(text):
            first = ln is (top or lines)[0] and len(text.split()) <= 4
            reason = "the first line" if first else "the first line that reads as a name"
            return _clean(text), Confidence(level="high" if first else "low", reason=reason)
    return "", Confidence(level="low", reason="no line near the top reads as a name")


def _find_phone(text: str) -> str:
    for m in PHONE.finditer(text):
        found = m.group(0).strip()
        digits = re.sub(r"\D", "", found)
        # short numbers only with a country code or an area code in brackets
        least = 7 if found[:1] in "+(" else 9
        if least <= len(digits) <= 15 and not DATE_RANGE.fullmatch(found):
            return found
    return ""


def _find_links(text: str, email: str) -> list[str]:
    links: dict[str, None] = {}
    for m in URL.finditer(text):
        link = m.group(0).rstrip(".)/")
        if email and link in email:
            continue
        links.setdefault(link, None)
    return list(links)


# ---------------------------------------------------------------- experience


def _header_like(line: Line, *, lower_ok: bool = False) -> bool:
    """Short, not a bullet, not the end of a sentence: may name a job, school or project."""
    text = line.text.strip()
    limit = 16 if DATE_RANGE.search(text) else 10
    return (
        not line.is_bullet
        and 0 < line.words <= limit
        and not text.endswith((".", ",", ";"))
        and (lower_ok or not text[:1].islower())
    )


_ENDS_UNFINISHED = re.compile(r"(?:[,;:(&/-]|\b(?:and|or|the|of|to|for|with|in|a))$")


def _carries_on(prev: Line, line: Line) -> bool:
    """Whether `line` may carry on `prev`: the same style, and `prev` unfinished or `line`
    starting in lower case."""
    if abs(prev.size - line.size) >= 0.3 or prev.bold != line.bold:
        return False
    return bool(_ENDS_UNFINISHED.search(prev.text)) or line.text[:1].islower()


def continuations(lines: list[Line]) -> list[bool]:
    """For each line, whether it carries on the bullet above it (directly, or through lines
    that carry it on): one pass, however long the chain."""
    out = [False] * len(lines)
    for i in range(1, len(lines)):
        prev = lines[i - 1]
        out[i] = (prev.is_bullet or out[i - 1]) and _carries_on(prev, lines[i])
    return out


def _continues(lines: list[Line], i: int) -> bool:
    """Whether line i carries on the bullet above it (unfinished, in the same style); walks
    up the chain of such lines without recursion."""
    while i > 0 and _carries_on(lines[i - 1], lines[i]):
        if lines[i - 1].is_bullet:
            return True
        i -= 1
    return False


def _carries_on_sentence(lines: list[Line], i: int) -> bool:
    """Whether line i ends a sentence that a longer line above it left unfinished ("...
    newsletters using" / "Canva and Adobe"): body text, not the header of the next entry."""
    if i == 0:
        return False
    prev = lines[i - 1]
    return prev.words > lines[i].words and bool(UNFINISHED.search(prev.text.strip()))


def _join_wrapped_headers(lines: list[Line]) -> list[Line]:
    """A two-column header row that wraps ("Docent, ... | Community Heritage   May 2023 - June"
    / "Museum   2024") -> one row: the same style, two segments each, and the right-hand
    segments make a date range only together."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.segs) == 2
            and len(line.segs) == 2
            and prev.bold == line.bold
            and abs(prev.size - line.size) < 0.3
            and not DATE_RANGE.search(prev.segs[1])
            and DATE_RANGE.fullmatch(f"{prev.segs[1]} {line.segs[1]}".strip())
        ):
            segs = [f"{prev.segs[0]} {line.segs[0]}", f"{prev.segs[1]} {line.segs[1]}"]
            out[-1] = dataclasses.replace(prev, text=" ".join(segs), segs=segs)
            continue
        out.append(line)
    return out


_DURATION = re.compile(r"^\d+\s+(?:years?|yrs?|months?|mos?)(?:\s+\d+\s+months?)?$", re.IGNORECASE)


def _hoist_side_dates(lines: list[Line]) -> list[Line]:
    """Dates set in a right-hand column can share a row with a bullet: give them to the header.

    Durations ("2 years 10 months") in that column are dropped.
    """
    out: list[Line] = []
    for line in lines:
        if len(line.segs) < 2:
            out.append(line)
            continue
        keep = [line.segs[0]]
        side = []
        for seg in line.segs[1:]:
            if _DURATION.match(seg.strip()):
                continue
            (side if line.is_bullet and DATE_RANGE.fullmatch(seg.strip()) else keep).append(seg)
        header = next(
            (k for k in range(len(out) - 1, max(-1, len(out) - 4), -1) if not out[k].is_bullet),
            None,
        )
        if side and header is not None:
            h = out[header]
            segs = h.segs + side
            out[header] = Line(" ".join(segs), segs, h.size, h.bold, h.page)
        else:
            keep += side
        out.append(Line(" ".join(keep), keep, line.size, line.bold, line.page))
    return out


_ACTION = re.compile(
    r"^(?:[A-Z][a-z]{2,}ed|Led|Built|Ran|Cut|Won|Wrote|Grew|Made|Set|Drove|Took|Taught|Sold|"
    r"Held|Kept|Began|Brought|Spent|Rebuilt|Oversaw|Shipped|Owned|Managed|Developed)\b"
)


def _sentence_like(line: Line) -> bool:
    """A line that opens like an accomplishment ("Migrated 40+ services ..."): body text."""
    return bool(_ACTION.match(BULLET.sub("", line.text).strip())) and line.words >= 4


def _ends_with_date(line: Line) -> bool:
    """A header line that closes on a single date ("Aldous Gallery · 2019")."""
    last = re.split(r"\s*[|·•,–—]\s*|\s{2,}", line.segs[-1] if line.segs else line.text)[-1]
    return bool(SINGLE_DATE.fullmatch(last.strip(" ()"))) and _header_like(line)


def _undated_blocks(lines: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """An experience section whose roles carry no dates: each role opens with a short line
    naming a job title ("Support Engineer, Harbour Analytics Ltd") followed by its bullets."""
    starts = [
        i
        for i, ln in enumerate(lines)
        if _header_like(ln)
        and TITLE_WORDS.search(ln.text)
        and not _sentence_like(ln)
        and i + 1 < len(lines)
        and lines[i + 1].is_bullet
    ]
    return [
        ([lines[a]], lines[a + 1 : starts[n + 1] if n + 1 < len(starts) else len(lines)])
        for n, a in enumerate(starts)
    ]


def _entry_blocks(
    lines: list[Line], *, single_dates: bool = False
) -> list[tuple[list[Line], list[Line]]]:
    """Lines of a section -> (header lines, body lines) per dated entry.

    With `single_dates`, a header closing on one date ("Ensemble · 2022") is dated too.
    """
    lines = _hoist_side_dates(_join_wrapped_headers(lines))
    anchors = [
        i
        for i, ln in enumerate(lines)
        if not ln.is_bullet
        and (DATE_RANGE.search(ln.text) or (single_dates and _ends_with_date(ln)))
    ]
    if not anchors:
        return _undated_blocks(lines) if single_dates else []
    first = anchors[0]
    date_last = first > 0 and _header_like(lines[first - 1])
    spans: list[tuple[int, int]] = []  # header start, header end (inclusive)
    floor = -1
    for n, a in enumerate(anchors):
        start = end = a
        # a line holding only dates belongs to the lines above it, whatever the CV's habit
        # the line above opens this entry when the entry above ended on a bullet
        after_bullets = a >= 2 and a - 2 > floor and lines[a - 2].is_bullet
        if date_last or not _header_parts(lines[a]) or after_bullets:
            while (
                start - 1 > floor
                and a - start < 2
                and _header_like(lines[start - 1])
                and not _sentence_like(lines[start - 1])
            ):
                if (
                    DATE_RANGE.search(lines[start - 1].text)
                    or _continues(lines, start - 1)
                    or _carries_on_sentence(lines, start - 1)
                ):
                    break
                start -= 1
        if not date_last:
            limit = anchors[n + 1] if n + 1 < len(anchors) else len(lines)
            while (
                end + 1 < limit
                and end - a < 2
                and _header_like(lines[end + 1])
                and not _sentence_like(lines[end + 1])
            ):
                end += 1
        spans.append((start, end))
        floor = end
    blocks = []
    for n, (start, end) in enumerate(spans):
        stop = spans[n + 1][0] if n + 1 < len(spans) else len(lines)
        blocks.append((lines[start : end + 1], lines[end + 1 : stop]))
    return blocks


_LINE_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])")


def _summary(body: Iterable[Line], extra: Sequence[str] = ()) -> str:
    parts = [*extra, *(BULLET.sub("", ln.text).strip() for ln in body)]
    text = " ".join(p for p in parts if p)
    # a word hyphenated across lines ("open-" / "source") is one word again
    return _LINE_HYPHEN.sub("-", text)[:1200]


def _dates(header: list[Line]) -> tuple[str, str]:
    for ln in header:
        m = DATE_RANGE.search(ln.text)
        if m:
            end = _clean(m.group("end"))
            return _clean(m.group("start")), end.lower() if end.lower() in ONGOING else end
    for ln in header:
        if _ends_with_date(ln):
            last = re.split(r"\s*[|·•,–—]\s*|\s{2,}", ln.segs[-1] if ln.segs else ln.text)[-1]
            return _clean(last.strip(" ()")), ""
    return "", ""


_CLUB = re.compile(
    r"\b(?:club|society|circle|association|chapter|fraternity|sorority|guild|council|league|"
    r"ensemble|choir|orchestra|band|team)\b",
    re.IGNORECASE,
)
_CLUB_ROLE = re.compile(
    r"^(?:(?:founding|active|general|board|committee|executive|core|honorary)\s+)?"
    r"(?:member|president|vice[- ]president|treasurer|secretary|captain|co-?captain|chair|"
    r"co-?chair|officer|organi[sz]er|founder|co-?founder|social chair|delegate)$",
    re.IGNORECASE,
)


def _is_club_position(title: str, organization: str) -> bool:
    """A member's or officer's place in a club or society: not a job ("Founding Member,
    Composers Circle"; "Treasurer, Chess Club"). "Member of Technical Staff" is a job."""
    role = _CLUB_ROLE.match(title.strip())
    if not role:
        return False
    plain_member = bool(re.fullmatch(r"(?:\w+\s+)?member", title.strip(), re.IGNORECASE))
    return plain_member or bool(_CLUB.search(organization))


def _names_org(fragment: str) -> bool:
    return bool(ORG_WORDS.search(fragment) or INSTITUTION.search(fragment))


def _experience_from(section: Section, *, need_title: bool) -> list[Experience]:
    out = []
    banner = ""  # an employer drawn over several roles ("HARBORVIEW SYSTEMS · San Francisco")
    for header, body in _entry_blocks(section.lines, single_dates=not need_title):
        parts = []
        extra = []
        by_line: list[list[str]] = []
        for ln in header:
            by_line.append([])
            for frag in _header_parts(ln):
                # a sentence after the dates belongs to the summary
                words = len(frag.split())
                if words > 12 or (frag.endswith(".") and words > 3):
                    extra.append(frag)
                else:
                    parts.append(frag)
                    by_line[-1].append(frag)
        titles = [p for p in parts if TITLE_WORDS.search(p) and not ORG_WORDS.search(p)]
        titles = titles or [p for p in parts if TITLE_WORDS.search(p)]
        if need_title and not titles:
            continue
        # no title word: the title is on the line that names no organisation ("University of
        # California, Berkeley" / "Transfer Center Peer")
        plain = [f for frags in by_line if not any(_names_org(f) for f in frags) for f in frags]
        title = titles[0] if titles else ((plain or parts)[0] if parts else "")
        # An employer drawn on a header line of its own beats a team named beside the title
        # ("Software Engineer II, Payments Platform" / "Wingtip Financial | Chicago, IL").
        own_lines = [
            frags
            for frags in by_line
            if frags and title not in frags and not any(TITLE_WORDS.search(f) for f in frags)
        ]
        orgs = [p for p in parts if p != title]
        if own_lines and any(title in frags and len(frags) > 1 for frags in by_line):
            orgs = [f for frags in own_lines for f in frags]
        org_first = [p for p in orgs if ORG_WORDS.search(p)] or orgs
        organization = org_first[0] if org_first else ""
        banner_org = (
            by_line[0][0]
            if len(header) > 1 and by_line[0] and title not in by_line[0]
            and not any(TITLE_WORDS.search(f) for f in by_line[0])
            and (header[0].bold or header[0].text.isupper())
            else ""
        )
        inherited = False
        if organization and organization == banner_org:
            banner = banner_org
        elif not organization and banner and title:
            organization, inherited = banner, True  # the employer banner over its roles
        elif organization:
            banner = ""
        if _is_club_position(title, organization):
            continue
        if not title and not organization:
            continue
        start, end = _dates(header)
        sure: dict[str, Confidence] = {}
        if not TITLE_WORDS.search(title):
            sure["title"] = Confidence(level="low", reason="no job-title word in it")
        else:
            sure["title"] = Confidence(level="high", reason="a job title on the entry's header")
        if inherited:
            sure["organization"] = Confidence(level="high", reason="the employer banner above")
        elif not organization:
            sure["organization"] = Confidence(level="low", reason="no employer found")
        elif ORG_WORDS.search(organization) or len(orgs) == 1:
            sure["organization"] = Confidence(level="high", reason="beside the title")
        else:
            sure["organization"] = Confidence(
                level="low", reason=f"one of {len(orgs)} names on the header"
            )
        sure["dates"] = (
            Confidence(level="high", reason="a date range")
            if start and end
            else Confidence(level="low", reason="a single date" if start else "no dates")
        )
        out.append(
            Experience(
                title=title,
                organization=organization,
                start=start,
                end=end,
                summary=_summary(body, extra),
                highlights=highlights(body),
                confidence=sure,
            )
        )
    return out


def _experience(sections: list[Section]) -> list[Experience]:
    found = [
        e for s in sections if s.kind == "experience" for e in _experience_from(s, need_title=False)
    ]
    # Dated entries with a job title outside the known sections: a CV without an experience
    # heading, or one whose experience runs on past a sidebar onto the next page.
    kinds = ("other",) if found else ("header", "summary", "other")
    found += [e for s in sections if s.kind in kinds for e in _experience_from(s, need_title=True)]
    return found


# ---------------------------------------------------------------- education


def _split_degree(fragment: str) -> list[str]:
    """ "PhD Princeton University" -> ["PhD", "Princeton University"]."""
    m = DEGREE.match(fragment)
    if m:
        rest = fragment[m.end() :].strip(" .,")
        if rest and INSTITUTION.search(rest) and not re.match(r"(?:in|of)\b", rest):
            return [fragment[: m.end()].strip(), rest]
    return [fragment]


def _school_name_like(fragment: str) -> bool:
    words = fragment.split()
    return (
        1 <= len(words) <= 6
        and not re.search(r"[\d:@/]", fragment)
        and not re.match(r"(?:gpa|grade|honou?rs|minor|major|thesis|relevant|expected)\b", fragment, re.I)
        and all(w[:1].isupper() for w in words if w.lower() not in ("of", "and", "the", "for", "&", "de", "in"))
    )


def _education(sections: list[Section]) -> list[Education]:
    entries: list[Education] = []
    for section in sections:
        if section.kind != "education":
            continue
        cur: Education | None = None
        first_inst = next((ln for ln in section.lines if INSTITUTION.search(ln.text)), None)
        inst_bold = bool(first_inst and first_inst.bold and first_inst.size)
        # a school whose name has no "University" in it, drawn like the section's schools
        # ("CORNELL UNIVERSITY" ... "LA MARTINIERE FOR BOYS", both bold)
        inst_style = (round(first_inst.size, 1), first_inst.bold) if inst_bold and first_inst else None
        lines = _hoist_side_dates(section.lines)
        # bullets are details under a school, unless the schools themselves are bulleted
        plain = [ln for ln in lines if not ln.is_bullet]
        bulleted = not any(INSTITUTION.search(ln.text) or DEGREE.search(ln.text) for ln in plain)
        for ln in lines:
            if ln.is_bullet:
                if not bulleted:
                    continue
                ln = Line(BULLET.sub("", ln.text), [BULLET.sub("", ln.text)], ln.size, ln.bold)
            frags = [f for frag in _header_parts(ln) for f in _split_degree(frag)]
            for i, frag in enumerate(frags):
                if INSTITUTION.search(frag) and not DEGREE.match(frag):
                    if inst_bold and not ln.bold:
                        continue  # "College of Engineering" under a bold university name
                    if cur is None or cur.institution:
                        cur = Education()
                        entries.append(cur)
                    cur.institution = frag
                elif DEGREE.search(frag):
                    if cur is None or cur.degree:
                        cur = Education()
                        entries.append(cur)
                    rest = [f for f in frags[i + 1 :] if not INSTITUTION.search(f)]
                    cur.degree = ", ".join([frag, *rest[:1]]) if rest and "," in ln.text else frag
                elif (
                    i == 0
                    and inst_style == (round(ln.size, 1), ln.bold)
                    and not INSTITUTION.search(ln.text)
                    and not ln.is_bullet
                    and not any(DEGREE.search(f) for f in frags)
                    and _school_name_like(frag)
                ):
                    cur = Education(institution=frag)
                    entries.append(cur)
                elif (
                    i == 0
                    and cur is not None
                    and cur.degree
                    and not cur.institution
                    and not ln.is_bullet
                    and cur.degree not in ln.text
                    and _school_name_like(frag)
                ):
                    # a school without "University" in its name, on the line by its degree
                    # ("Certificate Program in Applied Analytics" / "Northwind Continuing Education")
                    cur.institution = frag
            years = YEAR.findall(ln.text)
            if years and cur is not None:
                cur.year = cur.year or max(years)
            elif years:
                cur = Education(year=max(years))
                entries.append(cur)
    return [e for e in entries if e.institution or e.degree]


# ---------------------------------------------------------------- projects


def _projects(sections: list[Section]) -> list[Project]:
    """Each project opens with a short (bold, when the section has bold) line: its name."""
    blocks: list[tuple[Line, list[Line]]] = []
    for section in sections:
        if section.kind != "projects":
            continue
        has_bold = any(ln.bold for ln in section.lines)
        carried = continuations(section.lines)
        for i, ln in enumerate(section.lines):
            starts = (
                (ln.bold or not has_bold or len(ln.segs) > 1)
                and _header_like(ln, lower_ok=True)
                and (not blocks or bool(blocks[-1][1]) or i == 0)
                and not carried[i]
            )
            if starts:
                blocks.append((ln, []))
            elif blocks:
                blocks[-1][1].append(ln)
    projects = []
    for head, body in blocks:
        parts = _header_parts(head)
        name = next((p for p in parts if p.lower() not in ("link", "github", "demo")), "")
        summary = _summary(body)[:800]
        name = name or _clean(head.text)
        projects.append(
            Project(
                name=name,
                summary=summary,
                skills=find_skills(f"{name} {summary}", prose=True),
                highlights=highlights(body),
            )
        )
    return projects


# ---------------------------------------------------------------- skills


# The label of a row set in a column of its own ("Digital skills   Java, Git")
_ROW_LABEL = re.compile(
    r"^[A-Za-z][\w -]{0,30}\b(?:skills?|languages?|tongue|tools|competenc\w*|proficienc\w*)$",
    re.IGNORECASE,
)


def _join_wrapped(lines: list[Line]) -> list[str]:
    """Skill-list lines -> logical lines: a comma list that wraps onto the next line is one."""
    out: list[str] = []
    for ln in lines:
        text = " | ".join(ln.segs) if len(ln.segs) > 1 else ln.text
        if len(ln.segs) > 1 and _ROW_LABEL.search(ln.segs[0]) and ":" not in ln.segs[0]:
            text = f"{ln.segs[0]}: {' | '.join(ln.segs[1:])}"  # a label column
        if out and "," in out[-1] and not ln.is_bullet and not re.match(r"^[^:,]{1,40}:", text):
            out[-1] = f"{out[-1].rstrip()} {text.strip()}"
            continue
        out.append(text)
    return out


def _subheading(line: Line) -> bool:
    """A bold one-to-three-word line without separators inside a skills list ("PROGRAMMING")."""
    return (
        line.bold and bool(line.size) and line.words <= 3 and not re.search(r"[,|•·;:]", line.text)
    )


_LANGUAGE_LABEL = re.compile(r"\blanguages?\b", re.IGNORECASE)


def _listed_skills(sections: list[Section]) -> tuple[list[str], list[str]]:
    """(skills, spoken languages) listed in the skills and languages sections.

    Every item of a skills section is kept (known or not); a spoken language goes to the
    languages instead. In a languages section only known skills count ("Languages: Python"),
    so that levels ("native", "B2") never become skills. A "Languages: ..." row anywhere
    else counts for its spoken languages.
    """
    skills: list[str] = []
    languages: list[str] = []
    for section in sections:
        listing = section.kind in ("skills", "languages")
        lines = [ln for ln in section.lines if not _subheading(ln)] if listing else section.lines
        rows = (grid_items(lines) or _join_wrapped(lines)) if listing else [ln.text for ln in lines]
        for text in rows:
            if _LABEL_ONLY.match(text.strip()):
                continue
            label, items = skill_items(BULLET.sub("", text))
            if not listing:
                if label and _LANGUAGE_LABEL.search(label):
                    languages.extend(filter(None, map(spoken_language, items)))
                continue
            if label and _IGNORED_SKILL_LABELS.search(label):
                continue
            for item in items:
                spoken = spoken_language(item)
                canon = canonical_skill(item)
                if spoken:
                    languages.append(spoken)
                elif canon:
                    skills.append(canon)
                elif section.kind == "languages":
                    continue
                elif "/" in item and _listed_phrase(item):
                    skills.append(item)  # as written; its parts follow it in the items
                elif parts := cover_skills(item):
                    skills.extend(parts)
                elif _listed_phrase(item, MAX_PROSE_WORDS if prose_row(item) else MAX_SKILL_WORDS):
                    skills.append(item)
                else:
                    skills.extend(find_skills(item))
    return skills, _merge_skills(languages)


_FIRST_PERSON = re.compile(r"(?<![\w/])I(?:'m|'ve)?(?![\w/])|\b(?:[Mm]y|[Ww]e|[Oo]ur)\b")
MAX_SKILL_WORDS = 8
MAX_PROSE_WORDS = 20  # a row written as one phrase ("Design and edit documents for tone, ...")


def _listed_phrase(item: str, limit: int = MAX_SKILL_WORDS) -> bool:
    """An item of a skills list kept as written, known or not ("project design & deadline
    tracking", "InDesign for the publication process"): a phrase, not a sentence."""
    return (
        len(item.split()) <= limit
        and bool(re.search(r"[^\W\d_]", item))
        and not item.endswith(".")
        and not _FIRST_PERSON.search(item)
    )


# Sections whose words name what was studied, won or written about, not a skill that was used.
_NOT_SKILL_SECTIONS = re.compile(
    r"cours|class|publication|paper|award|honou?r|interest|hobb|reference|patent|talk|"
    r"presentation|thesis|dissertation",
    re.IGNORECASE,
)
_COURSE_LABEL = re.compile(r"^\W*(?:[\w ]{0,20}\s)?(?:cours\w*|classes|modules)\s*:", re.IGNORECASE)


_SEASON_YEAR = re.compile(r"\b(?:Spring|Summer|Fall|Autumn|Winter)\s+'?(?:\d{4}|\d{2})\b")


def _prose_skills(sections: list[Section], employers: Iterable[str] = ()) -> list[str]:
    """Taxonomy skills named where the context makes them skills: the header, summary,
    experience, projects and skills text, never courses, publications, awards or interests.

    An employer's name ("Software Engineer, Figma"), a season ("Spring 2023") and soft skills
    in running text ("reported to leadership") are no evidence of a skill; a skills section
    that lists them still counts.
    """
    parts: list[str] = []
    for section in sections:
        if section.kind in ("education", "languages"):
            continue
        if section.kind == "other" and _NOT_SKILL_SECTIONS.search(section.title):
            continue
        parts.extend(ln.text for ln in section.lines if not _COURSE_LABEL.match(ln.text))
    prose = mask_names(_SEASON_YEAR.sub(" ", "\n".join(parts)), employers)
    return [s for s in find_skills(prose, prose=True) if skill_category(s) != "soft"]


_TOKEN = re.compile(r"\w+|[^\w\s]")


def mask_names(text: str, names: Iterable[str]) -> str:
    """`text` with each whole-word occurrence of any of `names` blanked, the longest first.

    One pass over the text's tokens, each looked up by its first token among the names that
    start with it: linear in the text, however many names (an employer per job of a CV
    thousands of jobs long), where one search of the text per name was quadratic.
    """
    by_first: dict[str, list[str]] = {}
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        first = _TOKEN.match(name)
        if first:
            by_first.setdefault(first.group(0), []).append(name)
    if not by_first:
        return text
    out: list[str] = []
    done = 0
    for m in _TOKEN.finditer(text):
        start = m.start()
        if start < done or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        for name in by_first.get(m.group(0), ()):
            end = start + len(name)
            if text.startswith(name, start) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                out += [text[done:start], " "]
                done = end
                break
    out.append(text[done:])
    return "".join(out)


def _merge_skills(*groups: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for group in groups:
        for skill in group:
            seen.setdefault(skill.casefold(), skill)
    return list(seen.values())


# ---------------------------------------------------------------- entry points


def build_profile(
    lines: Sequence[Line | dict[str, Any]], *, pages: int = 0, warnings: Sequence[str] = ()
) -> CandidateProfile:
    """The profile of a CV given as lines in reading order (with layout hints when known)."""
    all_lines = [ln if isinstance(ln, Line) else Line.from_dict(ln) for ln in lines]
    invisible = 0
    clean_lines = []
    for ln in all_lines:
        text, removed = strip_invisible(ln.text)
        invisible += removed
        segs = [strip_controls(strip_invisible(s)[0]) for s in ln.segs]
        clean_lines.append(dataclasses.replace(ln, text=strip_controls(text), segs=segs))
    all_lines = clean_lines
    warnings = [*warnings, hidden_text_warning(invisible)] if invisible else list(warnings)
    all_lines = [ln for ln in all_lines if ln.text.strip()]
    text = "\n".join(ln.text for ln in all_lines)
    template = placeholder_warning([ln.text for ln in all_lines])
    if template:
        warnings.append(template)
    # the candidate's words only: a template's instructions are neither highlights nor skills
    filler = placeholder_lines([ln.text for ln in all_lines])
    body = drop_running_lines([ln for i, ln in enumerate(all_lines) if i not in filler])
    sections = split_sections(body)
    email_m = EMAIL.search(text)
    email = email_m.group(0) if email_m else ""
    experience = _experience(sections)
    listed, languages = _listed_skills(sections)
    name, name_sure = _find_name(body)
    phone = _find_phone(text)
    education = _education(sections)
    years = count_years(experience, education)
    profile = CandidateProfile(
        name=name,
        email=email,
        phone=phone,
        links=_find_links(text, email),
        skills=_merge_skills(listed, _prose_skills(sections, (e.organization for e in experience))),
        languages=languages,
        experience=experience,
        education=education,
        projects=_projects(sections),
        years_experience=years.years,
        years_basis=years.basis,
        pages=pages,
        text=text,
        warnings=list(warnings),
    )
    profile.confidence = field_confidence(profile, sections, name_sure)
    return profile


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\[\]\s]+)\)")  # no brackets inside: linear time
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def text_lines(text: str) -> list[Line]:
    """Plain or Markdown text -> lines; Markdown headings and bold lines count as bold."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = raw.replace("\u00ad", "").replace("\t", "    ").rstrip()
        if not raw.strip() or re.fullmatch(r"\s*(?:[-=*_]\s*){3,}", raw):
            continue
        bold = bool(_MD_HEADING.match(raw)) or bool(re.fullmatch(r"\s*(\*\*|__).+\1\s*", raw))
        raw = _MD_HEADING.sub("", raw)
        raw = _MD_LINK.sub(
            lambda m: f"{m.group(1)} {m.group(2)}" if m.group(1) != m.group(2) else m.group(1), raw
        )
        raw = _MD_EMPHASIS.sub(r"\2", raw)
        segs = [s.strip() for s in re.split(r"\s{3,}", raw.strip()) if s.strip()]
        lines.append(Line(" ".join(segs), segs, 0.0, bold, 1))
    return lines


def profile_from_text(
    text: str, *, pages: int = 0, warnings: Sequence[str] = ()
) -> CandidateProfile:
    """The profile of a CV given as plain text or Markdown (pure: no file, no pdfplumber)."""
    return build_profile(text_lines(text), pages=pages, warnings=warnings)
