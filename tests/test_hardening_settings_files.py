"""Settings and roles files that are not what they seem (issue 10): closed or endless standard
input for `config set … -`, `IQ_TUI_CONFIG` on /dev/zero or a FIFO, a name over 255 bytes,
and nesting that tomllib takes but recursive code does not. One-line reasons, never
"internal error" or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LONG = "a" * 300


def _iq(*args: str, env: dict[str, str] | None = None, shell_stdin: str | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "iq_tui", *args]
    if shell_stdin is not None:  # `<&-` closes standard input, as a shell script may
        command = ["sh", "-c", f'exec "$@" {shell_stdin}', "sh", *command]
    # The subprocess timeout only keeps a hang (the bug) from stopping the suite.
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def _one_line_reason(done: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert done.returncode == code, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    return done.stderr


@pytest.mark.parametrize(("stdin", "words"), [
    ("<&-", "no standard input to read openai.api_key from"),
    ("</dev/zero", "longer than 4096 characters"),
])
def test_config_set_key_from_a_closed_or_endless_stdin(stdin: str, words: str) -> None:
    done = _iq("config", "set", "openai.api_key", "-", shell_stdin=stdin)
    assert words in _one_line_reason(done)


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_the_settings_path_on_a_device_or_fifo(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "settings.toml"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    env = {"IQ_TUI_CONFIG": str(target)}
    shown = _iq("config", "show", env=env)
    assert "it is not a regular file; using the defaults" in _one_line_reason(shown, 0)
    refused = _iq("config", "set", "llm.timeout", "5", env=env)
    reason = _one_line_reason(refused)
    assert "it is not a regular file. Not saved" in reason
    assert "permissions" not in reason and "IQ_TUI_CONFIG to a regular file" in reason


def test_a_name_over_255_bytes(tmp_path: Path) -> None:
    env = {"IQ_TUI_CONFIG": str(tmp_path / LONG / "settings.toml")}
    _one_line_reason(_iq("config", "show", env=env), 0)
    reason = _one_line_reason(_iq("config", "set", "llm.timeout", "5", env=env))
    assert "File name too long" in reason and "permissions" not in reason
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Roe\nSkills: Python\n", encoding="utf-8")
    done = _iq("generate", str(cv), "--role", "backend-engineer", "--level", "mid", "--type",
               "hr", "--provider", "offline", "-o", str(tmp_path / f"{LONG}.md"))
    assert "File name too long" in _one_line_reason(done)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_a_deep_settings_file_is_a_warning_and_refused_for_writing(tmp_path: Path) -> None:
    # tomllib takes 250 levels, tomli-w cannot write them back; 5000 tomllib itself cannot read
    cfg = tmp_path / "settings.toml"
    env = {"IQ_TUI_CONFIG": str(cfg)}
    cfg.write_text(f"[notes]\nx = {_deep(250)}\n")
    refused = _iq("config", "set", "llm.timeout", "5", env=env)
    assert "nested too deeply" in _one_line_reason(refused)
    cfg.write_text(f"[notes]\nx = {_deep(5000)}\n")
    shown = _iq("config", "show", env=env)
    assert "nested too deeply; using the defaults" in _one_line_reason(shown, 0)
    assert "nested too deeply" in _one_line_reason(_iq("config", "set", "llm.timeout", "5", env=env))
    assert cfg.read_text().endswith("]\n")  # never overwritten


def test_a_deep_roles_file_is_a_one_line_reason(tmp_path: Path) -> None:
    cfg = tmp_path / "settings.toml"
    (tmp_path / "roles.toml").write_text(f"[[role]]\nid = 'x'\nname = 'X'\nnotes = {_deep(5000)}\n")
    done = _iq("roles", env={"IQ_TUI_CONFIG": str(cfg)})
    assert "roles.toml: nested too deeply" in _one_line_reason(done)
