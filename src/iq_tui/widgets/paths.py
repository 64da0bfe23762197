"""The CV picker's file widgets: a tree filtered to CV files, and a path input that completes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual.suggester import Suggester
from textual.widgets import DirectoryTree

from iq_tui import keymap
from iq_tui.files import CV_SUFFIXES
from iq_tui.widgets.typing import TypingInput


def is_cv_candidate(path: Path) -> bool:
    """Directories and CV files (PDF, .docx, .txt, .md); hidden entries are left out."""
    if path.name.startswith("."):
        return False
    try:
        return path.is_dir() or path.suffix.casefold() in CV_SUFFIXES
    except OSError:
        return False


class CVTree(DirectoryTree):
    """A DirectoryTree showing only directories and CV files."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if is_cv_candidate(path)]


class PathSuggester(Suggester):
    """Suggests the first directory or CV file that completes what was typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, stem = expanded.rpartition(os.sep)
        directory = Path(folder or ("/" if expanded.startswith(os.sep) else "."))
        try:
            names = sorted(
                entry.name + (os.sep if entry.is_dir() else "")
                for entry in os.scandir(directory)
                if entry.name.startswith(stem) and is_cv_candidate(Path(entry.path))
            )
        except OSError:
            return None
        if not names:
            return None
        return value[: len(value) - len(stem)] + names[0]


class PathInput(TypingInput):
    """An Input for a CV path: Tab accepts the completion shown, or moves on when there is none."""

    BINDINGS = keymap.PATH_INPUT

    def __init__(self, **kwargs: object) -> None:
        super().__init__(suggester=PathSuggester(), **kwargs)  # type: ignore[arg-type]

    def action_complete(self) -> None:
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
