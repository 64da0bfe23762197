"""Helpers for the TUI tests: build the app on temp dirs, wait for workers, read the screen."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

from iq_tui.app import IqApp, create_app
from iq_tui.engine.models import CandidateProfile, Education, Experience, Project

OFFLINE_SETTINGS = "[llm]\nenabled = false\ncount = 4\n"
"""No LLM: the form defaults to the offline generator, four questions."""

PROFILE = CandidateProfile(
    name="Jane Roe",
    email="jane.roe@example.com",
    skills=["Python", "Django", "PostgreSQL", "Redis", "Docker", "AWS"],
    experience=[
        Experience(
            title="Senior Backend Engineer",
            organization="Acme",
            start="2021",
            end="present",
            summary="Payments API serving 2M requests a day.",
        ),
        Experience(
            title="Software Engineer", organization="Initech", start="2017", end="2021"
        ),
    ],
    projects=[Project(name="queue-lite", summary="A Redis-backed job queue.")],
    education=[
        Education(
            degree="BSc Computer Science", institution="Uni of Somewhere", year="2017"
        )
    ],
    years_experience=7.5,
    pages=2,
    warnings=["hidden text found: 42 characters in white or tiny font were ignored"],
)
"""A fixed profile for tests that are not about extraction (and for snapshots)."""


FIXED_NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
"""The wall clock every test app sees: screens that print a date print this one."""


def make_app(
    tmp_path: Path, *, settings: str = OFFLINE_SETTINGS, cv: str | None = None
) -> IqApp:
    """An app on a settings file and data dir inside `tmp_path`, with the clock frozen."""
    settings_path = tmp_path / "settings.toml"
    settings_path.write_text(settings, encoding="utf-8")
    app = create_app(settings_path=settings_path, data_dir=tmp_path / "data", cv=cv)
    app.clock = lambda: 0.0
    app.wall_clock = lambda: FIXED_NOW
    app.hand_over_to_editor = False  # tests of the editor hand-over turn it back on
    return app


async def wait_until(
    pilot: Pilot, predicate: Callable[[], object], timeout: float = 20.0
) -> None:
    """Let the app run until `predicate()` is true; fail after `timeout` seconds (a hang guard)."""
    steps = int(timeout / 0.05)
    for _ in range(steps):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {predicate}")


_TEXT = re.compile(r"<text [^>]*>(.*?)</text>", re.DOTALL)


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape("".join(_TEXT.findall(svg))).replace("\xa0", " ")
