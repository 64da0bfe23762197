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

SCREEN_TITLES = {
    "PickerScreen": "CV picker",
    "FormScreen": "Interview form",
    "GenerateScreen": "Live generation",
    "ExportScreen": "Export",
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
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Key", no_wrap=True)
        table.add_column("Action")
        longest = max((len(binding_id) for _, _, binding_id in self.rows), default=0)
        # ids are typed into settings: never cut one short (the action words wrap instead)
        table.add_column(
            "Binding id (ui.keymap)", style="dim", no_wrap=True, min_width=longest
        )
        for key, description, binding_id in self.rows:
            table.add_row(Text(key, style="bold"), Text(description), Text(binding_id))
        with Vertical(id="help-dialog"):
            yield Static(
                Text(f"Keys — {self.title_text}", style="bold"), id="help-title"
            )
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Static(
                Text('Remap a key in settings: [ui.keymap] id = "key".  Esc closes.'),
                id="help-footer",
            )
