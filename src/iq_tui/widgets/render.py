"""CV profiles and questions as rich Text: never parsed as markup, whatever the text holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text

from iq_tui.engine.labels import label
from iq_tui.engine.models import (
    CandidateProfile,
    ProviderInfo,
    Question,
    Role,
)

if TYPE_CHECKING:
    from iq_tui.engine.planning.job_match import JobMatch


def plural(count: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def plan_source(info: ProviderInfo) -> str:
    """Who wrote a plan: "openai (gpt-4o)", "the offline generator", or both when the
    offline generator filled up what the LLM left."""
    if info.name == "offline":
        return "the offline generator"
    llm = _llm_label(info)
    return f"{llm} and the offline generator" if info.used_fallback else llm


def _llm_label(info: ProviderInfo) -> str:
    return f"{info.name} ({info.model})" if info.model else info.name


def provider_line(info: ProviderInfo) -> Text:
    """One short line on who wrote the plan and, after a fallback, why (two lines at most in
    a narrow column)."""
    if not info.used_fallback:
        return Text(f"by {plan_source(info)}", style="dim")
    reason = info.fallback_reason or "the LLM failed"
    if info.name == "offline":
        return Text(f"offline generator: {reason}", style="yellow")
    return Text(f"{_llm_label(info)} + offline: {reason}", style="yellow")


_SHORT_SOURCE_LABELS = {"llm": "LLM", "offline": "offline", "kit": "kit"}


def source_label(source: str, *, short: bool = False) -> str:
    """Who wrote a question: "from the LLM", "written by the interviewer"; `short`: "LLM"."""
    from iq_tui.engine.output.export import SOURCE_LABELS

    if short and source in _SHORT_SOURCE_LABELS:
        return _SHORT_SOURCE_LABELS[source]
    return SOURCE_LABELS.get(source, source)


def _heading(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold underline")


def _doubt(text: Text, unsure: Mapping[str, str], field: str, *, said: bool = False) -> None:
    """Mark `field` as unsure, with the reason unless the text already says it ("none found")."""
    if field in unsure:
        text.append("  ?" if said else f"  ? {unsure[field]}", style="bold yellow")


def profile_text(
    profile: CandidateProfile, path: str = "", *, unsure: Mapping[str, str] | None = None
) -> Text:
    """The picker's preview: name, contact, skills, experience, projects, education, warnings.
    Fields in `unsure` (field -> reason, see `engine.reading.review`) are marked "?"."""
    unsure = unsure or {}
    text = Text()
    text.append(profile.name or "(no name found)", style="bold")
    _doubt(text, unsure, "name", said=not profile.name)
    facts = [profile.email, f"{profile.pages} page(s)" if profile.pages else ""]
    if profile.years_experience is not None:
        facts.append(f"{profile.years_experience:g} years")
    line = " · ".join(f for f in facts if f)
    if line:
        text.append(f"\n{line}")
    if path:
        text.append(f"\n{path}", style="dim")
    if profile.corrected:
        text.append("\n✎ corrected by you before the plan", style="green")
    if profile.warnings:
        _heading(text, "Warnings")
        for warning in profile.warnings:
            text.append(f"⚠ {warning}\n", style="yellow")
    _heading(text, f"Skills ({len(profile.skills)})")
    text.append(", ".join(profile.skills) if profile.skills else "none found")
    _doubt(text, unsure, "skills", said=not profile.skills)
    text.append("\n")
    _heading(text, "Experience")
    for i, job in enumerate(profile.experience):
        head = " — ".join(p for p in (job.title, job.organization) if p)
        dates = "–".join(p for p in (job.start, job.end) if p)
        text.append(f"• {head}", style="bold")
        text.append(f"  {dates}" if dates else "", style="dim")
        for field in ("title", "organization"):
            _doubt(text, unsure, f"experience.{i}.{field}", said=not getattr(job, field))
        text.append("\n")
        if job.summary:
            text.append(f"  {job.summary}\n")
    if not profile.experience:
        text.append("none found")
        _doubt(text, unsure, "experience", said=True)
        text.append("\n")
    if profile.projects:
        _heading(text, "Projects")
        for project in profile.projects:
            text.append(f"• {project.name}", style="bold")
            text.append(f": {project.summary}\n" if project.summary else "\n")
    if profile.education:
        _heading(text, "Education")
        for school in profile.education:
            parts = (school.degree, school.institution, school.year)
            text.append("• " + ", ".join(p for p in parts if p) + "\n")
    text.rstrip()
    return text


def role_text(role: Role) -> Text:
    text = Text()
    text.append(role.name, style="bold")
    text.append(
        f"  ({role.category}{', custom' if role.custom else ''})\n", style="dim"
    )
    if role.description:
        text.append(role.description + "\n")
    if role.keywords:
        text.append("Keywords: ", style="bold")
        text.append(", ".join(role.keywords))
    return text


def job_summary(job: JobMatch) -> Text:
    """What the form says of a job description it read: how many requirements, how many
    must-haves the CV does not show, and whether some of its words were left out as unfair."""
    musts = [r for r in job.requirements if r.importance == "must"]
    counts = [(sum(r.status == s for r in musts), words) for s, words in
              (("shown", "shown"), ("thin", "only named"), ("missing", "not shown"))]
    parts = ", ".join(f"{n} {words}" for n, words in counts if n)
    text = Text(f"✓ {plural(len(job.requirements), 'requirement')} ", style="green")
    text.append(f"({len(musts)} must-have{': ' + parts if parts else ''})", style="dim")
    unfair = len(job.unfair)
    if unfair:
        text.append(f"\n⚠ {plural(unfair, 'unfair line')} left out of the plan", style="yellow")
    return text


def question_text(index: int, question: Question) -> Text:
    """One question card: number, category/difficulty/source, text, skills, rationale, follow-ups."""
    text = Text()
    text.append(f"{index + 1}. ", style="bold")
    text.append(
        f"[{label(question.category)} · {label(question.difficulty)} · "
        f"{source_label(question.source, short=True)}]",
        style="dim",
    )
    if question.core:
        text.append(" ◆ core", style="bold")
    if not question.grounded and question.source != "manual":
        text.append(" (not grounded in the CV)", style="yellow")
    text.append(f"\n{question.text}\n")
    if question.requirement:
        text.append("Job requirement: ", style="bold")
        text.append(question.requirement + "\n")
    if question.skills:
        text.append("Skills: ", style="bold")
        text.append(", ".join(question.skills) + "\n")
    if question.rationale:
        text.append("Why: ", style="bold")
        text.append(question.rationale + "\n")
    for follow_up in question.follow_ups:
        text.append(f"  ↳ {follow_up}\n", style="italic")
    text.rstrip()
    return text
