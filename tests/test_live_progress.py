"""Live progress while the answer streams: characters received, and usage as soon as the
provider tells it. Through the fake server and the real SDKs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CVS
from llm_server import LLMServer, Reply, make_settings, questions_json
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.planning.events import Done, Progress, QuestionReady
from iq_tui.engine.planning.generation import GenerationRequest, generate
from iq_tui.engine.models import Role
from iq_tui.engine.settings.layers import Settings
from iq_tui.screens.generate import GenerateScreen
from iq_tui.widgets.render import plural

ROLE = Role(id="backend-engineer", name="Backend Engineer", category="backend")
TEXT = questions_json(2)


async def _events(server: LLMServer, provider: str) -> list[object]:
    # 40-character pieces 20 ms apart: a stream of a few tenths of a second
    server.script(Reply(content=TEXT, chunk_size=40, interval=0.02))
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=2)
    return [e async for e in generate(request, make_settings(server, provider))]


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_progress_counts_the_stream_as_it_arrives(
    llm_server: LLMServer, provider: str
) -> None:
    events = await _events(llm_server, provider)
    progress = [e for e in events if isinstance(e, Progress)]
    done = events.index(next(e for e in events if isinstance(e, Done)))
    first_question = events.index(
        next(e for e in events if isinstance(e, QuestionReady))
    )
    counts = [p.received_chars for p in progress]
    assert counts == sorted(counts) and counts[-1] == len(TEXT)
    streaming = [p for p in progress if 0 < p.received_chars < len(TEXT)]
    assert len(streaming) >= 2  # several updates during the stream, not one at the end
    assert all(events.index(p) < done for p in progress)
    usage = progress[-1].usage
    assert usage is not None and (usage.input_tokens, usage.output_tokens) == (120, 480)
    if provider == "anthropic":  # message_start tells the input tokens up front
        assert events.index(progress[0]) < first_question
        assert progress[0].usage is not None and progress[0].usage.input_tokens == 120
    else:  # OpenAI reports usage only in the last chunk
        assert all(p.usage is None for p in streaming)


async def test_offline_plans_send_no_progress() -> None:
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", 2, "offline")
    events = [e async for e in generate(request, Settings())]
    assert not any(isinstance(e, Progress) for e in events)


async def test_live_view_counts_while_streaming_and_escape_keeps_what_arrived(
    tmp_path: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-0123456789")
    text = questions_json(3)
    # the first question and a bit more arrive, then the server goes quiet
    llm_server.script(
        Reply(content=text, chunk_size=len(text) // 3 + 20, fault="stall")
    )
    settings = (
        f'[llm]\nprovider = "anthropic"\ncount = 3\ntimeout = 30\n'
        f'[anthropic]\nbase_url = "{llm_server.url}"\nmodel = "claude-test"\n'
    )
    app = make_app(
        tmp_path,
        settings=settings,
        cv=str(CVS / "single-column-endash-title-company.pdf"),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FormScreen")
        await pilot.pause()
        await pilot.press(*"backend", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        sent = 2 * (len(text) // 3 + 20)  # two pieces before the stall
        await wait_until(pilot, lambda: f"{sent} chars" in screen_text(app))
        kept = len(screen.questions)
        shown = screen_text(app)
        assert "120 input tokens" in shown and plural(kept, "question") in shown
        assert kept >= 1 and screen.running
        await pilot.press("escape")
        await wait_until(pilot, lambda: not screen.running)
        shown = screen_text(app)
        assert f"cancelled — kept {plural(kept, 'question')}" in shown
        assert (
            f"120 input tokens · {sent} chars" in shown
        )  # not a total: output unknown
        assert screen.result is not None and len(screen.result.questions) == kept
