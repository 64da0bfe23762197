"""Correcting the CV reading before the plan (issue 13): what is doubted, what a correction
changes, and, through the TUI by keyboard, that the plan, the session and the export use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_docx import save, two_column_table
from textual.widgets import Input, Select
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.models import CandidateProfile, Confidence, Experience
from iq_tui.engine.output.session_export import session_to_json, session_to_markdown
from iq_tui.engine.reading.review import Doubt, corrected, doubts
from iq_tui.flow import export_text
from iq_tui.screens.editor import EditorScreen
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen
from iq_tui.screens.picker import PickerScreen
from iq_tui.screens.profile_review import ProfileReviewScreen

# -- the engine: doubts and corrections ----------------------------------------------------

def test_doubts_name_what_the_profile_itself_shows() -> None:
    profile = CandidateProfile(
        skills=["Python", "Spark"],
        experience=[
            Experience(title="Data Engineer", organization="Spark"),
            Experience(title="", organization="Initech"),
            Experience(title="Analyst", organization=""),
        ],
    )
    assert doubts(profile) == [
        Doubt("name", "no name found"),
        Doubt("experience.0.organization", "also one of the skills: an employer?"),
        Doubt("experience.1.title", "no title found"),
        Doubt("experience.2.organization", "no employer found"),
    ]
    assert doubts(PROFILE) == []


def test_doubts_from_the_readers_confidence() -> None:
    profile = CandidateProfile(
        name="Product Designer",
        skills=["Figma"],
        experience=[Experience(
            title="Designer", organization="Acme",
            confidence={"organization": Confidence(level="low", reason="no employer word")},
        )],
        confidence={
            "name": Confidence(level="low", reason="the line also reads as a job title"),
            "skills": Confidence(level="high", reason="the CV's skills section"),
        },
    )
    assert doubts(profile) == [
        Doubt("name", "the line also reads as a job title"),
        Doubt("experience.0.organization", "no employer word"),
    ]
    fixed = corrected(profile, name="Ana Lima", skills=["Figma"],
                      experience=[("Designer", "Acme Studio")])
    assert doubts(fixed) == []  # what the interviewer set is settled


def test_corrected_records_each_changed_field_and_drops_emptied_entries() -> None:
    fixed = corrected(
        PROFILE,
        name="  Jane   Q. Roe ",
        skills=["Python", "k8s", "python", " ", "Django"],
        experience=[("Staff Engineer", "Acme"), ("", "")],
    )
    assert fixed.name == "Jane Q. Roe"
    assert fixed.skills == ["Python", "Kubernetes", "Django"]
    assert [(j.title, j.organization) for j in fixed.experience] == [("Staff Engineer", "Acme")]
    assert fixed.experience[0].start == "2021"  # what was not corrected is kept
    assert fixed.corrected == ["name", "skills", "experience.0.title", "experience"]
    assert PROFILE.name == "Jane Roe"  # the extracted profile is left as it was
    same = corrected(PROFILE, name=PROFILE.name, skills=PROFILE.skills,
                     experience=[(j.title, j.organization) for j in PROFILE.experience])
    assert same is PROFILE


def test_a_corrected_field_is_no_longer_doubted() -> None:
    profile = CandidateProfile(name="", skills=["Go"],
                               experience=[Experience(title="SRE", organization="")])
    fixed = corrected(profile, name="Ana Lima", skills=["Go"], experience=[("SRE", "Globex")])
    assert doubts(fixed) == []


# -- the TUI, keyboard only ----------------------------------------------------------------

async def _replace(pilot, text: str) -> None:
    """Select what the focused box holds and type over it."""
    await pilot.press("home", "shift+end", *text)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_corrections_reach_the_plan_the_session_and_the_export(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    cv = save(two_column_table(), Path.cwd() / "morgan.docx")
    app = make_app(tmp_path)
    app.hand_over_to_editor = True
    async with app.run_test(size=size) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.load(cv)
        await wait_until(pilot, lambda: picker.profile is not None)
        assert "Terraform" in picker.profile.skills  # listed, in no job's bullets
        assert picker.profile.experience[0].organization == "Initrode Inc"
        count = len(picker.profile.skills)

        await pilot.press("e")
        review = app.screen
        assert isinstance(review, ProfileReviewScreen)
        assert app.focused is review.query_one("#name", Input)
        await _replace(pilot, "Morgan A. Avery")
        await pilot.press("tab", "tab")  # past "add a skill", to the skills
        skills = review.query_one("#skills")
        assert app.focused is skills
        while str(skills.get_option_at_index(skills.highlighted).prompt) != "Terraform":
            await pilot.press("down")
        await pilot.press("delete")
        await pilot.press("shift+tab", *"Go", "enter")  # add one
        await pilot.press("tab", "tab", "tab")  # the first job's title, then its employer
        assert app.focused is review.query_one("#job-0-organization", Input)
        await _replace(pilot, "Initrode Payments")
        assert f"Skills ({count})" in screen_text(app)  # one removed, one added
        await pilot.press("f10")

        assert app.screen is picker
        profile = picker.profile
        assert profile.name == "Morgan A. Avery"
        assert "Terraform" not in profile.skills and "Go" in profile.skills
        assert profile.experience[0].organization == "Initrode Payments"
        assert "✎ corrected by you" in screen_text(app)

        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Morgan A. Avery" in screen_text(app)
        form.query_one("#type", Select).value = "hr"  # the HR bank names employers
        form.query_one("#count", Input).value = "10"
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen), timeout=60)
        generate = next(s for s in app.screen_stack if isinstance(s, GenerateScreen))
        plan = generate.result
        assert plan.candidate.name == "Morgan A. Avery"
        assert "Terraform" not in plan.candidate.skills and "Go" in plan.candidate.skills
        said = json.dumps([q.model_dump() for q in plan.questions])
        assert "Terraform" not in said
        assert "Initrode Payments" in said and "Initrode Inc" not in said

        store = app.session_store()
        (summary,) = store.list()
        session = store.get(summary.id)
        assert session.profile.name == "Morgan A. Avery"
        assert session.profile.corrected == [
            "name", "skills", "experience.0.organization"
        ]
        exported = session_to_markdown(session)
        assert "Morgan A. Avery" in exported and "Terraform" not in exported
        assert "Initrode Payments" in exported
        assert json.loads(session_to_json(session))  # the JSON export holds the same
        assert "Morgan A. Avery" in export_text(plan, "markdown")


async def test_escape_asks_before_dropping_corrections(tmp_path: Path, monkeypatch) -> None:
    from iq_tui.screens.confirm import ConfirmScreen

    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)
    (Path.cwd() / "jane.pdf").write_bytes(b"%PDF-1.4 stand-in")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        picker.load(Path("jane.pdf"))
        await wait_until(pilot, lambda: picker.profile is not None)
        await pilot.press("e")
        await _replace(pilot, "Someone Else")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, ProfileReviewScreen)
        await pilot.press("escape", "y")
        assert app.screen is picker
        assert picker.profile is PROFILE  # nothing was applied


async def test_preview_marks_what_the_reader_doubts(tmp_path: Path, monkeypatch) -> None:
    doubtful = PROFILE.model_copy(update={
        "experience": [Experience(title="Data Engineer", organization="Redis")]
    })
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: doubtful)
    (Path.cwd() / "jane.pdf").write_bytes(b"%PDF-1.4 stand-in")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        picker.load(Path("jane.pdf"))
        await wait_until(pilot, lambda: picker.profile is not None)
        await pilot.pause()
        assert "1 to check" in screen_text(app)
        await pilot.press("e")
        review = app.screen
        assert app.focused is review.query_one("#job-0-organization", Input)  # the doubt
        assert "? also one of the skills" in screen_text(app)
