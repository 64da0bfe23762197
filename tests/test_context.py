"""build_context: the seed's structure, and a pure function of its inputs."""

from __future__ import annotations

import copy

from iq_tui.engine.planning.context import build_context
from iq_tui.engine.models import CandidateProfile, Experience, Project, Role


def _inputs() -> tuple[Role, CandidateProfile]:
    role = Role(
        id="backend-engineer",
        name="Backend Engineer",
        category="backend",
        description="Builds services",
        keywords=["APIs", "databases"],
        level_keywords={"junior": ["basics"], "mid": ["ownership"], "senior": ["architecture"]},
    )
    profile = CandidateProfile(
        name="Ada Example",
        skills=["Python", "PostgreSQL"],
        experience=[Experience(title="Engineer", organization="Acme", start="2019", end="present")],
        projects=[Project(name="Ledger", summary="A ledger", skills=["Python"])],
        text="Ada Example\nPython PostgreSQL",
    )
    return role, profile


def test_context_has_the_documented_shape() -> None:
    role, profile = _inputs()
    ctx = build_context(role, "senior", "technical", profile)
    assert set(ctx) == {"role", "level", "interview_type", "candidate", "cv_text"}
    assert ctx["role"] == {
        "name": "Backend Engineer",
        "category": "backend",
        "description": "Builds services",
        "keywords": ["APIs", "databases"],
        "level_keywords": ["architecture"],
    }
    assert ctx["level"] == "senior" and ctx["interview_type"] == "technical"
    assert ctx["candidate"]["skills"] == ["Python", "PostgreSQL"]
    assert ctx["candidate"]["experience"][0]["organization"] == "Acme"
    assert ctx["candidate"]["projects"][0]["name"] == "Ledger"
    assert ctx["cv_text"] == profile.text


def test_context_is_pure() -> None:
    role, profile = _inputs()
    before = (role.model_copy(deep=True), profile.model_copy(deep=True))
    first = build_context(role, "mid", "mixed", profile)
    snapshot = copy.deepcopy(first)
    first["candidate"]["skills"].append("Mutated")
    first["role"]["keywords"].clear()
    second = build_context(role, "mid", "mixed", profile)
    assert second == snapshot
    assert (role, profile) == before
