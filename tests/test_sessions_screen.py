"""Pilot tests of the sessions screen: list, search, open, rename, duplicate, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from _session_data import make_session
from textual.app import App
from textual.widgets import DataTable, Input

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.screens.editor import EditorScreen
from iq_tui.screens.sessions import SessionsScreen


class SessionsApp(App[None]):
    def __init__(self, store: SessionStore) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(SessionsScreen(self.store))


@pytest.fixture
def store(tmp_path: Path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def cells(screen: SessionsScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_list_search_open_and_come_back(store: SessionStore) -> None:
    ada = make_session(store, 3, name="Ada Lovelace")
    grace = make_session(store, 12, name="Grace Hopper")
    app = SessionsApp(store)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = app.screen
        rows = cells(screen)
        assert rows[0][:5] == [
            "Grace Hopper",
            "Backend Engineer",
            "Mid",
            "12",
            "just now",
        ]
        assert rows[1][0] == "Ada Lovelace" and rows[1][5] == ada.id
        await pilot.press("slash", *"ada")
        assert [r[0] for r in cells(screen)] == ["Ada Lovelace"]
        await pilot.press("enter", "enter")  # leave the search box, open the session
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.session.id == ada.id
        await pilot.press("space", "escape")  # mark asked, leave (saves)
        assert app.screen is screen
        assert store.get(ada.id).questions[0].asked
        assert cells(screen)[0][0] == "Ada Lovelace"  # still filtered, reloaded
        await pilot.press("slash", "escape")  # clears the search
        assert len(cells(screen)) == 2
        assert grace.id in {r[5] for r in cells(screen)}


async def test_rename_duplicate_delete(store: SessionStore) -> None:
    session = make_session(store, 3, name="Ada Lovelace")
    app = SessionsApp(store)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = app.screen
        await pilot.press("r")
        app.screen.query_one(Input).value = "Final round"
        await pilot.press("enter")
        assert store.get(session.id).title == "Final round"
        assert cells(screen)[0][-1] == "Final round"
        await pilot.press("d", *"Alan Turing", "enter")
        rows = cells(screen)
        assert len(rows) == 2 and {r[0] for r in rows} == {
            "Ada Lovelace",
            "Alan Turing",
        }
        assert screen.selected_id != session.id  # the cursor is on the copy
        copy_id = screen.selected_id
        await pilot.press("x", "n")  # asked, and declined
        assert len(cells(screen)) == 2
        await pilot.press("x", "y")
        assert [r[5] for r in cells(screen)] == [session.id]
        assert copy_id not in {s.id for s in store.list()}
        await pilot.press("escape")
        assert not isinstance(app.screen, SessionsScreen)


async def test_empty_store_says_so(store: SessionStore) -> None:
    app = SessionsApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter", "x", "r", "d")  # nothing selected: nothing happens
        assert isinstance(app.screen, SessionsScreen)
        status = str(app.screen.query_one("#sessions-status").content)
        assert "none saved yet" in status


def _real_app(isolated_env: Path, session_id: str):
    from iq_tui.app import create_app

    return create_app(
        settings_path=isolated_env / "settings.toml",
        data_dir=isolated_env / "data",
        session_id=session_id,
    )


async def test_f3_over_an_open_editor_never_lets_a_stale_copy_win(
    isolated_env: Path,
) -> None:
    """Editor → F3 → rename, open the same session and edit it there, delete: back in the
    first editor, its old copy must not undo the rename or the edit, nor resurrect."""
    db = isolated_env / "data" / "sessions.db"
    with SessionStore(db) as setup:
        session = make_session(setup, 2)
    app = _real_app(isolated_env, session.id)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, EditorScreen)
        await pilot.press("f3")
        assert isinstance(app.screen, SessionsScreen)
        await pilot.press("f3")  # again: still one list
        assert sum(isinstance(s, SessionsScreen) for s in app.screen_stack) == 1

        await pilot.press("r", "ctrl+u", *"Renamed", "enter")
        await pilot.press("o")  # the same session, in a second editor
        second = app.screen
        assert isinstance(second, EditorScreen) and second is not first
        await pilot.press("down", "space")  # question 2 asked
        await pilot.press("escape", "escape")  # back to the first editor
        assert app.screen is first
        assert first.editor.questions[1].asked and first.title == "Renamed"
        await pilot.press("space")  # an edit in the first editor saves all of it
        await pilot.press("f3")
        store = app.session_store()
        saved = store.get(session.id)
        assert saved.title == "Renamed" and [q.asked for q in saved.questions] == [
            True,
            True,
        ]

        await pilot.press(
            "x", "y", "escape"
        )  # deleted: its editor closes, no resurrection
        await pilot.pause()
        assert app.screen is not first and first not in app.screen_stack
        assert [s.id for s in store.list()] == []


LONG_ROLE = "Principal Distributed Systems Reliability Engineer " * 5


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_columns_fit_the_terminal_whatever_the_role(
    store: SessionStore, size: tuple[int, int]
) -> None:
    """At 80 columns the candidate was cut to "Jamie Ri", and a long role pushed the other
    columns off the screen."""
    from iq_tui.engine.models import RoleRef
    from tui_support import screen_text

    from _session_data import make_profile, make_result

    long = make_result(2, "Priya Natarajan-Okonkwo")
    long.role = RoleRef(id="custom", name=LONG_ROLE, category="backend")
    long_session = store.create_from_result(long, make_profile("Priya"), None)
    jamie = make_session(store, 3, name="Jamie Rivera")
    app = SessionsApp(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if long_session.id in line)  # the id still shows
        assert "Principal Distr" in row and "…" in row and "Mid" in row
        assert any("Jamie Rivera" in line and jamie.id in line for line in lines)
        assert "Title" in screen_text(app) if size[0] >= 120 else True
