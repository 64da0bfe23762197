"""The CV picker's file widgets: a tree filtered to CV files, and a path input that completes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.suggester import Suggester
from textual.widgets import DirectoryTree
from textual.widgets.tree import TreeNode

from iq_tui import keymap
from iq_tui.engine.reading.own_exports import file_export_kind
from iq_tui.files import CV_SUFFIXES, middle_cut
from iq_tui.widgets.typing import TypingInput


def is_cv_candidate(path: Path) -> bool:
    """Directories and CV files (PDF, .docx, .txt, .md); hidden entries are left out, and so
    are the plans and sessions iq-tui exported as Markdown."""
    if path.name.startswith("."):
        return False
    try:
        if path.is_dir():
            return True
        suffix = path.suffix.casefold()
    except (OSError, ValueError):
        return False
    if suffix not in CV_SUFFIXES:
        return False
    return suffix != ".md" or file_export_kind(path) is None


class CVTree(DirectoryTree):
    """A DirectoryTree showing only directories and CV files, each name fitted to the width
    (cut in the middle, so names that share a start still differ)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if is_cv_candidate(path)]

    def render_label(self, node: TreeNode, base_style: Style, style: Style) -> Text:  # type: ignore[type-arg]
        label = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        name = str(node.label)
        start = len(label.plain) - len(name)  # the icon before the name
        room = self.scrollable_content_region.width - depth * self.guide_depth
        cut = middle_cut(len(name), max(4, room - label[:start].cell_len))
        if cut is None:
            return label
        head, tail = cut
        return label[: start + head] + Text("…", style=style) + label[len(label.plain) - tail :]


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
        except (OSError, ValueError):
            return None
        if not names:
            return None
        return value[: len(value) - len(stem)] + names[0]


class PathInput(TypingInput):
    """An Input for a CV path: Tab accepts the completion shown, or moves on when there is none;
    Enter takes the completion shown too (what the box shows is what is opened)."""

    BINDINGS = keymap.PATH_INPUT

    def __init__(self, **kwargs: object) -> None:
        super().__init__(suggester=PathSuggester(), **kwargs)  # type: ignore[arg-type]

    def _take_suggestion(self) -> bool:
        if self._suggestion and self._suggestion != self.value and self.has_focus:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
            return True
        return False

    def action_complete(self) -> None:
        if not self._take_suggestion():
            self.screen.focus_next()

    async def action_submit(self) -> None:
        self._take_suggestion()
        await super().action_submit()
