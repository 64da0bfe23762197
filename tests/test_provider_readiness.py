"""`provider_readiness`: the form's warning and generation's fallback decision are one rule."""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from tui_support import PROFILE

from iq_tui.engine.planning.events import FellBack, Status
from iq_tui.engine.planning.generation import (
    LLM_DISABLED_REASON,
    GenerationRequest,
    generate,
    provider_readiness,
)
from iq_tui.engine.models import Role
from iq_tui.engine.settings.layers import Settings

ROLE = Role(id="backend-engineer", name="Backend Engineer", category="backend")


def test_no_key_and_no_base_url_is_the_reason() -> None:
    settings = Settings()
    assert provider_readiness(settings, "openai") == "no OpenAI API key configured"
    assert (
        provider_readiness(settings, "anthropic") == "no Anthropic API key configured"
    )
    assert provider_readiness(settings) == "no OpenAI API key configured"  # the default


def test_a_key_or_a_base_url_makes_it_ready() -> None:
    settings = Settings()
    settings.openai.api_key = SecretStr("sk-test-0123456789")
    settings.anthropic.base_url = "http://127.0.0.1:9/"
    assert provider_readiness(settings, "openai") is None
    assert provider_readiness(settings, " Anthropic ") is None
    settings.anthropic.model = ""
    assert provider_readiness(settings, "anthropic") == "no Anthropic model configured"


def test_switched_off_llm_and_offline_on_purpose() -> None:
    settings = Settings()
    settings.openai.api_key = SecretStr("sk-test-0123456789")
    settings.llm.enabled = False
    assert provider_readiness(settings, "openai") == LLM_DISABLED_REASON
    assert provider_readiness(settings, "offline") is None
    settings.llm.provider = "offline"
    assert provider_readiness(settings) is None


@pytest.mark.parametrize(
    ("provider", "enabled"), [("openai", True), ("anthropic", True), ("openai", False)]
)
async def test_generation_falls_back_for_exactly_that_reason(
    provider: str, enabled: bool
) -> None:
    settings = Settings()
    settings.llm.enabled = enabled
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", 2, provider)
    events = [event async for event in generate(request, settings)]
    (fell_back,) = [e for e in events if isinstance(e, FellBack)]
    assert fell_back.reason == provider_readiness(settings, provider)
    assert not any(isinstance(e, Status) and "connecting" in e.message for e in events)
