"""The form's role finder: typing filters the list, up and down move through it."""

from __future__ import annotations

from textual.widgets import OptionList

from iq_tui import keymap
from iq_tui.widgets.typing import TypingInput


class RoleFilter(TypingInput):
    """An Input whose up/down keys move the highlight of the role list it filters."""

    BINDINGS = keymap.ROLE_FILTER

    def __init__(self, target_id: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.target_id = target_id

    def action_move(self, step: int) -> None:
        options = self.screen.query_one(f"#{self.target_id}", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
