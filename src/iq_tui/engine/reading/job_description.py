"""A job description file -> its requirements, in its order, each `must` or `nice`.

Read with the CV readers (the same bounded child for PDFs and DOCX files, the same caps), then
split by its own structure: headings name what a section holds ("Requirements", "What you
bring", "Minimum qualifications" hold must-haves; "Nice to have", "Bonus points", "Preferred"
hold the rest; "What you'll do", "About us", "Benefits" hold no requirement), an inline label
("Must have: 3+ years ...") marks its own line, and the wording of an item ("is a plus",
"preferred", "required") wins over its section. Outside any requirements section (a JD written
as prose) a sentence is a requirement only when it asks for something ("we are looking for",
"experience with", "3+ years", "a degree", "is required").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from iq_tui.engine.errors import IqError
from iq_tui.engine.reading.bullets import UNFINISHED, join_wrapped
from iq_tui.engine.reading.sections import BULLET, Line
from iq_tui.engine.reading.skills import find_skills
from iq_tui.engine.shortnames import fit_name
from iq_tui.engine.text import strip_controls

MAX_JD_TEXT_BYTES = 1024 * 1024
"""A text JD larger than this is refused (real ones are a few KB)."""
MAX_REQUIREMENTS = 40
MAX_REQUIREMENT_CHARS = 300
MAX_JD_LINES = 4_000

Importance = Literal["must", "nice"]
SectionKind = Literal["must", "nice", "skip", "unknown"]


class JobDescriptionError(IqError):
    """The job description could not be read, or holds no requirement."""

    title = "Cannot read job description"


@dataclass(frozen=True)
class JobItem:
    """One requirement as the JD states it."""

    text: str
    importance: Importance


@dataclass(frozen=True)
class JobDescription:
    name: str
    """The file's name, fit for a message."""
    items: tuple[JobItem, ...]
    sentences: tuple[str, ...] = ()
    """Every other sentence of the JD (about us, the role, benefits): checked for unfair words."""
    warnings: tuple[str, ...] = field(default=())


# Heading words, matched on the heading's lower-cased words. Nice first: "Preferred
# qualifications" is nice though "qualifications" alone is a must.
_NICE_HEADING = re.compile(
    r"\b(?:nice[ -]to[ -]haves?|good[ -]to[ -]have|bonus(?:es| points)?|preferred|pluses|"
    r"a plus|plus points|extra credit|desirable|desired|would be (?:great|nice)|"
    r"(?:it'?s|would be) a plus|optional|advantageous|an advantage|even better|"
    r"ideally|added bonus)\b"
)
_SKIP_HEADING = re.compile(
    r"\b(?:responsibilit(?:y|ies)|what you'?ll do|what you will do|what you'?ll be doing|"
    r"day[ -]to[ -]day|about (?:us|the (?:job|role|team|company|position))|the role|"
    r"the job|who we are|our (?:offer|team|story|mission|values|stack)|benefits|perks|"
    r"what we offer|we offer|why (?:join|work)|why \w+$|equal opportunit|how to apply|"
    r"compensation|salary|location|your (?:mission|impact|role|day|team)|in this role|"
    r"the team|the opportunity|the company|company|overview|about|tasks|duties|"
    r"interview process|hiring process|apply|why|for you|you'?ll get|you will get|you get|"
    r"learn|work with|you'?ll join|you will join|growth)\b"
)
_MUST_HEADING = re.compile(
    r"\b(?:requirements?|required|qualifications?|must[ -]haves?|essential|what you bring|"
    r"what (?:we'?re|we are) looking for|what you need|what you'?ll need|you have|you bring|"
    r"about you|who you are|your profile|ideal candidate|what we need|what we expect|"
    r"we expect|competencies|you'?ll thrive|you will thrive|is this you|sound like you)\b"
)
"""Names of a must-have section, whatever else the heading says ("About you")."""
_LOOSE_MUST_HEADING = re.compile(r"\b(?:skills|experience|profile|expectations|you|your)\b")
"""Checked last: a heading about the reader ("Sound like you?") or their skills that says
nothing of what the job does or offers is about what they bring."""
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z '’&/-]{1,40}?)\s*:\s*(\S.*)$")

# Wording of an item that marks it nice to have, or asks for something at all.
_NICE_WORDS = re.compile(
    r"\b(?:(?:is|are|would be|as) (?:a )?(?:big |huge |strong )?plus|a plus\b|"
    r"nice[ -]to[ -]have|would be nice|would be great|preferred|preferably|bonus|ideally|"
    r"desirable|an advantage|advantageous|good to have|not required|optional|"
    r"(?:is|are) welcome)\b",
    re.IGNORECASE,
)
_MUST_WORDS = re.compile(r"\b(?:required|must|mandatory|essential)\b", re.IGNORECASE)
_ASKS = re.compile(
    r"\b(?:requir\w*|must|we(?:'re| are) looking for|looking for someone|you (?:have|bring|"
    r"should|will need|need|are)|you'll need|experience (?:with|in|of|building|designing|"
    r"running)|hands-on|\d+\+? ?(?:years?|yrs)|years of|degree|bachelor'?s?|master'?s?|phd|"
    r"proficien\w*|familiar\w*|knowledge of|fluen\w*|comfortable (?:with|in|writing)|"
    r"strong (?:knowledge|experience|skills)|solid (?:knowledge|experience|understanding)|"
    r"understanding of|a plus|nice to have|preferred|bonus|ideally)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\b(?:equal (?:opportunity|employment)|is proud|are proud|we welcome|we encourage|"
    r"regardless of|reasonable accommodations?|to apply|apply (?:now|today|here)|"
    r"send (?:us )?your (?:cv|resume|application))\b",
    re.IGNORECASE,
)
"""What an employer says of itself or of applying, wherever it stands: never a requirement."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'“])")
_CLAUSE = re.compile(
    r",?\s+and\s+(?=(?:familiarity|experience|knowledge|exposure|proficiency|an? understanding)"
    r"\b)|;\s+",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")


def _heading_words(text: str) -> str:
    text = text.strip().strip("#*_:").strip().lower().replace("’", "'")
    return " ".join(re.sub(r"[^\w' +&/-]+", " ", text).split())


def heading_section(text: str) -> SectionKind | None:
    """What a heading's words say its section holds, or None when they say nothing."""
    words = _heading_words(text)
    if not words or len(words.split()) > 8:
        return None
    if _NICE_HEADING.search(words):
        return "nice"
    if _MUST_HEADING.search(words):
        return "must"
    if _SKIP_HEADING.search(words) or re.fullmatch(r"you(?:'ll| will)", words):
        return "skip"
    if _LOOSE_MUST_HEADING.search(words):
        return "must"
    return None


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _heading(line: Line, body_size: float) -> SectionKind | None:
    """The section a line opens when it is a heading ("unknown" for a heading of no known
    kind, such as the job title), else None."""
    text = line.text.strip()
    if not text or BULLET.match(text) or len(text.split()) > 8 or len(text) > 70:
        return None
    if text.endswith((".", ",", ";")):
        return None
    label = _LABEL.match(text)
    if label and heading_section(label.group(1)) is not None:
        return None  # "Nice to have: Kafka": a labelled item, not a heading
    kind = heading_section(text)
    styled = (
        line.bold
        or _is_caps(text)
        or text.endswith(":")
        or (body_size > 0 and line.size > body_size + 0.5)
    )
    if kind is not None:
        # a known name alone on a line is a heading even when drawn as body text
        return kind if styled or len(text.split()) <= 5 else None
    return "unknown" if styled else None


def _body_size(lines: list[Line]) -> float:
    sizes: dict[float, int] = {}
    for ln in lines:
        if ln.size:
            sizes[round(ln.size, 1)] = sizes.get(round(ln.size, 1), 0) + len(ln.text)
    return max(sizes, key=lambda s: sizes[s]) if sizes else 0.0


def _importance(text: str, default: Importance) -> Importance:
    if _NICE_WORDS.search(text):
        return "nice"
    if default == "nice" and re.match(r"\s*(?:required|must)\b", text, re.IGNORECASE):
        return "must"
    return default


def _clean(text: str) -> str:
    text = BULLET.sub("", text, count=1)
    text = _NUMBERED.sub("", text, count=1)
    return " ".join(text.split()).strip()


def _sentences(paragraph: str) -> list[str]:
    out = []
    for sentence in _SENTENCE_END.split(paragraph):
        out += [part.strip() for part in _CLAUSE.split(sentence) if part.strip()]
    return out


@dataclass
class _Block:
    """A bullet (its wrapped lines joined) or a paragraph of prose, in one section."""

    kind: SectionKind
    text: str
    bullet: bool
    label: Importance | None = None


_INLINE_BULLET = re.compile(r"\s+[•▪●]\s+")


def _unfold(lines: list[Line]) -> list[Line]:
    """A line holding bullets inline ("Requirements: • Go • Docker", pasted from a web page)
    as its lead-in and one bullet line each."""
    out: list[Line] = []
    for line in lines:
        parts = _INLINE_BULLET.split(line.text.strip())
        if len(parts) < 2:
            out.append(line)
            continue
        head, items = parts[0], parts[1:]
        if BULLET.match(head):  # "• Go • Docker": the first is a bullet too
            items, head = [BULLET.sub("", head, count=1), *items], ""
        if head:
            out.append(Line(head, [head], line.size, line.bold, line.page))
        out += [Line(f"• {item}", [f"• {item}"], line.size, False, line.page) for item in items]
    return out


def _blocks(lines: list[Line]) -> list[_Block]:
    lines = _unfold(lines)
    size = _body_size(lines)
    kind: SectionKind = "unknown"
    blocks: list[_Block] = []
    open_block: _Block | None = None
    parts: list[str] = []

    def close() -> None:
        nonlocal open_block, parts
        if open_block is not None and parts:
            open_block.text = join_wrapped(parts)
            blocks.append(open_block)
        open_block, parts = None, []

    for line in lines:
        text = line.text.strip()
        if not text:
            close()
            continue
        heading = _heading(line, size)
        if heading is not None:
            close()
            kind = heading
            continue
        label = _LABEL.match(text) if not BULLET.match(text) else None
        labelled = heading_section(label.group(1)) if label else None
        if label and labelled in ("must", "nice"):
            close()
            blocks.append(_Block(kind, label.group(2).strip(), True, labelled))
            continue
        if label and (labelled == "skip" or not (_ASKS.search(text) or find_skills(text))):
            close()  # "Location: Berlin", "Start date: ASAP": a fact of the job, not an ask
            blocks.append(_Block("skip", text, True))
            continue
        bullet = bool(BULLET.match(text) or _NUMBERED.match(text))
        if bullet:
            close()
            open_block, parts = _Block(kind, "", True), [_clean(text)]
            continue
        if open_block is not None:
            prev = parts[-1] if parts else ""
            carries = text[:1].islower() or bool(UNFINISHED.search(prev))
            if open_block.bullet and not carries:
                close()
            elif not open_block.bullet and open_block.kind in ("must", "nice") and not carries and (
                prev.endswith((".", "!", "?")) or len(prev) < 60
            ):
                close()  # in a requirements list without glyphs each line is its own item
        if open_block is None:
            open_block, parts = _Block(kind, "", False), []
        parts.append(text)
    close()
    return blocks


def parse_requirements(lines: list[Line]) -> tuple[list[JobItem], list[str]]:
    """The requirements of a JD given as lines, in order, and its other sentences."""
    items: list[JobItem] = []
    others: list[str] = []
    seen: set[str] = set()
    for block in _blocks(lines[:MAX_JD_LINES]):
        if block.label is not None:  # "Nice to have: Kafka; Terraform": one item each
            candidates = [(part, block.label) for part in re.split(r"\s*;\s*", block.text)]
        elif block.kind in ("must", "nice"):
            pieces = [block.text] if block.bullet else _sentences(block.text)
            candidates = [(p, block.kind) for p in pieces]
        elif block.kind == "unknown":
            pieces = [block.text] if block.bullet else _sentences(block.text)
            candidates = []
            for piece in pieces:
                if _ASKS.search(piece):
                    candidates.append((piece, "must"))
                else:
                    others.append(piece)
        else:
            others += _sentences(block.text)
            continue
        for text, default in candidates:
            text = text.strip()
            if len(text) < 2 or not any(c.isalpha() for c in text):
                continue
            if len(text) > MAX_REQUIREMENT_CHARS:
                text = text[: MAX_REQUIREMENT_CHARS - 1].rstrip() + "…"
            key = text.casefold()
            if key in seen:
                continue
            if _BOILERPLATE.search(text):
                others.append(text)
                continue
            seen.add(key)
            items.append(JobItem(text, _importance(text, default)))  # type: ignore[arg-type]
    return items[:MAX_REQUIREMENTS], others


_CV_HEADINGS = re.compile(r"\b(?:skills?|experience)\b", re.IGNORECASE)


def _looks_like_cv(lines: list[Line]) -> bool:
    """A CV given as a JD: no requirements heading (other than "Skills" or "Experience",
    which CVs have too), and CV sections: jobs (dated, or a title at an employer) and
    education or contact details."""
    from iq_tui.engine.reading.profile import build_profile

    size = _body_size(lines)
    for line in lines:
        if _heading(line, size) in ("must", "nice") and not _CV_HEADINGS.search(line.text):
            return False
    profile = build_profile(lines)
    jobs = [e for e in profile.experience if e.start or (e.title and e.organization)]
    return bool(jobs) and bool(profile.education or profile.email or profile.phone)


def read_job_description(
    path: str | Path,
    *,
    max_pages: int = 30,
    timeout: float = 15.0,
    max_memory_mb: int = 1024,
) -> JobDescription:
    """Read the JD at `path` (PDF, DOCX, text, Markdown) into its requirements, or raise
    `JobDescriptionError` with a one-line reason."""
    from iq_tui.engine.errors import CVError
    from iq_tui.engine.reading.extract import read_document
    from iq_tui.engine.reading.profile import text_lines

    name = fit_name(Path(path).name or str(path), 60)
    try:
        doc = read_document(
            path,
            noun="job description",
            max_pages=max_pages,
            timeout=timeout,
            max_memory_mb=max_memory_mb,
            max_text_bytes=MAX_JD_TEXT_BYTES,
        )
    except CVError as exc:
        raise JobDescriptionError(exc.message) from None
    if doc.lines is None:
        lines = text_lines(doc.text)
    else:
        lines = [Line.from_dict(d) for d in doc.lines]
    lines = [
        Line(strip_controls(ln.text), ln.segs, ln.size, ln.bold, ln.page, ln.xs) for ln in lines
    ]
    items, others = parse_requirements(lines)
    if _looks_like_cv(lines):
        raise JobDescriptionError(f"{name} looks like a CV, not a job description")
    if not items:
        raise JobDescriptionError(
            f"{name} holds no requirements (no list or sentence asking for skills, years "
            "or a degree)"
        )
    return JobDescription(name, tuple(items), tuple(others), tuple(doc.warnings))
