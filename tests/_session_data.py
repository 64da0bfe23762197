"""Builders for sessions used by the sessions/editor tests (no LLM, no CV parsing)."""

from __future__ import annotations

from pathlib import Path

from iq_tui.engine.models import (
    CandidateProfile,
    CandidateRef,
    GenerationResult,
    ProviderInfo,
    Question,
    RoleRef,
)
from iq_tui.engine.interview.sessions import InterviewSession, SessionStore

CATEGORIES = ("technical", "behavioral", "hr", "case_study")


def make_result(count: int = 5, name: str = "Ada Lovelace") -> GenerationResult:
    return GenerationResult(
        role=RoleRef(
            id="backend-engineer", name="Backend Engineer", category="backend"
        ),
        level="mid",
        interview_type="mixed",
        candidate=CandidateRef(name=name, skills=["Python", "PostgreSQL"]),
        provider=ProviderInfo(name="offline"),
        questions=[
            Question(
                text=f"Question {i}: tell me about [bold]Python[/bold] project {i}",
                category=CATEGORIES[i % 4],
                difficulty="mid",
                skills=["Python"] if i % 2 else ["PostgreSQL"],
                rationale=f"because {i}",
                follow_ups=[f"follow {i}a", f"follow {i}b"],
                good_answer=f"good answer {i}",
                source="llm" if i % 2 else "offline",
                grounded=bool(i % 3),
            )
            for i in range(count)
        ],
    )


def make_profile(name: str = "Ada Lovelace") -> CandidateProfile:
    return CandidateProfile(
        name=name, skills=["Python", "PostgreSQL"], text="Python developer"
    )


def make_session(
    store: SessionStore,
    count: int = 5,
    name: str = "Ada Lovelace",
    cv_path: str | Path | None = None,
) -> InterviewSession:
    return store.create_from_result(
        make_result(count, name), make_profile(name), str(cv_path) if cv_path else None
    )


def editor_app(store: SessionStore, session_id: str):  # -> App
    """A minimal App that opens the EditorScreen on `session_id` (no dependence on app.py)."""
    from textual.app import App

    from iq_tui.screens.editor import EditorScreen

    class EditorApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(EditorScreen(store, session_id))

    return EditorApp()
