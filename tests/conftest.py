"""Shared test fixtures: keep the developer's own config, data and keys out of every test."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from llm_server import LLMServer

FIXTURES = Path(__file__).parent / "fixtures"
CVS = FIXTURES / "cvs"
CV_SUFFIXES = (".pdf", ".docx", ".md", ".txt")


def cv_of_key(key_path: Path) -> Path:
    """The CV an answer key (`NAME.truth.json`) describes: `NAME.pdf`, or the self-made
    `.docx`, `.md` or `.txt` of that name."""
    stem = key_path.name.replace(".truth.json", "")
    found = [key_path.with_name(stem + s) for s in CV_SUFFIXES]
    return next((f for f in found if f.exists()), found[0])

_ENV_VARS = (
    "USE_LLM_FOR_QUESTIONS",
    "LLM_PROVIDER",
    "LLM_TIMEOUT",
    "OPENAI_API_KEY",
    "OPENAI_MODEL",
    "OPENAI_BASE_URL",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_MODEL",
    "ANTHROPIC_BASE_URL",
    "IQ_TUI_CONFIG",
    "EDITOR",
    "VISUAL",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with empty LLM env vars, its own config/data dirs and cwd (no stray .env)."""
    home = tmp_path_factory.mktemp("home")
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("IQ_TUI_CONFIG", str(home / ".config" / "iq-tui" / "settings.toml"))
    # The machine's time zone and locale never reach a test: dates print the same everywhere.
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    time.tzset()
    workdir = home / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return home


@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    """The fake LLM server (tests/llm_server.py), started for one test."""
    import anthropic  # noqa: F401 - a cold SDK import takes seconds: not inside timed tests
    import openai  # noqa: F401

    server = LLMServer().start()
    try:
        yield server
    finally:
        server.stop()
