"""Candidates side by side: per saved session the interviewer's recommendation and the mean
rating per competency.

This lays out human judgements; it never ranks people. Candidates are ordered by name or by
date, never by a rating, and nothing here adds ratings up across competencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from iq_tui.engine.interview.scorecard import group_by_competency, mean_rating
from iq_tui.engine.interview.sessions import InterviewSession

CompareOrder = Literal["name", "date"]


@dataclass(frozen=True)
class Candidate:
    session_id: str
    name: str
    role_id: str
    role_name: str
    date: datetime
    """When the session was created (the interview's plan)."""
    recommendation: str | None
    means: dict[str, float | None]
    """Competency key -> mean rating (None: its questions are unrated); a competency absent
    from this candidate's plan has no key."""
    rated: int
    asked: int
    questions: int


@dataclass(frozen=True)
class Comparison:
    candidates: list[Candidate]
    competencies: list[tuple[str, str]] = field(default_factory=list)
    """(key, name) rows, in the order the plans first ask about them (never by score)."""


def role_matches(session: InterviewSession, role: str) -> bool:
    """A role given as its id or its name, any case ("backend-engineer", "Backend Engineer")."""
    wanted = " ".join(role.split()).casefold()
    return wanted in (session.role.id.casefold(), " ".join(session.role.name.split()).casefold())


def candidate_of(session: InterviewSession) -> Candidate:
    groups = group_by_competency(session.questions)
    return Candidate(
        session_id=session.id,
        name=session.candidate.name.strip() or session.title,
        role_id=session.role.id,
        role_name=session.role.name,
        date=session.created_at,
        recommendation=session.recommendation,
        means={key: mean_rating(group) for key, (_, group) in groups.items()},
        rated=sum(q.rating is not None for q in session.questions),
        asked=sum(q.asked for q in session.questions),
        questions=len(session.questions),
    )


def compare(
    sessions: Iterable[InterviewSession],
    *,
    role: str | None = None,
    order: CompareOrder = "name",
) -> Comparison:
    """The sessions (of `role` when given) as candidates, by name (then date) or by date (then
    name); the competency rows follow the plans in that order."""
    chosen = [s for s in sessions if role is None or role_matches(s, role)]
    if order == "date":
        chosen.sort(key=lambda s: (s.created_at, _name_key(s), s.id))
    else:
        chosen.sort(key=lambda s: (_name_key(s), s.created_at, s.id))
    rows: dict[str, str] = {}
    for session in chosen:
        for key, (name, _) in group_by_competency(session.questions).items():
            rows.setdefault(key, name)
    return Comparison([candidate_of(s) for s in chosen], list(rows.items()))


def _name_key(session: InterviewSession) -> str:
    return (session.candidate.name.strip() or session.title).casefold()
