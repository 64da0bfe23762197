"""Every key binding of the TUI, with an id so settings `ui.keymap` can remap it.

Ids are `<screen>.<action>`; e.g. `ui.keymap = {"generate.export" = "x"}`. No action depends
only on ctrl+enter, ctrl+s or ctrl+j, which many terminals and tmux swallow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.screen import Screen

APP = [
    Binding("f1", "help", "Help", id="app.help"),
    Binding("f2", "settings", "Settings", id="app.settings"),
    Binding("f3", "sessions", "Sessions", id="app.sessions"),
    Binding("f4", "change_theme", "Theme", show=False, id="app.theme"),
]

PICKER = [
    Binding("n", "next", "Next", id="picker.next"),
    Binding("slash", "focus_path", "Path", id="picker.path"),
    Binding("u", "parent_dir", "Up dir", id="picker.parent"),
    Binding("r", "focus_recent", "Recent", id="picker.recent"),
]

FORM = [
    Binding("ctrl+g,f5", "generate", "Generate", id="form.generate"),
    Binding("slash", "focus_filter", "Find role", id="form.filter"),
    Binding("escape", "back", "Back", id="form.back"),
]

GENERATE = [
    Binding("escape", "cancel", "Stop", id="generate.cancel"),
    Binding("escape", "back", "Back", id="generate.back"),
    Binding("s", "export", "Export", id="generate.export"),
    Binding("c", "copy", "Copy", show=False, id="generate.copy"),  # F1/palette; 80 cols
    Binding("e", "edit", "Edit", id="generate.edit"),
    Binding("n", "new_plan", "New", id="generate.new"),
]

EXPORT = [
    Binding("escape", "close", "Close", id="export.close"),
    Binding("s", "save", "Save", id="export.save"),
    Binding("c", "copy", "Copy", id="export.copy"),
    Binding("m", "format('markdown')", "Markdown", id="export.markdown"),
    Binding("j", "format('json')", "JSON", id="export.json"),
]

CONFIRM = [
    Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    Binding("n,escape", "answer(False)", "No", id="confirm.no"),
]

HELP = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

ROLE_FILTER = [
    Binding("down", "move(1)", "Next role", show=False, id="form.role_down"),
    Binding("up", "move(-1)", "Previous role", show=False, id="form.role_up"),
]

PATH_INPUT = [
    Binding("tab", "complete", "Complete path", show=False, id="picker.complete")
]


def bound_key(screen: Screen, action: str) -> str | None:
    """The key that runs `action` on `screen` now, after the user's `ui.keymap` remaps, named
    as the defaults above name it ("ctrl+g", "esc"); None when no key runs it."""
    for key, active in screen.active_bindings.items():
        if active.binding.action == action:
            return "esc" if key == "escape" else key
    return None


def label_keys(screen: Screen, labels: dict[str, tuple[str, str]]) -> None:
    """Give buttons (and radio buttons) the keys bound now: `labels` maps a widget id to its
    words and action; "Save (s)" becomes "Save (w)" when the user moved Save to w."""
    for widget_id, (words, action) in labels.items():
        key = bound_key(screen, action)
        widget = screen.query_one(f"#{widget_id}")
        widget.label = f"{words} ({key})" if key else words  # type: ignore[attr-defined]
