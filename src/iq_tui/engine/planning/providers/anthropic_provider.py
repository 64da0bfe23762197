"""Anthropic Messages, streamed, with a forced tool whose input schema is the question schema."""

from __future__ import annotations

from typing import Any

from iq_tui.engine.models import Usage
from iq_tui.engine.planning.prompts import QUESTIONS_SCHEMA, TOOL_NAME, Prompt
from iq_tui.engine.planning.providers.base import (
    Capabilities,
    Emit,
    Provider,
    ProviderFailure,
    TextDelta,
    UsageUpdate,
)

_TOOL = {
    "name": TOOL_NAME,
    "description": "Submit the interview questions written for this candidate.",
    "input_schema": QUESTIONS_SCHEMA,
}


def max_tokens_for(count: int) -> int:
    """Room for `count` questions with follow-ups and answers (about 600 tokens each)."""
    return min(32_000, 1_000 + 700 * count)


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
            http_client=anthropic.DefaultAsyncHttpxClient(
                event_hooks=self.tracker.hooks
            ),
        )

    async def run(self, prompt: Prompt, emit: Emit) -> None:
        usage = Usage()
        stop_reason: str | None = None
        async with self.client() as client:
            stream = await client.messages.create(
                model=self.model,
                max_tokens=max_tokens_for(prompt.count),
                system=prompt.system,
                messages=[{"role": "user", "content": prompt.user}],
                tools=[_TOOL],
                tool_choice={"type": "tool", "name": TOOL_NAME},
                stream=True,
            )
            async with stream:
                async for event in stream:
                    kind = event.type
                    if kind == "message_start":
                        usage = Usage(
                            input_tokens=event.message.usage.input_tokens or 0,
                            output_tokens=event.message.usage.output_tokens or 0,
                        )
                        emit(UsageUpdate(usage))
                    elif kind == "content_block_delta":
                        delta = event.delta
                        if delta.type == "input_json_delta" and delta.partial_json:
                            emit(TextDelta(delta.partial_json))
                    elif kind == "message_delta":
                        stop_reason = event.delta.stop_reason or stop_reason
                        if (
                            event.usage is not None
                            and event.usage.output_tokens is not None
                        ):
                            usage = usage.model_copy(
                                update={"output_tokens": event.usage.output_tokens}
                            )
                            emit(UsageUpdate(usage))
        if stop_reason == "refusal":
            raise ProviderFailure("the model refused to write these questions")
        if stop_reason == "max_tokens":
            raise ProviderFailure("the answer was cut off at the model's output limit")
