"""Propose the role and level to interview a candidate for, from their CV's job titles and
years of work: the form's starting values, which the interviewer is free to change.

Role: the most recent job title that names a catalog role (the role's `titles`, or its name)
wins; a title that names no speciality ("Software Engineer", "Developer") lets the CV's skills
choose among the engineering roles. Level: a seniority word in the most recent title
("Senior", "Lead", "Intern", "II"), else the years of experience.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iq_tui.engine.models import CandidateProfile, Level, Role
from iq_tui.engine.reading.skills import canonical_skill, skill_category

SENIOR_YEARS = 5.0
"""From this many years of work a CV without a seniority word in its title reads as senior."""
MID_YEARS = 2.0

_SENIOR_WORDS = {"senior", "sr", "lead", "principal", "staff", "head", "director", "vp",
                 "chief", "cto", "architect", "iii", "iv"}
_JUNIOR_WORDS = {"junior", "jr", "intern", "internship", "trainee", "graduate", "apprentice",
                 "entry", "i"}
_MID_WORDS = {"ii"}
GENERALIST_CATEGORY = "software"
"""The catalog's Software Engineer: proposed for a generic title when no skill points elsewhere."""
_GENERIC_TITLES = ("software engineer", "software developer", "developer", "programmer",
                   "engineer", "swe", "sde", "software engineering")
# A title that names no speciality: the skills choose among these role categories, each
# counting the CV skills of its taxonomy categories. Full-stack, DevOps and data-science roles
# are proposed only from a title that says so: Docker and AWS are on most developers' CVs.
_SKILL_CATEGORIES: dict[str, frozenset[str]] = {
    "backend": frozenset({"backend", "databases"}),
    "frontend": frozenset({"frontend"}),
    "mobile": frozenset({"mobile"}),
    "data_engineering": frozenset({"data"}),
    "ml": frozenset({"data"}),
}


@dataclass(frozen=True)
class RoleSuggestion:
    """The proposal and the CV words it rests on (for the screen to say why)."""

    role: Role | None
    level: Level
    title: str | None
    """The job title the role (or level) was read from, as the CV writes it."""
    years: float | None

    def reason(self) -> str:
        """ "from “Senior Product Designer” and 7.5 years of work" """
        parts = [f"“{self.title}”"] if self.title else []
        if self.years is not None:
            parts.append(f"{self.years:g} years of work")
        return "from " + " and ".join(parts) if parts else "nothing in the CV to go by"


def _words(text: str) -> str:
    """Lower-case words joined by single spaces, padded: " senior ux ui designer " """
    return f" {' '.join(re.findall(r'[a-z0-9]+', text.casefold()))} "


def _has(words: str, phrase: str) -> bool:
    return _words(phrase) in words


def _title_role(title: str, roles: list[Role]) -> Role | None:
    """The role whose longest title phrase (or name) the job title contains."""
    words = _words(title)
    best: tuple[int, Role] | None = None
    for role in roles:
        name = re.sub(r"\(.*?\)", " ", role.name)  # "Product Designer (UX/UI)"
        if _generic(name):  # "Software Engineer": the skills choose first (below)
            name = ""
        for phrase in (*role.titles, name):
            size = len(_words(phrase).split())
            if size and _has(words, phrase) and (best is None or size > best[0]):
                best = (size, role)
    return best[1] if best else None


def _generic(title: str) -> bool:
    return any(_has(_words(title), generic) for generic in _GENERIC_TITLES)


def _skills_role(profile: CandidateProfile, roles: list[Role]) -> Role | None:
    """Among the engineering roles, the one the CV's skills point to most (catalog order
    breaks ties); None when no skill points anywhere."""
    skills = [s for s in (canonical_skill(s) or s for s in profile.skills)]
    best: tuple[int, Role] | None = None
    for role in roles:
        categories = _SKILL_CATEGORIES.get(role.category)
        if categories is None:
            continue
        keywords = {canonical_skill(k) or k for k in role.keywords}
        score = sum(skill_category(s) in categories for s in skills)
        score += sum(s in keywords for s in skills)
        if score and (best is None or score > best[0]):
            best = (score, role)
    return best[1] if best else None


def _level(title: str | None, years: float | None) -> Level:
    words = set(_words(title or "").split())
    if words & _JUNIOR_WORDS - {"i"} or (words & {"i"} and not words & _MID_WORDS):
        return "junior"
    if words & _SENIOR_WORDS:
        return "senior"
    if words & _MID_WORDS:
        return "mid"
    if years is None:
        return "mid"
    if years >= SENIOR_YEARS:
        return "senior"
    return "mid" if years >= MID_YEARS else "junior"


def suggest_role_and_level(profile: CandidateProfile, roles: list[Role]) -> RoleSuggestion:
    """The role and level a CV points to; `role` is None when no title or skill names one."""
    titles = [e.title.strip() for e in profile.experience if e.title.strip()]
    role: Role | None = None
    source: str | None = None
    generic: str | None = None
    for title in titles:  # CVs list the most recent job first
        role = _title_role(title, roles)
        if role is not None:
            source = title
            break
        if _generic(title):
            generic = generic or title
            role = _skills_role(profile, roles)
            if role is not None:
                source = title
                break
    if role is None and generic is not None:
        # a developer whose titles and skills name no speciality: the generalist role
        role = next((r for r in roles if r.category == GENERALIST_CATEGORY), None)
        source = generic if role is not None else None
    latest = titles[0] if titles else None
    level = _level(latest, profile.years_experience)
    return RoleSuggestion(role=role, level=level, title=source or latest,
                          years=profile.years_experience)
