"""A `CandidateProfile` as the human-readable text `iq-tui extract` prints."""

from __future__ import annotations

from iq_tui.engine.models import CandidateProfile


def _span(start: str, end: str) -> str:
    if start and end:
        return f"{start} – {end}"
    return start or end


def _cut(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def profile_to_text(profile: CandidateProfile) -> str:
    """Name and contacts, skills, experience, education, projects; no full CV text."""
    out: list[str] = [profile.name or "(name not found)"]
    contact = [c for c in (profile.email, profile.phone) if c]
    if contact:
        out.append(" · ".join(contact))
    out.extend(profile.links)
    facts = [f"{profile.pages} page{'s' if profile.pages != 1 else ''}"] if profile.pages else []
    if profile.years_experience is not None:
        years = profile.years_experience
        facts.append(f"about {years:g} year{'' if years == 1 else 's'} of experience")
    if facts:
        out.append(", ".join(facts))
    if profile.years_basis:
        out.append(f"  years counted: {profile.years_basis}")
    unsure = [f"{k} ({c.reason})" for k, c in profile.confidence.items() if c.level == "low"]
    if unsure:
        out.append("Check: " + "; ".join(unsure))

    out += ["", f"Skills ({len(profile.skills)})"]
    out.append("  " + ", ".join(profile.skills) if profile.skills else "  (none found)")

    if profile.languages:
        out.append(f"Languages: {', '.join(profile.languages)}")

    out += ["", "Experience"]
    if not profile.experience:
        out.append("  (none found)")
    for job in profile.experience:
        head = " at ".join(p for p in (job.title, job.organization) if p)
        span = _span(job.start, job.end)
        doubt = [f for f, c in job.confidence.items() if c.level == "low"]
        mark = f"  [check {', '.join(doubt)}]" if doubt else ""
        out.append(f"  - {head}" + (f" ({span})" if span else "") + mark)
        for bullet in job.highlights:
            out.append(f"    · {_cut(bullet)}")
        if job.summary and not job.highlights:
            out.append(f"    {_cut(job.summary)}")

    out += ["", "Education"]
    if not profile.education:
        out.append("  (none found)")
    for edu in profile.education:
        head = ", ".join(p for p in (edu.degree, edu.institution) if p)
        out.append(f"  - {head}" + (f" ({edu.year})" if edu.year else ""))

    if profile.projects:
        out += ["", "Projects"]
        for project in profile.projects:
            skills = f" [{', '.join(project.skills)}]" if project.skills else ""
            out.append(f"  - {project.name}{skills}")
    return "\n".join(out)
