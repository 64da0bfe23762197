"""Pilot tests of the sessions screen: list, search, open, rename, duplicate, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from _session_data import make_session
from textual.app import App
from textual.widgets import DataTable, Input

from iq_tui.engine.sessions import SessionStore
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
            "mid",
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
