"""A `.env` in the working directory is somebody else's file until proven otherwise (issue 10).

No `${VAR}` interpolation; ignored when another user owns it or may write it; a base URL from it
is used only with a key from the same `.env`; and every face names a host that is not the
provider's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, questions_json
from tui_support import make_app, wait_until

from iq_tui.engine.settings import layers
from iq_tui.engine.settings.layers import load_settings
from iq_tui.screens.generate import GenerateScreen

ENV_KEY = "sk-env-test-key-0123"
DOTENV_KEY = "sk-from-dotenv-0123456789"


def _dotenv(folder: Path, text: str, mode: int = 0o600) -> Path:
    path = folder / ".env"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_no_interpolation_of_environment_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORGE_TOKEN", "ghp_secret_forge_token")
    _dotenv(
        tmp_path,
        f"OPENAI_API_KEY={DOTENV_KEY}\nOPENAI_BASE_URL=https://evil.example/${{FORGE_TOKEN}}\n",
    )
    loaded = load_settings(tmp_path / "none.toml", environ={}, cwd=tmp_path)
    assert loaded.settings.openai.base_url == "https://evil.example/${FORGE_TOKEN}"


def test_a_dotenv_others_may_write_is_ignored_with_a_warning(tmp_path: Path) -> None:
    _dotenv(tmp_path, "LLM_TIMEOUT=7\n", mode=0o622)
    loaded = load_settings(tmp_path / "none.toml", environ={}, cwd=tmp_path)
    assert loaded.settings.llm.timeout == 90
    assert any("other users may change it" in w for w in loaded.warnings), loaded.warnings


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_dotenv_of_another_user_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = _dotenv(tmp_path, "LLM_TIMEOUT=7\n")
    os.chown(path, 65534, 65534)
    loaded = load_settings(tmp_path / "none.toml", environ={}, cwd=tmp_path)
    assert loaded.settings.llm.timeout == 90
    assert any("belongs to another user" in w for w in loaded.warnings), loaded.warnings


def test_a_dotenv_base_url_never_carries_the_environments_key(tmp_path: Path) -> None:
    _dotenv(tmp_path, "OPENAI_BASE_URL=https://evil.example:8443/v1\n")
    loaded = load_settings(
        tmp_path / "none.toml", environ={"OPENAI_API_KEY": ENV_KEY}, cwd=tmp_path
    )
    assert loaded.settings.openai.base_url is None
    assert loaded.source_of("openai.base_url") == "default"
    warning = next(w for w in loaded.warnings if "OPENAI_BASE_URL" in w)
    assert "evil.example:8443" in warning and "environment" in warning


def test_a_dotenv_base_url_never_carries_the_settings_files_key(tmp_path: Path) -> None:
    cfg = tmp_path / "settings.toml"
    cfg.write_text(
        f'[anthropic]\napi_key = "{ENV_KEY}"\nbase_url = "https://gateway.corp.example"\n'
    )
    cfg.chmod(0o600)
    _dotenv(tmp_path, "ANTHROPIC_BASE_URL=http://evil.example\n")
    loaded = load_settings(cfg, environ={}, cwd=tmp_path)
    assert loaded.settings.anthropic.base_url == "https://gateway.corp.example"
    assert loaded.source_of("anthropic.base_url") == "file"
    assert any("ANTHROPIC_BASE_URL" in w and "settings file" in w for w in loaded.warnings)


def test_a_dotenv_base_url_with_its_own_key_or_no_key_is_used(tmp_path: Path) -> None:
    _dotenv(tmp_path, f"OPENAI_BASE_URL=http://127.0.0.1:8080/v1\nOPENAI_API_KEY={DOTENV_KEY}\n")
    loaded = load_settings(tmp_path / "none.toml", environ={}, cwd=tmp_path)
    assert loaded.settings.openai.base_url == "http://127.0.0.1:8080/v1"
    assert layers.custom_endpoint(loaded.settings, "openai") == "127.0.0.1:8080"
    _dotenv(tmp_path, "OPENAI_BASE_URL=http://127.0.0.1:8080/v1\n")
    keyless = load_settings(tmp_path / "none.toml", environ={}, cwd=tmp_path)
    assert keyless.settings.openai.base_url == "http://127.0.0.1:8080/v1"
    assert not keyless.warnings


def test_the_providers_own_host_is_not_named(tmp_path: Path) -> None:
    _dotenv(tmp_path, "OPENAI_BASE_URL=https://api.openai.com/v1\n")
    loaded = load_settings(tmp_path / "none.toml", environ={}, cwd=tmp_path)
    assert layers.custom_endpoint(loaded.settings, "openai") is None


def _cli(cwd: Path, env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False,
    )


def test_planted_dotenv_sends_nothing_to_its_host(
    tmp_path: Path, llm_server: LLMServer
) -> None:
    """The whole CLI through the real SDK: the key from the environment stays home."""
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Roe\nSkills: Python, Django\n", encoding="utf-8")
    _dotenv(tmp_path, f"OPENAI_BASE_URL={llm_server.openai_url}\nLLM_TIMEOUT=3\n")
    done = _cli(
        tmp_path,
        # the key's real endpoint is unreachable here: a refused base URL must not be used
        {"OPENAI_API_KEY": ENV_KEY, "OPENAI_BASE_URL": ""},
        "generate", str(cv), "--role", "backend-engineer", "--level", "mid",
        "--type", "technical", "--count", "2", "--format", "json", "--provider", "offline",
    )
    assert done.returncode == 0, done.stderr
    assert "OPENAI_BASE_URL" in done.stderr and "is ignored" in done.stderr
    assert llm_server.requests == []


def test_cli_progress_and_config_show_name_the_endpoint(
    tmp_path: Path, llm_server: LLMServer
) -> None:
    llm_server.script(Reply(content=questions_json(2)))
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Roe\nSkills: Python, Django\n", encoding="utf-8")
    _dotenv(tmp_path, f"OPENAI_BASE_URL={llm_server.openai_url}\nOPENAI_API_KEY={DOTENV_KEY}\n")
    host = llm_server.url.removeprefix("http://")
    done = _cli(
        tmp_path, {}, "generate", str(cv), "--role", "backend-engineer", "--level", "mid",
        "--type", "technical", "--count", "2", "--format", "json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["provider"]["used_fallback"] is False
    assert f"connecting to openai (gpt-5.4-mini) at {host}" in done.stderr
    shown = _cli(tmp_path, {}, "config", "show")
    assert f"# openai calls go to {host}, not api.openai.com" in shown.stdout


async def test_live_view_names_the_endpoint(
    tmp_path: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import CVS

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789")
    llm_server.script(Reply(content=questions_json(2), interval=0.01))
    settings = (
        f'[llm]\nprovider = "openai"\ncount = 2\ntimeout = 10\n'
        f'[openai]\nbase_url = "{llm_server.openai_url}"\nmodel = "gpt-test"\n'
    )
    app = make_app(tmp_path, settings=settings, cv=str(CVS / "single-column-endash-title-company.pdf"))
    host = llm_server.url.removeprefix("http://")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FormScreen")
        await pilot.pause()
        await pilot.press(*"backend", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None or screen.failed)
        await pilot.pause()
        line = str(screen.query_one("#provider").render())
        assert line.startswith("OpenAI (gpt-test) · ") and line.endswith(f" · at {host}")
