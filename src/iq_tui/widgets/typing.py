"""Text boxes that claim every key they type, so the footer never offers a key they swallow.

Textual hides a screen's binding while a text box has focus when the box consumes its key,
but it cannot map the key name "slash" back to "/" (so "/ Filter" stayed in the footer while
"/" was typed), and a TextArea's Enter is a new line, not the screen's "⏎ Edit".
"""

from __future__ import annotations

from textual.keys import REPLACED_KEYS, key_to_character
from textual.widgets import Input, TextArea


def types_character(key: str, character: str | None) -> bool:
    """Is `key` a printable character (the key's name may be Textual's, like "slash")?"""
    if character is None:
        character = key_to_character(REPLACED_KEYS.get(key, key))
    return character is not None and character.isprintable()


class TypingInput(Input):
    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return types_character(key, character)


class TypingArea(TextArea):
    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if self.read_only:
            return False
        return (
            key == "enter"
            or (key == "tab" and self.tab_behavior == "indent")
            or types_character(key, character)
        )
