"""Anthropic Messages, streamed, with a forced tool whose input schema is the question schema.

Servers that speak the Messages API without honouring the tool (llama.cpp with a chat template
that has no tool support) answer in text: that text is passed on as prose, and parsed for JSON
as the OpenAI prompt mode does. Usage counts the prompt's cached tokens too.
"""

from __future__ import annotations

import asyncio

from typing import Any

from iq_tui.engine.models import Usage
from iq_tui.engine.planning.prompts import QUESTIONS_SCHEMA, TOOL_NAME, Prompt
from iq_tui.engine.planning.providers.base import (
    Capabilities,
    Emit,
    Provider,
    OutputCut,
    ProviderFailure,
    TextDelta,
    UsageUpdate,
)
from iq_tui.engine.planning.providers.transport import guarded_client

_TOOL = {
    "name": TOOL_NAME,
    "description": "Submit the interview questions written for this candidate.",
    "input_schema": QUESTIONS_SCHEMA,
}


def _usage(previous: Usage, reported: Any) -> Usage:
    """`previous` updated by a usage object of `message_start` or `message_delta` (where newer
    servers repeat the input counts); the input counts the cache's tokens too."""
    if reported is None:
        return previous

    def get(name: str) -> int | None:
        value = getattr(reported, name, None)
        return value if isinstance(value, int) else None

    fresh, read, written = (
        get(n) for n in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens")
    )
    output = get("output_tokens")
    update: dict[str, int] = {}
    if fresh is not None or read is not None or written is not None:
        update["input_tokens"] = (fresh or 0) + (read or 0) + (written or 0)
        update["cached_input_tokens"] = read or 0
    if output is not None:
        update["output_tokens"] = output
    return previous.model_copy(update=update)


class AnthropicProvider(Provider):
    name = "anthropic"
    label = "Anthropic"
    sdk = "anthropic"
    capabilities = Capabilities(json_schema=True, streaming=True, tool_use=True)
    max_retry_after = None  # the SDK honours any Retry-After: our deadline bounds it

    def client(self) -> Any:
        import anthropic

        return anthropic.AsyncAnthropic(
            api_key=self.api_key,
            base_url=self.config.base_url or None,
            timeout=self.timeout,
            max_retries=self.max_retries,
            http_client=guarded_client(self.tracker.hooks, anthropic.AnthropicError),
        )

    async def run(self, prompt: Prompt, emit: Emit) -> None:
        usage = Usage()
        stop_reason: str | None = None
        async with self.client() as client:
            stream = await client.messages.create(
                model=self.model,
                max_tokens=prompt.output_cap,
                system=prompt.system,
                messages=[{"role": "user", "content": prompt.user}],
                tools=[{**_TOOL, "input_schema": prompt.questions_schema}],
                tool_choice={"type": "tool", "name": TOOL_NAME},
                stream=True,
            )
            async with stream:
                async for event in stream:
                    await asyncio.sleep(0)  # a server that never pauses must not starve the reader
                    kind = event.type
                    if kind == "message_start":
                        usage = _usage(usage, event.message.usage)
                        emit(UsageUpdate(usage))
                    elif kind == "content_block_delta":
                        delta = event.delta
                        if delta.type == "input_json_delta" and delta.partial_json:
                            emit(TextDelta(delta.partial_json))
                        elif delta.type == "text_delta" and delta.text:
                            emit(TextDelta(delta.text, prose=True))
                    elif kind == "message_delta":
                        stop_reason = event.delta.stop_reason or stop_reason
                        usage = _usage(usage, event.usage)
                        emit(UsageUpdate(usage))
        if stop_reason == "refusal":
            raise ProviderFailure("the model refused to write these questions")
        if stop_reason == "max_tokens":
            raise OutputCut()
