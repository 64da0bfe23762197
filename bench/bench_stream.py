"""Streaming latency of the LLM path, against the tests' fake server (real SDKs, real sockets).

The server streams ten questions at a steady rate. Printed, as medians over the runs:
  first/stream  when the first QuestionReady arrives, as a fraction of the stream's duration
                (first body byte to last byte); goal <= 0.15
  last->Done    from the stream's last byte to the Done event; goal <= 20 ms
and the incremental scanner's cost per character for growing answers (flat means O(n)),
beside re-parsing the buffer with jiter's partial mode on every chunk.

With --real, the same against a real llama.cpp server with SmolLM2-135M on one thread (started,
and built into ~/.cache/iq-real-llm if missing, by .ci/real_llm_server.sh): per provider and per
prompt, the original one (profile JSON + CV text, from the source tree at bench_prompt.BASELINE)
and today's: the prompt's size in tokens as the server counted it, and the medians of the time
from the request to the answer's first characters (the prompt's reading) and to the first
question of a one-question plan for a real CV, and of the output speed in tokens a second.
Requests alternate between the two prompts, and the server keeps no prompts in RAM
(CACHE_RAM=0; llama.cpp's default restores a prompt asked before), so every request reads
its prompt afresh.

Run: python bench/bench_stream.py [--runs 5] [--seconds 1.0]
                                  [--real [--real-runs 3] [--anthropic-timeout 60]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
REAL_CV = ROOT / "tests" / "fixtures" / "cvs" / "resume-matcher-single-column.pdf"

from llm_server import LLMServer, Reply, make_settings, questions_json

from iq_tui.engine.planning.events import Done, QuestionReady
from iq_tui.engine.planning.generation import GenerationRequest, generate
from iq_tui.engine.planning.json_stream import QuestionScanner
from iq_tui.engine.planning.prompts import QUESTION_ITEM_SCHEMA
from iq_tui.engine.models import CandidateProfile, Role

CHUNKS = 100


async def one_run(
    server: LLMServer, provider: str, seconds: float
) -> tuple[float, float, float]:
    text = questions_json(10)
    size = len(text) // CHUNKS + 1
    server.script(Reply(content=text, chunk_size=size, interval=seconds / CHUNKS))
    settings = make_settings(server, provider)
    settings.llm.timeout = 30
    profile = CandidateProfile(skills=["Python"], text="Python developer")
    role = Role(id="backend-engineer", name="Backend Engineer", category="backend")
    request = GenerationRequest(profile, role, "mid", "technical", count=10)
    first = done = None
    started = time.monotonic()
    async for event in generate(request, settings):
        if isinstance(event, QuestionReady) and first is None:
            first = time.monotonic()
        elif isinstance(event, Done):
            done = time.monotonic()
            assert not event.result.provider.used_fallback, event.result.provider
    record = server.posts()[-1]
    assert (
        first is not None
        and done is not None
        and record.last_byte
        and record.first_byte
    )
    duration = record.last_byte - record.first_byte
    return (first - record.first_byte) / duration, done - record.last_byte, first - started


def scanner_cost(total_chars: int, chunk: int) -> float:
    """Microseconds per character to scan an answer of about `total_chars`."""
    count = max(1, total_chars // len(questions_json(1)))
    text = questions_json(count)
    started = time.perf_counter()
    scanner = QuestionScanner()
    found = sum(
        len(scanner.feed(text[i : i + chunk])) for i in range(0, len(text), chunk)
    )
    assert found == count
    return (time.perf_counter() - started) / len(text) * 1e6


def jiter_reparse_cost(total_chars: int, chunk: int) -> float:
    import jiter

    text = questions_json(max(1, total_chars // len(questions_json(1))))
    started = time.perf_counter()
    for end in range(chunk, len(text) + chunk, chunk):
        jiter.from_json(text[:end].encode(), partial_mode="trailing-strings")
    return (time.perf_counter() - started) / len(text) * 1e6


def original_prompt(count: int) -> dict[str, str]:
    """The original prompt for REAL_CV ({"system", "user"}), built by the baseline tree."""
    import tempfile

    from bench_prompt import baseline_tree, prompts_from

    with tempfile.TemporaryDirectory() as tmp:
        return prompts_from(baseline_tree(Path(tmp)), [REAL_CV], count)[REAL_CV.name]


@dataclass
class RealRun:
    first_token: float
    """Seconds from the request to the answer's first characters: the prompt's reading."""
    first_question: float
    """Seconds from the request to the first question (the fallback's, if the model gave none)."""
    from_model: bool
    output_speed: float
    """Output tokens a second from the answer's first characters to its first question (0
    when the model gave none)."""


async def real_first_question(
    server: object, provider: str, original: dict[str, str] | None = None, timeout: float = 300
) -> RealRun:
    """A one-question plan for REAL_CV, timed. `original`: send that prompt instead of
    today's (everything else, client and parsing, the same)."""
    from iq_tui.engine.planning import generation
    from iq_tui.engine.planning.events import Progress
    from iq_tui.engine.planning.prompts import Prompt
    from iq_tui.engine.planning.roles import find_role, load_roles
    from iq_tui.engine.reading.extract import extract_profile

    settings = make_settings(server, provider, key=None, timeout=timeout)  # type: ignore[arg-type]
    (settings.openai if provider == "openai" else settings.anthropic).model = "smollm2"
    profile = extract_profile(REAL_CV)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(profile, role, "mid", "technical", count=1)
    today = generation.build_prompt
    if original is not None:
        generation.build_prompt = lambda context, count, **_: Prompt(  # type: ignore[assignment]
            system=original["system"], user=original["user"], count=count
        )
    started = time.monotonic()
    first_token = first = None
    from_model, speed = False, 0.0
    try:
        async for event in generate(request, settings):
            now = time.monotonic() - started
            if isinstance(event, Progress) and event.received_chars and first_token is None:
                first_token = now
            elif isinstance(event, QuestionReady) and first is None:
                first, from_model = now, event.question.source == "llm"
                question = event.question
    finally:
        generation.build_prompt = today
    assert first is not None
    if from_model and first_token is not None and first > first_token:
        # usage is no help: a stream closed at `count` ends before the server sends it; the
        # question's JSON is about what the model wrote up to it
        fields = question.model_dump(include=set(QUESTION_ITEM_SCHEMA["properties"]))
        speed = _tokens(server, json.dumps({"questions": [fields]})) / (first - first_token)
    return RealRun(first_token or float("nan"), first, from_model, speed)


def _post(server: object, path: str, payload: dict) -> dict:
    import urllib.request

    url = server.url + path  # type: ignore[attr-defined]
    req = urllib.request.Request(url, json.dumps(payload).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read())


def _tokens(server: object, text: str) -> int:
    return len(_post(server, "/tokenize", {"content": text})["tokens"])


def prompt_tokens(server: object, prompt: dict[str, str] | None = None) -> int:
    """Tokens of a chat prompt (today's for REAL_CV, or `prompt`) by the server's tokenizer."""
    if prompt is None:
        from iq_tui.engine.planning.context import build_context
        from iq_tui.engine.planning.prompts import build_prompt
        from iq_tui.engine.planning.roles import find_role, load_roles
        from iq_tui.engine.reading.extract import extract_profile

        profile = extract_profile(REAL_CV)
        role = find_role("backend-engineer", load_roles())
        today = build_prompt(
            build_context(role, "mid", "technical", profile), 1, known_contacts=[profile.name]
        )
        prompt = {"system": today.system, "user": today.user}
    messages = [
        {"role": "system", "content": prompt["system"]},
        {"role": "user", "content": prompt["user"]},
    ]
    return _tokens(server, _post(server, "/apply-template", {"messages": messages})["prompt"])


async def tokens_per_second(server: object) -> float:
    """The model's output speed once it writes: streamed pieces a second (one token each)."""
    import openai

    client = openai.AsyncOpenAI(api_key="none", base_url=server.openai_url)  # type: ignore[attr-defined]
    stamps: list[float] = []
    async with client:
        stream = await client.chat.completions.create(
            model="smollm2", stream=True, max_tokens=64,
            messages=[{"role": "user", "content": "Describe a database index in detail."}],
        )
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                stamps.append(time.monotonic())
    return (len(stamps) - 1) / (stamps[-1] - stamps[0])


def real_server(runs: int, anthropic_timeout: float) -> None:
    from real_llm import start_server, stop_server

    original = original_prompt(1)
    process, server = start_server(CACHE_RAM="0")
    try:
        print(f"real llama-server ({server.model}, 1 thread), CV {REAL_CV.name}, one-question plan:")
        sizes = {"original": prompt_tokens(server, original), "now": prompt_tokens(server)}
        print(
            f"  chat prompt {sizes['original']} tokens originally, {sizes['now']} now (template "
            "applied; Anthropic adds the tool's schema)"
        )
        speed = statistics.median(asyncio.run(tokens_per_second(server)) for _ in range(runs))
        print(f"  output on a short prompt: {speed:.1f} tokens/s")
        found: dict[tuple[str, str], list[RealRun]] = {}
        for _ in range(runs):
            for provider in ("openai", "anthropic"):
                timeout = 300 if provider == "openai" else anthropic_timeout
                for name, prompt in (("original", original), ("now", None)):
                    found.setdefault((provider, name), []).append(
                        asyncio.run(real_first_question(server, provider, prompt, timeout))
                    )
        for (provider, name), got in found.items():
            def median(field: str) -> float:
                return statistics.median(getattr(run, field) for run in got)

            speeds = [run.output_speed for run in got if run.from_model]
            speed_words = f"{statistics.median(speeds):4.1f} tokens/s" if speeds else "   -"
            print(
                f"  {provider:9} {name:8} prompt {sizes[name]:5} tokens   "
                f"first token {median('first_token'):5.1f} s   first question "
                f"{median('first_question'):5.1f} s ({sum(r.from_model for r in got)}/{runs} from "
                f"the model)   output {speed_words}   (medians of {runs})",
                flush=True,
            )
    finally:
        stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--seconds", type=float, default=1.0, help="duration of one stream"
    )
    parser.add_argument("--real", action="store_true", help="also against a real llama-server")
    parser.add_argument("--real-runs", type=int, default=3)
    parser.add_argument(
        "--anthropic-timeout", type=float, default=60,
        help="deadline of a real Anthropic plan (the 135M model rarely fills the tool's schema)",
    )
    args = parser.parse_args()
    if args.real:
        real_server(args.real_runs, args.anthropic_timeout)
        print("stand-in server (tests/llm_server.py), scripted stream:")
    server = LLMServer().start()
    try:
        for provider in ("openai", "anthropic"):
            asyncio.run(
                one_run(server, provider, 0.1)
            )  # warm up: SDK import, first connection
            runs = [
                asyncio.run(one_run(server, provider, args.seconds))
                for _ in range(args.runs)
            ]
            fraction = statistics.median(r[0] for r in runs)
            tail_ms = statistics.median(r[1] for r in runs) * 1000
            first_s = statistics.median(r[2] for r in runs)
            print(
                f"{provider:9} first/stream {fraction:.3f} (goal <= 0.15)   "
                f"last->Done {tail_ms:.1f} ms (goal <= 20)   first question {first_s:.2f} s "
                f"(stand-in: 10 questions in {args.seconds:g} s)   runs={args.runs}"
            )
    finally:
        server.stop()
    for chars in (10_000, 100_000):
        print(
            f"scanner {chars:>7} chars: {scanner_cost(chars, 8):.3f} us/char (8-char chunks), "
            f"jiter re-parse per chunk: {jiter_reparse_cost(chars, 64):.3f} us/char (64-char chunks)"
        )


if __name__ == "__main__":
    main()
