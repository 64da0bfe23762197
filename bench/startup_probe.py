"""Start one app headless, stop at its first frame, print what was imported (JSON on stdout).

`python bench/startup_probe.py iq` runs iq-tui (on temp settings and data dirs) and stops
when the CV picker is first painted; `python bench/startup_probe.py minimal` runs a Textual
app that shows a single Label and stops at its first paint. Used by bench/bench_startup.py
(timing) and tests/test_tui_imports.py (lazy imports).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("pdfplumber", "pdfminer", "openai", "anthropic", "httpx", "pydantic")


def _iq_app(tmp: Path):
    from iq_tui.app import create_app

    return create_app(settings_path=tmp / "settings.toml", data_dir=tmp / "data")


def _minimal_app():
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("hello")

    return Minimal()


def main(kind: str) -> None:
    frame: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = _iq_app(Path(tmp)) if kind == "iq" else _minimal_app()
        paint = app._display  # called with each composited frame, headless or not

        def first_frame(screen, renderable) -> None:
            paint(screen, renderable)
            wanted = type(screen).__name__ == "PickerScreen" if kind == "iq" else True
            if renderable is not None and wanted and not frame:
                frame["painted_at"] = (
                    time.time()
                )  # wall clock: the parent compares it to spawn
                frame["screen"] = type(screen).__name__
                frame["heavy"] = sorted(m for m in HEAVY if m in sys.modules)
                app.exit()

        app._display = first_frame  # type: ignore[method-assign]
        app.run(headless=True, size=(100, 30))
    print(json.dumps(frame))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "iq")
