"""A job description's requirements matched against a CV: `shown`, `thin` or `missing`, with
the CV lines that show each.

A requirement is read for what can be checked: skills (the taxonomy, aliases included), years
("5+ years", "at least three years") against the CV's years of work, and degrees ("Bachelor's
in Computer Science", "a degree in a quantitative field") against its education. A skill is
`shown` by a highlight (work done with it), `thin` when the CV only names it (a skills list, a
summary), `missing` when it is nowhere. Alternatives ("Python or Go", "such as", a list in
brackets) need one; a plain list needs all (some of them: `thin`). What names no skill, years
or degree is matched by its words against the highlights.

A requirement on a protected characteristic ("native English speaker") is no requirement: it is
left out, and the warnings say so, as they do for such words anywhere in the JD ("a young and
dynamic team").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iq_tui.engine.models import CandidateProfile, Requirement, RequirementStatus
from iq_tui.engine.planning.fairness import find_protected
from iq_tui.engine.reading.job_description import JobDescription, JobItem, read_job_description
from iq_tui.engine.reading.skills import find_skills

MAX_EVIDENCE = 3
_RANK: dict[RequirementStatus, int] = {"missing": 0, "thin": 1, "shown": 2}
_BY_RANK: tuple[RequirementStatus, ...] = ("missing", "thin", "shown")

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}
_YEARS = re.compile(
    r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*(?:\+|plus|or more)?\s*"
    r"(?:(?:-|–|to)\s*\d{1,2}\s*)?\+?\s*(?:years?|yrs)\b",
    re.IGNORECASE,
)
_ALTERNATIVES = re.compile(
    r"\b(?:or|such as|e\.g\.?|like|one of|any|at least one|either)\b|\be\.g\b", re.IGNORECASE
)
_PARENS = re.compile(r"\(([^()]*)\)")

# Degrees: the level a requirement asks for and the level a CV's degree holds.
_DEGREE_REQ = re.compile(
    r"\b(?:ph\.?\s?d|doctorate|doctoral|master'?s?|m\.?sc|bachelor'?s?|b\.?sc|b\.?s\.?|"
    r"b\.?a\.?|m\.?s\.?|degree|undergraduate|graduate degree|university)\b",
    re.IGNORECASE,
)
_LEVELS = (
    (3, re.compile(r"\b(?:ph\.?\s?d|doctor\w*|dphil)\b", re.IGNORECASE)),
    (2, re.compile(r"\b(?:master'?s?|m\.?sc|m\.?s\.?|m\.?a\.?|mba|m\.?eng|mphil|m\.?tech|"
                   r"graduate degree)\b", re.IGNORECASE)),
    (1, re.compile(r"\b(?:bachelor'?s?|b\.?sc|b\.?s\.?|b\.?a\.?|b\.?eng|b\.?com|b\.?tech|b\.?e\.?|"
                   r"undergraduate|licenciatura|laurea|degree|diploma|university)\b",
                   re.IGNORECASE)),
)
_QUANTITATIVE = frozenset({
    "math", "mathematic", "statistic", "physic", "computer", "engineering", "economic", "data",
    "informatic", "actuarial", "quantitative", "science", "computing", "stem",
})
_FIELD_STOP = frozenset({"related", "field", "equivalent", "discipline", "area", "similar"})

_STOP = frozenset(
    """a an the and or of in on for to at as is are be by with from into via using use used
    we our you your they their it its this that these those who what which will would should
    must can could may might have has had having do does did experience experienced
    strong solid good great excellent deep proven track record working work worked ability
    able understanding familiarity familiar proficiency proficient knowledge know knowing
    skills skill hands on years year yrs plus nice bonus preferred required requirement
    ideally least one some other another similar related field etc eg e g including such
    like exposure eye clear ease comfortable background demonstrated professional
    environment practical real world modern new well high level plenty lot lots also
    building build built write writing written wrote run running ran system systems
    service services team teams product products project projects application applications
    solution solutions tool tools platform platforms process processes""".split()
)


SHOWN_THROUGH: dict[str, frozenset[str]] = {
    "SQL": frozenset({
        "PostgreSQL", "MySQL", "SQLite", "Oracle Database", "SQL Server", "MariaDB",
        "Snowflake", "BigQuery", "Redshift", "T-SQL", "PL/SQL",
    }),
    "JavaScript": frozenset({
        "TypeScript", "Node.js", "React", "Vue.js", "Angular", "Next.js", "Svelte",
    }),
    "Python": frozenset({"Django", "Flask", "FastAPI", "Pandas"}),
    "Java": frozenset({"Spring Boot", "Spring"}),
    "Ruby": frozenset({"Ruby on Rails"}),
}
"""A language the work with one of these shows in use too: a highlight on PostgreSQL
indexes shows SQL, one on a Django API shows Python."""


@dataclass(frozen=True)
class JobMatch:
    """A JD read and matched against one CV: what a plan aims at."""

    source: str
    """The JD's file name, fit for a message."""
    requirements: tuple[Requirement, ...]
    warnings: tuple[str, ...] = ()
    """What the JD itself says that the interviewer should know (unfair wording, reading)."""
    unfair: tuple[str, ...] = ()
    """The JD's lines left out as unfair (a requirement or a sentence on a protected
    characteristic)."""


def _stem(word: str) -> str:
    word = word.casefold().strip("'’")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z][\w+#.-]*[\w+#]|[A-Za-z]", text)
            if w.casefold() not in _STOP and len(w) > 1}


_ACTIVITY = re.compile(r"\bexperience(?:d)?\s+(?:in\s+)?([a-z]+ing)\b", re.IGNORECASE)


def _activity(text: str) -> str | None:
    """The activity "Experience <doing> ..." names, as a stem ("present" for "presenting"),
    when it is not a word as common as "working" or "using"."""
    m = _ACTIVITY.search(text)
    if not m or m.group(1).casefold() in _STOP:
        return None
    return _stem(m.group(1))


def _years(text: str) -> int | None:
    m = _YEARS.search(text)
    if not m:
        return None
    value = m.group(1).lower()
    return int(value) if value.isdigit() else _NUMBER_WORDS[value]


def _degree_level(text: str) -> int:
    for level, pattern in _LEVELS:
        if pattern.search(text):
            return level
    return 0


@lru_cache(maxsize=4096)
def _line_skills(line: str) -> frozenset[str]:
    return frozenset(find_skills(line))


class _Cv:
    """The CV as the matcher reads it: work lines (highlights, summaries without bullets)
    and every other line of its text."""

    def __init__(self, profile: CandidateProfile) -> None:
        work: list[str] = []
        for entry in [*profile.experience, *profile.projects]:
            if entry.highlights:
                work += entry.highlights
            elif entry.summary:
                work.append(entry.summary)
        self.work = list(dict.fromkeys(" ".join(w.split()) for w in work if w.strip()))
        folded = {w.casefold() for w in self.work}
        lines = [" ".join(ln.split()) for ln in profile.text.split("\n")]
        self.other = [
            ln for ln in dict.fromkeys(lines)
            if ln and not any(ln.casefold() in w for w in folded)
        ]
        self.skills = set(profile.skills)
        for project in profile.projects:
            self.skills.update(project.skills)
        self.years = profile.years_experience
        self.job_lines = self._job_lines(profile)
        self.education: list[str] = []
        """Each education entry's CV line (the degree, else the institution): a degree the
        reading did not split off ("B.Com, University of Pune") is still on it."""
        for e in profile.education:
            line = self._line_of(e.degree, lines) or self._line_of(e.institution, lines)
            line = line or " ".join(p for p in (e.degree, e.institution) if p)
            if line and line not in self.education:
                self.education.append(line)

    @staticmethod
    def _line_of(words: str, lines: Sequence[str]) -> str | None:
        words = " ".join(words.split())
        if not words:
            return None
        return next((ln for ln in lines if words.casefold() in ln.casefold()), None)

    def _job_lines(self, profile: CandidateProfile) -> list[str]:
        lines = [" ".join(ln.split()) for ln in profile.text.split("\n")]
        found = []
        for entry in profile.experience:
            title, org = entry.title.casefold(), entry.organization.casefold()
            line = next(
                (ln for ln in lines if title and org and title in ln.casefold()
                 and org in ln.casefold()),
                None,
            ) or next(
                (ln for ln in lines if entry.start and entry.start in ln
                 and (title or org) and (title or org) in ln.casefold()),
                None,
            )
            if line and line not in found:
                found.append(line)
        return found

    def skill(self, name: str) -> tuple[RequirementStatus, list[str]]:
        through = SHOWN_THROUGH.get(name, frozenset()) | {name}
        shown = [w for w in self.work if through & _line_skills(w)]
        if shown:
            return "shown", shown[:MAX_EVIDENCE]
        named = [ln for ln in self.other if name in _line_skills(ln)]
        if named or name in self.skills:
            return "thin", named[:MAX_EVIDENCE]
        return "missing", []

    def words(self, stems: set[str], activity: str | None = None) -> tuple[
        RequirementStatus, list[str]
    ]:
        """Lines holding at least half the requirement's own words (at least one), or, in
        the work, the activity it names ("presenting" for "Presented findings to ...")."""
        if not stems:
            return "missing", []
        need = len(stems) if len(stems) <= 2 else (len(stems) + 1) // 2
        for status, lines in (("shown", self.work), ("thin", self.other)):
            hits = [ln for ln in lines if len(stems & _stems(ln)) >= need]
            if not hits and activity and status == "shown":
                hits = [ln for ln in lines if activity in _stems(ln)]
            if hits:
                return status, hits[:MAX_EVIDENCE]  # type: ignore[return-value]
        return "missing", []


def _combine(parts: Sequence[tuple[RequirementStatus, list[str]]], any_one: bool) -> tuple[
    RequirementStatus, list[str]
]:
    """One status for several skills: the best of alternatives; all of a list (some: thin)."""
    if not parts:
        return "missing", []
    ranks = [_RANK[s] for s, _ in parts]
    if any_one:
        status = _BY_RANK[max(ranks)]
    elif min(ranks) == 2:
        status = "shown"
    elif max(ranks) == 0:
        status = "missing"
    else:
        status = "thin"
    evidence = [line for s, lines in parts if s != "missing" for line in lines]
    return status, list(dict.fromkeys(evidence))


def _skills_part(text: str, cv: _Cv) -> tuple[RequirementStatus, list[str]] | None:
    inside = " ".join(_PARENS.findall(text))
    outside = _PARENS.sub(" ", text)
    out_skills = find_skills(outside)
    in_skills = [s for s in find_skills(inside) if s not in out_skills]
    if not out_skills and not in_skills:
        return None
    any_one = bool(_ALTERNATIVES.search(outside))
    result = _combine([cv.skill(s) for s in out_skills], any_one) if out_skills else None
    if in_skills:  # examples in brackets: one of them is enough, and never a demotion
        examples = _combine([cv.skill(s) for s in in_skills], True)
        if result is None or _RANK[examples[0]] > _RANK[result[0]]:
            result = (examples[0], list(dict.fromkeys([*examples[1], *(result or ("", []))[1]])))
    return result


def _years_part(text: str, cv: _Cv) -> tuple[RequirementStatus, list[str]] | None:
    wanted = _years(text)
    if wanted is None:
        return None
    if cv.years is None or cv.years <= 0:
        return "missing", []
    return ("shown" if cv.years >= wanted else "thin"), cv.job_lines[:MAX_EVIDENCE]


def _degree_part(text: str, cv: _Cv) -> tuple[RequirementStatus, list[str]] | None:
    if not _DEGREE_REQ.search(text):
        return None
    wanted = _degree_level(text) or 1
    fields = {s for s in _stems(_DEGREE_REQ.sub(" ", text)) if s not in _FIELD_STOP}
    fields.discard("degree")
    if "quantitative" in fields:
        fields |= _QUANTITATIVE
    best: tuple[RequirementStatus, list[str]] = ("missing", [])
    for line in cv.education:
        if _degree_level(line) < wanted:
            continue
        field_ok = not fields or bool(fields & _stems(line))
        found: tuple[RequirementStatus, list[str]] = ("shown" if field_ok else "thin", [line])
        if _RANK[found[0]] > _RANK[best[0]]:
            best = found
    return best


def match_requirement(item: JobItem, cv: _Cv) -> Requirement:
    parts = [
        p for p in (_skills_part(item.text, cv), _degree_part(item.text, cv),
                    _years_part(item.text, cv))
        if p is not None
    ]
    if parts:
        status = _BY_RANK[min(_RANK[s] for s, _ in parts)]
        evidence = [line for s, lines in parts if s != "missing" for line in lines]
    else:
        status, evidence = cv.words(_stems(item.text), _activity(item.text))
    if status == "missing":
        evidence = []
    return Requirement(
        text=item.text,
        importance=item.importance,
        status=status,
        evidence=list(dict.fromkeys(evidence))[:MAX_EVIDENCE],
    )


# Job-ad wording the question checker has no reason to know: it is said of the candidate, not
# asked of them. Each names a characteristic in the fairness checker's words.
_JOB_AD_BIAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("native language or accent", re.compile(r"\bnative(?:[- ]level)?\s+(?:\w+\s+)?speak", re.I)),
    ("native language or accent", re.compile(r"\b(?:mother tongue|first language)\b", re.I)),
    ("age", re.compile(r"\b(?:young|youthful)\b(?:\s+and\s+\w+)?\s+(?:team|people|candidates?|"
                       r"professionals?|talent|engineers?|person)", re.I)),
    ("age", re.compile(r"\brecent (?:graduates?|grads?)\b.{0,30}\b(?:not|no)\b|\bnot\b.{0,20}"
                       r"\brecent graduates?\b|\brecent graduates? need not\b", re.I)),
    ("age", re.compile(r"\b(?:under|below|over|aged?)\s+\d{2}\b(?!\s*(?:%|percent|ms|k\b))|"
                       r"\b\d{2}\s*(?:-|–|to)\s*\d{2}\s+years?\s+old\b", re.I)),
    ("gender", re.compile(r"\b(?:salesman|chairman|he will be|he should|she will be)\b", re.I)),
)


def unfair_reasons(text: str) -> list[str]:
    """The protected characteristics a JD's sentence leans on: job-ad wording first, then the
    question checker's rules (for a requirement: it would be asked about)."""
    found = [label for label, pattern in _JOB_AD_BIAS if pattern.search(text)]
    return list(dict.fromkeys(found))


def _requirement_unfair(text: str) -> list[str]:
    return list(dict.fromkeys([*unfair_reasons(text), *(f.characteristic for f in find_protected(text))]))


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def match_job_description(jd: JobDescription, profile: CandidateProfile) -> JobMatch:
    """Match a read JD against a CV profile; unfair requirements are left out and warned of."""
    cv = _Cv(profile)
    requirements: list[Requirement] = []
    warnings: list[str] = list(jd.warnings)
    left_out: list[str] = []
    for item in jd.items:
        unfair = _requirement_unfair(item.text)
        if unfair:
            left_out.append(item.text)
            warnings.append(
                f'the job description asks for "{_short(item.text)}" ({", ".join(unfair)}): '
                "not a fair requirement; no question is built on it"
            )
            continue
        requirements.append(match_requirement(item, cv))
    for sentence in jd.sentences:
        unfair = unfair_reasons(sentence)
        if unfair:
            left_out.append(sentence)
            warnings.append(
                f'the job description says "{_short(sentence)}" ({", ".join(unfair)}): '
                "leave it out of the interview"
            )
    return JobMatch(
        jd.name, tuple(requirements), tuple(dict.fromkeys(warnings)), tuple(left_out)
    )


def job_match_from_file(
    path: str | Path,
    profile: CandidateProfile,
    *,
    max_pages: int = 30,
    timeout: float = 15.0,
    max_memory_mb: int = 1024,
) -> JobMatch:
    """Read the JD at `path` and match it against `profile`: the one call the CLI, the TUI and
    batch make. Raises `JobDescriptionError` (one line) for a JD it cannot use."""
    jd = read_job_description(
        path, max_pages=max_pages, timeout=timeout, max_memory_mb=max_memory_mb
    )
    return match_job_description(jd, profile)


def requirement_warnings(requirements: Iterable[Requirement]) -> list[str]:
    """The plan's warnings about the must-haves the CV does not show (or only names)."""
    notes = []
    musts = [r for r in requirements if r.importance == "must"]
    for status, words in (("missing", "not shown in the CV"), ("thin", "only named in the CV")):
        these = [r.text for r in musts if r.status == status]
        if not these:
            continue
        listed = "; ".join(_short(t, 40) for t in these[:3])
        more = f"; and {len(these) - 3} more" if len(these) > 3 else ""
        noun = "requirement is" if len(these) == 1 else "requirements are"
        notes.append(f"{len(these)} must-have {noun} {words}: {listed}{more}")
    return notes
