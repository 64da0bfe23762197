"""`check_connection` against the fake server: a success line, or ProviderError with the cause."""

from __future__ import annotations

import time

import pytest
from llm_server import LLMServer, Reply, make_settings

from iq_tui.engine.errors import ProviderError
from iq_tui.engine.planning.providers.connection import check_connection
from iq_tui.engine.settings.layers import Settings


@pytest.mark.parametrize(
    ("provider", "label"), [("openai", "OpenAI"), ("anthropic", "Anthropic")]
)
async def test_check_connection_lists_models(
    llm_server: LLMServer, provider: str, label: str
) -> None:
    line = await check_connection(make_settings(llm_server, provider), provider)
    assert (
        line.startswith(f"{label} OK at ")
        and "3 models" in line
        and line.endswith("available")
    )
    assert llm_server.requests[0].method == "GET" and llm_server.requests[
        0
    ].path.startswith("/v1/models")


async def test_check_connection_reports_a_bad_key_without_echoing_it(
    llm_server: LLMServer,
) -> None:
    llm_server.script(
        Reply(
            status=401, error_message="Incorrect API key provided: sk-test-0123456789"
        )
    )
    with pytest.raises(ProviderError) as caught:
        await check_connection(make_settings(llm_server, "openai"), "openai")
    assert str(caught.value) == "OpenAI rejected the API key (401)"
    assert len(llm_server.requests) == 1  # no retries while the user waits


async def test_check_connection_without_key() -> None:
    with pytest.raises(ProviderError, match="no Anthropic API key configured"):
        await check_connection(Settings(), "anthropic")


async def test_check_connection_is_bounded(llm_server: LLMServer) -> None:
    llm_server.script(Reply(status=429, headers={"retry-after": "600"}))
    settings = make_settings(llm_server, "anthropic")
    settings.llm.timeout = 1
    started = time.monotonic()
    with pytest.raises(ProviderError, match="Anthropic"):
        await check_connection(settings, "anthropic")
    assert time.monotonic() - started < 1 + 10  # bounded, not the 600 s Retry-After


async def test_check_connection_names_the_custom_server_it_cannot_reach() -> None:
    settings = Settings()
    settings.openai.base_url = "http://127.0.0.1:9/v1"  # a local server that is not running
    settings.llm.timeout = 5
    with pytest.raises(ProviderError) as caught:
        await check_connection(settings, "openai")
    assert str(caught.value) == "could not connect to OpenAI at 127.0.0.1:9"
