"""Settings engine: precedence, value checks, the file kept safe (0600, atomic, never overwritten)."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from iq_tui.engine.settings import fileio
from iq_tui.engine.errors import SettingsError
from iq_tui.engine.settings.layers import (
    DEFAULT_OPENAI_MODEL,
    load_settings,
    parse_value,
    save_settings,
    setting_keys,
)
from iq_tui.engine.settings.store import SettingsFileError, mask_secret

CORRUPT = b'[llm]\ntimeout = 30\nprovider = "openai\n# a note\n'


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "settings.toml"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_defaults_when_nothing_is_configured(cfg: Path) -> None:
    loaded = load_settings(cfg, environ={})
    assert loaded.settings.llm.timeout == 90.0
    assert loaded.settings.llm.enabled is True
    assert loaded.settings.openai.model == DEFAULT_OPENAI_MODEL
    assert loaded.settings.openai.api_key is None
    assert loaded.sources == {} and loaded.warnings == [] and loaded.file_ok


def test_each_layer_overrides_the_one_below(cfg: Path, tmp_path: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text('[llm]\ntimeout = 10\ncount = 7\n[openai]\nmodel = "from-file"\n')
    (tmp_path / ".env").write_text("LLM_TIMEOUT=20\nOPENAI_MODEL=from-dotenv\nLLM_PROVIDER=anthropic\n")

    only_file = load_settings(cfg, environ={}, cwd=tmp_path / "elsewhere")
    assert only_file.settings.llm.timeout == 10 and only_file.source_of("llm.timeout") == "file"

    with_dotenv = load_settings(cfg, environ={}, cwd=tmp_path)
    assert with_dotenv.settings.llm.timeout == 20
    assert with_dotenv.settings.openai.model == "from-dotenv"
    assert with_dotenv.source_of("llm.timeout") == ".env"

    with_env = load_settings(cfg, environ={"LLM_TIMEOUT": "30"}, cwd=tmp_path)
    assert with_env.settings.llm.timeout == 30 and with_env.source_of("llm.timeout") == "env"
    assert with_env.settings.openai.model == "from-dotenv"

    with_option = load_settings(cfg, environ={"LLM_TIMEOUT": "30"}, cwd=tmp_path,
                                overrides={"llm.timeout": 40.0, "llm.count": None})
    assert with_option.settings.llm.timeout == 40 and with_option.source_of("llm.timeout") == "option"
    # untouched keys keep their own layer
    assert with_option.settings.llm.count == 7 and with_option.source_of("llm.count") == "file"
    assert with_option.settings.llm.provider == "anthropic"
    assert with_option.source_of("llm.redact_contacts") == "default"


def test_a_key_from_the_environment_keeps_the_default_model(cfg: Path) -> None:
    loaded = load_settings(cfg, environ={"OPENAI_API_KEY": "sk-test-0123456789"})
    assert loaded.settings.openai.api_key.get_secret_value() == "sk-test-0123456789"
    assert loaded.settings.openai.model == DEFAULT_OPENAI_MODEL


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("Yes", True),
     ("false", False), ("False", False), ("0", False), ("NO", False)],
)
def test_boolean_environment_values(cfg: Path, raw: str, expected: bool) -> None:
    loaded = load_settings(cfg, environ={"USE_LLM_FOR_QUESTIONS": raw})
    assert loaded.settings.llm.enabled is expected


@pytest.mark.parametrize(
    ("name", "raw", "words"),
    [("USE_LLM_FOR_QUESTIONS", "maybe", "true/false"),
     ("LLM_TIMEOUT", "fast", "a finite number"),
     ("LLM_PROVIDER", "gemini", "one of openai, anthropic")],
)
def test_junk_in_the_environment_is_a_clear_error(cfg: Path, name: str, raw: str, words: str) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(cfg, environ={name: raw})
    assert name in info.value.message and words in info.value.message


def test_bad_value_in_the_file_warns_and_uses_the_default(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text('[llm]\ntimeout = "fast"\ncount = 5\n')
    loaded = load_settings(cfg, environ={})
    assert loaded.settings.llm.timeout == 90.0 and loaded.settings.llm.count == 5
    assert any("llm.timeout" in w and "a finite number" in w for w in loaded.warnings)


def test_corrupt_file_warns_with_line_and_column(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_bytes(CORRUPT)
    loaded = load_settings(cfg, environ={"LLM_TIMEOUT": "12"})
    assert not loaded.file_ok
    assert loaded.settings.llm.timeout == 12  # the other layers still apply
    (warning,) = loaded.warnings
    assert str(cfg) in warning and "line 3, column" in warning
    assert cfg.read_bytes() == CORRUPT


def test_unreadable_file_warns_and_is_not_overwritten(cfg: Path) -> None:
    cfg.mkdir(parents=True)  # a directory where the file should be: reading fails
    loaded = load_settings(cfg, environ={})
    assert not loaded.file_ok and "cannot read" in loaded.warnings[0]
    with pytest.raises(SettingsFileError) as info:
        save_settings(cfg, {"llm.count": 3})
    assert "Not saved" in info.value.message and cfg.is_dir()


def test_save_refuses_over_a_corrupt_file_and_keeps_it_byte_for_byte(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_bytes(CORRUPT)
    with pytest.raises(SettingsFileError) as info:
        save_settings(cfg, {"llm.count": 3})
    assert "line 3" in info.value.message and "mv " in info.value.message
    assert info.value.line == 3
    assert cfg.read_bytes() == CORRUPT


def test_save_is_atomic_and_never_readable_by_others(
    cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((src, _mode(Path(src)), Path(src).read_text()))
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", spy)
    old_umask = os.umask(0o022)  # a permissive umask: the 0600 must not come from it
    try:
        save_settings(cfg, {"openai.api_key": "sk-secret-value-42"})
    finally:
        os.umask(old_umask)
    (src, tmp_mode, tmp_text), = seen
    assert Path(src).parent == cfg.parent and Path(src) != cfg
    assert tmp_mode == 0o600 and "sk-secret-value-42" in tmp_text
    assert _mode(cfg) == 0o600
    assert _mode(cfg.parent) == 0o700
    assert not Path(src).exists()
    assert [p.name for p in cfg.parent.iterdir()] == ["settings.toml"]


def test_save_tightens_an_existing_loose_file(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text("[llm]\ncount = 4\n")
    cfg.chmod(0o644)
    save_settings(cfg, {"llm.timeout": 15.0})
    assert _mode(cfg) == 0o600
    assert tomllib.loads(cfg.read_text())["llm"] == {"count": 4, "timeout": 15.0}


def test_save_keeps_keys_the_app_does_not_know(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text(
        'top = "x"\n[llm]\nfuture_knob = [1, 2]\n[notes]\ntext = "call Ann"\n'
        '[ui.keymap]\n"app.quit" = "ctrl+q"\n'
    )
    notes = save_settings(cfg, {"llm.count": 12, "openai.base_url": "http://localhost:11434/v1"})
    assert notes == []
    data = tomllib.loads(cfg.read_text())
    assert data["top"] == "x" and data["notes"] == {"text": "call Ann"}
    assert data["llm"] == {"future_knob": [1, 2], "count": 12}
    assert data["ui"]["keymap"] == {"app.quit": "ctrl+q"}
    assert data["openai"]["base_url"] == "http://localhost:11434/v1"
    assert load_settings(cfg, environ={}).unknown_keys == ["top", "llm.future_knob", "notes.text"]


def test_save_with_none_removes_a_key_and_says_comments_are_lost(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text("# mine\n[llm]\ncount = 4\n")
    notes = save_settings(cfg, {"llm.count": None})
    assert tomllib.loads(cfg.read_text()) == {}
    assert len(notes) == 1 and "comments" in notes[0]


def test_a_key_in_a_loose_file_is_warned_about(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text('[anthropic]\napi_key = "sk-ant-0123456789abcdef"\n')
    cfg.chmod(0o644)
    loaded = load_settings(cfg, environ={})
    assert any("chmod 600" in w and "644" in w for w in loaded.warnings)
    assert not any("sk-ant-0123456789abcdef" in w for w in loaded.warnings)
    cfg.chmod(0o600)
    assert load_settings(cfg, environ={}).warnings == []


@pytest.mark.parametrize(
    ("key", "raw", "words"),
    [("llm.timeout", "fast", "a finite number greater than 0"),
     ("llm.count", "0", "a whole number from 1 to 50"),
     ("llm.count", "many", "a whole number"),
     ("llm.enabled", "perhaps", "true/false"),
     ("ui.keymap", "x", "is a table")],
)
def test_bad_values_name_the_key_and_the_type(key: str, raw: str, words: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_value(key, raw)
    assert key in info.value.message and words in info.value.message


def test_unknown_key_suggests_close_matches() -> None:
    with pytest.raises(SettingsError) as info:
        parse_value("llm.timout", "3")
    assert "llm.timeout" in info.value.message


def test_values_are_typed() -> None:
    assert parse_value("llm.timeout", "30") == 30.0
    assert parse_value("llm.enabled", "no") is False
    assert parse_value("openai.base_url", "") is None
    assert parse_value("ui.keymap.app.quit", "ctrl+q") == "ctrl+q"


def test_every_key_has_a_description() -> None:
    keys = setting_keys()
    for key in ("llm.enabled", "llm.provider", "llm.timeout", "llm.count", "openai.api_key",
                "openai.model", "openai.base_url", "anthropic.api_key", "anthropic.model",
                "anthropic.base_url", "llm.redact_contacts", "ui.keymap"):
        assert key in keys
    assert all(spec.description for spec in keys.values())


@pytest.mark.parametrize(
    ("value", "masked"),
    [("sk-proj-abcdefghijklmnop9c", "sk-…9c"), ("short", "set"), ("", "not set"), (None, "not set")],
)
def test_mask_secret(value: str | None, masked: str) -> None:
    assert mask_secret(value) == masked


def test_a_symlinked_file_is_written_through_the_link(cfg: Path, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "iq-tui.toml"
    target.parent.mkdir()
    target.write_text("[llm]\ncount = 4\n")
    cfg.parent.mkdir()
    cfg.symlink_to(target)
    save_settings(cfg, {"llm.count": 6})
    assert cfg.is_symlink()
    assert tomllib.loads(target.read_text()) == {"llm": {"count": 6}}
    assert _mode(target) == 0o600


def test_junk_in_dotenv_names_the_file_and_the_real_environment_wins(cfg: Path, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LLM_TIMEOUT=soon\nOPENAI_API_KEY=sk-from-dotenv-0123456789\n")
    with pytest.raises(SettingsError) as info:
        load_settings(cfg, environ={}, cwd=tmp_path)
    assert "LLM_TIMEOUT" in info.value.message and str(tmp_path / ".env") in info.value.message
    loaded = load_settings(cfg, environ={"LLM_TIMEOUT": "5"}, cwd=tmp_path)
    assert loaded.settings.llm.timeout == 5
    assert loaded.describe_source("openai.api_key") == ".env (OPENAI_API_KEY)"
