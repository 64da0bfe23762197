"""CV and LLM text is shown literally on every screen: `[...]` is never parsed as markup.

A CV line like `[@click=app.quit]` would otherwise become a live action, and a stray `[/b]`
would crash the render.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import make_app, screen_text, wait_until

from iq_tui.engine.planning.events import Done, QuestionReady, Status
from iq_tui.engine.models import ProviderInfo, Question
from iq_tui.flow import partial_result
from iq_tui.screens.export import ExportScreen
from iq_tui.screens.generate import GenerateScreen
from iq_tui.screens.picker import PickerScreen

CLICK = "[@click=app.quit]"
CLOSE = "[/b]"
CV_TEXT = f"""Mallory Markup {CLICK} {CLOSE}
mallory@example.com

Experience
Software Engineer - Evil Corp {CLICK}
2019 - present
Built tools {CLICK} and wrote {CLOSE} tags [bold red]everywhere[/]

Skills
Python, Django, PostgreSQL
"""
LLM_TEXT = f"Tell me about {CLICK} and {CLOSE} in your last job?"


async def test_markup_in_cv_and_llm_text_is_shown_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def llm_generate(request, settings):
        yield Status(f"streaming {CLOSE}", provider="openai", model=f"model{CLICK}")
        question = Question(
            text=LLM_TEXT,
            category="technical",
            difficulty="mid",
            source="llm",
            rationale=f"because {CLOSE}",
            follow_ups=[f"and {CLICK}?"],
            skills=[CLOSE],
        )
        yield QuestionReady(0, question)
        yield Done(
            partial_result(request, [question], ProviderInfo(name="openai", model="m"))
        )

    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", llm_generate)
    cv = tmp_path / "mallory.txt"
    cv.write_text(CV_TEXT, encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.load(cv)
        await wait_until(pilot, lambda: picker.profile is not None)
        await pilot.pause()
        text = screen_text(app)
        assert CLICK in text and CLOSE in text
        await pilot.click("#preview")  # a live @click would quit the app here
        assert app.is_running

        await pilot.press("n", *"backend", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None)
        await pilot.pause()
        text = screen_text(app)
        assert (
            LLM_TEXT in text and f"and {CLICK}?" in text and f"because {CLOSE}" in text
        )
        await pilot.click(".question")
        assert app.is_running

        await pilot.press("s")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("j")
        await pilot.pause()
        # Bring the question's line into view, wherever the JSON puts it among its fields.
        preview = app.screen._text() or ""
        line = next(i for i, row in enumerate(preview.splitlines()) if "Tell me about" in row)
        app.screen.query_one("#export-preview-box").scroll_to(y=max(0, line - 2), animate=False)
        await pilot.pause()
        assert LLM_TEXT in screen_text(app)
        await pilot.click("#export-preview-box")
        assert app.is_running and isinstance(app.screen, ExportScreen)
