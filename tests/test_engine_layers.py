"""The engine's stages import downwards only: reading never uses planning, interview or output
(architecture.md); text cleaning they all need lives in `engine/text.py`, defined once."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).parents[1] / "src" / "iq_tui" / "engine"
LATER_STAGES = ("iq_tui.engine.planning", "iq_tui.engine.interview", "iq_tui.engine.output")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_reading_imports_no_later_stage() -> None:
    wrong = {
        f"{path.name}: {module}"
        for path in sorted((ENGINE / "reading").glob("*.py"))
        for module in _imports(path)
        if module.startswith(LATER_STAGES)
    }
    assert not wrong


def test_strip_controls_is_defined_once() -> None:
    defined = [
        path.relative_to(ENGINE).as_posix()
        for path in ENGINE.rglob("*.py")
        if "def strip_controls(" in path.read_text("utf-8")
    ]
    assert defined == ["text.py"]
