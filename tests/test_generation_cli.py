"""`iq-tui generate` as a user runs it, with OPENAI_BASE_URL pointing at the fake server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from llm_server import LLMServer, Reply, questions_json

CV = "Jane Roe\njane.roe@example.com | +44 20 7946 0958\nSkills: Python, Django, PostgreSQL\n"


def run_cli(
    tmp_path: Path, env_extra: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    env = {**os.environ, **env_extra}
    command = [
        sys.executable,
        "-m",
        "iq_tui",
        "generate",
        str(cv),
        "--role",
        "backend-engineer",
        "--level",
        "mid",
        "--type",
        "technical",
        "--count",
        "4",
        "--format",
        "json",
        *args,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_cli_generates_with_an_openai_compatible_server(
    llm_server: LLMServer, tmp_path: Path
) -> None:
    llm_server.script(Reply(content=questions_json(4)))
    env = {
        "OPENAI_BASE_URL": llm_server.openai_url,
        "OPENAI_API_KEY": "sk-cli-secret-123456",
        "LLM_TIMEOUT": "5",
    }
    done = run_cli(tmp_path, env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (
        result["provider"]["name"] == "openai"
        and result["provider"]["used_fallback"] is False
    )
    assert [q["source"] for q in result["questions"]] == ["llm"] * 4
    assert "connecting to openai" in done.stderr and "question 1 ready" in done.stderr
    assert "sk-cli-secret" not in done.stderr + done.stdout
    body = json.dumps(llm_server.posts()[0].body)
    assert "jane.roe@example.com" not in body and "7946" not in body


def test_cli_falls_back_when_the_server_fails(
    llm_server: LLMServer, tmp_path: Path
) -> None:
    llm_server.default = Reply(status=401, error_message="bad key sk-cli-secret-123456")
    env = {
        "OPENAI_BASE_URL": llm_server.openai_url,
        "OPENAI_API_KEY": "sk-cli-secret-123456",
    }
    done = run_cli(tmp_path, env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["provider"]["used_fallback"] is True
    assert result["provider"]["fallback_reason"] == "OpenAI rejected the API key (401)"
    assert (
        "using the offline generator: OpenAI rejected the API key (401)" in done.stderr
    )
    assert (
        "Traceback" not in done.stderr
        and "sk-cli-secret" not in done.stderr + done.stdout
    )
