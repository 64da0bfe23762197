"""The interviewer's review of an extracted profile: what to doubt, and the corrections applied.

Every question is built on the profile, so a reading mistake becomes something false said to a
candidate. `doubts` lists the fields worth a second look (those the reader marked `low` confidence,
and what the profile itself shows: a missing name or employer,
an employer that is also one of the skills); `corrected` returns the profile with the
interviewer's name, skills and experience entries, and records which fields they changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iq_tui.engine.models import CandidateProfile
from iq_tui.engine.reading.skills import canonical_skill


SHOWN = ("name", "skills", "experience")
"""Profile fields the preview marks and the review corrects (per job: title and employer)."""


@dataclass(frozen=True)
class Doubt:
    """`field` is "name", "skills", "experience" or "experience.<i>.title|organization"."""

    field: str
    reason: str


def _confidence_doubts(profile: CandidateProfile) -> list[Doubt]:
    """The fields the reader itself marked `low` confidence, with its reason."""
    found = [
        Doubt(field, sure.reason or "the reader was not sure of it")
        for field, sure in profile.confidence.items()
        if sure.level == "low" and field in SHOWN
    ]
    for i, job in enumerate(profile.experience):
        for field in ("title", "organization"):
            sure = job.confidence.get(field)
            if sure is not None and sure.level == "low":
                found.append(
                    Doubt(f"experience.{i}.{field}", sure.reason or "the reader was not sure")
                )
    return found


def doubts(profile: CandidateProfile) -> list[Doubt]:
    """The fields of `profile` an interviewer should check before a plan is built on them."""
    found = _confidence_doubts(profile)
    if not (profile.name or "").strip():
        found.append(Doubt("name", "no name found"))
    if not profile.skills:
        found.append(Doubt("skills", "no skills found"))
    if not profile.experience:
        found.append(Doubt("experience", "no job found"))
    skills = {s.casefold() for s in profile.skills}
    for i, job in enumerate(profile.experience):
        if not (job.title or "").strip():
            found.append(Doubt(f"experience.{i}.title", "no title found"))
        if not (job.organization or "").strip():
            found.append(Doubt(f"experience.{i}.organization", "no employer found"))
        elif job.organization.casefold() in skills:
            found.append(
                Doubt(f"experience.{i}.organization", "also one of the skills: an employer?")
            )
    corrected = set(getattr(profile, "corrected", ()) or ())
    seen: set[str] = set()
    unique = []
    for doubt in found:
        if doubt.field in seen or doubt.field in corrected:
            continue  # one reason a field; a field the interviewer set is settled
        seen.add(doubt.field)
        unique.append(doubt)
    return unique


def clean_skills(skills: Iterable[str]) -> list[str]:
    """Skills as typed, trimmed, known ones in the taxonomy's spelling ("k8s" -> Kubernetes),
    each once (case-insensitively), in order."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in skills:
        skill = " ".join(raw.split())
        if not skill:
            continue
        skill = canonical_skill(skill) or skill
        if skill.casefold() not in seen:
            seen.add(skill.casefold())
            out.append(skill)
    return out


def corrected(
    profile: CandidateProfile,
    *,
    name: str,
    skills: Sequence[str],
    experience: Sequence[tuple[str, str]],
) -> CandidateProfile:
    """`profile` with the interviewer's name, skills and (title, employer) per experience entry
    (same order as `profile.experience`; an entry left with neither is dropped). Fields that
    changed are added to `corrected`."""
    if len(experience) != len(profile.experience):
        raise ValueError("one (title, employer) pair per experience entry")
    changed: list[str] = []
    name = " ".join(name.split())
    if name != profile.name:
        changed.append("name")
    skills = clean_skills(skills)
    if skills != list(profile.skills):
        changed.append("skills")
    jobs = []
    for job, (title, organization) in zip(profile.experience, experience):
        title, organization = " ".join(title.split()), " ".join(organization.split())
        if not title and not organization:
            changed.append("experience")  # an entry dropped: later indices moved up
            continue
        at = len(jobs)  # the index in the corrected list
        if title != job.title:
            changed.append(f"experience.{at}.title")
        if organization != job.organization:
            changed.append(f"experience.{at}.organization")
        jobs.append(job.model_copy(update={"title": title, "organization": organization}))
    if not changed:
        return profile
    done = [*profile.corrected, *(c for c in changed if c not in profile.corrected)]
    return profile.model_copy(
        update={"name": name, "skills": skills, "experience": jobs, "corrected": done}
    )
