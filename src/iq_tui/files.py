"""File helpers for the TUI that need no engine models: CV suffixes, paths as shown, recent CVs.

Kept light (no pydantic) so the first frame does not wait for them.
"""

from __future__ import annotations

import json
from pathlib import Path

from iq_tui.engine.shortnames import fit_name, middle_cut

__all__ = ["CV_SUFFIXES", "RecentCVs", "display_path", "fit_name", "middle_cut", "path_kind"]

CV_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md"})
RECENT_FILE = "recent.json"
RECENT_MAX = 8


def path_kind(path: Path) -> str:
    """`"dir"`, `"file"` or `"missing"`, without raising: a component over 255 bytes, a
    loop of links or a denied folder is "missing" (the reader then says precisely why)."""
    try:
        if path.is_dir():
            return "dir"
        return "file" if path.exists() else "missing"
    except (OSError, ValueError):
        return "missing"


def display_path(path: Path) -> str:
    """`path` as a user would type it: relative under the working directory, `~/…` under home."""
    path = path.expanduser().absolute()
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return prefix + str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


class RecentCVs:
    """The few CVs opened last, newest first, in a small JSON file in the data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / RECENT_FILE

    def load(self) -> list[Path]:
        try:
            items = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(items, list):
            return []
        return [Path(item) for item in items if isinstance(item, str)][:RECENT_MAX]

    def add(self, path: Path) -> list[Path]:
        from iq_tui.engine.settings.fileio import atomic_write_text

        path = path.expanduser().resolve()
        items = [path, *(p for p in self.load() if p != path)][:RECENT_MAX]
        try:
            atomic_write_text(self.path, json.dumps([str(p) for p in items], indent=1))
        except OSError:
            pass  # a read-only data dir costs the recent list, nothing else
        return items
