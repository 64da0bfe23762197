"""F1: the keys of the screen it was opened on, from that screen's active bindings."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from iq_tui import keymap

ID_HEADER = "Binding id (ui.keymap)"
MIN_ACTION_WIDTH = 16
"""The action column never narrower than this (longer descriptions wrap, words stay whole)."""
_TEXTUAL_LABELS = {"command_palette": "Command palette"}
"""Textual's own bindings whose footer word ("palette") says too little in the help."""
SCREEN_TITLES = {
    "PickerScreen": "CV picker",
    "FormScreen": "Interview form",
    "GenerateScreen": "Live generation",
    "ExportScreen": "Export",
    "InterviewScreen": "Interview mode",
}


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = keymap.HELP

    def __init__(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    @classmethod
    def for_screen(cls, screen: Screen) -> HelpScreen:
        """Rows of (key, action, binding id): the screen's and the app's keys.

        Textual's own widget keys (cursor movement and the like) are left out; they have no id.
        """
        # Textual splits "e,enter" into one binding per key: gather them back into one row.
        keys: dict[tuple[str, str], list[str]] = {}
        ids: dict[tuple[str, str], str] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description:
                continue
            if not binding.id and active.node is not screen.app:
                continue
            # our bindings' tooltips say more than the footer's word; Textual's own are long
            label = (binding.id and binding.tooltip) or binding.description
            label = _TEXTUAL_LABELS.get(binding.action, label[:1].upper() + label[1:])
            row = (binding.action, label)
            ids.setdefault(row, binding.id or "")
            keys.setdefault(row, []).extend(
                screen.app.get_key_display(replace(binding, key=key.strip()))
                for key in binding.key.split(",")
            )
        rows = [
            (" / ".join(dict.fromkeys(keys[row])), row[1], ids[row]) for row in keys
        ]
        name = type(screen).__name__
        return cls(SCREEN_TITLES.get(name, name.removesuffix("Screen")), rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(
                Text(f"Keys — {self.title_text}", style="bold"), id="help-title"
            )
            with VerticalScroll():
                yield Static(id="help-table")
            yield Static(id="help-footer")

    def on_resize(self) -> None:
        self._show_table()

    def on_mount(self) -> None:
        self._show_table()

    def ids_fit(self, width: int) -> bool:
        """Whether the id column fits beside whole action names in `width` cells."""
        keys = max((len(key) for key, _, _ in self.rows), default=0)
        actions = max((len(words) for _, words, _ in self.rows), default=0)
        ids = max((len(binding_id) for _, _, binding_id in self.rows), default=0)
        return keys + min(actions, MIN_ACTION_WIDTH) + max(ids, len(ID_HEADER)) + 4 <= width

    def _show_table(self) -> None:
        """Keys and whole action names; the binding ids (typed into settings, so never cut)
        only when they fit beside them: at 60 columns the action words matter more."""
        box = self.query_one("#help-table", Static)
        width = box.content_region.width or self.app.size.width
        with_ids = self.ids_fit(width)
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Key", no_wrap=True)
        table.add_column("Action", ratio=1)
        if with_ids:
            table.add_column(ID_HEADER, style="dim", no_wrap=True)
        for key, description, binding_id in self.rows:
            cells = [Text(key, style="bold"), Text(description)]
            table.add_row(*cells, *([Text(binding_id)] if with_ids else []))
        box.update(table)
        footer = 'Remap keys in the settings (F2, Key bindings).'
        if not with_ids:
            footer += " The ids show in a wider terminal."
        self.query_one("#help-footer", Static).update(Text(f"{footer}  Esc closes."))
