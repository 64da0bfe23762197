"""`iq-tui generate CV --role --level --type`: the whole pipeline, headless."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from iq_tui.commands.common import (
    emit,
    progress,
    read_cv,
    settings_for_command,
    warn,
)
from iq_tui.engine.errors import UsageError
from iq_tui.flow import read_job  # the TUI's call, within the settings' limits
from iq_tui.engine.planning.events import (
    FellBack,
    GenerationEvent,
    QuestionReady,
    Retrying,
    Status,
)
from iq_tui.engine.models import GenerationResult


def _reporter(quiet: bool) -> Callable[[GenerationEvent], None]:
    """Progress on stderr. Offline questions come all at once, so only streamed ones are counted."""

    def on_event(event: GenerationEvent) -> None:
        if quiet:
            return
        if isinstance(event, Status):
            progress(event.message)
        elif isinstance(event, Retrying):
            progress(f"retrying {event.attempt}/{event.max_attempts}: {event.reason}")
        elif isinstance(event, FellBack):
            progress(f"using the offline generator: {event.reason}")
        elif isinstance(event, QuestionReady) and event.question.source == "llm":
            progress(f"question {event.index + 1} ready")

    return on_event


def summary_line(result: GenerationResult) -> str:
    """"10 questions from openai (gpt-4o)", or, for a plan of several sources, "10 questions:
    3 from the kit, 2 from openai (gpt-4o), 5 from the offline generator"."""
    info = result.provider
    total = len(result.questions)
    if info.name == "offline":
        source = "the offline generator"
    else:
        source = f"{info.name} ({info.model})" if info.model else info.name
    counts = Counter(q.source for q in result.questions)
    kit, offline = counts["kit"], counts["offline"]
    if info.name == "offline":
        parts = [(kit, "the kit"), (total - kit, source)]
    else:
        parts = [(kit, "the kit"), (total - kit - offline, source), (offline, "the offline generator")]
    parts = [(n, who) for n, who in parts if n]
    if len(parts) <= 1:
        return f"{total} questions from {parts[0][1] if parts else source}"
    return f"{total} questions: " + ", ".join(f"{n} from {who}" for n, who in parts)


def check_output(cv: str, output: str | None, jd: str | None = None) -> None:
    """Refuse at once, before any LLM call is paid for, an `-o` that is the CV (or the job
    description) or a directory."""
    if output is None or output == "-":
        return
    target = Path(output)
    try:
        is_dir = target.is_dir()
    except OSError as exc:  # a name over 255 bytes: pathlib raises where the OS refuses
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    if is_dir:
        raise UsageError(f"cannot write {output}: it is a directory (give a file name)")
    try:
        same = target.exists() and os.path.samefile(cv, target)
    except OSError:
        same = False
    if same:
        raise UsageError(f"-o {output} is the CV itself: it would be overwritten by the plan")
    try:
        same_jd = jd is not None and target.exists() and os.path.samefile(jd, target)
    except OSError:
        same_jd = False
    if same_jd:
        raise UsageError(
            f"-o {output} is the job description itself: it would be overwritten by the plan"
        )


def run_generate(args: argparse.Namespace) -> int:
    from iq_tui.engine.output.export import to_json, to_markdown
    from iq_tui.engine.planning.generation import GenerationRequest, generate_sync
    from iq_tui.engine.planning.roles import find_role, load_roles

    check_output(args.cv, args.output, args.jd)
    overrides = {"llm.timeout": args.timeout}
    if args.no_redact:
        overrides["llm.redact_contacts"] = False
    settings = settings_for_command(overrides).settings
    role = find_role(args.role, load_roles())
    kit = None
    if args.kit is not None:
        from iq_tui.engine.planning.kits import load_kit

        kit = load_kit(args.kit)
    profile = read_cv(args.cv, settings)
    if not args.quiet:
        for warning in profile.warnings:
            warn(warning)
    job = read_job(args.jd, profile, settings) if args.jd is not None else None
    if job is not None and not args.quiet:
        progress(f"{job.source}: {len(job.requirements)} requirements")
    request = GenerationRequest(
        profile=profile,
        role=role,
        level=args.level,
        interview_type=args.interview_type,
        count=args.count or settings.llm.count,
        provider=args.provider,
        kit=kit,
        job=job,
    )
    result = generate_sync(request, settings, on_event=_reporter(args.quiet))
    if not args.quiet:
        for warning in result.warnings:
            warn(warning)
        progress(summary_line(result))
    fmt = args.format or "markdown"
    emit(to_json(result) if fmt == "json" else to_markdown(result), args.output)
    return 0
