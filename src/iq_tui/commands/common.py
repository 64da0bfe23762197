"""Helpers shared by the commands: loading settings with warnings, writing results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from iq_tui.engine.errors import UsageError
from iq_tui.engine.text import strip_controls
from iq_tui.engine.settings.layers import LoadedSettings, load_settings
from iq_tui.engine.undecodable import displayable


def settings_for_command(
    overrides: dict[str, Any] | None = None, *, strict_env: bool = True
) -> LoadedSettings:
    """Load settings for a read-only command; warnings (a bad file) go to stderr.

    `strict_env=False` for commands a bad environment variable must not block (it is a
    warning there): `extract` uses no LLM setting, `config show/get` are how one finds it."""
    loaded = load_settings(overrides=overrides, strict_env=strict_env)
    for warning in loaded.warnings:
        warn(warning)
    return loaded


def warn(message: str) -> None:
    print(f"iq-tui: warning: {displayable(strip_controls(message))}", file=sys.stderr)


def progress(message: str) -> None:
    print(f"iq-tui: {displayable(strip_controls(message))}", file=sys.stderr, flush=True)


def emit(text: str, output: str | None) -> None:
    """Print `text` to stdout, or write it to `output` (atomically: never half a file).

    Control characters are dropped on the way out (the JSON encoders escape theirs): a saved
    session from an older version may hold a CV's escape sequences."""
    text = displayable(strip_controls(text))  # a Latin-1 file name: shown as R�sum�.pdf
    if output is None or output == "-":
        try:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # `| head`: the reader has all it wanted
        except OSError as exc:
            raise UsageError(f"cannot write the result: {exc.strerror or exc}") from exc
        return
    from iq_tui.engine.settings.fileio import atomic_write_text

    try:
        atomic_write_text(Path(output), text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
