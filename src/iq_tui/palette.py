"""Command-palette entries for the current screen: every key binding there, by its description.

So each action shown in the footer can also be found by name in the palette (ctrl+p).
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


def screen_commands(screen: Screen) -> Iterator[SystemCommand]:
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if (
            not active.enabled
            or not binding.description
            or binding.action in _SKIP_ACTIONS
        ):
            continue
        if binding.action in seen:
            continue
        seen.add(binding.action)
        key_display = screen.app.get_key_display(binding)
        yield SystemCommand(
            binding.description,
            f"{binding.tooltip or binding.description} ({key_display})",
            partial(active.node.run_action, binding.action),
        )
