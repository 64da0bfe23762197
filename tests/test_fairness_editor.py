"""The editor flags a question the interviewer types that touches a protected characteristic,
with the reason, and lets the interviewer keep it."""

from __future__ import annotations

from pathlib import Path

import pytest
from _session_data import editor_app, make_session
from textual.widgets import Static, TextArea
from tui_support import wait_until

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.screens.editor import EditorScreen


@pytest.fixture
def store(tmp_path: Path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def _detail(screen: EditorScreen) -> str:
    return str(screen.query_one("#detail", Static).content)


async def _add_question(pilot, text: str) -> None:
    """`n`, then type once the dialog's question box has focus (keys sent before it would go
    to the editor)."""
    await pilot.press("n")
    await wait_until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "text")
    await pilot.press(*text, "ctrl+s")


def _status(screen: EditorScreen) -> str:
    return str(screen.query_one("#editor-status", Static).content)


async def test_a_typed_question_about_family_is_flagged_and_kept(store: SessionStore) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert "protected" not in _detail(screen) and "protected" not in _status(screen)
        await _add_question(pilot, "Are you planning a family soon?")
        assert screen.index == 1
        detail = _detail(screen)
        assert "⚑ protected: pregnancy or children" in detail
        assert "asks whether the candidate has or plans children" in detail
        assert "US EEOC" in detail and "UK" in detail
        assert "⚑ 1 protected" in _status(screen)
        await pilot.press("up")  # the other questions carry no mark
        assert "protected" not in _detail(screen)
        assert screen.save()
    # the interviewer may keep it: it is saved as typed
    kept = store.get(session.id)
    assert [q.text for q in kept.questions][1] == "Are you planning a family soon?"


async def test_rewording_the_question_clears_the_flag(store: SessionStore) -> None:
    session = make_session(store, 1)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await _add_question(pilot, "When did you finish high school?")
        assert "⚑ protected: age" in _detail(screen)
        await pilot.press("e")
        app.screen.query_one("#text", TextArea).load_text("When did you finish the migration?")
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert screen.editor.questions[1].text == "When did you finish the migration?"
        assert "protected" not in _detail(screen) and "protected" not in _status(screen)
