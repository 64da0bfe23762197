"""Command-palette entries for the current screen: its actions (the bindings with an id), by
the words the footer shows, with the key that runs each.

Widget internals (an input's "Move cursor left", Tab's "Focus Next") have no id and are left
out; the help line says the key (and the tooltip when it says more), never the title again.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand
from textual.screen import Screen

_SKIP_ACTIONS = {
    "command_palette",
    "quit",
    "change_theme",
}  # Textual lists these itself
TEXTUAL_DUPLICATES = {"Keys"}
"""Textual's own entries that an iq-tui action already covers ("Keys": F1 Help)."""


def screen_commands(screen: Screen) -> Iterator[SystemCommand]:
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if (
            not active.enabled
            or not binding.id
            or not binding.description
            or binding.action in _SKIP_ACTIONS
            or binding.action in seen
        ):
            continue
        seen.add(binding.action)
        key_display = screen.app.get_key_display(binding)
        more = binding.tooltip if binding.tooltip not in ("", binding.description) else ""
        yield SystemCommand(
            binding.description,
            f"{key_display} · {more}" if more else key_display,
            partial(active.node.run_action, binding.action),
        )
