"""Generation: the one pipeline both faces use. Yields typed events, ends with Done(result).

The LLM call runs in its own task, bounded as a whole by `settings.llm.timeout` (the SDKs'
timeouts only limit inactivity, and Anthropic's SDK waits out any Retry-After). The task
reports through a queue; each question is handed on the moment its JSON object is complete
in the stream. Whatever goes wrong, the offline generator fills the plan up to `count`,
keeping the questions the LLM did deliver.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.events import (
    Done,
    FellBack,
    GenerationEvent,
    Progress,
    QuestionReady,
    Retrying,
    Status,
)
from iq_tui.engine.planning.grounding import Grounder
from iq_tui.engine.planning.json_stream import QuestionScanner, parse_questions_document
from iq_tui.engine.models import (
    LEVELS,
    QUESTION_CATEGORIES,
    CandidateProfile,
    CandidateRef,
    GenerationResult,
    InterviewType,
    Level,
    ProviderInfo,
    Question,
    QuestionCategory,
    Role,
    RoleRef,
    Usage,
)
from iq_tui.engine.planning.prompts import Prompt, build_prompt
from iq_tui.engine.planning.providers.base import (
    Notice,
    Provider,
    ProviderFailure,
    TextDelta,
    UsageUpdate,
    create_provider,
    unavailable_reason,
)
from iq_tui.engine.planning.redact import map_strings, strip_controls
from iq_tui.engine.settings.layers import Settings, foreign_host

PROGRESS_INTERVAL = 0.1
"""Seconds between `Progress` events while text streams (usage updates go at once)."""
LLM_DISABLED_REASON = "LLM generation is turned off (USE_LLM_FOR_QUESTIONS=false)"
_DEFAULT_CATEGORY = {"hr": "hr", "technical": "technical", "case_study": "case_study"}


@dataclass(frozen=True)
class GenerationRequest:
    profile: CandidateProfile
    role: Role
    level: Level
    interview_type: InterviewType
    count: int = 10
    provider: str | None = None
    """openai, anthropic or offline; None means the settings' choice."""
    category: QuestionCategory | None = None
    """Only questions of this category (regenerating one slot); None: the type's mix."""


@dataclass(frozen=True, slots=True)
class _End:
    """The provider task is over; `failure` is the reason when it failed."""

    failure: str | None = None


class _Plan:
    """The questions collected so far: validated, de-duplicated, grounded, at most `count`."""

    def __init__(self, request: GenerationRequest, avoid: Sequence[str]) -> None:
        self.request = request
        self.questions: list[Question] = []
        self.avoid = tuple(avoid)
        self.seen = {" ".join(text.split()).casefold() for text in avoid}
        self.grounder = Grounder(request.profile)
        self.usage = Usage()
        self.from_llm = 0

    @property
    def missing(self) -> int:
        return max(0, self.request.count - len(self.questions))

    def accept_llm(self, item: dict[str, Any]) -> Question | None:
        """Validate one object from the model; None if invalid, a repeat, or one too many."""
        if not self.missing:
            return None
        data = {**map_strings(item, strip_controls), "source": "llm"}
        data.pop("grounded", None)
        if "text" not in data and isinstance(data.get("question"), str):
            data["text"] = data["question"]  # small local models often name it so
        for key in ("skills", "follow_ups"):
            if isinstance(data.get(key), str):
                data[key] = [data[key]]
        category = str(data.get("category", "")).strip().lower().replace(" ", "_")
        if self.request.category is not None:
            category = (
                self.request.category
            )  # asked for by name: the slot's, whatever the label
        elif category not in QUESTION_CATEGORIES:
            category = _DEFAULT_CATEGORY.get(self.request.interview_type, "technical")
        difficulty = str(data.get("difficulty", "")).strip().lower()
        data["category"] = category
        data["difficulty"] = difficulty if difficulty in LEVELS else self.request.level
        try:
            question = Question.model_validate(data)
        except ValidationError:
            return None
        added = self._add(self.grounder.ground(question))
        if added is not None:
            self.from_llm += 1
        return added

    def _add(self, question: Question) -> Question | None:
        text = " ".join(question.text.split())
        if not text or text.casefold() in self.seen:
            return None
        self.seen.add(text.casefold())
        question = question.model_copy(update={"text": text})
        self.questions.append(question)
        return question

    def fill_offline(self, context: dict[str, Any]) -> list[Question]:
        """Offline questions up to `count`, avoiding every text already used."""
        from iq_tui.engine.planning.providers.offline import generate_offline

        if not self.missing:
            return []
        made = generate_offline(
            context,
            self.missing,
            avoid=(*self.avoid, *(q.text for q in self.questions)),
            category=self.request.category,
        )
        return [q for q in map(self._add, made[: self.missing]) if q is not None]


def _result(
    request: GenerationRequest, plan: _Plan, provider: ProviderInfo, started: float
) -> GenerationResult:
    return GenerationResult(
        role=RoleRef(
            id=request.role.id, name=request.role.name, category=request.role.category
        ),
        level=request.level,
        interview_type=request.interview_type,
        candidate=CandidateRef(
            name=request.profile.name, skills=list(request.profile.skills)
        ),
        provider=provider,
        questions=list(plan.questions),
        usage=plan.usage,
        elapsed_seconds=round(time.monotonic() - started, 3),
    )


async def _run_bounded(
    provider: Provider, prompt: Prompt, emit: Callable[[Any], None], timeout: float
) -> None:
    """Run the provider under the app's own deadline; always ends by emitting `_End`."""
    failure: str | None = None
    deadline = asyncio.timeout(timeout)
    try:
        await provider.load_sdk()
        async with deadline:
            await provider.run(prompt, emit)
    except TimeoutError as exc:
        failure = (
            provider.tracker.deadline_reason(timeout)
            if deadline.expired()
            else provider.describe(exc)
        )
    except Exception as exc:  # noqa: BLE001 - any SDK or network failure becomes a reason
        failure = provider.describe(exc)
    emit(_End(failure))


async def _llm_phase(
    provider: Provider, prompt: Prompt, plan: _Plan, timeout: float
) -> AsyncGenerator[GenerationEvent | _End, None]:
    """Events of one LLM call; the last item is `_End(failure)` after a final full parse."""
    queue: asyncio.Queue[Any] = asyncio.Queue()
    provider.bind(queue.put_nowait)
    name, model = provider.name, provider.model
    host = foreign_host(name, provider.config.base_url)
    where = f" at {host}" if host else ""
    yield Status(
        f"connecting to {name} ({model}){where}", provider=name, model=model, endpoint=host
    )
    task = asyncio.create_task(
        _run_bounded(provider, prompt, queue.put_nowait, timeout)
    )
    scanner, parts = QuestionScanner(), list[str]()
    received = reported = 0
    last_progress = time.monotonic()
    try:
        while True:
            if received > reported:  # a count to report: when due, or when the stream pauses
                wait = last_progress + PROGRESS_INTERVAL - time.monotonic()
                if wait <= 0:
                    reported, last_progress = received, time.monotonic()
                    yield Progress(received, _known(plan.usage))
                    continue
                if queue.empty():  # the timeout costs a few us: only when idle anyway
                    try:
                        async with asyncio.timeout(wait):
                            item = await queue.get()
                    except TimeoutError:
                        continue
                else:
                    item = queue.get_nowait()
            else:
                item = await queue.get()
            if isinstance(item, _End):
                failure = item.failure
                break
            if isinstance(item, TextDelta):
                if not parts:
                    yield Status(f"streaming from {name}", provider=name, model=model)
                parts.append(item.text)
                received += len(item.text)
                for found in scanner.feed(item.text):
                    question = plan.accept_llm(found)
                    if question is not None:
                        yield QuestionReady(len(plan.questions) - 1, question)
            elif isinstance(item, UsageUpdate):
                plan.usage = item.usage
                reported, last_progress = received, time.monotonic()
                yield Progress(received, _known(item.usage))
            elif isinstance(item, Notice):
                yield Status(item.message, provider=name, model=model)
            elif isinstance(item, Retrying):
                yield item
    finally:
        if not task.done():
            task.cancel()
            await asyncio.wait([task])
    if received:
        yield Progress(received, _known(plan.usage))
    if plan.usage.input_tokens or plan.usage.output_tokens:
        usage = plan.usage
        yield Status(
            f"{name} used {usage.input_tokens} input and {usage.output_tokens} output tokens",
            provider=name,
            model=model,
            usage=usage,
        )
    if failure is None:
        text = "".join(parts)
        failure_or_items = _final_parse(text, plan)
        if isinstance(failure_or_items, str):
            failure = failure_or_items
        else:
            for question in failure_or_items:
                yield QuestionReady(plan.questions.index(question), question)
            if plan.from_llm == 0:
                failure = "the answer held no valid questions"
            elif plan.missing:
                got = plan.from_llm
                failure = (
                    f"the model returned only {got} of {got + plan.missing} questions"
                )
    yield _End(failure)


def _known(usage: Usage) -> Usage | None:
    return usage if usage.input_tokens or usage.output_tokens else None


def _final_parse(text: str, plan: _Plan) -> str | list[Question]:
    """The whole answer, parsed tolerantly: new questions, or the reason it failed."""
    if not text.strip():
        return "the model returned an empty answer"
    try:
        items = parse_questions_document(text)
    except ValueError:
        if plan.from_llm:
            return (
                f"response was not valid JSON (cut off after {plan.from_llm} questions)"
            )
        return "response was not valid JSON"
    return [q for q in (plan.accept_llm(item) for item in items) if q is not None]


def chosen_provider(settings: Settings, provider: str | None = None) -> str:
    """The provider a run uses: `provider` if given, else the settings' choice."""
    return (provider or settings.llm.provider or "openai").strip().lower()


def provider_readiness(settings: Settings, provider: str | None = None) -> str | None:
    """Why a run with `provider` (None: the settings' choice) would fall back to the offline
    generator before any call is made, in the words of `fallback_reason`; None when the LLM
    will be asked (or `offline` was chosen on purpose). `generate` decides by this too."""
    name = chosen_provider(settings, provider)
    if name == "offline":
        return None
    if not settings.llm.enabled:
        return LLM_DISABLED_REASON
    return unavailable_reason(name, settings)


async def generate(
    request: GenerationRequest, settings: Settings, *, avoid: Sequence[str] = ()
) -> AsyncIterator[GenerationEvent]:
    """Status / QuestionReady / Retrying events, at most one FellBack, then Done. Never raises
    for provider failures. `avoid`: question texts the plan must not repeat."""
    started = time.monotonic()
    context = build_context(
        request.role, request.level, request.interview_type, request.profile
    )
    plan = _Plan(request, avoid)
    name = chosen_provider(settings, request.provider)
    provider: Provider | None = None
    failure = provider_readiness(settings, name)
    if name == "offline":
        yield Status("generating offline", provider="offline")
    elif failure is None:
        try:
            provider = create_provider(name, settings)
        except ProviderFailure as exc:
            failure = exc.reason
    if provider is not None:
        profile = request.profile
        prompt = build_prompt(
            context,
            request.count,
            redact=settings.llm.redact_contacts,
            known_contacts=(profile.email, profile.phone, *profile.links),
            avoid=avoid,
            category=request.category,
        )
        try:
            phase = _llm_phase(provider, prompt, plan, settings.llm.timeout)
            async with aclosing(phase):  # closing us early must cancel the call at once
                async for event in phase:
                    if isinstance(event, _End):
                        failure = event.failure
                    else:
                        yield event
        except Exception as exc:  # noqa: BLE001 - a bug in our parsing must not cost the plan
            failure = f"internal error while reading the answer ({type(exc).__name__})"
        if plan.from_llm and not plan.missing:
            failure = None  # every question came before the answer broke off: nothing fell back
    if failure is not None:
        yield FellBack(failure, kept=len(plan.questions))
    start = len(plan.questions)
    for offset, question in enumerate(plan.fill_offline(context)):
        yield QuestionReady(start + offset, question)
    if plan.from_llm and provider is not None:
        info = ProviderInfo(name=provider.name, model=provider.model)
    else:
        info = ProviderInfo(name="offline")
    info.used_fallback = failure is not None
    info.fallback_reason = failure
    yield Done(_result(request, plan, info, started))


async def regenerate_question(
    request: GenerationRequest, settings: Settings, existing: list[Question], index: int
) -> Question:
    """A new question to replace `existing[index]`, unlike all of `existing`, of the same
    category and difficulty (the slot the interviewer planned).

    Uses the LLM when it is available, else the offline generator; never raises for provider
    failures (at worst the old question comes back).
    """
    slot = existing[index]
    single = dataclasses.replace(
        request, count=1, category=slot.category, level=slot.difficulty
    )
    result: GenerationResult | None = None
    async for event in generate(single, settings, avoid=[q.text for q in existing]):
        if isinstance(event, Done):
            result = event.result
    if result is None or not result.questions:
        return existing[index]
    # the model was asked for the slot's level; its own label must not move the slot
    return result.questions[0].model_copy(update={"difficulty": slot.difficulty})


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
