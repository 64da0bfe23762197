"""What a model returns is bounded (issue 10), through the real SDKs: one deeply nested unused
field dropped all of a model's questions as "internal error"; a 10 MB question or 100,000
follow-ups were kept, saved and rendered. (Generation now stops reading an answer past 24 KB
per question asked; within that, each field and list is bounded.)"""

from __future__ import annotations

import json

import pytest
from llm_server import LLMServer, Reply, make_question, make_settings

from iq_tui.engine.models import CandidateProfile, Role
from iq_tui.engine.planning.events import Done
from iq_tui.engine.planning.generation import GenerationRequest, generate
from iq_tui.engine.planning.limits import MAX_LIST_ITEMS

PROFILE = CandidateProfile(name="Jane Roe", skills=["Python", "Django"],
                           text="Jane Roe\nBackend engineer: Python, Django.\n")
ROLE = Role(id="backend-engineer", name="Backend Engineer", category="backend")


async def _plan(server: LLMServer, provider: str, questions: list[dict], chunk: int = 40):
    server.script(Reply(content=json.dumps({"questions": questions}), chunk_size=chunk))
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=len(questions))
    events = [e async for e in generate(request, make_settings(server, provider))]
    assert isinstance(events[-1], Done)
    return events[-1].result


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_a_deeply_nested_unused_field_costs_nothing(
    llm_server: LLMServer, provider: str
) -> None:
    deep: object = "bottom"
    for _ in range(800):  # json takes this; a recursive walk inside the app did not
        deep = [deep]
    questions = [make_question(n) for n in (1, 2, 3)]
    questions[0]["notes"] = deep
    result = await _plan(llm_server, provider, questions)
    assert result.provider.used_fallback is False, result.provider.fallback_reason
    assert [q.source for q in result.questions] == ["llm"] * 3


async def test_a_huge_question_and_endless_follow_ups_are_cut_with_a_warning(
    llm_server: LLMServer,
) -> None:
    questions = [
        make_question(1, text="Tell me about Python. " + "x" * 20_000),
        make_question(2, follow_ups=[f"f{n}" for n in range(3_000)]),
        make_question(3),
    ]
    result = await _plan(llm_server, "openai", questions, chunk=4096)
    assert result.provider.used_fallback is False, result.provider.fallback_reason
    first, second, third = result.questions
    assert first.text.startswith("Tell me about Python.") and len(first.text) <= 1_500
    assert len(second.follow_ups) == MAX_LIST_ITEMS
    assert third.follow_ups == ["What would you change?"]
    assert any("2 questions were longer than a plan keeps" in w for w in result.warnings), \
        result.warnings
