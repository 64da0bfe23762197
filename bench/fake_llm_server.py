"""The tests' fake LLM server, standalone, streaming slowly: for trying the live view by hand.

Run: python bench/fake_llm_server.py [--questions 8] [--seconds 12]
then, in another terminal (or tmux window), with the printed URL:
    OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OPENAI_API_KEY=test iq-tui CV.pdf
or, for the Anthropic path:
    LLM_PROVIDER=anthropic ANTHROPIC_BASE_URL=http://127.0.0.1:PORT ANTHROPIC_API_KEY=test iq-tui CV.pdf
Every request gets the same slow answer; Ctrl+C stops the server.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from llm_server import LLMServer, Reply, questions_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=12.0, help="length of the stream")
    parser.add_argument("--chunk", type=int, default=24, help="characters per chunk")
    args = parser.parse_args()
    text = questions_json(args.questions, skills=("Python", "PostgreSQL"))
    chunks = max(1, len(text) // args.chunk)
    server = LLMServer().start()
    server.default = Reply(
        content=text, chunk_size=args.chunk, interval=args.seconds / chunks
    )
    print(f"OPENAI_BASE_URL={server.openai_url}", flush=True)
    print(f"ANTHROPIC_BASE_URL={server.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
