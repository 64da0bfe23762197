"""Who wrote the plan stays visible after the live view hands it to the editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, questions_json
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.models import ProviderInfo
from iq_tui.widgets.render import plan_source, provider_line

LLM = ProviderInfo(name="openai", model="gpt-test")
PARTIAL = ProviderInfo(
    name="openai",
    model="gpt-test",
    used_fallback=True,
    fallback_reason="the model returned only 1 of 3 questions",
)
FALLBACK = ProviderInfo(
    name="offline", used_fallback=True, fallback_reason="no OpenAI API key configured"
)
OFFLINE = ProviderInfo(name="offline")


@pytest.mark.parametrize(
    ("info", "source", "line"),
    [
        (LLM, "openai (gpt-test)", "by openai (gpt-test)"),
        (
            PARTIAL,
            "openai (gpt-test) and the offline generator",
            "openai (gpt-test) + offline: the model returned only 1 of 3 questions",
        ),
        (
            FALLBACK,
            "the offline generator",
            "offline generator: no OpenAI API key configured",
        ),
        (OFFLINE, "the offline generator", "by the offline generator"),
    ],
)
def test_who_wrote_the_plan_in_words(
    info: ProviderInfo, source: str, line: str
) -> None:
    assert plan_source(info) == source
    assert provider_line(info).plain == line


@pytest.mark.parametrize(
    ("settings", "replies", "shown"),
    [
        ("count = 2", [Reply(content=questions_json(2))], ["by openai (gpt-test)"]),
        (
            "count = 3",
            # asked once more for the missing two, the model repeats its one question
            [Reply(content=questions_json(1)), Reply(content=questions_json(1))],
            [
                "openai (gpt-test) + offline: the",
                "model returned only 1 of 3",
            ],
        ),
        ('count = 2\nprovider = "offline"', [], ["by the offline generator"]),
    ],
    ids=["llm", "partial-fallback", "offline-on-purpose"],
)
async def test_editor_shows_who_wrote_the_plan(
    tmp_path: Path,
    llm_server: LLMServer,
    monkeypatch: pytest.MonkeyPatch,
    settings: str,
    replies: list[Reply],
    shown: list[str],
) -> None:
    from iq_tui.screens.editor import EditorScreen

    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789")
    llm_server.script(*replies)
    app = make_app(
        tmp_path,
        settings=f'[llm]\n{settings}\n[openai]\nbase_url = "{llm_server.openai_url}"\n'
        'model = "gpt-test"\n',
        cv=str(tmp_path / "cv.pdf"),
    )
    app.hand_over_to_editor = True
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FormScreen")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.pause()
        text = screen_text(app)
        assert all(part in text for part in shown), text
        assert len(llm_server.posts()) == len(replies)
