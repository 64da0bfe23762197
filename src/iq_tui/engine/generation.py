"""Generation: the one pipeline both faces use. Yields typed events, ends with Done(result).

(First cut: offline only. The LLM issue adds the providers, streaming, deadline and fallback.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from iq_tui.engine.context import build_context
from iq_tui.engine.events import Done, GenerationEvent, QuestionReady, Status
from iq_tui.engine.models import (
    CandidateProfile,
    CandidateRef,
    GenerationResult,
    InterviewType,
    Level,
    ProviderInfo,
    Role,
    RoleRef,
)
from iq_tui.engine.settings import Settings


@dataclass(frozen=True)
class GenerationRequest:
    profile: CandidateProfile
    role: Role
    level: Level
    interview_type: InterviewType
    count: int = 10
    provider: str | None = None
    """openai, anthropic or offline; None means the settings' choice."""


def _result_shell(request: GenerationRequest, provider: ProviderInfo) -> GenerationResult:
    return GenerationResult(
        role=RoleRef(id=request.role.id, name=request.role.name, category=request.role.category),
        level=request.level,
        interview_type=request.interview_type,
        candidate=CandidateRef(name=request.profile.name, skills=list(request.profile.skills)),
        provider=provider,
    )


async def generate(request: GenerationRequest, settings: Settings) -> AsyncIterator[GenerationEvent]:
    from iq_tui.engine.providers.offline import generate_offline

    started = time.monotonic()
    context = build_context(request.role, request.level, request.interview_type, request.profile)
    yield Status("generating offline", provider="offline")
    questions = generate_offline(context, request.count)
    for index, question in enumerate(questions):
        yield QuestionReady(index, question)
    result = _result_shell(request, ProviderInfo(name="offline"))
    result.questions = questions
    result.elapsed_seconds = round(time.monotonic() - started, 3)
    yield Done(result)


def generate_sync(
    request: GenerationRequest,
    settings: Settings,
    on_event: Callable[[GenerationEvent], None] | None = None,
) -> GenerationResult:
    """Run `generate` to the end on a fresh event loop; for the CLI and scripts."""

    async def _collect() -> GenerationResult:
        result: GenerationResult | None = None
        async for event in generate(request, settings):
            if on_event is not None:
                on_event(event)
            if isinstance(event, Done):
                result = event.result
        assert result is not None
        return result

    return asyncio.run(_collect())
