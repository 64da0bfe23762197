"""Settings: built-in defaults < settings file < .env < environment < command-line options.

(First cut: the model and a loader. The settings issue hardens the file handling.)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr

DEFAULT_OPENAI_MODEL = "gpt-4.1-mini"
DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5"


class LLMSettings(BaseModel):
    enabled: bool = True
    """Ask an LLM for questions (`USE_LLM_FOR_QUESTIONS`); off means the offline generator."""
    provider: str = "openai"
    """Which LLM: openai (also any OpenAI-compatible server via its base URL) or anthropic."""
    timeout: float = Field(90.0, gt=0)
    """Seconds for the whole LLM phase of one generation, retries included (`LLM_TIMEOUT`)."""
    count: int = Field(10, ge=1, le=50)
    """How many questions a plan has by default."""
    redact_contacts: bool = True
    """Remove email, phone, street address and links from what is sent to an LLM."""


class ProviderSettings(BaseModel):
    api_key: SecretStr | None = None
    """The API key. Prefer the environment variable; a key in the file is kept at mode 0600."""
    model: str = ""
    """The model name."""
    base_url: str | None = None
    """Another endpoint: a proxy, or an OpenAI-compatible local server (Ollama, vLLM, ...)."""


class ExtractionSettings(BaseModel):
    max_pages: int = Field(30, ge=1, le=1000)
    """Pages read from a PDF; the rest are skipped with a warning."""
    timeout: float = Field(60.0, gt=0)
    """Seconds extraction of one CV may take before it is stopped."""
    max_memory_mb: int = Field(1024, ge=64)
    """Memory the extraction subprocess may use."""


class UISettings(BaseModel):
    theme: str = "textual-dark"
    """Textual theme, remembered between runs."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys, to remap the TUI's keys."""


class Settings(BaseModel):
    llm: LLMSettings = Field(default_factory=LLMSettings)
    openai: ProviderSettings = Field(
        default_factory=lambda: ProviderSettings(model=DEFAULT_OPENAI_MODEL)
    )
    anthropic: ProviderSettings = Field(
        default_factory=lambda: ProviderSettings(model=DEFAULT_ANTHROPIC_MODEL)
    )
    extraction: ExtractionSettings = Field(default_factory=ExtractionSettings)
    ui: UISettings = Field(default_factory=UISettings)


@dataclass
class LoadedSettings:
    settings: Settings
    path: Path
    warnings: list[str] = field(default_factory=list)
    file_ok: bool = True


def default_settings_path() -> Path:
    env = os.environ.get("IQ_TUI_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("iq-tui") / "settings.toml"


ENV_KEYS: dict[str, str] = {
    "USE_LLM_FOR_QUESTIONS": "llm.enabled",
    "LLM_PROVIDER": "llm.provider",
    "LLM_TIMEOUT": "llm.timeout",
    "OPENAI_API_KEY": "openai.api_key",
    "OPENAI_MODEL": "openai.model",
    "OPENAI_BASE_URL": "openai.base_url",
    "ANTHROPIC_API_KEY": "anthropic.api_key",
    "ANTHROPIC_MODEL": "anthropic.model",
    "ANTHROPIC_BASE_URL": "anthropic.base_url",
}


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    section, _, name = key.partition(".")
    data.setdefault(section, {})[name] = value


def load_settings(
    path: Path | None = None,
    *,
    environ: dict[str, str] | None = None,
    cwd: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> LoadedSettings:
    """Merge file < .env < environment < overrides (dotted keys) into a validated Settings."""
    path = path or default_settings_path()
    environ = dict(os.environ if environ is None else environ)
    warnings: list[str] = []
    data: dict[str, Any] = {}
    file_ok = True
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            file_ok = False
            warnings.append(f"{path}: {exc}; using defaults")
            data = {}
    from dotenv import dotenv_values

    dotenv_file = (cwd or Path.cwd()) / ".env"
    layered: dict[str, str] = {}
    if dotenv_file.is_file():
        layered.update({k: v for k, v in dotenv_values(dotenv_file).items() if v is not None})
    layered.update(environ)
    for env_name, key in ENV_KEYS.items():
        value = layered.get(env_name)
        if value not in (None, ""):
            _set_dotted(data, key, value)
    for key, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(data, key, value)
    settings = Settings.model_validate(data)
    return LoadedSettings(settings=settings, path=path, warnings=warnings, file_ok=file_ok)
