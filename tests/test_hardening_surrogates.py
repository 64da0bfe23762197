"""A lone surrogate in a model's answer (issue 10): the CLI ended "internal error" with no output,
and the TUI crashed and lost the plan. It becomes U+FFFD wherever model text flows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CVS
from llm_server import LLMServer, Reply, make_question
from tui_support import make_app, screen_text, wait_until

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.engine.models import CandidateProfile
from iq_tui.screens.generate import GenerateScreen

LONE = "\ud83d"


@pytest.mark.parametrize(
    ("provider", "kind", "fmt"),
    [("openai", "character", "json"), ("anthropic", "escape", "json"),
     ("openai", "escape", "markdown"), ("anthropic", "character", "markdown")],
)
def test_cli_prints_the_plan(
    tmp_path: Path, llm_server: LLMServer, provider: str, kind: str, fmt: str
) -> None:
    # json.dumps writes the surrogate as the escape \ud83d: "escape" leaves it so in the model's
    # text; "character" puts the character itself in the text (the stream's JSON escapes it)
    content = json.dumps(
        {"questions": [make_question(1, text=f"Tell me about Python {LONE} work")]}
    )
    llm_server.default = Reply(content=content if kind == "escape" else _raw(content))
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Roe\nSkills: Python, Django\n", encoding="utf-8")
    upper = provider.upper()
    base = llm_server.openai_url if provider == "openai" else llm_server.url
    env = {**os.environ, "LLM_PROVIDER": provider, f"{upper}_API_KEY": "sk-test-0123456789",
           f"{upper}_BASE_URL": base}
    done = subprocess.run(
        [sys.executable, "-m", "iq_tui", "generate", str(cv), "--role", "backend-engineer",
         "--level", "mid", "--type", "technical", "--count", "1", "--format", fmt],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr
    if fmt == "json":
        result = json.loads(done.stdout)
        assert result["provider"]["used_fallback"] is False, result["provider"]
        assert result["questions"][0]["text"] == "Tell me about Python \ufffd work"
    else:
        assert "Tell me about Python \ufffd work" in done.stdout


def _raw(content: str) -> str:
    """`content` with the escaped surrogate decoded into a character of the stream itself."""
    return content.replace("\\ud83d", LONE)


async def test_tui_shows_and_saves_the_plan(
    tmp_path: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789")
    questions = [make_question(n, text=f"Question {n} about Python {LONE}") for n in (1, 2)]
    llm_server.default = Reply(content=json.dumps({"questions": questions}).replace(
        "\\ud83d", LONE))
    settings = (
        f'[llm]\nprovider = "openai"\ncount = 2\ntimeout = 10\n'
        f'[openai]\nbase_url = "{llm_server.openai_url}"\nmodel = "gpt-test"\n'
    )
    app = make_app(tmp_path, settings=settings, cv=str(CVS / "single-column-endash-title-company.pdf"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FormScreen")
        await pilot.pause()
        await pilot.press(*"backend", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None or screen.failed)
        await pilot.pause()
        assert screen.result is not None and not screen.failed
        assert not screen.result.provider.used_fallback
        assert "Question 1 about Python \ufffd" in screen_text(app)
        result = screen.result
    store = SessionStore(tmp_path / "sessions.db")
    saved = store.create_from_result(result, CandidateProfile(), None)
    assert store.get(saved.id).questions[0].text == "Question 1 about Python \ufffd"
    store.close()
