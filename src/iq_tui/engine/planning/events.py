"""Typed events that `generation.generate()` yields, for the TUI's live view and the CLI's stderr.

Order: any number of Status / Progress / QuestionReady / Retrying, at most one FellBack, then
exactly one Done.
"""

from __future__ import annotations

from dataclasses import dataclass

from iq_tui.engine.models import GenerationResult, Question, Usage


@dataclass(frozen=True, slots=True)
class Status:
    """What is happening now, in words for the status line ("connecting to openai (gpt-4.1)")."""

    message: str
    provider: str = ""
    model: str | None = None
    usage: Usage | None = None
    endpoint: str | None = None
    """The host the call goes to when it is not the provider's own (a proxy, a local server)."""


@dataclass(frozen=True, slots=True)
class Progress:
    """The answer is streaming: `received_chars` of it so far, and the token usage once the
    provider has reported any (Anthropic: input tokens at the start; OpenAI: only at the end).
    Sent a few times a second at most, and whenever usage arrives."""

    received_chars: int
    usage: Usage | None = None


@dataclass(frozen=True, slots=True)
class QuestionReady:
    """A question is complete (parsed from the stream, or made offline). `index` counts from 0."""

    index: int
    question: Question


@dataclass(frozen=True, slots=True)
class Retrying:
    """The provider is being retried: attempt `attempt` of `max_attempts`, and why."""

    attempt: int
    max_attempts: int
    reason: str


@dataclass(frozen=True, slots=True)
class FellBack:
    """The LLM path failed or was unavailable; the offline generator fills the rest."""

    reason: str
    kept: int = 0


@dataclass(frozen=True, slots=True)
class Done:
    """The final plan."""

    result: GenerationResult


GenerationEvent = Status | Progress | QuestionReady | Retrying | FellBack | Done
