"""Snapshots of every screen at 80x24 and 120x40 (update with `pytest --snapshot-update`).

Deterministic on purpose: a fixed profile instead of a live extraction, a scripted event
stream instead of a generator, and the live view's clock frozen at zero.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from tui_support import PROFILE, make_app, wait_until

from iq_tui.engine.planning.events import Done, FellBack, QuestionReady, Status
from iq_tui.engine.planning.generation import GenerationRequest
from iq_tui.engine.models import ProviderInfo, Question
from iq_tui.engine.planning.roles import find_role, load_roles
from iq_tui.flow import partial_result
from iq_tui.screens.confirm import ConfirmScreen
from iq_tui.screens.export import ExportScreen
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen

QUESTIONS = [
    Question(
        text="How did you keep the payments API idempotent under retries?",
        category="technical",
        difficulty="senior",
        skills=["Python", "PostgreSQL"],
        source="offline",
        rationale="Acme payments work on the CV.",
        follow_ups=["What broke first?"],
    ),
    Question(
        text="When would you not put Redis in front of PostgreSQL?",
        category="technical",
        difficulty="mid",
        skills=["Redis"],
        source="offline",
    ),
    Question(
        text="Tell me about a production incident you led.",
        category="behavioral",
        difficulty="mid",
        source="offline",
    ),
]
REASON = "no OpenAI API key configured"


async def scripted_generate(request, settings):
    yield Status("generating offline", provider="offline")
    yield FellBack(REASON)
    for index, question in enumerate(QUESTIONS):
        yield QuestionReady(index, question)
    info = ProviderInfo(name="offline", used_fallback=True, fallback_reason=REASON)
    yield Done(partial_result(request, QUESTIONS, info))


CV = Path("jane-roe.pdf")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)
    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", scripted_generate)
    (Path.cwd() / CV).write_bytes(b"%PDF-1.4 stand-in: extraction is faked here")
    return make_app(tmp_path)


def _request() -> GenerationRequest:
    role = find_role("backend-engineer", load_roles())
    return GenerationRequest(
        PROFILE, role, "mid", "technical", count=3, provider="offline"
    )


async def _picked(pilot) -> None:
    picker = pilot.app.screen
    picker.load(CV)
    await wait_until(pilot, lambda: picker.profile is not None)
    await pilot.pause()


async def _form(pilot) -> None:
    await pilot.app.push_screen(FormScreen(PROFILE, CV))
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the snapshot a coin toss
    await pilot.pause()


async def _form_level_note(pilot) -> None:
    """A junior plan asked for a senior engineer's CV: the form's note on the level."""
    from textual.widgets import Select

    await _form(pilot)
    pilot.app.screen.query_one("#level", Select).value = "junior"
    await pilot.pause()


async def _generated(pilot) -> None:
    screen = GenerateScreen(_request(), CV)
    await pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: screen.result is not None)
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def _export(pilot) -> None:
    info = ProviderInfo(name="offline", used_fallback=True, fallback_reason=REASON)
    await pilot.app.push_screen(
        ExportScreen(partial_result(_request(), QUESTIONS, info))
    )
    await pilot.pause()


async def _confirm(pilot) -> None:
    await _export(pilot)
    await pilot.app.push_screen(
        ConfirmScreen("jane-roe-backend-engineer.md exists. Overwrite it?")
    )
    await pilot.pause()


async def _help(pilot) -> None:
    from iq_tui.screens.help import HelpScreen

    await _form(pilot)
    await pilot.press("f1")
    # Under load the modal can take more than one pause to mount and lay out.
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await pilot.app.screen.wait_for_refresh()
    await pilot.pause()
    await pilot.pause()


STATES = {
    "picker": _picked,
    "form": _form,
    "form-level-note": _form_level_note,
    "generate": _generated,
    "export": _export,
    "confirm": _confirm,
    "help": _help,
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", list(STATES))
def test_screen_snapshot(snap_compare, app, state: str, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])
