"""`iq-tui extract CV`: print the candidate profile."""

from __future__ import annotations

import argparse

from iq_tui.commands.common import emit, settings_for_command, warn


def run_extract(args: argparse.Namespace) -> int:
    from iq_tui.engine.reading.extract import extract_profile
    from iq_tui.engine.reading.profile_text import profile_to_text

    settings = settings_for_command(strict_env=False).settings
    profile = extract_profile(
        args.cv,
        max_pages=settings.extraction.max_pages,
        timeout=settings.extraction.timeout,
        max_memory_mb=settings.extraction.max_memory_mb,
    )
    if args.format == "json":
        emit(profile.model_dump_json(indent=2), None)
    else:
        for warning in profile.warnings:
            warn(warning)
        emit(profile_to_text(profile), None)
    return 0
