"""Settings: built-in defaults < settings file < .env < environment < command-line options.

The model's field docstrings are the descriptions `config show` and the settings screen show.
The file is handled by `settings_store` (atomic 0600 writes, never over a file that does not
parse); this module knows the keys, their types and where each effective value came from.
"""

from __future__ import annotations

import difflib
import os
import stat
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from annotated_types import Ge, Gt, Le
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

from iq_tui.engine.errors import SettingsError
from iq_tui.engine.settings.store import (  # default_settings_path: re-exported, callers use it here
    SettingsFileError,
    default_settings_path,
    get_dotted,
    has_comments,
    loose_permissions,
    mask_secret,
    mask_url,
    read_document,
    set_dotted,
    url_host,
    write_document,
)

DEFAULT_OPENAI_MODEL = "gpt-5.4-mini"
DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-5"

Source = Literal["default", "file", ".env", "env", "option"]
# allow_inf_nan off: "1e999" or TOML's `inf` is no timeout (it would never end)
_MODEL_CONFIG = ConfigDict(use_attribute_docstrings=True, extra="ignore", allow_inf_nan=False)


class LLMSettings(BaseModel):
    model_config = _MODEL_CONFIG

    enabled: bool = True
    """Ask an LLM for questions (`USE_LLM_FOR_QUESTIONS`); off means the offline generator."""
    provider: Literal["openai", "anthropic", "offline"] = "openai"
    """Which LLM: openai (also any OpenAI-compatible server via its base URL) or anthropic."""
    timeout: float = Field(90.0, gt=0)
    """Seconds for the whole LLM phase of one generation, retries included (`LLM_TIMEOUT`)."""
    count: int = Field(10, ge=1, le=50)
    """How many questions a plan has by default."""
    redact_contacts: bool = True
    """Remove email, phone, street address and links from what is sent to an LLM."""


class ProviderSettings(BaseModel):
    model_config = _MODEL_CONFIG

    api_key: SecretStr | None = None
    """The API key. Prefer the environment variable; a key in the file is kept at mode 0600."""
    model: str = ""
    """The model name."""
    base_url: str | None = None
    """Another endpoint: a proxy, or an OpenAI-compatible local server (Ollama, vLLM, ...)."""

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        # "localhost:11434/v1" would be retried as a failed connection: say what is wrong.
        if value and not value.strip().lower().startswith(("http://", "https://")):
            raise ValueError("a base URL starts with http:// or https://")
        return value.strip() if value else value


class OpenAISettings(ProviderSettings):
    model: str = DEFAULT_OPENAI_MODEL
    """The OpenAI model name (`OPENAI_MODEL`)."""


class AnthropicSettings(ProviderSettings):
    model: str = DEFAULT_ANTHROPIC_MODEL
    """The Anthropic model name (`ANTHROPIC_MODEL`)."""
    base_url: str | None = None
    """Another endpoint, such as a proxy or gateway in front of Anthropic (`ANTHROPIC_BASE_URL`)."""


class ExtractionSettings(BaseModel):
    model_config = _MODEL_CONFIG

    max_pages: int = Field(30, ge=1, le=1000)
    """Pages read from a PDF; the rest are skipped with a warning."""
    timeout: float = Field(15.0, gt=0)
    """Seconds extraction of one CV may take before it is stopped (real CVs take under 1.1 s
    even on a loaded machine)."""
    max_memory_mb: int = Field(1024, ge=64)
    """Memory the extraction subprocess may use."""


class UISettings(BaseModel):
    model_config = _MODEL_CONFIG

    theme: str = "textual-dark"
    """Textual theme, remembered between runs."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys, to remap the TUI's keys (`config set ui.keymap.ID KEYS`)."""


class Settings(BaseModel):
    model_config = _MODEL_CONFIG

    llm: LLMSettings = Field(default_factory=LLMSettings)
    """Whether and how an LLM writes the questions."""
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    """OpenAI, or any OpenAI-compatible server."""
    anthropic: AnthropicSettings = Field(default_factory=AnthropicSettings)
    """Anthropic (Claude)."""
    extraction: ExtractionSettings = Field(default_factory=ExtractionSettings)
    """Reading CVs."""
    ui: UISettings = Field(default_factory=UISettings)
    """The terminal interface."""


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
ENV_FOR_KEY: dict[str, str] = {key: name for name, key in ENV_KEYS.items()}
KEYMAP_PREFIX = "ui.keymap."
SECRET_KEYS = ("openai.api_key", "anthropic.api_key")

_SOURCE_WORDS: dict[str, str] = {"default": "default", "file": "settings file", ".env": ".env",
                                  "env": "environment", "option": "command-line option"}
_SAID_BY_TYPE_NAME = frozenset({
    "greater_than", "greater_than_equal", "less_than", "less_than_equal", "literal_error",
    "float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number",
    "string_type", "bool_parsing", "bool_type",
})
"""pydantic error types whose message only restates `KeySpec.type_name`."""
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


@dataclass(frozen=True)
class KeySpec:
    """One settable key: where it lives in the model, its description and expected type."""

    key: str
    section: type[BaseModel]
    name: str
    description: str
    type_name: str
    secret: bool = False
    is_bool: bool = False
    optional: bool = False
    is_table: bool = False


@dataclass
class LoadedSettings:
    settings: Settings
    path: Path
    warnings: list[str] = field(default_factory=list)
    file_ok: bool = True
    sources: dict[str, Source] = field(default_factory=dict)
    """Dotted key -> the layer its effective value came from; keys not listed are defaults."""
    unknown_keys: list[str] = field(default_factory=list)
    """Keys in the file this version does not use (kept as they are by every write)."""

    def source_of(self, key: str) -> Source:
        return self.sources.get(key, "default")

    def describe_source(self, key: str) -> str:
        """Where `key`'s value comes from, in words: "environment (LLM_TIMEOUT)", "default"."""
        source = self.source_of(key)
        words = _SOURCE_WORDS[source]
        return f"{words} ({ENV_FOR_KEY[key]})" if source in ("env", ".env") else words


def parse_bool(raw: str, origin: str) -> bool:
    """true/false, 1/0, yes/no in any case; anything else is an error naming `origin`."""
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise SettingsError(f"{origin}: {raw!r} is not a boolean: use true/false, 1/0 or yes/no")


def _type_name(annotation: Any, metadata: list[Any]) -> tuple[str, bool]:
    """Words for the expected type, and whether the key may be unset (None)."""
    args = typing.get_args(annotation)
    optional = type(None) in args
    base = next((a for a in args if a is not type(None)), annotation) if optional else annotation
    if typing.get_origin(base) is Literal:
        return "one of " + ", ".join(typing.get_args(base)), optional
    words = {bool: "true or false", int: "a whole number", float: "a finite number",
             str: "text", SecretStr: "an API key"}.get(base, "a table")
    ge = next((m.ge for m in metadata if isinstance(m, Ge)), None)
    gt = next((m.gt for m in metadata if isinstance(m, Gt)), None)
    le = next((m.le for m in metadata if isinstance(m, Le)), None)
    if ge is not None and le is not None:
        words += f" from {ge} to {le}"
    elif gt is not None:
        words += f" greater than {gt}"
    elif ge is not None:
        words += f" of at least {ge}"
    return words, optional


@cache
def setting_keys() -> dict[str, KeySpec]:
    """Every dotted key of the model, in the model's order."""
    specs: dict[str, KeySpec] = {}
    for section_name, section_field in Settings.model_fields.items():
        section = section_field.annotation
        assert isinstance(section, type) and issubclass(section, BaseModel)
        for name, info in section.model_fields.items():
            key = f"{section_name}.{name}"
            type_name, optional = _type_name(info.annotation, info.metadata)
            specs[key] = KeySpec(
                key=key, section=section, name=name, description=info.description or "",
                type_name=type_name, secret=key in SECRET_KEYS, is_bool=info.annotation is bool,
                optional=optional, is_table=type_name == "a table",
            )
    return specs


def key_spec(key: str) -> KeySpec:
    """The spec of a settable key (`ui.keymap.ID` included); unknown keys list close matches."""
    specs = setting_keys()
    if key in specs:
        return specs[key]
    if key.startswith(KEYMAP_PREFIX) and len(key) > len(KEYMAP_PREFIX):
        return KeySpec(key=key, section=UISettings, name="keymap",
                       description=f"Keys for the binding {key[len(KEYMAP_PREFIX):]}",
                       type_name="keys, e.g. ctrl+q")
    close = difflib.get_close_matches(key, list(specs), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; see `iq-tui config show`"
    raise SettingsError(f"unknown setting {key!r}{hint}")


def key_path(key: str) -> list[str]:
    """The TOML path of a key: a keymap entry's binding id ("app.help") is one name."""
    if key.startswith(KEYMAP_PREFIX):
        return ["ui", "keymap", key[len(KEYMAP_PREFIX):]]
    return key.split(".")


def validate_value(key: str, value: Any, origin: str | None = None) -> Any:
    """Check one value against the model; returns it as stored in TOML (keys unwrapped)."""
    spec = key_spec(key)
    origin = origin or key
    if spec.is_bool and isinstance(value, str):
        return parse_bool(value, origin)
    if spec.is_table and not isinstance(value, dict):
        raise SettingsError(f"{origin} is a table: set one entry, e.g. {key}.<binding-id>")
    is_entry = key.startswith(KEYMAP_PREFIX)
    try:
        model = spec.section.model_validate({spec.name: {key[len(KEYMAP_PREFIX):]: value}
                                             if is_entry else value})
    except ValidationError as exc:
        shown = "the value" if spec.secret else repr(value)
        if key.endswith(".base_url") and isinstance(value, str):
            shown = repr(mask_url(value))
        error = exc.errors()[0]
        if error["type"] == "value_error":  # our own validator's words say it all
            raise SettingsError(f"{origin}: {shown} is not valid: {error['ctx']['error']}") from None
        # the expected type's words already say what pydantic's message would repeat
        detail = "" if error["type"] in _SAID_BY_TYPE_NAME else f" ({error['msg']})"
        raise SettingsError(
            f"{origin}: {shown} is not valid: expected {spec.type_name}{detail}"
        ) from None
    result = getattr(model, spec.name)
    if is_entry:
        return result[key[len(KEYMAP_PREFIX):]]
    return result.get_secret_value() if isinstance(result, SecretStr) else result


def parse_value(key: str, raw: str, origin: str | None = None) -> Any:
    """A value typed as text (CLI, environment) checked for `key`; "" means back to the default."""
    spec = key_spec(key)
    if raw == "" and not (spec.is_bool or spec.is_table):
        return None
    return validate_value(key, raw, origin)


def effective_value(settings: Settings, key: str) -> Any:
    """The value `key` has in `settings` (secrets still wrapped)."""
    if key.startswith(KEYMAP_PREFIX):
        return settings.ui.keymap.get(key[len(KEYMAP_PREFIX):])
    key_spec(key)
    section, _, name = key.partition(".")
    return getattr(getattr(settings, section), name)


def display_value(settings: Settings, key: str) -> str:
    """The value as a user should see it: secrets masked, booleans lower-case, None as ""."""
    value = effective_value(settings, key)
    if isinstance(value, SecretStr) or key in SECRET_KEYS:
        return mask_secret(value.get_secret_value() if value is not None else None)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if key.endswith(".base_url"):
        return mask_url(str(value))
    return str(value)


def _unknown_keys(document: dict[str, Any]) -> list[str]:
    specs = setting_keys()
    found = []
    for section, table in document.items():
        if not isinstance(table, dict):
            if section not in Settings.model_fields:  # a known one misspelt is warned about
                found.append(section)
            continue
        for name in table:
            key = f"{section}.{name}"
            if key not in specs:
                found.append(key)
    return found


MAX_DOTENV_BYTES = 1 << 20
"""A `.env` is a few lines; more is not one (and is not read into memory)."""
OWN_HOSTS: dict[str, str] = {"openai": "api.openai.com", "anthropic": "api.anthropic.com"}
"""The provider's own API host: any other endpoint is named wherever a call is shown."""


def _read_dotenv(path: Path, warnings: list[str]) -> dict[str, str]:
    """The `.env`'s values, read safely: no `${VAR}` interpolation (it would copy any
    environment variable, a cloud token, into a URL), and only from a regular file the user
    owns that others cannot write (a shared folder's `.env` is anyone's)."""
    import io

    from dotenv import dotenv_values

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        warnings.append(f"cannot read {path}: {exc.strerror or exc}; ignored")
        return {}
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return {}
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            warnings.append(f"{path} is ignored: it belongs to another user")
            return {}
        if info.st_mode & 0o022:
            warnings.append(
                f"{path} is ignored: other users may change it "
                f"(mode {stat.S_IMODE(info.st_mode):o}; run `chmod go-w {path}`)"
            )
            return {}
        try:
            data = handle.read(MAX_DOTENV_BYTES + 1)
        except OSError as exc:
            warnings.append(f"cannot read {path}: {exc.strerror or exc}; ignored")
            return {}
    if len(data) > MAX_DOTENV_BYTES:
        warnings.append(f"{path} is ignored: larger than {MAX_DOTENV_BYTES >> 20} MB")
        return {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        warnings.append(f"cannot read {path}: {exc}; ignored")
        return {}
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    return {k: v for k, v in values.items() if v is not None}


def foreign_host(provider: str, base_url: str | None) -> str | None:
    """The host (and port) `provider`'s calls go to when it is not the provider's own."""
    own = OWN_HOSTS.get(provider)
    if not base_url or own is None:
        return None
    host = url_host(base_url)
    return None if host == own else host


def custom_endpoint(settings: Settings, provider: str) -> str | None:
    """`foreign_host` of the provider's base URL in `settings`."""
    section = getattr(settings, provider, None)
    return foreign_host(provider, getattr(section, "base_url", None))


def _guard_dotenv_endpoints(
    values: dict[str, Any], sources: dict[str, Source], file_values: dict[str, Any],
    dotenv_file: Path, warnings: list[str],
) -> None:
    """A base URL from `.env` is used only with a key from the same `.env` (or none at all):
    a planted `.env` must not carry the user's own key, and the CV, to another host."""
    for provider, label in (("openai", "OpenAI"), ("anthropic", "Anthropic")):
        url_key, secret_key = f"{provider}.base_url", f"{provider}.api_key"
        if sources.get(url_key) != ".env" or values.get(secret_key) is None:
            continue
        if sources.get(secret_key) == ".env":
            continue
        host = url_host(str(values[url_key]))
        where = "the environment" if sources.get(secret_key) == "env" else "the settings file"
        warnings.append(
            f"{ENV_FOR_KEY[url_key]} in {dotenv_file} is ignored: it would send the {label} "
            f"API key from {where} to {host}; put the key for that endpoint in the same .env"
        )
        if url_key in file_values:
            values[url_key], sources[url_key] = file_values[url_key], "file"
        else:
            values.pop(url_key, None)
            sources.pop(url_key, None)


def load_settings(
    path: Path | None = None,
    *,
    environ: dict[str, str] | None = None,
    cwd: Path | None = None,
    overrides: dict[str, Any] | None = None,
    strict_env: bool = True,
) -> LoadedSettings:
    """Merge file < .env < environment < overrides (dotted keys) into a validated Settings.

    A file that cannot be read or parsed, or a bad value in it, is a warning (defaults are
    used); a bad value from the environment, `.env` or an override is a `SettingsError`, or
    with `strict_env=False` a warning and ignored (commands that only show settings or do not
    use that value: `config show` must still work to find the bad variable).
    """
    path = path or default_settings_path()
    environ = dict(os.environ if environ is None else environ)
    warnings: list[str] = []
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    file_ok = True
    try:
        document = read_document(path)
    except SettingsFileError as exc:
        file_ok, document = False, {}
        warnings.append(f"{exc.message}; using the defaults (the file is left as it is)")
    for section, table in document.items():
        if section in Settings.model_fields and not isinstance(table, dict):
            warnings.append(
                f"{path}: {section} is {table!r}, not a table of settings ([{section}]); "
                "using the defaults"
            )
    for key in setting_keys():
        stored = get_dotted(document, key)
        if stored is None:
            continue
        try:
            values[key] = validate_value(key, stored, f"{path}: {key}")
        except SettingsError as exc:
            warnings.append(f"{exc.message}; using the default")
        else:
            sources[key] = "file"
    file_values = dict(values)
    if any(key in sources for key in SECRET_KEYS) and (mode := loose_permissions(path)):
        warnings.append(
            f"{path} holds an API key but other users may read it (mode {mode:o}): "
            f"run `chmod 600 {path}`"
        )
    dotenv_file = (cwd or Path.cwd()) / ".env"
    dotenv = _read_dotenv(dotenv_file, warnings)
    for env_name, key in ENV_KEYS.items():
        if environ.get(env_name):
            raw, source, origin = environ[env_name], "env", f"{env_name} (environment)"
        elif dotenv.get(env_name):
            raw, source, origin = dotenv[env_name], ".env", f"{env_name} ({dotenv_file})"
        else:
            continue
        try:
            values[key] = parse_value(key, raw, origin)
        except SettingsError as exc:
            if strict_env:
                raise
            warnings.append(f"{exc.message}; ignored")
            continue
        sources[key] = source
    _guard_dotenv_endpoints(values, sources, file_values, dotenv_file, warnings)
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = validate_value(key, value)
            sources[key] = "option"
    data: dict[str, Any] = {}
    for key, value in values.items():
        set_dotted(data, key, value)
    settings = Settings.model_validate(data)
    return LoadedSettings(settings=settings, path=path, warnings=warnings, file_ok=file_ok,
                          sources=sources, unknown_keys=_unknown_keys(document))


def save_settings(path: Path, changes: dict[str, Any]) -> list[str]:
    """Write checked values (None removes a key) into the file; returns notes for the user.

    Everything else in the file, keys this version does not know included, is kept. A file
    that cannot be read or parsed is refused (`SettingsFileError`), never overwritten.
    """
    try:
        document = read_document(path)
    except SettingsFileError as exc:
        if exc.line is not None:
            how = (f"fix line {exc.line} in an editor, or move the file away "
                   f"(mv '{path}' '{path}.broken') to start afresh")
        elif isinstance(exc.__cause__, PermissionError):
            how = f"check its permissions (ls -l '{path}'), or set IQ_TUI_CONFIG to another file"
        else:  # a device, a FIFO, a name too long: permissions are not the problem
            how = "set IQ_TUI_CONFIG to a regular file's path"
        raise SettingsFileError(
            f"{exc.message}. Not saved, the file is left as it is: {how}",
            path=path, line=exc.line, column=exc.column,
        ) from exc
    for key, value in changes.items():
        set_dotted(document, key_path(key), value)
    notes = []
    if has_comments(path):
        notes.append(f"comments in {path} were not kept (the file is rewritten from its values)")
    try:
        write_document(path, document)
    except OSError as exc:
        raise SettingsError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return notes


def set_setting(path: Path, key: str, value: Any) -> list[str]:
    """Check one value for `key` and save it in the file (e.g. the theme the TUI remembers)."""
    checked = parse_value(key, value) if isinstance(value, str) else validate_value(key, value)
    return save_settings(path, {key: checked})
