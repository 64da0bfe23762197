"""Level and career read from the whole CV: job titles and years, not only skills.

- `read_career` finds the candidate's line of work from their titles (`careers.toml`), their
  level from titles and years, and whether they are changing field for this role (their
  recent titles are in another field; a title that matches the role is evidence against).
- `level_warning` says when the requested level is far from what the CV shows.
Pure: the same context always gives the same reading.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from iq_tui.engine.models import LEVELS, CandidateProfile
from iq_tui.engine.reading.years import is_ongoing

MAX_TITLES = 12
"""Titles read per CV at most (the most recent first): a bound on work."""


@dataclass(frozen=True)
class _Family:
    name: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Careers:
    families: tuple[_Family, ...]
    accepts: dict[str, frozenset[str]]
    senior: re.Pattern[str]
    junior: re.Pattern[str]

    def family_of(self, title: str) -> _Family:
        return next(f for f in self.families if f.pattern.search(title))


@lru_cache(maxsize=1)
def _careers() -> _Careers:
    raw = tomllib.loads(
        resources.files("iq_tui.engine")
        .joinpath("data", "questions", "careers.toml")
        .read_text("utf-8")
    )
    families = tuple(
        _Family(f["name"], f["label"], re.compile(f["pattern"], re.IGNORECASE))
        for f in raw["family"]
    )
    return _Careers(
        families=families,
        accepts={k: frozenset(v) for k, v in raw["accepts"].items()},
        senior=re.compile(raw["senior_titles"], re.IGNORECASE),
        junior=re.compile(raw["junior_titles"], re.IGNORECASE),
    )


@dataclass(frozen=True)
class CareerReading:
    titles: tuple[str, ...]
    """Job titles, most recent first (as the CV lists them)."""
    latest_title: str
    latest_employer: str
    title_employer: str
    """The employer of the job with the latest title ('' when that job names none)."""
    years: float | None
    cv_level: str | None
    """junior, mid or senior as the CV shows it; None when it shows too little to tell."""
    in_field: bool
    """A recent title is in this role's own line of work."""
    changer: bool
    """Recent titles lie in another field: the plan asks about the move itself."""
    from_label: str
    """The field the candidate comes from, in words ('software engineering')."""


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())[:80]


def read_career(context: dict[str, Any], skills_say_changer: bool = False) -> CareerReading:
    """Read titles and years. `skills_say_changer`: the skills lie mostly outside the role's
    field, used only when the CV has no titles to go by."""
    careers = _careers()
    candidate = context.get("candidate") or {}
    role = context.get("role") or {}
    category = str(role.get("category") or "general")
    jobs = [j for j in (candidate.get("experience") or [])[:MAX_TITLES] if isinstance(j, dict)]
    titles = tuple(t for t in (_clean(j.get("title")) for j in jobs) if t)
    current = [j for j in jobs if is_ongoing(j.get("end"))]
    employer = next(
        (e for e in (_clean(j.get("organization")) for j in [*current, *jobs]) if e), ""
    )
    years = candidate.get("years_experience")
    years = float(years) if isinstance(years, int | float) else None
    accepted = careers.accepts.get(category)
    recent = titles[:2]
    families = [careers.family_of(t) for t in recent]
    if not accepted:  # a custom role outside the catalog: no field to change into
        in_field, changer = True, False
    elif recent:
        in_field = any(f.name in accepted for f in families)
        # A student or intern title is a start, not a field to move from, unless it names
        # another field ("Software Engineering Intern" for a design role is a move).
        starting = all(
            careers.junior.search(t) and f.name == "other" for t, f in zip(recent, families)
        )
        changer = not in_field and not starting
    else:
        in_field, changer = False, skills_say_changer
    latest = titles[0] if titles else ""
    titled = next((j for j in jobs if _clean(j.get("title"))), {})
    title_employer = _clean(titled.get("organization"))
    from_label = families[0].label if families else "another field"
    return CareerReading(
        titles=titles,
        latest_title=latest,
        latest_employer=employer,
        title_employer=title_employer,
        years=years,
        cv_level=_cv_level(latest, years),
        in_field=in_field,
        changer=changer,
        from_label=from_label,
    )


def title_in_field(title: str, category: str) -> bool | None:
    """Whether a job title lies in the role category's own line of work ("Composer" is not
    a backend engineer's); None for an empty title or a role with no field (custom)."""
    careers = _careers()
    accepted = careers.accepts.get(category)
    if not title.strip() or not accepted:
        return None
    return careers.family_of(title).name in accepted


def _cv_level(title: str, years: float | None) -> str | None:
    careers = _careers()
    if title and careers.junior.search(title):
        return "junior"
    if years is not None and years < 2:
        return "junior"
    if title and careers.senior.search(title):
        return "senior"
    if years is not None:
        return "senior" if years >= 8 else "mid"
    return "mid" if title else None


def level_warning(reading: CareerReading, requested: str) -> str | None:
    """A line for the result's `warnings` when the requested level is two steps from the CV's."""
    gap = _level_gap(reading, requested)
    return f"{gap}; a {requested} plan was asked for" if gap else None


def _level_gap(reading: CareerReading, requested: str) -> str | None:
    if reading.cv_level is None or requested not in LEVELS:
        return None
    if abs(LEVELS.index(requested) - LEVELS.index(reading.cv_level)) < 2:
        return None
    if reading.years is not None and reading.years < 1:
        what = "less than a year of work"
    elif reading.years is not None:
        amount = reading.years  # in half years, as the form's proposal says it
        what = f"about {amount:g} year{'' if amount == 1 else 's'} of work"
    else:
        what = "its job titles"
    if reading.latest_title:
        what += f" (latest title: {reading.latest_title})"
    return f"the CV shows {what}, which reads as {reading.cv_level}"


def plan_warnings(context: dict[str, Any]) -> list[str]:
    """What the interviewer should know about a plan for this context (level mismatch)."""
    warning = level_warning(read_career(context), str(context.get("level") or ""))
    return [warning] if warning else []


def level_note(profile: CandidateProfile, level: str) -> str | None:
    """What the form says before generating when `level` is far from the CV (the plan's
    `warnings` will say it too), else None."""
    context = {
        "candidate": {
            "experience": [e.model_dump() for e in profile.experience[:MAX_TITLES]],
            "years_experience": profile.years_experience,
        },
    }
    gap = _level_gap(read_career(context), level)
    return f"{gap[:1].upper()}{gap[1:]}, not {level}." if gap else None
