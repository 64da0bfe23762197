"""`python bench/fake_llm_server.py`, which the README offers for trying the live view, runs
after a plain `pip install .`: without pytest (the test extras) installed."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "fake_llm_server.py"

# Runs the script as `python bench/fake_llm_server.py` would, with pytest made unimportable.
NO_PYTEST = (
    "import runpy, sys; sys.modules['pytest'] = None; "
    "sys.argv = [sys.argv[1], '--questions', '2', '--seconds', '0.1']; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def test_fake_server_runs_without_pytest_and_answers() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", NO_PYTEST, str(BENCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        if not first:
            raise AssertionError(proc.communicate(timeout=10)[1])
        assert first.startswith("OPENAI_BASE_URL=http://127.0.0.1:")
        url = first.strip().partition("=")[2] + "/chat/completions"
        body = json.dumps(
            {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        ).encode()
        request = urllib.request.Request(
            url, body, {"Content-Type": "application/json", "Authorization": "Bearer t"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        content = json.loads(answer["choices"][0]["message"]["content"])
        assert len(content["questions"]) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=10)
