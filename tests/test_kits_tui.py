"""Kits in the TUI: saving an edited plan as a kit (editor), starting a plan from one (form)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from _session_data import editor_app, make_session
from textual.widgets import Input
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.engine.planning.kits import kits_directory, load_kit
from iq_tui.screens.confirm import ConfirmScreen
from iq_tui.screens.editor import EditorScreen
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen
from iq_tui.screens.sessions import TextPrompt
from iq_tui.widgets.question_list import row_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kits" / "backend-core.toml"


@pytest.fixture
def store(tmp_path: Path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def shown(app) -> str:
    """The screen's words without spaces: a notification wraps where it likes."""
    return "".join(screen_text(app).split())


def told(app, words: str) -> bool:
    """Whether a notification says `words` (toasts are cut to their size on screen)."""
    return any(words in str(n.message) for n in app._notifications)


async def _save_as(pilot, name: str) -> None:
    await pilot.press("S")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
    field = pilot.app.screen.query_one("#answer", Input)
    field.value = name
    await pilot.press("enter")
    await pilot.pause()


async def test_an_edited_plan_is_saved_as_a_kit_and_replaced_only_when_asked(
    store: SessionStore,
) -> None:
    session = make_session(store, 3)
    app = editor_app(store, session.id)
    path = kits_directory() / "team-core.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        from iq_tui.palette import screen_commands

        assert "Save as kit" in [command.title for command in screen_commands(screen)]
        await _save_as(pilot, "Team core")
        await wait_until(pilot, path.exists)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        kit = load_kit("team core")
        assert kit.name == "Team core" and kit.role == "backend-engineer"
        assert [q.text for q in kit.questions] == [q.text for q in session.questions]
        assert [q.follow_ups for q in kit.questions] == [q.follow_ups for q in session.questions]
        assert "skills" not in path.read_text("utf-8")  # nothing tied to this CV
        assert [tmp.name for tmp in path.parent.iterdir()] == ["team-core.toml"]

        before = path.read_text("utf-8")
        await pilot.press("x")  # a different plan now: two questions
        await _save_as(pilot, "Team core")
        assert isinstance(app.screen, ConfirmScreen)
        assert "alreadysavedas" in shown(app)
        await pilot.press("n")
        assert path.read_text("utf-8") == before
        await _save_as(pilot, "Team core")
        await pilot.press("y")
        await wait_until(pilot, lambda: path.read_text("utf-8") != before)
        assert len(load_kit(str(path)).questions) == 2

        # a kit file that does not read as a kit is never replaced, even when asked to
        path.write_bytes(b"[kit\nname = \xff")
        await _save_as(pilot, "Team core")
        await pilot.press("y")
        await wait_until(pilot, lambda: told(app, "not UTF-8 text (byte 0xff"))
        assert told(app, "it was not replaced")
        assert path.read_bytes() == b"[kit\nname = \xff"
        assert isinstance(app.screen, EditorScreen)


async def test_saving_a_kit_asks_first_when_questions_quote_the_cv(store: SessionStore) -> None:
    session = make_session(store, 3)
    session.questions[1].evidence = "Python developer"
    store.save(session)
    app = editor_app(store, session.id)
    path = kits_directory() / "quoted.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await _save_as(pilot, "Quoted")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Q2quotethiscandidate'sCV" in shown(app)
        await pilot.press("n")
        await pilot.pause()
        assert not path.exists()
        await _save_as(pilot, "Quoted")
        await pilot.press("y")
        await wait_until(pilot, path.exists)
        assert "evidence" not in path.read_text("utf-8")


async def test_a_plan_started_from_a_kit_opens_with_its_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)
    folder = kits_directory()
    folder.mkdir(parents=True)
    (folder / "backend-core.toml").write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    (folder / "broken.toml").write_text("[kit", encoding="utf-8")
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Roe\nPython\n", encoding="utf-8")
    app = make_app(tmp_path, cv=str(cv))
    kit = load_kit("backend-core")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen
        await pilot.pause()
        assert "Kits:Backendcore(3)" in shown(app)
        form.query_one("#kit", Input).focus()
        await pilot.press(*"broken")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: told(app, "broken.toml: not valid TOML"))
        assert app.screen is form
        form.query_one("#kit", Input).value = ""
        await pilot.press(*"backend c", "right")  # the name completes
        assert form.query_one("#kit", Input).value == "Backend core"
        assert "3corequestionsfirst" in shown(app)
        await pilot.press("ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None)
        questions = screen.result.questions
        assert len(questions) == 4  # the form's count covers the kit's questions too
        assert questions[:3] == list(kit.questions)
        assert questions[3].source == "offline" and not questions[3].core


def test_the_list_marks_core_questions() -> None:
    kit = load_kit(str(EXAMPLE))
    from iq_tui.engine.interview.sessions import SessionQuestion

    core = SessionQuestion(**kit.questions[0].model_dump())
    plain = SessionQuestion(**kit.questions[0].model_dump() | {"core": False, "source": "offline"})
    for compact in (False, True):
        assert "◆" in row_text(1, core, compact=compact).plain
        assert "◆" not in row_text(1, plain, compact=compact).plain
    from iq_tui.screens.editor import detail_text
    from iq_tui.widgets.render import question_text

    for render in (lambda q: detail_text(1, q), lambda q: question_text(0, q)):
        assert "◆ core" in render(core).plain and "◆" not in render(plain).plain
