"""The TUI's calls into the engine, kept free of Textual so screens hold no business logic.

Each function is a thin, typed wrapper: it passes on the settings the engine needs and turns
OS errors into an `IqError` the UI can show. Engine modules are imported at call time, so
tests can substitute them and the first frame does not wait for them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from iq_tui.engine.errors import CVError, IqError
from iq_tui.engine.planning.events import GenerationEvent
from iq_tui.engine.models import (
    CandidateProfile,
    CandidateRef,
    GenerationResult,
    ProviderInfo,
    Question,
    Role,
    RoleRef,
)
from iq_tui.engine.settings.layers import Settings

if TYPE_CHECKING:
    from iq_tui.engine.planning.job_match import JobMatch
    from iq_tui.engine.planning.kits import Kit, KitListing

T = TypeVar("T")
EXPORT_SUFFIXES = {"markdown": ".md", "json": ".json"}


@dataclass(frozen=True)
class KitDraft:
    """A kit about to be saved from a plan: where, and what to ask the interviewer first."""

    kit: Kit
    path: Path
    quoted: list[int]
    """Question numbers (from 1) that quote the candidate's CV or name them."""
    exists: bool
    repeats: int


def extract_cv(path: Path, settings: Settings) -> CandidateProfile:
    """Extract a CV with the settings' limits (runs in the engine's sandboxed subprocess)."""
    from iq_tui.engine.reading.extract import extract_profile

    return extract_profile(
        path,
        max_pages=settings.extraction.max_pages,
        timeout=settings.extraction.timeout,
        max_memory_mb=settings.extraction.max_memory_mb,
    )


async def extract_cv_in_thread(path: Path, settings: Settings) -> CandidateProfile:
    """`extract_cv` on a daemon thread, awaited without blocking the event loop."""
    return await _in_daemon_thread(lambda: extract_cv(path, settings), f"extract {path.name}")


def read_job(path: Path, profile: CandidateProfile, settings: Settings) -> JobMatch:
    """A job description read and matched against `profile`, within the settings' limits."""
    from iq_tui.engine.planning.job_match import job_match_from_file

    return job_match_from_file(
        path,
        profile,
        max_pages=settings.extraction.max_pages,
        timeout=settings.extraction.timeout,
        max_memory_mb=settings.extraction.max_memory_mb,
    )


async def read_job_in_thread(
    path: Path, profile: CandidateProfile, settings: Settings
) -> JobMatch:
    """`read_job` on a daemon thread, awaited without blocking the event loop."""
    return await _in_daemon_thread(lambda: read_job(path, profile, settings), f"jd {path.name}")


async def _in_daemon_thread(work: Callable[[], T], name: str) -> T:
    """`work()` on a daemon thread, awaited without blocking the event loop.

    Not the loop's default executor: that one is joined at exit, so quitting during a slow
    read would wait for it. A cancelled await leaves the thread to finish on its own (the
    engine's sandbox bounds it) and its result is dropped.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = work(), None
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(deliver, result, error)
        except RuntimeError:
            pass  # the loop is closed: the app has quit

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future


def load_role_catalog() -> list[Role]:
    from iq_tui.engine.planning.roles import load_roles

    return list(load_roles())


def make_custom_role(name: str) -> Role:
    from iq_tui.engine.planning.roles import custom_role

    return custom_role(name.strip())


def role_matches(role: Role, needle: str) -> bool:
    """Type-to-filter: every word of `needle` appears in the role's name, id, category or keywords."""
    haystack = " ".join([role.name, role.id, role.category, *role.keywords]).casefold()
    return all(word in haystack for word in needle.casefold().split())


def generate_events(
    request: object, settings: Settings
) -> AsyncIterator[GenerationEvent]:
    """The engine's event stream; looked up at call time so tests can substitute it."""
    from iq_tui.engine.planning import generation

    return generation.generate(request, settings)  # type: ignore[arg-type]


def partial_result(
    request: object, questions: list[Question], provider: ProviderInfo
) -> GenerationResult:
    """What a cancelled run keeps: the questions that arrived, in the result's usual shape."""
    role: Role = request.role  # type: ignore[attr-defined]
    profile: CandidateProfile = request.profile  # type: ignore[attr-defined]
    return GenerationResult(
        role=RoleRef(id=role.id, name=role.name, category=role.category),
        level=request.level,  # type: ignore[attr-defined]
        interview_type=request.interview_type,  # type: ignore[attr-defined]
        candidate=CandidateRef(name=profile.name, skills=list(profile.skills)),
        provider=provider,
        questions=list(questions),
        requirements=list(getattr(request, "requirements", ())),
    )


def export_text(
    result: GenerationResult, fmt: str, *, generated: datetime | None = None
) -> str:
    """The plan as Markdown (dated `generated`, default now) or as the contract's JSON."""
    from iq_tui.engine.output.export import to_json, to_markdown

    text = to_json(result) if fmt == "json" else to_markdown(result, generated=generated)
    return text if text.endswith("\n") else text + "\n"


def default_export_path(result: GenerationResult, fmt: str, directory: Path) -> Path:
    """`<candidate>-<role>.md` (or .json) in `directory`, cut to a length any file system takes."""
    from iq_tui.engine.output.filenames import file_stem

    stem = file_stem(result.candidate.name, result.role.name, fallback="interview-plan")
    return directory / f"{stem}{EXPORT_SUFFIXES[fmt]}"


def write_export(path: Path, text: str) -> None:
    from iq_tui.engine.settings.fileio import atomic_write_text

    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise IqError(
            f"cannot write {path}: {exc.strerror or exc}", title="Export"
        ) from exc


def kits_folder() -> Path:
    from iq_tui.engine.planning.kits import kits_directory

    return kits_directory()


def find_kits() -> list[KitListing]:
    """The kits folder's kits (broken ones carry their reason)."""
    from iq_tui.engine.planning.kits import list_kits

    return list_kits()


def open_kit(ref: str) -> Kit:
    """A kit by name or path (`KitError` says which file and what is wrong)."""
    from iq_tui.engine.planning.kits import load_kit

    return load_kit(ref)


def kit_draft(
    name: str, role_id: str, questions: Sequence[Question], candidate_name: str
) -> KitDraft:
    from iq_tui.engine.output.kit_file import cv_quotes, kit_from_questions, kit_path

    kit, repeats = kit_from_questions(name, role_id, questions)
    path = kit_path(kit.name)
    exists = path.exists() or path.is_symlink()
    return KitDraft(kit, path, cv_quotes(questions, candidate_name), exists, repeats)


def write_kit(draft: KitDraft) -> Path:
    """Save the draft; an existing kit is replaced only as the draft said (it was asked)."""
    from iq_tui.engine.output.kit_file import save_kit

    return save_kit(draft.kit, draft.path, overwrite=draft.exists)
