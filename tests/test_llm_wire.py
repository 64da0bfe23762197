"""The wire behaviour a real llama.cpp server showed, against the fake server, both providers:
the output cap, stopping at `count`, text instead of a tool call, usage with the prompt cache,
the deadline's wording, asking again for missing questions, questions outside the type, and
evidence quotes. `test_llm_real_server.py` runs the same cases against a real llama-server.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from llm_server import LLMServer, Reply, make_question, make_settings, questions_json
from test_llm_generation import PROFILE, ROLE, collect, fell_back

from iq_tui.engine.models import InterviewType
from iq_tui.engine.planning.events import Done, Status
from iq_tui.engine.planning.generation import GenerationRequest, generate
from iq_tui.engine.planning.prompts import output_token_cap
from iq_tui.engine.planning.providers.openai_provider import cap_parameter

PROVIDERS = ["openai", "anthropic"]
CUT = {"openai": "length", "anthropic": "max_tokens"}


def request(count: int, kind: InterviewType = "technical") -> GenerationRequest:
    return GenerationRequest(PROFILE, ROLE, "mid", kind, count=count)


def user_text(body: dict[str, Any]) -> str:
    return body["messages"][-1]["content"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_every_request_carries_an_output_cap(llm_server: LLMServer, provider: str) -> None:
    llm_server.script(Reply(content=questions_json(3)))
    await collect(request(3), make_settings(llm_server, provider))
    (post,) = llm_server.posts()
    # a compatible server is sent max_tokens; OpenAI's own API max_completion_tokens
    assert post.body["max_tokens"] == output_token_cap(3)
    assert "max_completion_tokens" not in post.body


def test_openais_own_api_gets_max_completion_tokens() -> None:
    assert cap_parameter(None) == cap_parameter("https://api.openai.com/v1")
    assert cap_parameter(None) == "max_completion_tokens"
    assert cap_parameter("http://127.0.0.1:8088/v1") == "max_tokens"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_reading_stops_once_count_questions_arrived(
    llm_server: LLMServer, provider: str
) -> None:
    # two questions, then the model loops inside the array for ever
    llm_server.script(Reply(content='{"questions": [' + questions_json(2)[15:-2] + ",", fault="endless"))
    settings = make_settings(llm_server, provider, timeout=60)
    events, result = await collect(request(2), settings)
    assert not result.provider.used_fallback and result.provider.fallback_reason is None
    assert [q.source for q in result.questions] == ["llm", "llm"]
    assert llm_server.posts()[0].last_byte is None  # the endless stream was closed by us
    assert not any("did not finish" in getattr(e, "message", "") for e in events)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_answer_that_never_completes_a_question_is_given_up_on(
    llm_server: LLMServer, provider: str
) -> None:
    endless = "x" * 4000  # inside one string that never closes: no question ever completes
    llm_server.script(Reply(content='{"questions": [{"text": "', fault="endless", endless=endless))
    events, result = await collect(request(1), make_settings(llm_server, provider, timeout=60))
    assert "the answer ran past 48 KB without finishing its questions" in fell_back(events).reason
    assert result.questions[0].source == "offline"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_cut_off_by_length_after_every_question_is_no_fallback(
    llm_server: LLMServer, provider: str
) -> None:
    text = questions_json(3)[:-2]  # the three questions, then the length limit: no "]}"
    llm_server.script(Reply(content=text, finish_reason=CUT[provider]))
    _, result = await collect(request(3), make_settings(llm_server, provider))
    assert not result.provider.used_fallback, result.provider
    assert [q.source for q in result.questions] == ["llm"] * 3


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_cut_off_by_length_early_keeps_the_questions_and_asks_again(
    llm_server: LLMServer, provider: str
) -> None:
    whole = questions_json(3)
    first = whole[: whole.index('{"text": "Question 3') + 30]  # two whole, one cut
    later = json.dumps({"questions": [make_question(n) for n in (7, 8)]})
    llm_server.script(Reply(content=first, finish_reason=CUT[provider]), Reply(content=later))
    events, result = await collect(request(3), make_settings(llm_server, provider))
    assert not result.provider.used_fallback, result.provider
    assert [q.text[:11] for q in result.questions] == ["Question 1:", "Question 2:", "Question 7:"]
    second = llm_server.posts()[1].body
    assert "<existing_questions>" in user_text(second) and "Question 2:" in user_text(second)
    assert any("asking" in e.message and "1 missing" in e.message for e in events if isinstance(e, Status))


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_text_around_the_json_is_parsed(llm_server: LLMServer, provider: str) -> None:
    # Anthropic: a text block instead of the forced tool call; OpenAI: prose before the JSON
    # from a server that ignores the response format
    llm_server.script(Reply(content="Sure! " + questions_json(2), as_text=provider == "anthropic"))
    _, result = await collect(request(2), make_settings(llm_server, provider))
    assert not result.provider.used_fallback, result.provider
    assert [q.source for q in result.questions] == ["llm", "llm"]


async def test_anthropic_text_without_questions_says_it_answered_in_text(
    llm_server: LLMServer,
) -> None:
    llm_server.script(Reply(content="I would ask about Python.", as_text=True))
    events, _ = await collect(request(2), make_settings(llm_server, "anthropic"))
    reason = fell_back(events).reason
    assert "answered in text" in reason and "empty" not in reason


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_usage_counts_the_prompt_cache(llm_server: LLMServer, provider: str) -> None:
    # Anthropic: input_tokens=1 + cache_read 2000 + cache_creation 214; OpenAI: prompt_tokens
    # 2215 of which prompt_tokens_details.cached_tokens 2000
    llm_server.script(Reply(content=questions_json(2), usage=(1, 90), cache=(2000, 214)))
    events, result = await collect(request(2), make_settings(llm_server, provider))
    usage = result.usage
    assert (usage.input_tokens, usage.cached_input_tokens, usage.output_tokens) == (2215, 2000, 90)
    words = [e.message for e in events if isinstance(e, Status) and e.usage is not None]
    assert words == [f"{provider} used 2215 input (2000 from the cache) and 90 output tokens"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_too_few_questions_are_asked_for_once_more(
    llm_server: LLMServer, provider: str
) -> None:
    llm_server.script(
        Reply(content=questions_json(2)),
        Reply(content=json.dumps({"questions": [make_question(n) for n in (1, 5, 6, 7)]})),
    )
    _, result = await collect(request(4), make_settings(llm_server, provider))
    assert not result.provider.used_fallback, result.provider
    assert [q.text[:11] for q in result.questions] == [
        "Question 1:", "Question 2:", "Question 5:", "Question 6:"
    ]  # the repeat of question 1 is dropped, and the plan stops at four
    first, again = (post.body for post in llm_server.posts())
    system = again["system"] if provider == "anthropic" else again["messages"][0]["content"]
    assert "Write exactly 2 questions." in user_text(again)
    # the second request repeats the first one's prefix (a local server's prompt cache)
    assert system == (first["system"] if provider == "anthropic" else first["messages"][0]["content"])
    assert user_text(again).startswith(user_text(first).split("<existing_questions>")[0].rsplit("Write exactly", 1)[0])
    assert "Question 1:" in user_text(again) and "Question 2:" in user_text(again)
    assert (result.usage.input_tokens, result.usage.output_tokens) == (240, 960)  # both calls


async def test_no_second_ask_when_the_deadline_is_nearly_spent(llm_server: LLMServer) -> None:
    # under ASK_AGAIN_MIN_SECONDS left of a short deadline: the offline generator fills in
    llm_server.script(Reply(content=questions_json(2)))
    _, result = await collect(request(3), make_settings(llm_server, "openai", timeout=4.5))
    assert len(llm_server.posts()) == 1
    assert result.provider.fallback_reason == "the model returned only 2 of 3 questions"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_questions_outside_the_interview_type_are_replaced_with_a_warning(
    llm_server: LLMServer, provider: str
) -> None:
    answer = [
        make_question(1, category="hr"),
        make_question(2, category="technical"),
        make_question(3, category="behavioral"),
        make_question(4, category="technical"),
    ]
    llm_server.script(
        Reply(content=json.dumps({"questions": answer})),
        Reply(content=json.dumps({"questions": [make_question(5, category="hr")]})),
    )
    _, result = await collect(request(4, "hr"), make_settings(llm_server, provider))
    assert [q.category for q in result.questions] == ["hr", "behavioral", "hr", "hr"]
    assert [q.source for q in result.questions][:3] == ["llm"] * 3
    assert result.warnings == [
        "2 technical questions were outside the HR interview the model was asked for and replaced"
    ]
    again = user_text(llm_server.posts()[1].body)
    assert "Question 2:" in again  # the replaced ones are not asked for again


async def test_case_study_labels_in_a_technical_plan_are_relabelled(llm_server: LLMServer) -> None:
    answer = [make_question(1), make_question(2, category="case_study")]
    llm_server.script(Reply(content=json.dumps({"questions": answer})))
    _, result = await collect(request(2), make_settings(llm_server, "openai"))
    assert [q.category for q in result.questions] == ["technical", "technical"]
    assert result.warnings == [
        "1 question the model labelled case study in a Technical interview was re-labelled technical"
    ]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_evidence_must_be_the_cvs_own_words(llm_server: LLMServer, provider: str) -> None:
    answer = [
        make_question(1, evidence="backend engineer at  Acme 2019 - 2023"),
        make_question(2, evidence="Led a team of 40 at Google"),
        make_question(3, evidence="", competency="API design", red_flags=["Blames others"]),
    ]
    llm_server.script(Reply(content=json.dumps({"questions": answer})))
    _, result = await collect(request(3), make_settings(llm_server, provider))
    first, second, third = result.questions
    assert (first.evidence, first.grounded) == ("Backend engineer at Acme 2019 - 2023", True)
    assert (second.evidence, second.grounded) == (None, False)
    assert (third.evidence, third.competency, third.red_flags) == (None, "API design", ["Blames others"])


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_the_schema_asks_for_competency_evidence_and_red_flags(
    llm_server: LLMServer, provider: str
) -> None:
    llm_server.script(Reply(content=questions_json(1)))
    async for event in generate(request(1), make_settings(llm_server, provider)):
        assert not isinstance(event, Done) or not event.result.provider.used_fallback
    body = llm_server.posts()[0].body
    schema = (
        body["tools"][0]["input_schema"]
        if provider == "anthropic"
        else body["response_format"]["json_schema"]["schema"]
    )
    item = schema["properties"]["questions"]["items"]
    assert {"competency", "evidence", "red_flags"} <= set(item["required"])


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_question_on_a_protected_characteristic_is_replaced_and_named(
    llm_server: LLMServer, provider: str
) -> None:
    answer = [
        make_question(1),
        make_question(2, text="When did you finish high school?"),
        make_question(3, follow_ups=["Are you planning a family soon?"]),
        make_question(4),
    ]
    llm_server.script(Reply(content=json.dumps({"questions": answer})), Reply(content="[]"))
    _, result = await collect(request(4), make_settings(llm_server, provider))
    texts = [q.text for q in result.questions]
    assert texts[:2] == [answer[0]["text"], answer[3]["text"]]
    assert [q.source for q in result.questions] == ["llm", "llm", "offline", "offline"]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith("2 questions from the model touched protected characteristics (")
    assert "(age, pregnancy or children)" in warning and warning.endswith(" and were replaced")


_MEMORY_PROBE = """
import asyncio, json, resource, sys
sys.path.insert(0, {tests!r})
from llm_server import LLMServer, Reply, make_settings, questions_json
from iq_tui.engine.models import CandidateProfile, Role
from iq_tui.engine.planning.events import Done
from iq_tui.engine.planning.generation import GenerationRequest, generate

server = LLMServer().start()
head = '{{"questions": [' + questions_json(2)[15:-2] + ","
piece = ' {{"text": "' + "again " * 10_000 + '", "category": "technical"}},'
endless = {endless}
server.script(Reply(content=head if endless else questions_json(2), fault="endless" if endless else None,
                    endless=piece, chunk_size=100_000))
settings = make_settings(server, {provider!r}, timeout=8)
request = GenerationRequest(CandidateProfile(skills=["Python"], text="Python"),
                            Role(id="b", name="Backend Engineer", category="backend"), "mid",
                            "technical", count=2)

async def main():
    async for event in generate(request, settings):
        if isinstance(event, Done):
            return event.result

result = asyncio.run(main())
server.stop()
print(json.dumps({{"rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "fallback": result.provider.used_fallback, "reason": result.provider.fallback_reason}}))
"""


def _peak_kb(provider: str, endless: bool) -> tuple[int, bool]:
    import subprocess
    import sys
    from pathlib import Path

    code = _MEMORY_PROBE.format(tests=str(Path(__file__).parent), provider=provider, endless=endless)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["rss_kb"], found["fallback"] and found["reason"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_model_that_keeps_streaming_costs_no_memory(provider: str) -> None:
    """Reading stops at `count`: a server streaming without end after the questions (60 KB
    pieces as fast as it goes, for up to the 8 s deadline) adds little to the peak memory of
    the same plan from a finite answer."""
    baseline, _ = _peak_kb(provider, endless=False)
    peak, fell_back = _peak_kb(provider, endless=True)
    assert not fell_back, fell_back
    assert peak - baseline < 20_000, (peak, baseline)  # kB (without the stop: +47 to +90 MB)


async def test_a_slow_sdk_import_is_no_part_of_the_deadline(llm_server: LLMServer) -> None:
    """A cold `import anthropic` took 11 s on a loaded machine, and ate the whole deadline."""
    from iq_tui.engine.planning.generation import _End, _run_bounded
    from iq_tui.engine.planning.prompts import Prompt
    from iq_tui.engine.planning.providers.openai_provider import OpenAIProvider

    class SlowToLoad(OpenAIProvider):
        async def load_sdk(self) -> None:
            await asyncio.sleep(4)
            await super().load_sdk()

    llm_server.script(Reply(content=questions_json(1)))
    provider = SlowToLoad(make_settings(llm_server, "openai").openai, timeout=3.0)
    ended: list[Any] = []
    await _run_bounded(provider, Prompt("s", "u", 1), ended.append, 3.0)
    assert isinstance(ended[-1], _End) and ended[-1].failure is None, ended[-1]


async def test_a_level_far_from_the_cv_is_told_to_the_model(llm_server: LLMServer) -> None:
    from iq_tui.engine.models import Experience

    junior = PROFILE.model_copy(update={
        "years_experience": 1.0,
        "experience": [Experience(title="Junior Developer", organization="Acme", start="2023")],
    })
    llm_server.script(Reply(content=questions_json(2)))
    req = GenerationRequest(junior, ROLE, "senior", "technical", count=2)
    _, result = await collect(req, make_settings(llm_server, "openai"))
    (warning,) = [w for w in result.warnings if "senior plan was asked for" in w]
    assert f"Note: {warning}." in user_text(llm_server.posts()[0].body)
