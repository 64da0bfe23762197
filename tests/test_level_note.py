"""The form's level note and the plan's level warning name the CV's years as the form's
proposal does (seen in tmux: "3.5 years of work" on one line, "about 4 years" two lines below)."""

from __future__ import annotations

from iq_tui.engine.models import CandidateProfile, Experience
from iq_tui.engine.planning.career import level_note
from iq_tui.engine.planning.role_suggestion import suggest_role_and_level
from iq_tui.engine.planning.roles import load_roles


def _founder(years: float) -> CandidateProfile:
    return CandidateProfile(
        name="Jo Park",
        skills=["Python", "PyTorch"],
        experience=[
            Experience(title="Co-Founder & CTO", organization="Nexus AI", start="2023", end="present"),
            Experience(title="Research Intern", organization="NVIDIA", start="2022", end="2022"),
        ],
        years_experience=years,
    )


def test_the_level_note_gives_the_years_the_proposal_gives() -> None:
    profile = _founder(3.5)
    suggestion = suggest_role_and_level(profile, load_roles())
    assert "3.5 years of work" in suggestion.reason()
    note = level_note(profile, "junior")
    assert note is not None
    assert "about 3.5 years of work" in note and "about 4 years" not in note


def test_whole_years_read_as_before() -> None:
    note = level_note(_founder(8.0), "junior")
    assert note is not None and "about 8 years of work" in note
