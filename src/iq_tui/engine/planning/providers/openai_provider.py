"""OpenAI chat completions, streamed, with a strict JSON schema; also any OpenAI-compatible server.

Local servers (Ollama, vLLM, llama.cpp, LM Studio) often refuse `json_schema`: a 400 that says
so is retried once with JSON mode, then with the prompt alone asking for JSON.

Every request carries an output cap: OpenAI's own API takes `max_completion_tokens` (its
reasoning models refuse `max_tokens`); compatible servers know `max_tokens`.
"""

from __future__ import annotations

import asyncio

from typing import Any
from urllib.parse import urlsplit

from iq_tui.engine.models import Usage
from iq_tui.engine.planning.prompts import QUESTIONS_SCHEMA, SCHEMA_NAME, Prompt
from iq_tui.engine.planning.providers.base import (
    Capabilities,
    Emit,
    Notice,
    Provider,
    OutputCut,
    ProviderFailure,
    TextDelta,
    UsageUpdate,
)
from iq_tui.engine.planning.providers.transport import guarded_client

_MODES = ("json_schema", "json_object", "prompt")
_SCHEMA_WORDS = (
    "response_format",
    "json_schema",
    "json_object",
    "schema",
    "structured",
)


def _response_format(mode: str, schema: dict[str, Any] = QUESTIONS_SCHEMA) -> dict[str, Any] | None:
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {
                "name": SCHEMA_NAME,
                "strict": True,
                "schema": schema,
            },
        }
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def cap_parameter(base_url: str | None) -> str:
    """The name of the output cap this endpoint takes."""
    host = (urlsplit(base_url).hostname or "") if base_url else "api.openai.com"
    return "max_completion_tokens" if host == "api.openai.com" else "max_tokens"


def _usage(usage: Any) -> Usage:
    """Usage as reported: `prompt_tokens` counts the whole prompt, of which
    `prompt_tokens_details.cached_tokens` came from the prompt cache (OpenAI's API and
    llama.cpp both report it; other servers may leave it out)."""
    details = getattr(usage, "prompt_tokens_details", None)
    return Usage(
        input_tokens=usage.prompt_tokens or 0,
        output_tokens=usage.completion_tokens or 0,
        cached_input_tokens=getattr(details, "cached_tokens", None) or 0,
    )


def refuses_schema(exc: BaseException) -> bool:
    """A 400 whose message is about the response format: the server cannot do structured output."""
    if getattr(exc, "status_code", None) != 400:
        return False
    text = f"{exc} {getattr(exc, 'body', '')}".casefold()
    return any(word in text for word in _SCHEMA_WORDS)


class OpenAIProvider(Provider):
    name = "openai"
    label = "OpenAI"
    sdk = "openai"
    capabilities = Capabilities(json_schema=True, streaming=True, tool_use=True)
    max_retry_after = (
        120.0  # openai's MAX_RETRY_AFTER_DELAY: longer waits are not retried
    )

    def client(self) -> Any:
        import openai

        return openai.AsyncOpenAI(
            api_key=self.api_key,
            base_url=self.config.base_url or None,
            timeout=self.timeout,
            max_retries=self.max_retries,
            http_client=guarded_client(self.tracker.hooks, openai.OpenAIError),
        )

    async def run(self, prompt: Prompt, emit: Emit) -> None:
        async with self.client() as client:
            for mode in _MODES:
                try:
                    await self._stream(client, prompt, mode, emit)
                    return
                except Exception as exc:
                    if mode == _MODES[-1] or not refuses_schema(exc):
                        raise
                    next_mode = (
                        "JSON mode" if mode == "json_schema" else "a plain JSON prompt"
                    )
                    emit(Notice(f"the server refused {mode}; trying {next_mode}"))
                    self.tracker.reset()

    async def _stream(self, client: Any, prompt: Prompt, mode: str, emit: Emit) -> None:
        # with no schema sent (JSON mode, a plain prompt) the system message spells the fields out
        system = prompt.system if mode == "json_schema" else prompt.system_without_schema
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": prompt.user},
            ],
            "stream": True,
            "stream_options": {"include_usage": True},
            cap_parameter(self.config.base_url): prompt.output_cap,
        }
        response_format = _response_format(mode, prompt.questions_schema)
        if response_format is not None:
            kwargs["response_format"] = response_format
        stream = await client.chat.completions.create(**kwargs)
        finish: str | None = None
        refusal: list[str] = []
        async with stream:
            async for chunk in stream:
                await asyncio.sleep(0)  # a server that never pauses must not starve the reader
                if chunk.usage is not None:
                    emit(UsageUpdate(_usage(chunk.usage)))
                for choice in chunk.choices:
                    delta = choice.delta
                    if delta is not None and getattr(delta, "refusal", None):
                        refusal.append(delta.refusal)
                    if delta is not None and delta.content:
                        emit(TextDelta(delta.content))
                    finish = choice.finish_reason or finish
        if refusal:
            raise ProviderFailure(f"the model refused: {''.join(refusal)[:160]}")
        if finish == "length":
            raise OutputCut()
        if finish == "content_filter":
            raise ProviderFailure("OpenAI's content filter stopped the answer")
