"""Streaming latency of the LLM path, against the tests' fake server (real SDKs, real sockets).

The server streams ten questions at a steady rate. Printed, as medians over the runs:
  first/stream  when the first QuestionReady arrives, as a fraction of the stream's duration
                (first body byte to last byte); goal <= 0.15
  last->Done    from the stream's last byte to the Done event; goal <= 20 ms
and the incremental scanner's cost per character for growing answers (flat means O(n)),
beside re-parsing the buffer with jiter's partial mode on every chunk.

With --real, the same against a real llama.cpp server with SmolLM2-135M (started, and built
into ~/.cache/iq-real-llm if missing, by .ci/real_llm_server.sh): per provider, the prompt's
size in tokens, the median time from the request to the first question of a one-question plan
for a real CV, and the model's output speed in tokens a second.

Run: python bench/bench_stream.py [--runs 5] [--seconds 1.0] [--real [--real-runs 3]]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
REAL_CV = ROOT / "tests" / "fixtures" / "cvs" / "resume-matcher-single-column.pdf"

from llm_server import LLMServer, Reply, make_settings, questions_json

from iq_tui.engine.planning.events import Done, QuestionReady
from iq_tui.engine.planning.generation import GenerationRequest, generate
from iq_tui.engine.planning.json_stream import QuestionScanner
from iq_tui.engine.models import CandidateProfile, Role

CHUNKS = 100


async def one_run(
    server: LLMServer, provider: str, seconds: float
) -> tuple[float, float]:
    text = questions_json(10)
    size = len(text) // CHUNKS + 1
    server.script(Reply(content=text, chunk_size=size, interval=seconds / CHUNKS))
    settings = make_settings(server, provider)
    settings.llm.timeout = 30
    profile = CandidateProfile(skills=["Python"], text="Python developer")
    role = Role(id="backend-engineer", name="Backend Engineer", category="backend")
    request = GenerationRequest(profile, role, "mid", "technical", count=10)
    first = done = None
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
    return (first - record.first_byte) / duration, done - record.last_byte


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


async def real_first_question(server: object, provider: str) -> tuple[float, int, bool]:
    """Seconds from the request to the first question of a one-question plan for REAL_CV; the
    prompt's tokens; whether the question came from the model."""
    from iq_tui.engine.planning.roles import find_role, load_roles
    from iq_tui.engine.reading.extract import extract_profile

    settings = make_settings(server, provider, key=None, timeout=300)  # type: ignore[arg-type]
    (settings.openai if provider == "openai" else settings.anthropic).model = "smollm2"
    profile = extract_profile(REAL_CV)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(profile, role, "mid", "technical", count=1)
    started = time.monotonic()
    first, from_model, tokens = None, False, 0
    async for event in generate(request, settings):
        if isinstance(event, QuestionReady) and first is None:
            first, from_model = time.monotonic() - started, event.question.source == "llm"
        elif isinstance(event, Done):
            tokens = event.result.usage.input_tokens
    assert first is not None
    return first, tokens, from_model


def prompt_tokens(server: object) -> int:
    """Tokens of the chat prompt the app builds for REAL_CV (the server's own tokenizer)."""
    import json
    import urllib.request

    from iq_tui.engine.planning.context import build_context
    from iq_tui.engine.planning.prompts import build_prompt
    from iq_tui.engine.planning.roles import find_role, load_roles
    from iq_tui.engine.reading.extract import extract_profile

    profile = extract_profile(REAL_CV)
    role = find_role("backend-engineer", load_roles())
    prompt = build_prompt(build_context(role, "mid", "technical", profile), 1)
    url = server.url  # type: ignore[attr-defined]

    def post(path: str, payload: dict) -> dict:
        data = json.dumps(payload).encode()
        req = urllib.request.Request(url + path, data, {"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as response:
            return json.loads(response.read())

    messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
    text = post("/apply-template", {"messages": messages})["prompt"]
    return len(post("/tokenize", {"content": text})["tokens"])


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


def real_server(runs: int) -> None:
    from real_llm import start_server, stop_server

    process, server = start_server()
    try:
        print(f"real llama-server ({server.model}), CV {REAL_CV.name}, one-question plan:")
        print(f"  prompt {prompt_tokens(server)} tokens (chat template applied)")
        speed = statistics.median(asyncio.run(tokens_per_second(server)) for _ in range(runs))
        for provider in ("openai", "anthropic"):
            found = [asyncio.run(real_first_question(server, provider)) for _ in range(runs)]
            first = statistics.median(f[0] for f in found)
            print(
                f"  {provider:9} first question {first:.1f} s (median of {runs}; "
                f"{sum(f[2] for f in found)}/{runs} from the model)   output {speed:.1f} tokens/s"
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
    args = parser.parse_args()
    if args.real:
        real_server(args.real_runs)
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
            print(
                f"{provider:9} first/stream {fraction:.3f} (goal <= 0.15)   "
                f"last->Done {tail_ms:.1f} ms (goal <= 20)   runs={args.runs}"
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
