"""Helpers shared by the commands: loading settings with warnings, writing results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iq_tui.engine.errors import UsageError
from iq_tui.engine.text import strip_controls
from iq_tui.engine.settings.layers import LoadedSettings, load_settings
from iq_tui.engine.undecodable import displayable

if TYPE_CHECKING:
    from iq_tui.engine.models import CandidateProfile
    from iq_tui.engine.settings.layers import Settings


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


def file_text(text: str) -> str:
    """A result as written out: control characters dropped, one newline at the end, and a
    Latin-1 file name shown as R�sum�.pdf."""
    text = displayable(strip_controls(text))
    return text if text.endswith("\n") else text + "\n"


def emit(text: str, output: str | None) -> None:
    """Print `text` to stdout, or write it to `output` (atomically: never half a file).

    Control characters are dropped on the way out (the JSON encoders escape theirs): a saved
    session from an older version may hold a CV's escape sequences."""
    text = file_text(text)
    if output is None or output == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # `| head`: the reader has all it wanted
        except OSError as exc:
            raise UsageError(f"cannot write the result: {exc.strerror or exc}") from exc
        return
    from iq_tui.engine.settings.fileio import atomic_write_text

    try:
        atomic_write_text(Path(output), text)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc


def read_cv(path: str | Path, settings: Settings) -> CandidateProfile:
    """The CV's profile, read within the settings' extraction limits (or a `CVError`)."""
    from iq_tui.engine.reading.extract import extract_profile

    return extract_profile(
        path,
        max_pages=settings.extraction.max_pages,
        timeout=settings.extraction.timeout,
        max_memory_mb=settings.extraction.max_memory_mb,
    )
