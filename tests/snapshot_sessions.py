"""Fixed sessions for the editor/sessions/settings snapshots and the docs screenshots.

Deterministic: a settable clock replaces `sessions.utcnow` (so "saved 5 min ago" never
varies) and ids come from a counter instead of `secrets`.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from iq_tui.engine.interview import sessions as sessions_module
from iq_tui.engine.models import (
    CandidateProfile,
    CandidateRef,
    GenerationResult,
    ProviderInfo,
    Question,
    RoleRef,
)
from iq_tui.engine.interview.sessions import InterviewSession, SessionStore

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class FrozenClock:
    """`sessions.utcnow` and `sessions.new_id`, made deterministic for one test."""

    def __init__(self, monkeypatch: Any) -> None:
        self.now = NOW
        counter = itertools.count(1)
        monkeypatch.setattr(sessions_module, "utcnow", lambda: self.now)
        monkeypatch.setattr(
            sessions_module,
            "secrets",
            SimpleNamespace(token_hex=lambda n: f"{next(counter):0{2 * n}x}"),
        )


def _q(text: str, category: str, difficulty: str = "mid", **extra: Any) -> Question:
    return Question(text=text, category=category, difficulty=difficulty, **extra)  # type: ignore[arg-type]


QUESTIONS = [
    _q(
        "Why are you interested in this backend role at our company?",
        "hr",
        rationale="Opens the interview; motivation.",
        follow_ups=["What would make you leave a job?"],
        good_answer="A reason tied to the team's work, not only the salary.",
    ),
    _q(
        "How did you keep the Acme payments API idempotent under client retries?",
        "technical",
        "senior",
        skills=["Python", "PostgreSQL"],
        rationale="The CV says the payments API served 2M requests a day.",
        follow_ups=["What broke first under load?", "How did you test it?"],
        good_answer="Idempotency keys stored with the result, a unique constraint, "
        "and a clear answer for concurrent duplicates.",
        source="llm",
    ),
    _q(
        "When would you not put Redis in front of PostgreSQL?",
        "technical",
        skills=["Redis", "PostgreSQL"],
        rationale="Redis and PostgreSQL are both on the CV.",
        follow_ups=["How do you invalidate?"],
        good_answer="Write-heavy data, strict consistency, cache stampedes.",
        source="llm",
    ),
    _q(
        "Design a job queue like queue-lite for 10x the traffic: what changes?",
        "case_study",
        "senior",
        skills=["Redis"],
        rationale="queue-lite is the candidate's own project.",
        follow_ups=["Where is the bottleneck?"],
        good_answer="Partitioning, back-pressure, retries with dead letters.",
    ),
    _q(
        "Tell me about a production incident you led from alert to post-mortem.",
        "behavioral",
        rationale="Senior role: ownership under pressure.",
        follow_ups=["What did you change afterwards?"],
        good_answer="A concrete timeline, calm communication, lasting fixes.",
        grounded=False,
    ),
    _q(
        "Which Django ORM pitfalls have you hit, and how did you find them?",
        "technical",
        "junior",
        skills=["Django"],
        rationale="Django is the main framework on the CV.",
        source="llm",
    ),
]

PROFILE = CandidateProfile(
    name="Jane Roe", skills=["Python", "Django", "PostgreSQL", "Redis"], text="Jane Roe"
)


def make_sessions(store: SessionStore, clock: FrozenClock) -> InterviewSession:
    """Three saved sessions of different ages; returns the newest (Jane Roe's, 6 questions)."""
    made = []
    for name, role, age, count in (
        (
            "Sam Okafor",
            ("data-engineer", "Data Engineer", "data"),
            timedelta(days=3),
            4,
        ),
        (
            "Li Wei",
            ("frontend-engineer", "Frontend Engineer", "frontend"),
            timedelta(hours=2),
            5,
        ),
        (
            "Jane Roe",
            ("backend-engineer", "Backend Engineer", "backend"),
            timedelta(minutes=5),
            6,
        ),
    ):
        clock.now = NOW - age
        result = GenerationResult(
            role=RoleRef(id=role[0], name=role[1], category=role[2]),
            level="mid",
            interview_type="mixed",
            candidate=CandidateRef(name=name, skills=list(PROFILE.skills)),
            provider=ProviderInfo(name="openai", model="gpt-4.1-mini"),
            questions=QUESTIONS[:count],
        )
        session = store.create_from_result(
            result, PROFILE.model_copy(update={"name": name}), None
        )
        session.created_at = session.updated_at = clock.now
        session.questions[0] = session.questions[0].model_copy(
            update={"asked": True, "answer_notes": "Wants to own a service end to end."}
        )
        session.notes = "Calm, structured answers."
        store.save(session)
        made.append(session)
    clock.now = NOW
    return made[-1]
