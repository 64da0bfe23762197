"""Saved sessions: search, open, rename, duplicate for another candidate, delete (confirmed)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from iq_tui.engine.errors import IqError
from iq_tui.engine.interview.sessions import SessionStore, SessionSummary, ago
from iq_tui.engine.labels import label
from iq_tui.engine.undecodable import displayable
from iq_tui.screens.confirm import ConfirmScreen
from iq_tui.widgets.typing import TypingInput

SESSIONS_BINDINGS = [
    Binding("enter,o", "open", "Open", id="sessions.open"),
    Binding("slash", "search", "Search", id="sessions.search"),
    Binding("r", "rename", "Rename", id="sessions.rename"),
    Binding("d", "duplicate", "Duplicate", show=False, id="sessions.duplicate"),  # F1 and the palette list it
    Binding("x,delete", "delete", "Delete", id="sessions.delete"),
    Binding("escape", "back", "Back", id="sessions.back"),
]
FIXED_COLUMNS = (("Level", 6), ("Questions", 9), ("Saved", 11), ("Id", 8))
NAME_MAX = 30
"""The widest a candidate or role column gets; longer names end in an ellipsis."""
_PAD = 2  # DataTable's cell padding, one cell each side
_TITLE_ROOM = 3 * (16 + _PAD)


def column_widths(width: int) -> list[tuple[str, int]]:
    """The columns that fit `width` cells, with their widths: candidate and role share the
    room the fixed columns leave; the title (the candidate and role unless renamed) comes
    last, and only where there is room for it (not at 80 columns)."""
    room = width - 2 - sum(w + _PAD for _, w in FIXED_COLUMNS)  # 2: the scrollbar
    with_title = room >= _TITLE_ROOM
    share = max(8, room // (3 if with_title else 2) - _PAD)
    name = min(NAME_MAX, share)
    columns = [("Candidate", name), ("Role", name), *FIXED_COLUMNS]
    if with_title:
        columns.append(("Title", max(8, room - 3 * _PAD - 2 * name)))
    return columns


def _cell(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels (None)."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $primary; background: $panel; padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Input(self.value, id="answer")
            yield Label(Text("enter: OK · esc: cancel", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SessionsScreen(Screen[None]):
    CSS_PATH = "sessions.tcss"
    BINDINGS = SESSIONS_BINDINGS
    AUTO_FOCUS = "#sessions-table"

    def __init__(self, store: SessionStore) -> None:
        super().__init__()
        self.store = store
        self.rows: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield TypingInput(
                placeholder="search by candidate, role or title", id="search"
            )
            yield Static(id="sessions-status", markup=False)
            yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    @property
    def table(self) -> DataTable:
        return self.query_one("#sessions-table", DataTable)

    def on_mount(self) -> None:
        self.title = "Saved sessions"
        self._columns: list[tuple[str, int]] = []
        self.reload()
        self.set_interval(30, self.reload)

    def on_resize(self) -> None:
        if self.is_mounted and column_widths(self.size.width) != self._columns:
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the list again (search applied), keeping the cursor on `select` or where it was."""
        current = select or self.selected_id
        try:
            self.rows = self.store.list(self.query_one("#search", Input).value)
        except IqError as exc:
            self._error(exc)
            return
        table = self.table
        columns = column_widths(self.size.width or self.app.size.width)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            for heading, width in columns:
                table.add_column(heading, width=width)
        else:
            table.clear()
        for row in self.rows:
            cells = [
                _cell(displayable(row.candidate) or "(no name)"),
                _cell(displayable(row.role)),
                label(row.level),
                str(row.question_count),
                ago(row.updated_at),
                row.id,
                _cell(displayable(row.title)),
            ]
            table.add_row(*cells[: len(columns)], key=row.id)
        ids = [r.id for r in self.rows]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        status = f"{len(self.rows)} session(s)"
        if not self.rows:
            status += (
                ": none match"
                if self.query_one("#search", Input).value
                else ": none saved yet"
            )
        skipped = getattr(self.rows, "skipped", [])
        if skipped:
            status += f" · {len(skipped)} unreadable skipped ({skipped[0]})"
        self.query_one("#sessions-status", Static).update(
            displayable(f"{status} · {self.store.path}")
        )

    @property
    def selected_id(self) -> str | None:
        if not self.rows or not self.is_mounted:
            return None
        row = self.table.cursor_row
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def _error(self, exc: IqError) -> None:
        self.notify(exc.message, title=exc.title, severity="error", markup=False)

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            search.value = ""
            self.table.focus()
        else:
            self.dismiss()

    def action_open(self) -> None:
        from iq_tui.screens.editor import EditorScreen

        session_id = self.selected_id
        if session_id is None:
            return
        try:
            screen = EditorScreen(self.store, session_id)
        except IqError as exc:
            self._error(exc)
            return
        self.app.push_screen(screen)

    def action_rename(self) -> None:
        session_id = self.selected_id
        if session_id is None:
            return
        current = next(r.title for r in self.rows if r.id == session_id)

        def done(title: str | None) -> None:
            if title:
                try:
                    self.store.rename(session_id, title)
                except IqError as exc:
                    self._error(exc)
                self.reload(session_id)

        self.app.push_screen(
            TextPrompt("New title for this session:", current), callback=done
        )

    def action_duplicate(self) -> None:
        session_id = self.selected_id
        if session_id is None:
            return

        def done(name: str | None) -> None:
            if name:
                try:
                    copy = self.store.duplicate(session_id, name)
                except IqError as exc:
                    self._error(exc)
                    return
                self.reload(copy.id)
                self.notify(f"Copied for {name}.", timeout=3, markup=False)

        self.app.push_screen(
            TextPrompt("Duplicate this plan for which candidate? (name)"), callback=done
        )

    def action_delete(self) -> None:
        session_id = self.selected_id
        if session_id is None:
            return
        row = next(r for r in self.rows if r.id == session_id)

        def done(yes: bool | None) -> None:
            if yes:
                try:
                    self.store.delete(session_id)
                except IqError as exc:
                    self._error(exc)
                self.reload()

        question = f"Delete the session '{row.title}' ({row.question_count} questions)? This cannot be undone."
        self.app.push_screen(ConfirmScreen(question), callback=done)
