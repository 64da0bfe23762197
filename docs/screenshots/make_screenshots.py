"""Regenerate the README's screenshots: one SVG per TUI screen, from a real CV, offline.

    python docs/screenshots/make_screenshots.py

Runs the app headless at 100x30 in tests/fixtures/cvs (so the tree shows real CVs), on a
throwaway settings file and data directory, and saves picker, form, generate, export, help,
editor (the plan saved as a session, one question marked asked), interview mode (a
question rated 3, with a note) and sessions as SVG beside
this script.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CVS = HERE.parent.parent / "tests" / "fixtures" / "cvs"
CV = "rendercv-engineeringresumes.pdf"
SIZE = (100, 30)


async def shoot() -> None:
    from iq_tui.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = Path(tmp) / "settings.toml"
        settings.write_text("[llm]\nenabled = false\ncount = 6\n", encoding="utf-8")
        app = create_app(settings_path=settings, data_dir=Path(tmp) / "data")
        app.hand_over_to_editor = (
            False  # show the live view itself, not the editor after it
        )

        async def settle(pilot, done=lambda: True) -> None:
            for _ in range(400):
                await pilot.pause(0.05)
                if done():
                    break
            app.clear_notifications()
            await pilot.pause()

        async with app.run_test(size=SIZE) as pilot:
            picker = app.screen
            await settle(pilot)
            picker.load(Path(CV))
            await settle(pilot, lambda: picker.profile is not None)
            app.save_screenshot("picker.svg", str(HERE))
            await pilot.press("n", *"backend")
            await settle(pilot)
            app.save_screenshot("form.svg", str(HERE))
            await pilot.press("f1")
            await settle(pilot)
            app.save_screenshot("help.svg", str(HERE))
            await pilot.press("escape", "ctrl+g")
            generate = app.screen
            await settle(pilot, lambda: generate.result is not None)
            app.save_screenshot("generate.svg", str(HERE))
            await pilot.press("s")
            await settle(pilot)
            app.save_screenshot("export.svg", str(HERE))
            await pilot.press("escape")
            app.open_in_editor(generate.result, picker.profile, Path(CV))
            await settle(pilot)
            await pilot.press("space", "N", *"Clear on trade-offs; asked about on-call.", "escape")
            await settle(pilot)
            app.save_screenshot("editor.svg", str(HERE))
            await pilot.press("down", "i", "3", "enter", *"Walked through the retry path.")
            await pilot.press("escape")
            await settle(pilot)
            app.save_screenshot("interview.svg", str(HERE))
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            app.save_screenshot("sessions.svg", str(HERE))


if __name__ == "__main__":
    os.chdir(CVS)
    asyncio.run(shoot())
    print(
        "\n".join(
            sorted(str(p.relative_to(HERE.parent.parent)) for p in HERE.glob("*.svg"))
        )
    )
