"""The CV picker's defects (issues 9 and 10): long names in the tree, iq-tui's own exports
taken for CVs, Enter and the completion, `/` and the old path, over-long path components."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import CVS
from textual.widgets import Input
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.errors import CVError
from iq_tui.engine.models import CandidateRef, GenerationResult, ProviderInfo, Question, RoleRef
from iq_tui.engine.output.export import to_markdown
from iq_tui.engine.reading.extract import extract_profile
from iq_tui.files import fit_name
from iq_tui.screens.picker import PickerScreen
from iq_tui.widgets.paths import CVTree, is_cv_candidate

LONG_NAMES = ["resume-matcher-single-column.pdf", "resume-matcher-two-column.pdf"]


def _plan_markdown() -> str:
    result = GenerationResult(
        role=RoleRef(id="backend-engineer", name="Backend Engineer", category="backend"),
        level="mid",
        interview_type="technical",
        candidate=CandidateRef(name="Jane Roe", skills=["Python"]),
        provider=ProviderInfo(name="offline"),
        questions=[Question(text="How do you test?", category="technical", difficulty="mid")],
    )
    return to_markdown(result, generated=datetime(2026, 5, 4, tzinfo=UTC))


# -- long names ----------------------------------------------------------------------------

def test_fit_name_keeps_the_end_and_the_extension() -> None:
    assert fit_name("cv.pdf", 20) == "cv.pdf"
    short = [fit_name(name, 24) for name in LONG_NAMES]  # a first-level row at 80 columns
    assert all(len(s) == 24 for s in short)
    assert short[0].endswith("column.pdf") and short[1].endswith("column.pdf")
    assert len(set(short)) == 2  # the two rows still differ
    assert fit_name("resume-matcher-single-column.pdf", 3) == "r…f"


async def test_tree_rows_at_80_columns_tell_long_names_apart(tmp_path: Path) -> None:
    for name in LONG_NAMES:
        shutil.copy(CVS / name, Path.cwd() / name)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(CVTree))
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if "resume-" in line]
        labels = {line.split("📄 ")[1].split("pdf")[0] + "pdf" for line in rows}
        assert len(labels) == 2, rows  # before: both rows read "resume-matcher-sin"/"-two"
        assert all(label.endswith("column.pdf") for label in labels), rows


# -- iq-tui's own exports are not CVs --------------------------------------------------------

def test_exported_plan_is_refused_as_a_cv(tmp_path: Path) -> None:
    plan = tmp_path / "jane-roe-backend-engineer.md"
    plan.write_text(_plan_markdown(), encoding="utf-8")
    with pytest.raises(CVError, match="is an interview plan exported by iq-tui, not a CV"):
        extract_profile(plan)


def test_exported_session_is_refused_as_a_cv(tmp_path: Path) -> None:
    from iq_tui.engine.interview.sessions import SessionStore
    from iq_tui.engine.output.session_export import session_to_markdown

    store = SessionStore(tmp_path / "s.db")
    result = GenerationResult.model_validate_json(
        '{"role": {"id": "x", "name": "X", "category": "backend"}, "level": "mid",'
        ' "interview_type": "hr", "candidate": {"name": "Jane"},'
        ' "provider": {"name": "offline"}}'
    )
    session = store.create_from_result(result, PROFILE, None)
    path = tmp_path / "session.md"
    path.write_text(session_to_markdown(session), encoding="utf-8")
    with pytest.raises(CVError, match="is an interview session exported by iq-tui, not a CV"):
        extract_profile(path)


def test_markdown_cv_is_still_a_candidate(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text("# Interview plan: how I run them\n\nJane Roe\nPython\n", encoding="utf-8")
    plan = tmp_path / "plan.md"
    plan.write_text(_plan_markdown(), encoding="utf-8")
    assert is_cv_candidate(cv)
    assert not is_cv_candidate(plan)


async def test_exported_plan_is_hidden_from_the_tree(tmp_path: Path) -> None:
    (Path.cwd() / "jane-roe-backend-engineer.md").write_text(_plan_markdown(), "utf-8")
    (Path.cwd() / "notes-cv.md").write_text("Jane Roe\nSkills: Python\n", "utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "notes-cv.md" in screen_text(app))
        assert "jane-roe-backend" not in screen_text(app)


# -- the path box ----------------------------------------------------------------------------

async def _path_box(pilot) -> Input:
    await wait_until(pilot, lambda: pilot.app.screen.query(CVTree))
    await pilot.press("slash")
    box = pilot.app.screen.query_one("#path", Input)
    assert box.has_focus
    return box


async def test_enter_takes_the_completion_shown(tmp_path: Path) -> None:
    shutil.copy(CVS / "multi-degree-coursework.pdf", Path.cwd() / "multi-degree-coursework.pdf")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _path_box(pilot)
        await pilot.press(*"multi")
        box = app.screen.query_one("#path", Input)
        await wait_until(pilot, lambda: box._suggestion == "multi-degree-coursework.pdf")
        await pilot.press("enter")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await wait_until(pilot, lambda: picker.profile is not None or "✗" in screen_text(app))
        assert picker.cv_path == Path("multi-degree-coursework.pdf")


async def test_slash_selects_the_old_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)
    (Path.cwd() / "old.pdf").write_bytes(b"%PDF-1.4 stand-in")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        await wait_until(pilot, lambda: picker.query(CVTree))
        picker.load(Path("old.pdf"))
        await wait_until(pilot, lambda: picker.profile is not None)
        box = await _path_box(pilot)
        assert box.selected_text == "old.pdf"
        await pilot.press(*"new")
        assert box.value == "new"


@pytest.mark.parametrize("where", ["name", "folder"])
async def test_a_path_component_over_255_bytes_is_a_message(tmp_path: Path, where: str) -> None:
    long = "é" * 200  # 400 bytes in UTF-8
    typed = f"{long}.pdf" if where == "name" else f"{long}/cv.pdf"
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await _path_box(pilot)
        box.value = typed
        await pilot.pause()
        await pilot.press("tab")  # completion looks the name up too
        await pilot.press("slash")
        box.value = typed
        await pilot.press("enter")
        await wait_until(pilot, lambda: "✗" in screen_text(app))
        assert isinstance(app.screen, PickerScreen)
        status = str(app.screen.query_one("#status").render())
        assert status.startswith("✗ ") and status.endswith("cannot be read: File name too long")
        assert len(status) < 120  # the 200-character name is cut in the middle


async def test_a_docx_cv_is_listed_and_previewed(tmp_path: Path) -> None:
    from test_docx import save, two_column_table

    save(two_column_table(), Path.cwd() / "morgan.docx")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "morgan.docx" in screen_text(app))
        await _path_box(pilot)
        await pilot.press(*"morg", "enter")  # the completion shown is taken
        picker = app.screen
        await wait_until(pilot, lambda: picker.profile is not None or "✗" in screen_text(app))
        assert picker.profile is not None and picker.profile.name == "Morgan Avery"
        assert "Morgan Avery" in screen_text(app)
