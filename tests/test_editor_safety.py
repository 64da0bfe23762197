"""The editor never loses an interviewer's work: the edit dialog asks before dropping changes,
a failed save (a full disk) is asked about before leaving or quitting, an $EDITOR that saves
odd bytes or cannot be parsed is an error line, and a slow regenerate can be stopped."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from _session_data import editor_app, make_session
from textual.widgets import TextArea
from tui_support import screen_text, wait_until

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.engine.models import Question
from iq_tui.engine.output.export import to_markdown
from iq_tui.screens import editor as editor_module
from iq_tui.screens.confirm import ConfirmScreen
from iq_tui.screens.editor import EditorScreen
from iq_tui.screens.question_form import QuestionForm
from iq_tui.widgets.question_list import QuestionList


@pytest.fixture
def store(tmp_path: Path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def fill_the_disk(store: SessionStore) -> None:
    """SQLite's own limit: the database may not grow by one page ("database or disk is
    full", SQLITE_FULL), as on a disk with no space left."""
    conn = store._conn
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.execute(f"PRAGMA max_page_count = {pages}")


# -- questions the interviewer writes ---------------------------------------------------------


async def test_a_question_the_interviewer_adds_is_theirs_not_offline_or_ungrounded(
    store: SessionStore,
) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("n", *"Tell me about your last outage", "ctrl+s")
        added = screen.editor.questions[1]
        assert added.source == "manual"
        shown = str(screen.query_one("#detail").content)
        assert "written by the interviewer" in shown
        assert "offline" not in shown and "not grounded" not in shown
        row = screen.query_one(QuestionList).render_line(1).text
        assert " you" in row and "!" not in row
        await pilot.press("escape")
    saved = store.get(session.id)
    markdown = to_markdown(saved.to_result())
    section = markdown.split("Tell me about your last outage", 1)[1].split("**Notes:**")[0]
    assert "written by the interviewer" in section and "Not grounded" not in section


# -- the edit dialog -------------------------------------------------------------------------


async def test_edit_dialog_escape_asks_before_dropping_changes(store: SessionStore) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        original = screen.editor.questions[0].text
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, QuestionForm)
        text = form.query_one("#text", TextArea)
        assert text.cursor_location == text.document.end  # to add, not to type over
        await pilot.press(*" and why?")
        assert text.text == original + " and why?"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: nothing lost
        assert app.screen is form and text.text.endswith(" and why?")
        await pilot.press("escape", "y")
        assert app.screen is screen and screen.editor.questions[0].text == original
        await pilot.press("e", "escape")  # nothing changed: no question asked
        assert app.screen is screen


async def test_edit_dialog_question_box_shows_four_lines_at_80x24(
    store: SessionStore,
) -> None:
    session = make_session(store, 1)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        text = app.screen.query_one("#text", TextArea)
        await pilot.pause()
        assert text.scrollable_content_region.height >= 4


# -- a save that fails: the sessions database on a full disk ------------------------------------


async def test_leaving_the_editor_with_edits_a_full_disk_refused_asks_first(
    store: SessionStore,
) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        fill_the_disk(store)
        await pilot.press("N")
        screen.query_one("#answer-notes", TextArea).insert("calm under pressure " * 400)
        await pilot.press("escape")  # focus back to the list
        await wait_until(pilot, lambda: screen._save_error is not None)
        assert "NOT SAVED" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "could not be saved" in str(app.screen.question)
        await pilot.press("n")
        assert app.screen is screen
        assert screen.editor.questions[0].answer_notes.startswith("calm under pressure")


async def test_ctrl_q_with_unsaved_edits_on_a_full_disk_asks_before_quitting(
    isolated_env: Path,
) -> None:
    from iq_tui.app import create_app

    data_dir = isolated_env / "data"
    with SessionStore(data_dir / "sessions.db") as setup:
        session = make_session(setup, 2)
    app = create_app(
        settings_path=isolated_env / "settings.toml", data_dir=data_dir, session_id=session.id
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        screen = app.screen
        fill_the_disk(app.session_store())
        await pilot.press("N")
        screen.query_one("#answer-notes", TextArea).insert("hired elsewhere? " * 400)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "could not be saved" in str(app.screen.question)
        await pilot.press("n")
        assert app.is_running and app.screen is screen
        assert screen.editor.questions[0].answer_notes.startswith("hired elsewhere?")


# -- $EDITOR ------------------------------------------------------------------------------------


async def test_editor_saving_non_utf8_text_keeps_it_and_the_app(
    store: SessionStore, tmp_path: Path, monkeypatch
) -> None:
    script = tmp_path / "latin1.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_bytes(p.read_bytes().replace(b'Question 0:', b'R\\xe9sum\\xe9 question:'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    session = make_session(store, 1)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        before = screen.editor.questions[0].text
        await pilot.press("o")
        await pilot.pause()
        assert app.is_running and screen.editor.questions[0].text == before
        message = next(str(n.message) for n in app._notifications)
        assert "not UTF-8" in message and "kept in" in message
        kept = Path(message.rsplit("kept in ", 1)[1])
        assert b"R\xe9sum\xe9 question:" in kept.read_bytes()
        kept.unlink()


async def test_editor_with_an_unbalanced_quote_is_an_error_line(
    store: SessionStore, monkeypatch
) -> None:
    monkeypatch.setenv("EDITOR", "vim '-c set tw=0")
    session = make_session(store, 1)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert app.is_running
        assert any("$EDITOR cannot be read" in str(n.message) for n in app._notifications)


# -- regenerating with a slow model ------------------------------------------------------------


async def test_a_slow_regenerate_can_be_stopped_and_is_not_queued_twice(
    store: SessionStore, monkeypatch
) -> None:
    started: list[int] = []
    release = asyncio.Event()

    async def slow(session, index, settings):
        started.append(index)
        await release.wait()
        return Question(text="A fresh one", category="hr", difficulty="mid", source="llm")

    monkeypatch.setattr(editor_module, "regenerate", slow)
    session = make_session(store, 3)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await pilot.press("r")
        await wait_until(pilot, lambda: started == [0])
        assert "regenerating 1… (esc stops)" in screen_text(app)
        await pilot.press("r")  # the same question again: said, not queued
        await pilot.pause()
        assert started == [0]
        assert any("already being regenerated" in str(n.message) for n in app._notifications)
        await pilot.press("escape")  # stops it; the editor stays
        await pilot.pause()
        assert app.screen is screen and not screen._regenerating
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.editor.questions[0].text.startswith("Question 0")
        assert not screen.editor.can_undo


async def test_a_finished_regenerate_leaves_the_cursor_where_the_user_moved_it(
    store: SessionStore, monkeypatch
) -> None:
    release = asyncio.Event()

    async def slow(session, index, settings):
        await release.wait()
        return Question(text="A fresh one", category="hr", difficulty="mid", source="llm")

    monkeypatch.setattr(editor_module, "regenerate", slow)
    session = make_session(store, 4)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await pilot.press("r", "down", "down")
        assert screen.index == 2
        release.set()
        await wait_until(pilot, lambda: screen.editor.questions[0].text == "A fresh one")
        await pilot.pause()
        assert screen.index == 2


# -- the layout at 80x24 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_plans() -> list:
    """Offline plans for the sample CV, one per interview type (long case studies included)."""
    from iq_tui.engine.planning.generation import GenerationRequest, generate_sync
    from iq_tui.engine.planning.roles import find_role, load_roles
    from iq_tui.engine.reading.extract import extract_profile
    from iq_tui.engine.settings.layers import Settings

    profile = extract_profile(Path(__file__).resolve().parent.parent / "examples" / "sample-cv.pdf")
    plans = []
    for role, itype in (("backend-engineer", "mixed"), ("data-engineer", "case_study"),
                        ("product-manager", "hr")):
        request = GenerationRequest(profile=profile, role=find_role(role, load_roles()),
                                    level="senior", interview_type=itype, count=8,
                                    provider="offline")
        plans.append((generate_sync(request, Settings()), profile))
    return plans


def _visible_detail(screen: EditorScreen) -> str:
    """The words of the detail pane that are on screen without scrolling."""
    from textual.geometry import Region

    box = screen.query_one("#detail-box")
    detail = screen.query_one("#detail")
    assert box.scroll_y == 0
    strips = detail.render_lines(Region(0, 0, detail.size.width, box.scrollable_content_region.height))
    return " ".join(" ".join(strip.text for strip in strips).split())


async def test_at_80x24_question_follow_ups_and_strong_answer_show_together(
    store: SessionStore, real_plans
) -> None:
    for result, profile in real_plans:
        session = store.create_from_result(result, profile, None)
        app = editor_app(store, session.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            for index, question in enumerate(session.questions):
                await pilot.pause()
                seen = _visible_detail(screen)
                for part in (question.text, *question.follow_ups, question.good_answer):
                    assert " ".join(part.split()) in seen, (index, part, seen)
                await pilot.press("down")
