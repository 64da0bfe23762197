"""A hostile server, through the real SDKs (issue 10): gzip bombs, endless streams, redirects
to another host, and an error object where a model list should be."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, make_settings, questions_json

from iq_tui.engine.errors import ProviderError
from iq_tui.engine.planning.prompts import Prompt
from iq_tui.engine.planning.providers.base import Provider, create_provider
from iq_tui.engine.planning.providers.connection import check_connection

PROVIDERS = ("openai", "anthropic")
BOMB = 256 << 20
"""Decoded size of a bomb: about 250 KB on the wire."""
PEAK_GROWTH_MB = 48
"""What a hostile call may add to the process's peak memory (the bounds are 1 MB to 32 MB,
and a streamed answer is never held whole)."""
TESTS = Path(__file__).parent


def _base_url(server: LLMServer, provider: str) -> str:
    return server.openai_url if provider == "openai" else server.url


def _other_origin(server: LLMServer) -> str:
    """The same server under another name: another origin, so the SDK would re-post there."""
    return server.url.replace("127.0.0.1", "localhost")


async def _run(provider: Provider) -> str | None:
    await provider.load_sdk()
    try:
        async with asyncio.timeout(30):
            await provider.run(Prompt(system="s", user="u", count=3), lambda item: None)
    except Exception as exc:  # noqa: BLE001 - the reason is under test
        return provider.describe(exc)
    return None


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_gzip_answer_still_streams(llm_server: LLMServer, provider: str) -> None:
    llm_server.script(Reply(content=questions_json(3), gzip=True))
    llm = create_provider(provider, make_settings(llm_server, provider))
    assert await _run(llm) is None
    assert llm_server.requests[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("status", [307, 308])
async def test_a_redirect_to_another_host_is_not_followed(
    llm_server: LLMServer, provider: str, status: int
) -> None:
    path = "/v1/chat/completions" if provider == "openai" else "/v1/messages"
    target = _other_origin(llm_server)
    llm_server.script(Reply(status=status, headers={"location": target + path}))
    reason = await _run(create_provider(provider, make_settings(llm_server, provider)))
    assert reason == f"the server redirected to {target.removeprefix('http://')} (not followed)"
    assert len(llm_server.posts()) == 1  # the prompt, CV included, went nowhere else


async def test_a_redirect_within_the_endpoint_is_followed(llm_server: LLMServer) -> None:
    llm_server.script(
        Reply(status=307, headers={"location": f"{llm_server.url}/v2/chat/completions"}),
        Reply(content=questions_json(3)),
    )
    assert await _run(create_provider("openai", make_settings(llm_server, "openai"))) is None
    assert [r.path for r in llm_server.posts()] == ["/v1/chat/completions", "/v2/chat/completions"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_error_object_is_not_a_model_list(llm_server: LLMServer, provider: str) -> None:
    llm_server.script(Reply(payload={"error": {"message": "no such thing", "type": "x"}}))
    with pytest.raises(ProviderError) as info:
        await check_connection(make_settings(llm_server, provider), provider)
    assert "listed no models" in info.value.message


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_the_model_list_of_a_gzip_bomb_is_bounded(
    llm_server: LLMServer, provider: str
) -> None:
    llm_server.script(Reply(status=500, gzip=True, pad=64 << 20))
    with pytest.raises(ProviderError) as info:
        await check_connection(make_settings(llm_server, provider), provider)
    assert "larger than 1 MB" in info.value.message


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "reply",
    [
        Reply(gzip=True, fault="flood", flood=b":\n", flood_bytes=32 << 20, fault_after=1),
        Reply(gzip=True, fault="flood", flood=b": keep-alive\n\n", fault_after=1),
    ],
    ids=["comments", "keepalives"],
)
def test_an_endless_gzip_stream_ends_within_the_deadline(
    llm_server: LLMServer, provider: str, reply: Reply
) -> None:
    """The reported case (Anthropic, 32 MB of gzipped comment lines: `--timeout 5` ran 131 s,
    Escape and ctrl+q ignored: the SDK's line loop never let the event loop in), and an endless
    stream of well-formed keep-alive events, which only the deadline can end. In a subprocess:
    before the fix it hung past the subprocess timeout."""
    llm_server.script(Reply(content=questions_json(3)), reply)
    report = _probe(llm_server, provider, deadline=5)
    assert report["healthy"] is None
    if reply.flood == b":\n":
        assert report["failure"] == "the server sent a stream event of more than 100 lines"
    else:
        assert report["failure"] in ("deadline", "the server's answer is larger than 32 MB")


def _probe(server: LLMServer, provider: str, deadline: float = 120) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(TESTS / "memory_probe.py"), provider, _base_url(server, provider),
         str(deadline)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("provider", "bomb"),
    [
        ("openai", Reply(status=400, gzip=True, pad=BOMB)),
        ("anthropic", Reply(status=400, gzip=True, pad=BOMB)),
        ("anthropic", Reply(gzip=True, fault="flood", flood=b"a", flood_bytes=BOMB, fault_after=1)),
        ("openai", Reply(gzip=True, fault="flood", flood=b"data: {}\n", flood_bytes=BOMB,
                         fault_after=1)),
    ],
    ids=["error-body-openai", "error-body-anthropic", "sse-line-anthropic", "sse-event-openai"],
)
def test_a_gzip_bomb_costs_bounded_memory(
    llm_server: LLMServer, provider: str, bomb: Reply
) -> None:
    llm_server.script(Reply(content=questions_json(3)), bomb)
    report = _probe(llm_server, provider)
    assert report["healthy"] is None
    growth = float(report["peak_mb"]) - float(report["warm_mb"])  # type: ignore[arg-type]
    assert growth < PEAK_GROWTH_MB, report
    assert "larger than" in str(report["failure"]) or "more than" in str(report["failure"])


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_key_echoed_across_the_cut_is_scrubbed(llm_server: LLMServer, provider: str) -> None:
    """A gateway's key has no `sk-` shape: only knowing it scrubs it, and before the cut."""
    key = "gatewaykey0123456789abcdef"
    llm_server.script(Reply(status=400, error_message="x" * 145 + f" key={key} was bad"))
    settings = make_settings(llm_server, provider, key=key)
    reason = await _run(create_provider(provider, settings))
    assert reason is not None and "rejected the request (400)" in reason
    assert "gatewayk" not in reason, reason


async def test_escape_stops_an_endless_gzip_stream_in_the_tui(
    tmp_path: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI's keys get their turn while a stream that only a deadline would end runs."""
    from conftest import CVS
    from tui_support import make_app, wait_until

    from iq_tui.screens.generate import GenerateScreen

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789")
    llm_server.default = Reply(gzip=True, fault="flood", flood=b": keep-alive\n\n", fault_after=1)
    settings = (
        f'[llm]\nprovider = "openai"\ncount = 3\ntimeout = 600\n'
        f'[openai]\nbase_url = "{llm_server.openai_url}"\nmodel = "gpt-test"\n'
    )
    app = make_app(tmp_path, settings=settings, cv=str(CVS / "single-column-endash-title-company.pdf"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FormScreen")
        await pilot.pause()
        await pilot.press(*"backend", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: bool(llm_server.posts()) and screen._received > 0)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not screen.running)
        assert screen.cancelled
