"""The live generation view against the local fake LLM server, through the real OpenAI SDK."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CVS
from llm_server import LLMServer, Reply, questions_json
from tui_support import make_app, screen_text, wait_until

from iq_tui.screens.generate import GenerateScreen


async def test_questions_stream_in_from_the_llm(
    tmp_path: Path,
    llm_server: LLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789")
    llm_server.script(Reply(content=questions_json(4), chunk_size=30, interval=0.01))
    settings = (
        f'[llm]\nprovider = "openai"\ncount = 4\ntimeout = 10\n'
        f'[openai]\nbase_url = "{llm_server.openai_url}"\nmodel = "gpt-test"\n'
    )
    app = make_app(
        tmp_path,
        settings=settings,
        cv=str(CVS / "single-column-endash-title-company.pdf"),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FormScreen")
        await pilot.pause()
        await pilot.press(*"backend", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None or screen.failed)
        await pilot.pause()
        assert screen.result is not None
        assert (
            screen.result.provider.name == "openai"
            and not screen.result.provider.used_fallback
        )
        assert [q.source for q in screen.questions] == ["llm"] * 4
        text = screen_text(app)
        assert "OpenAI (gpt-test) · " in text  # the header, in words
        assert "600 tokens" in text
        assert "4 questions from openai (gpt-test)" in text
        assert screen.questions[0].text[:30] in text
        assert len(llm_server.posts()) == 1
