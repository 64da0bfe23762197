"""Words for the ids a user sees (levels, interview types, question categories): one function,
so the form, the editor's header, its dialog and the question cards name a value the same way.
(Who wrote a question, its `source`, is said in words by `widgets.render.source_label`.)"""

from __future__ import annotations

from iq_tui.engine.models import INTERVIEW_TYPE_LABELS, LEVELS

LABELS: dict[str, str] = {
    **{level: level.capitalize() for level in LEVELS},
    **INTERVIEW_TYPE_LABELS,  # the types and question categories, as the exports name them
}


def label(value: str) -> str:
    """"case_study" -> "Case study"; an id not listed reads as words ("new_kind" -> "New kind")."""
    if value in LABELS:
        return LABELS[value]
    words = value.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


PROVIDER_LABELS: dict[str, str] = {
    "openai": "OpenAI", "anthropic": "Anthropic", "offline": "offline generator"}


def provider_label(name: str, model: str | None = None) -> str:
    """"openai", "gpt-4o" -> "OpenAI (gpt-4o)"; a name not listed is shown as it is."""
    words = PROVIDER_LABELS.get(name, name)
    return f"{words} ({model})" if model else words
