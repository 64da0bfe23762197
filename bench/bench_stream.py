"""Streaming latency of the LLM path, against the tests' fake server (real SDKs, real sockets).

The server streams ten questions at a steady rate. Printed, as medians over the runs:
  first/stream  when the first QuestionReady arrives, as a fraction of the stream's duration
                (first body byte to last byte); goal <= 0.15
  last->Done    from the stream's last byte to the Done event; goal <= 20 ms
and the incremental scanner's cost per character for growing answers (flat means O(n)),
beside re-parsing the buffer with jiter's partial mode on every chunk.

Run: python bench/bench_stream.py [--runs 5] [--seconds 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--seconds", type=float, default=1.0, help="duration of one stream"
    )
    args = parser.parse_args()
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
