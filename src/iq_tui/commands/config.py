"""`iq-tui config path|show|get|set`: the settings file. Secrets are masked in every output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from iq_tui.commands.common import emit, progress, settings_for_command, warn
from iq_tui.engine.errors import UsageError
from iq_tui.engine.settings.layers import (
    ENV_FOR_KEY,
    KEYMAP_PREFIX,
    OWN_HOSTS,
    LoadedSettings,
    custom_endpoint,
    default_settings_path,
    display_value,
    effective_value,
    key_spec,
    load_settings,
    parse_value,
    save_settings,
    setting_keys,
    validate_value,
)
from iq_tui.engine.settings.store import mask_secret, mask_url


def run_config(args: argparse.Namespace) -> int:
    action = args.config_command
    if action == "path":
        emit(str(default_settings_path()), None)
    elif action == "show":
        loaded = settings_for_command(strict_env=False)
        for problem in _keymap_problems(loaded.settings.ui.keymap):
            warn(problem)
        emit(_show(loaded), None)
    elif action == "get":
        key_spec(args.key)
        emit(_format(settings_for_command(strict_env=False).settings, args.key), None)
    elif action == "set":
        _set(args.key, args.value)
    return 0


def _format(settings: Any, key: str) -> str:
    value = effective_value(settings, key)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items()) + "}"
    return display_value(settings, key)


def _show(loaded: LoadedSettings) -> str:
    path = loaded.path
    try:
        state = "" if path.exists() else " (not created yet)"
    except OSError as exc:  # a name over 255 bytes, a loop of links: said, not a crash
        state = f" (cannot be read: {exc.strerror or exc})"
    lines = [
        f"# settings file: {path}{state}",
        "# precedence: command-line option > environment > .env > settings file > default",
    ]
    for provider, own in OWN_HOSTS.items():
        host = custom_endpoint(loaded.settings, provider)
        if host:
            lines.append(f"# {provider} calls go to {host}, not {own}")
    section = None
    for key, spec in setting_keys().items():
        head, _, name = key.partition(".")
        if head != section:
            section = head
            lines += ["", f"[{section}]"]
        value = _format(loaded.settings, key)
        quoted = not (spec.is_bool or spec.is_table or "number" in spec.type_name)
        shown = json.dumps(value, ensure_ascii=False) if quoted else value
        if effective_value(loaded.settings, key) is None:
            shown = "(not set)"
        lines.append(f"# {spec.description}")
        lines.append(f"{name} = {shown}  # from: {loaded.describe_source(key)}")
    if loaded.unknown_keys:
        lines += ["", "# kept in the file, not used by this version: " + ", ".join(loaded.unknown_keys)]
    return "\n".join(lines)


MAX_SECRET_CHARS = 4096
"""An API key is a few hundred characters: `/dev/zero` on standard input is not one."""


def _read_secret(key: str) -> str:
    """The key from standard input: hidden typing on a terminal, or the first line of a pipe."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:  # `<&-`: no standard input at all
        raise UsageError(f"no standard input to read {key} from (it is closed)")
    try:
        if stdin.isatty():
            import getpass

            value = getpass.getpass(f"{key} (typing is hidden): ")
        else:
            value = stdin.readline(MAX_SECRET_CHARS + 1)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {key} from standard input: {exc}") from None
    if len(value) > MAX_SECRET_CHARS:
        raise UsageError(f"{key} on standard input is longer than {MAX_SECRET_CHARS} characters")
    value = value.strip()
    if not value:
        raise UsageError(f"no value for {key} on standard input")
    return value


def _set(key: str, raw: str) -> None:
    spec = key_spec(key)
    if spec.secret:
        env = ENV_FOR_KEY[key]
        if raw != "-":
            raise UsageError(
                f"{key} is not taken as a command-line argument (other users see arguments in "
                f"`ps`, and shells keep history): set {env} in the environment, or run "
                f"`iq-tui config set {key} -` and type or pipe the key"
            )
        value = validate_value(key, _read_secret(key))
    elif key.startswith(KEYMAP_PREFIX):
        value = _keymap_value(key, raw)
    else:
        value = parse_value(key, raw)
    path = default_settings_path()
    for note in save_settings(path, {key: value}):
        warn(note)
    if value is None:
        shown = "the default"
    elif spec.secret:
        shown = mask_secret(value)
    elif key.endswith(".base_url"):
        shown = json.dumps(mask_url(value), ensure_ascii=False)
    else:
        shown = json.dumps(value, ensure_ascii=False)
    progress(f"{key} = {shown}, saved in {path}")
    _warn_if_shadowed(key)
    if key.startswith(KEYMAP_PREFIX) and value is not None:
        binding_id = key[len(KEYMAP_PREFIX):]
        mine = (f"{key} =", f"({binding_id})")
        for problem in _keymap_problems(load_settings(path, environ={}).settings.ui.keymap):
            if any(part in problem for part in mine):
                warn(problem)


def _keymap_value(key: str, raw: str) -> str | None:
    """A keymap entry checked: the binding id must exist and every key be one a terminal
    sends; "" removes the entry (the default keys again)."""
    from iq_tui import keymap

    try:
        keymap.check_binding_id(key[len(KEYMAP_PREFIX):])
        return None if raw == "" else keymap.parse_keys(raw)
    except keymap.KeymapError as exc:
        raise UsageError(f"{key}: {exc}") from None


def _keymap_problems(entries: dict[str, str]) -> list[str]:
    """What is wrong with the file's `ui.keymap` (bad entries, clashes); none when empty."""
    if not entries:
        return []
    from iq_tui import keymap

    return keymap.check_keymap(dict(entries)).problems


def _warn_if_shadowed(key: str) -> None:
    """Say so when the environment or `.env` still wins over what was just saved."""
    env = ENV_FOR_KEY.get(key)
    if env is None:
        return
    if os.environ.get(env):
        warn(f"{env} in the environment takes precedence over the file")
        return
    try:
        loaded = load_settings()
    except Exception:  # noqa: BLE001 - a bad environment was reported by the command itself
        return
    if loaded.source_of(key) == ".env":
        warn(f"{env} in .env takes precedence over the file")
