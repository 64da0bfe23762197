"""Generation: the one pipeline both faces use. Yields typed events, ends with Done(result).

The LLM call runs in its own task, bounded as a whole by `settings.llm.timeout` (the SDKs'
timeouts only limit inactivity, and Anthropic's SDK waits out any Retry-After). The task
reports through a queue; each question is handed on the moment its JSON object is complete
in the stream, and the stream is closed once `count` questions have arrived (a model that keeps
going costs neither time nor memory). A model that returns too few is asked once more for the
missing ones while the deadline allows; whatever goes wrong, the offline generator then fills
the plan up to `count`, keeping the questions the LLM did deliver.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections import Counter
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
from iq_tui.engine.planning.fairness import question_flags
from iq_tui.engine.planning.grounding import Grounder
from iq_tui.engine.planning.limits import bound_question
from iq_tui.engine.planning.job_match import JobMatch, requirement_warnings
from iq_tui.engine.planning.job_prompt import known_requirement
from iq_tui.engine.planning.kits import Kit, kit_warnings, near_repeat
from iq_tui.engine.planning.json_stream import QuestionScanner, parse_questions_document
from iq_tui.engine.models import (
    INTERVIEW_TYPE_LABELS,
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
    Requirement,
    Role,
    RoleRef,
    Usage,
)
from iq_tui.engine.planning.prompts import Prompt, build_prompt
from iq_tui.engine.planning.providers.base import (
    Notice,
    OutputCut,
    Provider,
    ProviderFailure,
    TextDelta,
    UsageUpdate,
    create_provider,
    unavailable_reason,
)
from iq_tui.engine.planning.redact import map_strings
from iq_tui.engine.text import strip_controls
from iq_tui.engine.planning.career import plan_warnings
from iq_tui.engine.settings.layers import Settings, foreign_host

PROGRESS_INTERVAL = 0.1
"""Seconds between `Progress` events while text streams (usage updates go at once)."""
LLM_DISABLED_REASON = "LLM generation is turned off (USE_LLM_FOR_QUESTIONS=false)"
_DEFAULT_CATEGORY = {"hr": "hr", "technical": "technical", "case_study": "case_study"}
_ALLOWED = {
    "hr": frozenset({"hr", "behavioral"}),
    "technical": frozenset({"technical"}),
    "case_study": frozenset({"case_study"}),
}
"""The categories each interview type takes (mixed: all)."""
_RELABEL = {("technical", "case_study"): "technical"}
"""(type, the model's category) -> the category it is given: a problem to reason through on
the candidate's own systems is technical depth; anything else outside the type is replaced."""
MAX_ANSWER_CHARS_PER_QUESTION = 24_000
"""Text read per requested question before the answer is given up on (a memory bound)."""
FULL_GRACE_SECONDS = 2.0
FULL_GRACE_CHARS = 2_000
"""Once the plan is full, the answer may close (and report usage) within this time and text;
past either, the stream is closed: a model that keeps going holds nothing up."""
MAX_OFFLINE = 50
"""The most questions the offline generator makes in one call."""
ASK_AGAIN_MIN_SECONDS = 5.0
"""Least time left under the deadline worth a second request for the missing questions."""


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
    replacing: str | None = None
    """The text of the question being regenerated: the offline generator walks on from it."""
    kit: Kit | None = None
    """Core questions that open the plan word for word; `count` covers them too (a kit with
    more questions than `count` raises it, and `warnings` says so)."""
    job: JobMatch | None = None
    """A job description matched against the CV (`job_match_from_file`): the plan aims at
    its requirements, and the result carries them."""

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return self.job.requirements if self.job is not None else ()


@dataclass(frozen=True, slots=True)
class _End:
    """The provider task is over; `failure` is the reason when it failed. `short`: it failed
    only by giving too few usable questions (worth asking again for the rest)."""

    failure: str | None = None
    short: bool = False


class _Plan:
    """The questions collected so far: validated, de-duplicated, grounded, at most `count`;
    what was changed or turned away on the way is counted for `warnings`."""

    def __init__(self, request: GenerationRequest, avoid: Sequence[str]) -> None:
        self.request = request
        self.questions: list[Question] = []
        self.avoid = tuple(avoid)
        self.seen = {" ".join(text.split()).casefold() for text in avoid}
        self.grounder = Grounder(request.profile)
        self.usage = Usage()
        self.from_llm = 0
        self.rejected: list[str] = []
        """Texts of the model's questions turned away (outside the type): not to be asked for again."""
        self.relabelled: Counter[tuple[str, str]] = Counter()
        self.replaced: Counter[str] = Counter()
        self.unfair = 0
        self.characteristics: dict[str, None] = {}
        self.cut = 0
        """The model's questions with a field or list longer than `limits` keeps."""
        self.from_kit = 0

    def seed(self, questions: Sequence[Question]) -> None:
        """Open the plan with a kit's questions, as they are (word for word, never grounded)."""
        for question in questions:
            self.seen.add(" ".join(question.text.split()).casefold())
            self.questions.append(question)
        self.from_kit = len(questions)

    @property
    def core_texts(self) -> list[str]:
        return [q.text for q in self.questions[: self.from_kit]]

    @property
    def missing(self) -> int:
        return max(0, self.request.count - len(self.questions))

    def _category(self, label: Any) -> str | None:
        """The category a model's question gets in this plan, or None when it is outside the
        interview type and must be replaced."""
        category = str(label or "").strip().lower().replace(" ", "_")
        if self.request.category is not None:
            return self.request.category  # asked for by name: the slot's, whatever the label
        kind = self.request.interview_type
        if category not in QUESTION_CATEGORIES:
            return _DEFAULT_CATEGORY.get(kind, "technical")
        allowed = _ALLOWED.get(kind)
        if allowed is None or category in allowed:
            return category
        if (kind, category) in _RELABEL:
            self.relabelled[(category, _RELABEL[(kind, category)])] += 1
            return _RELABEL[(kind, category)]
        self.replaced[category] += 1
        return None

    def accept_llm(self, item: dict[str, Any]) -> Question | None:
        """Validate one object from the model; None if invalid, a repeat, outside the
        interview type, or one too many."""
        if not self.missing:
            return None
        item, cut = bound_question(item)
        data = {**map_strings(item, strip_controls), "source": "llm"}
        requirement = known_requirement(data.get("requirement"), self.request.requirements)
        for key in ("grounded", "core", "requirement"):
            data.pop(key, None)
        data["requirement"] = requirement  # one of the JD's, or none: never the model's own
        if "text" not in data and isinstance(data.get("question"), str):
            data["text"] = data["question"]  # small local models often name it so
        for key in ("skills", "follow_ups", "red_flags"):
            if isinstance(data.get(key), str):
                data[key] = [data[key]]
        if not isinstance(data.get("evidence"), str | None):
            data.pop("evidence")
        if not isinstance(data.get("text"), str) or not data["text"].strip():
            return None
        if " ".join(data["text"].split()).casefold() in self.seen:
            return None  # a repeat (the final parse sees the streamed questions again)
        if self.from_kit and near_repeat(data["text"], self.core_texts):
            self.rejected.append(data["text"])  # asks what a kit question asks: not again
            self.seen.add(" ".join(data["text"].split()).casefold())
            return None
        category = self._category(data.get("category"))
        if category is None:
            self.rejected.append(data["text"])
            self.seen.add(" ".join(data["text"].split()).casefold())
            return None
        difficulty = str(data.get("difficulty", "")).strip().lower()
        data["category"] = category
        data["difficulty"] = difficulty if difficulty in LEVELS else self.request.level
        try:
            question = Question.model_validate(data)
        except ValidationError:
            return None
        flags = question_flags(question)
        if flags:  # asks about or leads to a protected characteristic: never in a plan
            self.unfair += 1
            self.characteristics.update(dict.fromkeys(flag.characteristic for flag in flags))
            self.rejected.append(question.text)
            self.seen.add(" ".join(question.text.split()).casefold())
            return None
        added = self._add(self.grounder.ground(question))
        if added is not None:
            self.from_llm += 1
            self.cut += cut
        return added

    def _add(self, question: Question) -> Question | None:
        text = " ".join(question.text.split())
        if not text or text.casefold() in self.seen:
            return None
        self.seen.add(text.casefold())
        question = question.model_copy(update={"text": text})
        self.questions.append(question)
        return question

    def warnings(self) -> list[str]:
        """What the interviewer should know about the model's questions in this plan."""
        kind = INTERVIEW_TYPE_LABELS.get(self.request.interview_type, "")
        notes = []
        if self.unfair:
            were = "question" if self.unfair == 1 else "questions"
            notes.append(
                f"{self.unfair} {were} from the model touched protected characteristics "
                f"({', '.join(self.characteristics)}) and {'was' if self.unfair == 1 else 'were'} "
                "replaced"
            )
        for category, n in self.replaced.items():
            label = INTERVIEW_TYPE_LABELS.get(category, category).lower()
            were = "question was" if n == 1 else "questions were"
            notes.append(
                f"{n} {label} {were} outside the {kind} interview the model was asked for "
                "and replaced"
            )
        for (old, new), n in self.relabelled.items():
            old_label = INTERVIEW_TYPE_LABELS.get(old, old).lower()
            new_label = INTERVIEW_TYPE_LABELS.get(new, new).lower()
            were = "question" if n == 1 else "questions"
            notes.append(
                f"{n} {were} the model labelled {old_label} in a {kind} interview "
                f"{'was' if n == 1 else 'were'} re-labelled {new_label}"
            )
        if self.cut:
            were = "question was" if self.cut == 1 else "questions were"
            notes.append(
                f"{self.cut} {were} longer than a plan keeps (a field, or too many follow-ups) "
                "and cut"
            )
        return notes

    def fill_offline(self, context: dict[str, Any]) -> list[Question]:
        """Offline questions up to `count`, avoiding every text already used."""
        from iq_tui.engine.planning.providers.offline import generate_offline

        if not self.missing:
            return []
        aimed = self._aim_at_job()
        core = self.core_texts
        made = generate_offline(
            context,
            min(MAX_OFFLINE, self.missing + len(core) + len(aimed)),  # room for those dropped
            avoid=(*self.avoid, *(q.text for q in self.questions)),
            category=self.request.category,
            replacing=self.request.replacing,
        )
        if core:
            made = [q for q in made if not near_repeat(q.text, core)]
        if aimed:  # a highlight a JD question builds on is not built on again
            used = {q.evidence for q in aimed if q.evidence}
            made = [q for q in made if not q.evidence or q.evidence not in used]
        return [*aimed, *(q for q in map(self._add, made[: self.missing]) if q is not None)]

    def _aim_at_job(self) -> list[Question]:
        """The offline questions on the JD's requirements, added first (not when regenerating
        one slot: that keeps to the slot's own kind)."""
        request = self.request
        if not request.requirements or request.replacing is not None or request.category:
            return []
        from iq_tui.engine.planning.job_questions import job_questions

        asked = {q.requirement for q in self.questions if q.requirement}
        made = job_questions(
            [r for r in request.requirements if r.text not in asked],  # the model's kept
            request.interview_type,
            request.level,
            self.missing,
            request.profile,
        )
        return [q for q in map(self._add, made) if q is not None]


def _result(
    request: GenerationRequest,
    plan: _Plan,
    provider: ProviderInfo,
    started: float,
    notes: Sequence[str] = (),
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
        warnings=[
            *plan_warnings(
                build_context(request.role, request.level, request.interview_type, request.profile)
            ),
            *notes,
            *plan.warnings(),
            *(request.job.warnings if request.job is not None else ()),
            *requirement_warnings(request.requirements),
        ],
        requirements=list(request.requirements),
    )


async def _run_bounded(
    provider: Provider, prompt: Prompt, emit: Callable[[Any], None], timeout: float
) -> None:
    """Run the provider under the app's own deadline; always ends by emitting `_End`."""
    failure: str | None = None
    short = False
    deadline = asyncio.timeout(None)  # set once the SDK is loaded: its import is no part of it
    streamed = [0, 0]  # text pieces, the output tokens the usage reported

    def counting(item: Any) -> None:
        if isinstance(item, TextDelta):
            streamed[0] += 1
        elif isinstance(item, UsageUpdate):
            streamed[1] = item.usage.output_tokens
        emit(item)

    try:
        await provider.load_sdk()
        async with deadline:
            deadline.reschedule(asyncio.get_running_loop().time() + timeout)
            await provider.run(prompt, counting)
    except TimeoutError as exc:
        failure = (
            provider.tracker.deadline_reason(timeout, streamed=max(streamed))
            if deadline.expired()
            else provider.describe(exc)
        )
    except OutputCut as exc:  # the questions that did arrive are worth asking to complete
        failure, short = provider.describe(exc), True
    except Exception as exc:  # noqa: BLE001 - any SDK or network failure becomes a reason
        failure = provider.describe(exc)
    emit(_End(failure, short=short))


async def _llm_phase(
    provider: Provider, prompt: Prompt, plan: _Plan, timeout: float
) -> AsyncGenerator[GenerationEvent | _End, None]:
    """Events of one LLM call; the last item is `_End(failure)` after a final full parse.

    The stream is closed as soon as the plan is full, and given up on once it has run past
    `MAX_ANSWER_CHARS_PER_QUESTION` per question asked."""
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
    scanners = {False: QuestionScanner(), True: QuestionScanner()}
    parts: dict[bool, list[str]] = {False: [], True: []}
    received = reported = 0
    limit = MAX_ANSWER_CHARS_PER_QUESTION * (prompt.count + 1)
    failure: str | None = None
    short = False
    full_chars = 0
    last_progress = time.monotonic()
    full_at: float | None = None  # when the plan filled up: the answer gets a moment to close
    try:
        while True:
            now = time.monotonic()
            wait: float | None = None
            if received > reported:  # a count to report: when due, or when the stream pauses
                wait = last_progress + PROGRESS_INTERVAL - now
                if wait <= 0:
                    reported, last_progress = received, now
                    yield Progress(received, _known(plan.usage))
                    continue
            if full_at is not None:
                left = full_at + FULL_GRACE_SECONDS - now
                if left <= 0:
                    break
                wait = left if wait is None else min(wait, left)
            if not queue.empty():
                item = queue.get_nowait()
            elif wait is None:
                item = await queue.get()
            else:
                try:
                    async with asyncio.timeout(wait):
                        item = await queue.get()
                except TimeoutError:
                    continue
            if isinstance(item, _End):
                failure, short = item.failure, item.short
                break
            if isinstance(item, TextDelta):
                if not received:
                    yield Status(f"streaming from {name}", provider=name, model=model)
                received += len(item.text)
                if full_at is not None:  # only the closing brackets (and usage) still wanted
                    if received - full_chars > FULL_GRACE_CHARS:
                        break
                    continue
                parts[item.prose].append(item.text)
                for found in scanners[item.prose].feed(item.text):
                    question = plan.accept_llm(found)
                    if question is not None:
                        yield QuestionReady(len(plan.questions) - 1, question)
                if not plan.missing:
                    full_at, full_chars = time.monotonic(), received
                    parts = {False: [], True: []}  # nothing more to parse: free the text
                elif received > limit:
                    failure = (
                        f"the answer ran past {limit // 1000} KB without finishing its "
                        "questions"
                    )
                    break
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
        yield Status(_usage_words(name, plan.usage), provider=name, model=model, usage=plan.usage)
    if full_at is not None:  # every question arrived: how the stream ended does not matter
        yield _End(None)
        return
    if failure is None or short:
        text, prose = "".join(parts[False]), "".join(parts[True])
        failure_or_items = _final_parse(text, prose, plan)
        if isinstance(failure_or_items, str):
            failure = failure or failure_or_items
        else:
            for question in failure_or_items:
                yield QuestionReady(plan.questions.index(question), question)
            if not plan.from_llm and not plan.rejected:
                failure = failure or "the answer held no valid questions"
            elif plan.missing:
                failure = failure or _too_few(plan)
        short = bool(plan.missing) and bool(plan.from_llm or plan.rejected)
    yield _End(failure, short=short)


def _too_few(plan: _Plan, asked_twice: bool = False) -> str:
    got, wanted = plan.from_llm, plan.request.count - plan.from_kit
    reason = f"the model returned only {got} of {wanted} questions"
    return reason + (", asked twice" if asked_twice else "")


def _usage_words(name: str, usage: Usage) -> str:
    cached = f" ({usage.cached_input_tokens} from the cache)" if usage.cached_input_tokens else ""
    return (
        f"{name} used {usage.input_tokens} input{cached} and {usage.output_tokens} output tokens"
    )


def _add_usage(a: Usage, b: Usage) -> Usage:
    return Usage(
        input_tokens=a.input_tokens + b.input_tokens,
        output_tokens=a.output_tokens + b.output_tokens,
        cached_input_tokens=a.cached_input_tokens + b.cached_input_tokens,
    )


def _mix(request: GenerationRequest, plan: _Plan) -> dict[str, int] | None:
    """How many questions of each category the plan still needs (as the offline generator
    splits the type), or None for a one-category plan."""
    from iq_tui.engine.planning.providers.offline import _allocate

    if request.category is not None:
        return None
    wanted = _allocate(request.interview_type, request.count)
    for question in plan.questions:
        if wanted.get(question.category, 0) > 0:
            wanted[question.category] -= 1
    wanted = {name: n for name, n in wanted.items() if n > 0}
    if sum(wanted.values()) != plan.missing:
        return None
    return wanted


def _known(usage: Usage) -> Usage | None:
    return usage if usage.input_tokens or usage.output_tokens else None


def _final_parse(text: str, prose: str, plan: _Plan) -> str | list[Question]:
    """The whole answer, parsed tolerantly: new questions, or the reason it failed. `prose`
    is text the model wrote outside the structured answer (instead of calling the tool)."""
    if not text.strip() and not prose.strip():
        return "the model returned an empty answer"
    for candidate in (text, prose):
        if not candidate.strip():
            continue
        try:
            items = parse_questions_document(candidate)
        except ValueError:
            continue
        return [q for q in (plan.accept_llm(item) for item in items) if q is not None]
    if plan.from_llm:
        return f"response was not valid JSON (cut off after {plan.from_llm} questions)"
    if not text.strip():
        return "the model answered in text instead of calling the tool, with no questions in it"
    return "response was not valid JSON"


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
    kit_notes: list[str] = []
    if request.kit is not None:
        kit_notes = kit_warnings(request.kit, request.role, request.count)
        request = dataclasses.replace(request, count=max(request.count, len(request.kit.questions)))
    context = build_context(
        request.role, request.level, request.interview_type, request.profile
    )
    plan = _Plan(request, avoid)
    if request.kit is not None:
        plan.seed(request.kit.questions)
        for index, question in enumerate(plan.questions):
            yield QuestionReady(index, question)
    name = chosen_provider(settings, request.provider)
    provider: Provider | None = None
    failure = provider_readiness(settings, name)
    if not plan.missing:
        failure = None  # the kit fills the plan: nothing to ask for
        yield Status("the kit fills the plan", provider="offline")
    elif name == "offline":
        yield Status("generating offline", provider="offline")
    elif failure is None:
        try:
            provider = create_provider(name, settings)
        except ProviderFailure as exc:
            failure = exc.reason
    if provider is not None:
        profile = request.profile
        known = (profile.name, profile.email, profile.phone, *profile.links)
        level_notes = plan_warnings(context)

        def prompt_for(count: int, mix: dict[str, int] | None) -> Prompt:
            return build_prompt(
                context,
                count,
                redact=settings.llm.redact_contacts,
                known_contacts=known,
                avoid=(*avoid, *(q.text for q in plan.questions), *plan.rejected),
                category=request.category,
                mix=mix,
                notes=level_notes,
                requirements=request.requirements,
            )

        llm_started = time.monotonic()
        timeout = settings.llm.timeout
        spent = Usage()
        short, first_failure = False, None
        prompt = prompt_for(plan.missing, _mix(request, plan))
        for attempt in (1, 2):
            if attempt == 2:
                left = timeout - (time.monotonic() - llm_started)
                if not short or left < max(ASK_AGAIN_MIN_SECONDS, 0.2 * settings.llm.timeout):
                    break
                first_failure = failure
                yield Status(
                    f"asking {provider.name} for the {plan.missing} missing questions",
                    provider=provider.name,
                    model=provider.model,
                )
                prompt, timeout = prompt_for(plan.missing, _mix(request, plan)), left
                plan.usage = Usage()
            short = False
            try:
                phase = _llm_phase(provider, prompt, plan, timeout)
                async with aclosing(phase):  # closing us early must cancel the call at once
                    async for event in phase:
                        if isinstance(event, _End):
                            failure, short = event.failure, event.short
                        else:
                            yield event
            except Exception as exc:  # noqa: BLE001 - a bug in our parsing must not cost the plan
                failure = f"internal error while reading the answer ({type(exc).__name__})"
            spent = _add_usage(spent, plan.usage)
            if first_failure is not None and failure is not None:
                again = failure.startswith("the model returned only")
                failure = (
                    _too_few(plan, asked_twice=True)
                    if again
                    else f"{first_failure}; asked again: {failure}"
                )
        plan.usage = spent
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
    yield Done(_result(request, plan, info, started, kit_notes))


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
        request,
        count=1,
        category=slot.category,
        level=slot.difficulty,
        replacing=slot.text,
        kit=None,
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
