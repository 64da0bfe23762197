"""Pilot tests of the question editor: every action, undo/redo, saving, export."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from _session_data import editor_app, make_session
from textual.widgets import Input, Static, TextArea

from iq_tui.engine.models import Question
from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.screens import editor as editor_module
from iq_tui.screens.editor import EditorScreen
from iq_tui.widgets.question_list import QuestionList


@pytest.fixture
def store(tmp_path: Path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def real_app_on_a_session(home: Path, count: int):
    """The real app (`iq-tui --session ID`) on a new session of `count` questions in `home`."""
    from iq_tui.app import create_app

    data_dir = home / "data"
    with SessionStore(data_dir / "sessions.db") as store:
        session = make_session(store, count)
    app = create_app(
        settings_path=home / "settings.toml", data_dir=data_dir, session_id=session.id
    )
    return app, session, data_dir


def texts(screen: EditorScreen) -> list[str]:
    return [q.text.split(":")[0] for q in screen.editor.questions]


def detail(screen: EditorScreen) -> str:
    return str(screen.query_one("#detail", Static).content)


async def test_list_and_detail_show_text_literally(store: SessionStore) -> None:
    session = make_session(store, 5)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        qlist = screen.query_one(QuestionList)
        line = qlist.render_line(0).text
        assert "tech " in line and "about [b" in line  # "[bold]" shown, not applied
        assert "[bold]Python[/bold]" in detail(screen)  # markup is shown, not applied
        assert "because 0" in detail(screen) and "follow 0a" in detail(screen)
        await pilot.press("down", "down")
        assert screen.index == 2 and "because 2" in detail(screen)
        await pilot.press("end")
        assert screen.index == 4
        await pilot.press("home")
        assert screen.index == 0


async def test_structure_actions_and_undo_redo(store: SessionStore) -> None:
    session = make_session(store, 4)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        start = texts(screen)
        await pilot.press("J")  # move question 0 down
        assert texts(screen) == ["Question 1", "Question 0", "Question 2", "Question 3"]
        assert screen.index == 1
        await pilot.press("shift+up")
        assert texts(screen) == start and screen.index == 0
        await pilot.press("d")  # duplicate
        assert texts(screen)[:2] == ["Question 0", "Question 0"] and screen.index == 1
        await pilot.press("x")  # delete the copy; the cursor stays on the next question
        await pilot.press("x")
        assert texts(screen) == ["Question 0", "Question 2", "Question 3"]
        await pilot.press("u")
        assert texts(screen) == start and screen.index == 1
        await pilot.press("ctrl+z", "u")  # undo the first delete, then the duplicate
        assert texts(screen) == start
        await pilot.press("u")  # undo the move up
        assert texts(screen) == ["Question 1", "Question 0", "Question 2", "Question 3"]
        await pilot.press("u", "u")  # the move down; then there is nothing left
        assert texts(screen) == start and not screen.editor.can_undo
        await pilot.press("U", "ctrl+y")
        assert texts(screen) == start and screen.editor.can_redo
        await pilot.press("U")
        assert texts(screen)[:2] == ["Question 0", "Question 0"]


async def test_field_actions_and_undo(store: SessionStore) -> None:
    session = make_session(store, 3)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        q = lambda: screen.editor.questions[0]
        await pilot.press("c")
        assert q().category == "case_study"
        await pilot.press("l")
        assert q().difficulty == "senior"
        await pilot.press("space")
        assert q().asked and "✓ asked" in detail(screen)
        assert "✓" in screen.query_one(QuestionList).render_line(0).text
        await pilot.press("a")
        assert not q().asked
        await pilot.press("u", "u", "u", "u")
        assert (q().category, q().difficulty, q().asked) == ("technical", "mid", False)


async def test_edit_form_saves_every_field_and_escape_cancels(
    store: SessionStore,
) -> None:
    session = make_session(store, 3)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("down", "e")
        form = app.screen
        form.query_one("#text", TextArea).load_text("How would you shard Postgres?")
        form.query_one("#skills", Input).value = "PostgreSQL, Sharding"
        form.query_one("#rationale", TextArea).load_text("scaling experience")
        form.query_one("#follow_ups", TextArea).load_text(
            "- and rebalancing?\n- hot keys?"
        )
        form.query_one("#good_answer", TextArea).load_text("hash vs range")
        from textual.widgets import Select

        form.query_one("#category", Select).value = "case_study"
        form.query_one("#difficulty", Select).value = "senior"
        await pilot.press("ctrl+s")
        assert app.screen is screen
        q = screen.editor.questions[1]
        assert q.text == "How would you shard Postgres?" and q.edited
        assert (
            q.skills == ["PostgreSQL", "Sharding"]
            and q.rationale == "scaling experience"
        )
        assert (
            q.follow_ups == ["and rebalancing?", "hot keys?"]
            and q.good_answer == "hash vs range"
        )
        assert (q.category, q.difficulty) == ("case_study", "senior")
        await pilot.press("e")
        app.screen.query_one("#text", TextArea).load_text("discarded")
        await pilot.pause()
        assert (
            screen.editor.questions[1].text == "discarded"
        )  # drafts apply as you type
        await pilot.press("escape", "y")  # changes: Esc asks before it drops them
        assert screen.editor.questions[1].text == "How would you shard Postgres?"
        await pilot.press("u")  # the whole first form was one step
        assert screen.editor.questions[1].text.startswith("Question 1:")
        assert not screen.editor.can_undo


async def test_add_opens_the_form_for_the_new_question(store: SessionStore) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press(
            "n", *"Brand new?"
        )  # the placeholder is selected: typing replaces it
        await pilot.press("ctrl+s")
        assert texts(screen) == ["Question 0", "Brand new?", "Question 1"]
        assert screen.index == 1
        await pilot.press("n", *"Second thoughts", "escape", "y")  # cancelling takes it away
        assert texts(screen) == ["Question 0", "Brand new?", "Question 1"]
        await pilot.press("u")  # the first add and its text were one step
        assert texts(screen) == ["Question 0", "Question 1"]


async def test_filter_by_text_and_category(store: SessionStore) -> None:
    session = make_session(store, 8)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        qlist = screen.query_one(QuestionList)
        await pilot.press("slash", *"because")
        screen.query_one("#filter", Input).value = "because 5"
        await pilot.pause()
        assert qlist.rows == [5] and screen.index == 5
        await pilot.press("enter")  # keep the filter, back to the list
        assert screen.focused is qlist
        await pilot.press("escape")  # clears the filter
        assert qlist.rows == list(range(8))
        await pilot.press("f")  # hr
        assert qlist.rows == [2, 6]
        await pilot.press("f")  # technical
        assert qlist.rows == [0, 4]
        await pilot.press("slash")
        screen.query_one("#filter", Input).value = "postgres"
        await pilot.press("enter")
        assert qlist.rows == [0, 4]
        await pilot.press("slash")
        screen.query_one("#filter", Input).value = "zzz"
        await pilot.pause()
        assert qlist.rows == [] and "No questions match" in detail(screen)
        await pilot.press("escape", "escape")
        assert len(qlist.rows) == 8


async def test_answer_notes_are_saved_after_a_pause_and_on_exit(
    store: SessionStore,
) -> None:
    session = make_session(store, 3)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await pilot.press("N", *"strong", "escape")
        assert screen.editor.questions[0].answer_notes == "strong"
        await pilot.pause(0.8)
        assert store.get(session.id).questions[0].answer_notes == "strong"
        await pilot.press("down", "space")
        await pilot.press("escape")  # leaving saves at once
        assert store.get(session.id).questions[1].asked


async def test_general_notes_are_saved_as_typed_and_undone_per_visit(
    store: SessionStore,
) -> None:
    from iq_tui.screens.help import HelpScreen
    from iq_tui.screens.notes import NotesScreen

    session = make_session(store, 3)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        rows = {row[2]: row[:2] for row in HelpScreen.for_screen(screen).rows}
        assert rows["editor.general_notes"] == (
            "m",
            "General notes (the whole interview)",
        )
        assert rows["editor.edit"] == (
            "e / ⏎",
            "Edit",
        )  # every key of a binding, one row
        await pilot.press("m")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*"calm", "enter", *"[b]x")
        await pilot.pause(0.8)  # saved while the dialog is still open
        assert store.get(session.id).notes == "calm\n[b]x"
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("m", *" ok", "escape")
        assert screen.session.notes == "calm\n[b]x ok"
        await pilot.press("u")  # the second visit is one step
        assert screen.session.notes == "calm\n[b]x"
        assert any("general notes changed" in n.message for n in app._notifications)
        await pilot.press("u")
        assert screen.session.notes == "" and not screen.editor.can_undo
        await pilot.press("U", "m")
        area = app.screen.query_one(TextArea)
        assert area.text == "calm\n[b]x"  # the dialog opens on the current notes
        await pilot.press("escape", "escape")  # leaving the editor saves at once
    assert store.get(session.id).notes == "calm\n[b]x"


async def test_open_in_external_editor(
    store: SessionStore, tmp_path: Path, monkeypatch
) -> None:
    script = tmp_path / "ed.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('Question 0:', 'From vim:'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await pilot.press("o")
        assert screen.editor.questions[0].text.startswith("From vim: tell me")
        monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(4)'")
        await pilot.press("o")
        await pilot.pause()
        assert screen.editor.questions[0].text.startswith("From vim")
        assert any("status 4" in str(n.message) for n in app._notifications)


async def test_an_editor_that_cannot_start_gives_the_terminal_back(
    store: SessionStore, tmp_path: Path, monkeypatch
) -> None:
    """Textual's suspend() resumes only when its block ends normally: an $EDITOR that does
    not exist left the app suspended (blank screen, keys echoed) for good."""
    from contextlib import contextmanager

    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    session = make_session(store, 1)
    app = editor_app(store, session.id)
    states: list[str] = []

    @contextmanager
    def suspend():  # Textual's shape: no try/finally around the yield
        states.append("suspended")
        yield
        states.append("resumed")

    async with app.run_test(size=(120, 30)) as pilot:
        monkeypatch.setattr(app, "suspend", suspend)
        await pilot.press("o")
        await pilot.pause()
        assert states == ["suspended", "resumed"]
        assert any(
            "cannot start the editor" in str(n.message) for n in app._notifications
        )


async def test_regenerate_one_question_keeps_the_others(
    store: SessionStore, monkeypatch
) -> None:
    calls = []

    async def fake_regenerate(session, index, settings):
        calls.append((index, session.profile.text))
        return Question(
            text="A regenerated question",
            category="hr",
            difficulty="senior",
            source="offline",
        )

    monkeypatch.setattr(editor_module, "regenerate", fake_regenerate)
    session = make_session(store, 3)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        before = list(screen.editor.questions)
        await pilot.press("down", "r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == [(1, "Python developer")]  # the stored profile is used
        after = screen.editor.questions
        assert after[0] is before[0] and after[2] is before[2]
        assert after[1].id == before[1].id and after[1].text == "A regenerated question"
        await pilot.press("u")
        assert screen.editor.questions[1] is before[1]


async def test_regenerate_failure_is_a_notification(
    store: SessionStore, monkeypatch
) -> None:
    async def broken(session, index, settings):
        raise RuntimeError("bank missing")

    monkeypatch.setattr(editor_module, "regenerate", broken)
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and not app.screen.editor.can_undo
        assert any("bank missing" in str(n.message) for n in app._notifications)


async def test_export_and_copy(store: SessionStore, tmp_path: Path) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "y")
        assert "- [x] 1. Question 0" in app.clipboard
        await pilot.press("s")
        export = app.screen
        target = tmp_path / "plan.json"
        await pilot.press("j")
        export.query_one("#path", Input).value = str(target)
        await pilot.press("s")
        await pilot.pause()
    import json

    data = json.loads(target.read_text())
    assert data["questions"][0]["asked"] is True and data["session"]["id"] == session.id


async def test_unknown_session_is_a_store_error(store: SessionStore) -> None:
    from iq_tui.engine.errors import SessionStoreError

    with pytest.raises(SessionStoreError):
        EditorScreen(store, "deadbeef")


async def test_form_drafts_are_saved_while_the_form_is_open(
    store: SessionStore,
) -> None:
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "end", *" draft")
        await pilot.pause(0.8)  # past the save delay, the form still open
        assert store.get(session.id).questions[0].text.endswith("project 0 draft")
        await pilot.press("ctrl+s")
        assert app.screen.editor.questions[0].text.endswith("project 0 draft")


async def test_quitting_the_app_saves_pending_edits(
    store: SessionStore, monkeypatch
) -> None:
    monkeypatch.setattr(editor_module, "SAVE_DELAY", 600)  # only the exit path can save
    monkeypatch.setattr(editor_module, "SAVE_MAX_DELAY", 600)
    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "space", "N", *"ok")
        assert store.get(session.id).questions[1].answer_notes == ""
        await pilot.exit(None)
    saved = store.get(session.id).questions[1]
    assert saved.asked and saved.answer_notes == "ok"


async def test_real_app_opens_the_session_and_lists_editor_commands(
    isolated_env: Path,
) -> None:
    app, session, _ = real_app_on_a_session(isolated_env, 3)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert (
            isinstance(app.screen, EditorScreen) and app.screen.session.id == session.id
        )
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Regenerate",
            "Undo",
            "Redo",
            "$EDITOR",
            "Asked",
            "Export",
            "General notes",
        } <= titles
        await pilot.press("f3")  # the app's key for the sessions screen
        from iq_tui.screens.sessions import SessionsScreen

        assert isinstance(app.screen, SessionsScreen)


TYPED = "strong answer, clear trade-offs"


@pytest.mark.parametrize(
    ("opener", "typed_into"),
    [
        ("N", lambda s: s.questions[0].answer_notes),  # the answer notes box
        ("m", lambda s: s.notes),  # the general notes dialog
        ("e", lambda s: s.questions[0].text),  # the edit form (typed before the text)
    ],
)
async def test_ctrl_q_right_after_typing_keeps_every_key(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, opener: str, typed_into
) -> None:
    """A terminal delivers typing and ctrl+q in one burst; ctrl+q (an app priority binding)
    must not overtake the keys still queued for the focused box."""
    from textual import events

    monkeypatch.setattr(editor_module, "SAVE_DELAY", 600)  # only the exit path can save
    monkeypatch.setattr(editor_module, "SAVE_MAX_DELAY", 600)
    app, session, data_dir = real_app_on_a_session(isolated_env, 2)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press(opener, "home" if opener == "e" else "end")
        for key in [*TYPED, "ctrl+q"]:  # no pause between keys, as from a terminal
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(40):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    with SessionStore(data_dir / "sessions.db") as store:
        assert typed_into(store.get(session.id)).startswith(TYPED)


async def test_f1_shows_every_binding_id_whole_at_80x24(
    store: SessionStore, tmp_path: Path
) -> None:
    """The ids are what a user types into ui.keymap: none may be cut with an ellipsis."""
    from textual.containers import VerticalScroll
    from tui_support import screen_text

    from iq_tui.screens.help import HelpScreen

    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        help_screen = HelpScreen.for_screen(app.screen)
        await app.push_screen(help_screen)
        await pilot.pause()
        ids = [row[2] for row in help_screen.rows if row[2]]
        assert "editor.filter_category" in ids
        box = help_screen.query_one(VerticalScroll)
        seen = ""
        for _ in range(10):  # the table scrolls at 24 rows: read it page by page
            seen += screen_text(app)
            box.scroll_page_down(animate=False)
            await pilot.pause()
        assert [i for i in ids if i not in seen] == []


async def test_footer_offers_no_key_the_focused_text_box_types(
    store: SessionStore,
) -> None:
    """In the answer notes, Enter is a new line and "/" a slash: neither "⏎ Edit" nor
    "/ Filter" may be offered there (Textual could not tell "slash" is typed)."""
    from tui_support import screen_text

    session = make_session(store, 2)
    app = editor_app(store, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert {"slash", "enter"} <= set(screen.active_bindings)
        await pilot.press("N")
        assert not {"slash", "enter", "e"} & set(screen.active_bindings)
        footer = screen_text(app).splitlines()[-1]
        assert "Filter" not in footer and "Edit" not in footer
        await pilot.press(*"a/b", "enter", "c")
        assert screen.editor.questions[0].answer_notes == "a/b\nc"
        await pilot.press("escape", "slash")  # out of the notes: "/" filters again
        assert screen.focused is screen.query_one("#filter")
        assert "slash" not in screen.active_bindings


async def test_list_growing_past_its_height_gets_no_horizontal_scrollbar(
    store: SessionStore,
) -> None:
    """Adding the question that overflows the list (a vertical scrollbar appears) must not
    add a horizontal scrollbar too: the rows are cut to the width, never scrolled sideways
    (seen in tmux at 80x24: a bar ate the list's last row)."""
    session = make_session(store, 30)
    app = editor_app(store, session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        qlist = screen.query_one(QuestionList)
        await pilot.press("n", *"One more?", "ctrl+s")
        await pilot.pause()
        assert len(screen.editor.questions) == 31
        assert qlist.show_vertical_scrollbar
        assert not qlist.show_horizontal_scrollbar
