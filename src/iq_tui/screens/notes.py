"""A modal with one TextArea for the session's general notes.

Every change goes straight to `on_change` (the editor applies and saves it as the user types);
escape only closes, so nothing typed depends on leaving the dialog properly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, TextArea


class NotesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    NotesScreen { align: center middle; }
    NotesScreen > Vertical {
        width: 100; max-width: 98%; height: 80%;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    NotesScreen Label { text-style: bold; color: $text-muted; }
    NotesScreen TextArea { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="notes.close"),
    ]

    def __init__(self, title: str, text: str, on_change: Callable[[str], None]) -> None:
        super().__init__()
        self.heading = title
        self.initial = text
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, markup=False)
            yield TextArea(self.initial, id="notes-text", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one("#notes-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed, "#notes-text")
    def _changed(self, event: TextArea.Changed) -> None:
        self.on_change(event.text_area.text)

    def flush_edits(self) -> None:
        """The app is quitting: hand over the text now, not when Changed arrives."""
        self.on_change(self.query_one("#notes-text", TextArea).text)

    def action_close(self) -> None:
        self.dismiss(None)
