"""Years of experience: paid work after education, each month counted once.

Left out, and said so in the count's `basis`: internships, student jobs, tutoring, teaching
or research assistantships and volunteering (whatever their dates), and the months of any job
spent studying for a degree (a job begun during a degree counts from
graduation; one begun before it is a career and counts whole). Overlapping jobs count once.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from iq_tui.engine.models import Education, Experience

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # also "2019年"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_SEASONS = {"spr": 3, "sum": 6, "fal": 9, "aut": 9, "win": 1}
ONGOING = (
    "present", "current", "now", "today", "ongoing", "date",
    "heute", "actuel", "aujourd'hui", "presente", "actual", "attuale", "atual", "obecnie",
    "настоящее время", "по настоящее время", "至今", "现在", "現在",
)
"""What a date range ends with while the job goes on ("2019 - present"), in English and the
languages whose headings the reader knows; the one list the reader and the planner use."""
ONGOING_ALTERNATION = "|".join(re.escape(w) for w in sorted(ONGOING, key=len, reverse=True))
"""`ONGOING` as a regex alternation (longest first), for patterns that end a date range."""
_ONGOING_END = re.compile(rf"(?<!\w)(?:{ONGOING_ALTERNATION})(?!\w)", re.IGNORECASE)


def is_ongoing(end: str | None) -> bool:
    """True when a job's end ('Present', 'heute', '至今') says it goes on."""
    return bool(end) and _ONGOING_END.search(str(end)) is not None
NOT_PAID_WORK = re.compile(
    r"\b(?:interns?|internship|trainee|apprentice(?:ship)?|co-?op|student|werkstudent|"
    r"tutor(?:ing)?|teaching assistant|research assistant|graduate assistant|"
    r"volunteer(?:ing)?|extern(?:ship)?|summer analyst|summer associate)\b",
    re.IGNORECASE,
)
_SCHOOL_LEVEL = re.compile(r"high school|secondary|gcse|a-levels?|baccalaur|abitur|ged\b", re.I)


def month_index(text: str, today: _dt.date, *, end: bool) -> int | None:
    """ "Mar 2019" -> a month number (year * 12 + month - 1); None when there is no year."""
    text = text.strip().lower()
    if text in ONGOING:
        return today.year * 12 + today.month - 1
    year = _YEAR.search(text)
    if not year:
        return None
    month = 12 if end else 1
    m = re.search(r"[a-z]{3}", text)
    if m and m.group(0) in _MONTHS:
        month = _MONTHS[m.group(0)]
    elif m and m.group(0) in _SEASONS:
        month = _SEASONS[m.group(0)]
    else:
        num = re.match(r"(\d{1,2})\s*[/.-]", text)  # 04/2019, 04.2019
        after = re.search(r"(?:19|20)\d\d\s*(?:年|[/.]|-(?=\d\d))\s*(\d{1,2})(?!\d)", text)
        if num and 1 <= int(num.group(1)) <= 12:
            month = int(num.group(1))
        elif after and 1 <= int(after.group(1)) <= 12:  # 2019年4月, 2019.04, 2019-04
            month = int(after.group(1))
    return int(year.group(0)) * 12 + month - 1


def _span(e: Experience, today: _dt.date) -> tuple[int, int] | None:
    a = month_index(e.start, today, end=False)
    b = month_index(e.end, today, end=True)
    if a is None and b is None:
        return None
    if a is None or b is None:  # a single year or month ("2019"): that year or month
        one = e.start or e.end
        a = month_index(one, today, end=False)
        b = month_index(one, today, end=True)
        if a is None or b is None:
            return None
    return (a, b + 1) if b >= a else None


def _merged_months(spans: list[tuple[int, int]]) -> int:
    total, cur = 0, None
    for a, b in sorted(spans):
        if cur is None or a > cur[1]:
            if cur is not None:
                total += cur[1] - cur[0]
            cur = [a, b]
        else:
            cur[1] = max(cur[1], b)
    return total + (cur[1] - cur[0] if cur else 0)


def _half_years(months: int) -> float:
    return round(months / 12 * 2) / 2


def years_of_experience(entries: list[Experience], today: _dt.date | None = None) -> float | None:
    """Years covered by the dated entries (overlaps counted once), to the half year."""
    today = today or _dt.date.today()
    spans = [s for e in entries if (s := _span(e, today))]
    return _half_years(_merged_months(spans)) if spans else None


@dataclass(frozen=True)
class YearsCount:
    years: float | None
    basis: str  # how it was counted, for the interviewer


_DEGREE_YEARS = (
    (re.compile(r"\b(?:ph\.?\s?d|dphil|doctor)", re.I), 5),
    (re.compile(r"\b(?:m\.?\s?s\.?c?\b|m\.?\s?a\.?\b|m\.?\s?eng|mba|mphil|master)", re.I), 2),
    (re.compile(r"\b(?:b\.?\s?s\.?c?\b|b\.?\s?a\.?\b|b\.?\s?eng|b\.?\s?tech|b\.?\s?e\.|bba|bachelor)", re.I), 4),
    (re.compile(r"certificate|bootcamp|diploma|course|program", re.I), 0),
)


def _study_windows(education: Sequence[Education]) -> list[tuple[int, int, int]]:
    """(first month, graduation month, year) of each degree: the months spent studying."""
    windows = []
    for e in education:
        if not e.year.isdigit() or _SCHOOL_LEVEL.search(f"{e.degree} {e.institution}"):
            continue
        length = next((n for pat, n in _DEGREE_YEARS if pat.search(e.degree)), 4)
        if length:
            grad = int(e.year) * 12 + 6  # mid-year: most degrees end in summer
            windows.append((grad - length * 12, grad, int(e.year)))
    return windows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def count_years(
    entries: Sequence[Experience],
    education: Sequence[Education] = (),
    today: _dt.date | None = None,
) -> YearsCount:
    """Years of paid work after education (see the module docstring), and how it was counted."""
    today = today or _dt.date.today()
    windows = _study_windows(education)
    spans: list[tuple[int, int]] = []
    not_paid = undated = 0
    cut: set[int] = set()
    for e in entries:
        if NOT_PAID_WORK.search(e.title):
            not_paid += 1
            continue
        span = _span(e, today)
        if span is None:
            undated += 1
            continue
        # a job begun while studying counts from graduation on; one begun before is a career
        for first, grad, year in windows:
            if first <= span[0] < grad - 3:  # begun in the last months: a first job
                cut.add(year)
                span = (grad, span[1])
        if span[1] > span[0]:
            spans.append(span)
    years = _half_years(_merged_months(spans)) if spans else None
    parts = [
        f"{_plural(len(spans), 'dated job')}, overlaps counted once"
        if spans
        else "no paid job after education"
    ]
    if not_paid:
        s = "" if not_paid == 1 else "s"
        parts.append(f"left out {not_paid} internship{s} or student job{s}")
    if cut:
        years_cut = ", ".join(str(y) for y in sorted(cut))
        parts.append(f"work while studying (to {years_cut}) left out")
    if undated:
        parts.append(f"{_plural(undated, 'job')} without dates not counted")
    if years is None and not (not_paid or cut):
        return YearsCount(None, "no dated job")
    return YearsCount(years if years is not None else 0.0, "; ".join(parts))
