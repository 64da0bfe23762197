"""Snapshots of the question editor, its edit form, the sessions and the settings screens, at
80x24 and 120x40 (update with `pytest --snapshot-update`).

Deterministic: fixed sessions saved at fixed times under a frozen clock (`snapshot_sessions`),
relative paths (the test's own working directory), no blinking cursors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_sessions import FrozenClock, make_sessions
from textual.widgets import Input, TextArea

from iq_tui.app import IqApp, create_app
from iq_tui.engine.interview.sessions import SessionStore


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> IqApp:
    clock = FrozenClock(monkeypatch)
    Path("settings.toml").write_text(
        "[llm]\nenabled = false\ncount = 6\n", encoding="utf-8"
    )
    with SessionStore(Path("data") / "sessions.db") as store:
        newest = make_sessions(store, clock)
    app = create_app(settings_path=Path("settings.toml"), data_dir=Path("data"))
    app.newest_session = newest.id  # type: ignore[attr-defined]
    return app


async def _steady(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


async def _editor(pilot) -> None:
    pilot.app.open_session(pilot.app.newest_session)
    await pilot.pause()
    await pilot.press("down")  # an LLM question with follow-ups, not the first row
    await _steady(pilot)


async def _question_form(pilot) -> None:
    await _editor(pilot)
    await pilot.press("e")
    await _steady(pilot)


async def _sessions(pilot) -> None:
    pilot.app.action_sessions()
    await _steady(pilot)


async def _settings(pilot) -> None:
    pilot.app.action_settings()
    await pilot.pause()
    await _steady(pilot)


async def _interview(pilot) -> None:
    """Mid-interview on question 2: rated 3, a note typed, a clock that stands still."""
    await _editor(pilot)
    pilot.app.screen.open_interview(lambda: 0.0)
    await pilot.pause()
    await pilot.press("3", "enter", *"Keys in Redis, 24 h expiry")
    await pilot.press("escape")
    await _saved(pilot)


async def _interview_summary(pilot) -> None:
    await _interview(pilot)
    await pilot.press("n", "4", "f", "3")
    await _saved(pilot)


async def _saved(pilot) -> None:
    """Saved now, not whenever the autosave timer fires under load: 'saved just now' always."""
    screen = pilot.app.screen
    screen.host.save()
    screen._show_status()
    await _steady(pilot)


STATES = {
    "editor": _editor,
    "interview": _interview,
    "interview_summary": _interview_summary,
    "question_form": _question_form,
    "sessions": _sessions,
    "settings": _settings,
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", list(STATES))
def test_screen_snapshot(snap_compare, app, state: str, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])
