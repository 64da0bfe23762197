"""`iq-tui batch DIR --role --level --type -o OUTDIR`: one plan per CV, resumable.

Exit 0 when every CV has a plan (made now or on an earlier run), 3 when some failed (each is
listed on stderr with its reason, and in `index.json`), 2 for bad options.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from iq_tui.commands.common import file_text, progress, read_cv, settings_for_command, warn
from iq_tui.commands.generate import summary_line

if TYPE_CHECKING:
    from iq_tui.engine.settings.layers import Settings

SOME_FAILED = 3


def run_batch_command(args: argparse.Namespace) -> int:
    from iq_tui.engine.batch import Outcome, run_batch
    from iq_tui.engine.models import CandidateProfile, GenerationResult
    from iq_tui.engine.output.export import to_json, to_markdown
    from iq_tui.engine.planning.generation import (
        GenerationRequest,
        chosen_provider,
        generate_sync,
    )
    from iq_tui.engine.planning.roles import find_role, load_roles

    overrides: dict[str, object] = {"llm.timeout": args.timeout}
    if args.no_redact:
        overrides["llm.redact_contacts"] = False
    settings = settings_for_command(overrides).settings
    role = find_role(args.role, load_roles())
    count = args.count or settings.llm.count
    provider = chosen_provider(settings, args.provider)
    kit = None
    if args.kit is not None:
        from iq_tui.engine.planning.kits import load_kit

        kit = load_kit(args.kit)
    jd = None
    if args.jd is not None:  # read once; matched against each CV
        from iq_tui.engine.reading.job_description import read_job_description

        jd = read_job_description(
            args.jd,
            max_pages=settings.extraction.max_pages,
            timeout=settings.extraction.timeout,
            max_memory_mb=settings.extraction.max_memory_mb,
        )
    inputs = {
        "role": role.id,
        "level": args.level,
        "type": args.interview_type,
        "count": str(count),
        "provider": provider,
        "model": _model(settings, provider),
        "redact": str(settings.llm.redact_contacts),
        "jd": _digest_or_empty(args.jd),
        "kit": _digest_or_empty(str(kit.path) if kit is not None and kit.path else None),
    }

    def plan(profile: CandidateProfile) -> GenerationResult:
        from iq_tui.engine.planning.job_match import match_job_description

        request = GenerationRequest(
            profile=profile,
            role=role,
            level=args.level,
            interview_type=args.interview_type,
            count=count,
            provider=provider,
            kit=kit,
            job=match_job_description(jd, profile) if jd is not None else None,
        )
        return generate_sync(request, settings)

    def render(result: GenerationResult) -> tuple[str, str]:
        return file_text(to_json(result)), file_text(to_markdown(result))

    def on_outcome(done: int, total: int, outcome: Outcome) -> None:
        if args.quiet:
            return
        entry = outcome.entry
        line = f"[{done}/{total}] {entry.cv}: {entry.status}"
        if outcome.result is not None:
            line += f", {summary_line(outcome.result)}"
            if outcome.result.provider.fallback_reason:
                line += f" (offline because {outcome.result.provider.fallback_reason})"
        elif entry.reason:
            line += f": {entry.reason}"
        progress(line)

    index = run_batch(
        Path(args.folder),
        Path(args.output),
        lambda cv: read_cv(cv, settings),
        plan,
        render,
        inputs=inputs,
        jobs=args.jobs,
        on_outcome=on_outcome,
    )
    failed = [entry for entry in index if entry.status == "failed"]
    made = sum(entry.status == "ok" for entry in index)
    kept = sum(entry.status == "skipped" and entry.plan is not None for entry in index)
    if not args.quiet:
        progress(
            f"{made} plans made, {kept} already done, {len(failed)} failed; "
            f"index: {Path(args.output) / 'index.json'}"
        )
    for entry in failed:
        warn(f"failed: {entry.reason}")
    return SOME_FAILED if failed else 0


def _digest_or_empty(path: str | None) -> str:
    """A file input's bytes in the fingerprint: an edited JD or kit makes the plans again."""
    if path is None:
        return ""
    from iq_tui.engine.batch import file_digest

    try:
        return file_digest(Path(path))
    except OSError:
        return ""


def _model(settings: Settings, provider: str) -> str:
    """The model the provider is set to use: a plan from another model is another plan."""
    if provider == "openai":
        return settings.openai.model
    if provider == "anthropic":
        return settings.anthropic.model
    return ""
