"""One plan per CV file in a folder (`iq-tui batch`), resumable.

Every stage a CV travels (reading, planning, output) is used here unchanged; this module only
decides which CVs to do, runs them side by side and keeps the record. A CV is "done" when its
plan files exist and were made from the same inputs: the CV's bytes, the role, level, type,
count, provider and whatever else the caller puts in the fingerprint (a job description's or a
kit's bytes). Those fingerprints live in `OUTDIR/.iq-batch.json`, so a second run skips the CVs
already done and retries the ones that failed.

Plans are candidate data: every file is written atomically and 0600. A file in OUTDIR that
batch did not write is never overwritten; a record it cannot read stops the run before any
work, and is not replaced.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from iq_tui.engine.errors import IqError, UsageError
from iq_tui.engine.models import CandidateProfile, GenerationResult
from iq_tui.engine.output.filenames import cut_bytes
from iq_tui.engine.settings.fileio import atomic_write_text

CV_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
STATE_NAME = ".iq-batch.json"
INDEX_NAME = "index.json"
MAX_PLAN_STEM_BYTES = 200
"""Room under 255 bytes for `.json`/`.md` and the temp file's prefix."""

Status = Literal["ok", "failed", "skipped"]


@dataclass
class BatchEntry:
    """One line of `index.json`."""

    cv: str
    status: Status
    reason: str | None = None
    plan: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"cv": self.cv, "status": self.status, "reason": self.reason, "plan": self.plan}


@dataclass(frozen=True)
class Outcome:
    """What became of one CV, for the progress line."""

    entry: BatchEntry
    result: GenerationResult | None = None


CVReader = Callable[[Path], CandidateProfile]
"""CV path -> profile; raises `IqError` with a one-line reason for a CV it cannot read."""
Planner = Callable[[CandidateProfile], GenerationResult]


def list_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """(CV files, other files) directly in `folder`, sorted by name; hidden files and
    sub-folders are left alone."""
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except FileNotFoundError:
        raise UsageError(f"{folder} does not exist") from None
    except NotADirectoryError:
        raise UsageError(f"{folder} is a file, not a folder of CVs") from None
    except OSError as exc:
        raise UsageError(f"{folder} cannot be read: {exc.strerror or exc}") from None
    cvs: list[Path] = []
    others: list[Path] = []
    for child in children:
        if child.name.startswith(".") or child.is_dir():
            continue
        (cvs if child.suffix.lower() in CV_SUFFIXES else others).append(child)
    return cvs, others


def plan_names(cvs: Iterable[Path]) -> dict[Path, str]:
    """Each CV's plan stem: its own stem (`a.pdf` -> `a`), or its whole name when two CVs share
    a stem (`a.pdf` and `a.docx` -> `a.pdf`, `a.docx`)."""
    cvs = list(cvs)
    stems: dict[str, int] = {}
    for cv in cvs:
        stems[cv.stem.casefold()] = stems.get(cv.stem.casefold(), 0) + 1
    names: dict[Path, str] = {}
    for cv in cvs:
        stem = cv.stem if stems[cv.stem.casefold()] == 1 else cv.name
        names[cv] = cut_bytes(stem, MAX_PLAN_STEM_BYTES) or "plan"
    return names


def fingerprint(cv: Path, inputs: Mapping[str, str]) -> str:
    """A hash of the CV's bytes and the run's inputs: equal means "the same plan request"."""
    digest = hashlib.sha256()
    with cv.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    digest.update(json.dumps(dict(sorted(inputs.items()))).encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, for an input file (a job description, a kit) in the
    fingerprint."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class BatchRecord:
    """`OUTDIR/.iq-batch.json`: for each plan stem batch wrote, the fingerprint it was made
    from. Read once; written after every CV, so an interrupted run resumes."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / STATE_NAME
        self.done: dict[str, str] = {}
        self._lock = threading.Lock()
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(self._unreadable(getattr(exc, "strerror", None) or exc)) from None
        try:
            data = json.loads(raw)
            done = data["done"]
            if not isinstance(done, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in done.items()
            ):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise UsageError(self._unreadable("not a batch record")) from None
        self.done = dict(done)

    def _unreadable(self, why: object) -> str:
        return f"{self.path} cannot be read ({why}): move it away to start the batch afresh"

    def ours(self, stem: str) -> bool:
        return stem in self.done

    def is_done(self, stem: str, print_: str, outdir: Path) -> bool:
        return self.done.get(stem) == print_ and all(
            (outdir / f"{stem}{ext}").is_file() for ext in (".json", ".md")
        )

    def mark(self, stem: str, print_: str) -> None:
        with self._lock:
            self.done[stem] = print_
            atomic_write_text(self.path, json.dumps({"done": self.done}, indent=1) + "\n")


def write_index(outdir: Path, entries: Iterable[BatchEntry]) -> None:
    data = [entry.as_json() for entry in entries]
    atomic_write_text(outdir / INDEX_NAME, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _one_line(exc: BaseException) -> str:
    text = exc.message if isinstance(exc, IqError) else f"internal error: {type(exc).__name__}"
    return " ".join(str(text).split())


def run_batch(
    folder: Path,
    outdir: Path,
    read: CVReader,
    plan: Planner,
    render: Callable[[GenerationResult], tuple[str, str]],
    *,
    inputs: Mapping[str, str],
    jobs: int = 1,
    on_outcome: Callable[[int, int, Outcome], None] | None = None,
) -> list[BatchEntry]:
    """Make the plans; the index, in the folder's order. `render(result)` gives the JSON and
    the Markdown text. `on_outcome(done, total, outcome)` is called as each CV ends."""
    cvs, others = list_folder(folder)
    if not cvs:
        raise UsageError(
            f"{folder} has no CV files ({', '.join(CV_SUFFIXES)}); nothing to do"
        )
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"-o {outdir} is a file, not a folder")
    if outdir.exists() and folder.resolve() == outdir.resolve():
        raise UsageError(
            "-o must not be the CV folder: the plans' .md files would be read as CVs next time"
        )
    try:
        outdir.mkdir(mode=0o700, parents=True, exist_ok=True)  # plans are candidate data
    except OSError as exc:
        raise UsageError(f"cannot make {outdir}: {exc.strerror or exc}") from None
    record = BatchRecord(outdir)
    names = plan_names(cvs)
    entries: dict[Path, BatchEntry] = {
        other: BatchEntry(other.name, "skipped", f"not a CV file ({', '.join(CV_SUFFIXES)})")
        for other in others
    }
    total = len(cvs)
    finished = 0
    extraction = threading.Lock()
    """Reading forks a bounded child: one at a time (it is CPU work anyway), so a fork never
    copies another thread's half-held lock into a child; the model calls run side by side."""

    def report(outcome: Outcome) -> None:
        nonlocal finished
        finished += 1
        if on_outcome is not None:
            on_outcome(finished, total, outcome)

    def one(cv: Path, stem: str, print_: str) -> Outcome:
        try:
            with extraction:
                profile = read(cv)
            result = plan(profile)
            as_json, as_markdown = render(result)
            atomic_write_text(outdir / f"{stem}.json", as_json)
            atomic_write_text(outdir / f"{stem}.md", as_markdown)
            record.mark(stem, print_)
        except Exception as exc:  # noqa: BLE001 - one CV's failure must not end the batch
            return Outcome(BatchEntry(cv.name, "failed", _one_line(exc)))
        return Outcome(BatchEntry(cv.name, "ok", None, f"{stem}.json"), result)

    todo: list[tuple[Path, str, str]] = []
    for cv in cvs:
        stem = names[cv]
        try:
            print_ = fingerprint(cv, inputs)
        except OSError as exc:
            entries[cv] = BatchEntry(cv.name, "failed", f"{cv.name} cannot be read: {exc.strerror or exc}")
            report(Outcome(entries[cv]))
            continue
        if record.is_done(stem, print_, outdir):
            entries[cv] = BatchEntry(cv.name, "skipped", "already done with the same inputs", f"{stem}.json")
            report(Outcome(entries[cv]))
            continue
        taken = [
            name for name in (f"{stem}.json", f"{stem}.md")
            if (outdir / name).exists() and not record.ours(stem)
        ]
        if taken:
            entries[cv] = BatchEntry(
                cv.name, "failed",
                f"{outdir / taken[0]} exists and was not written by batch: move it or choose another -o",
            )
            report(Outcome(entries[cv]))
            continue
        todo.append((cv, stem, print_))

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        running: dict[Future[Outcome], Path] = {
            pool.submit(one, cv, stem, print_): cv for cv, stem, print_ in todo
        }
        try:
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    cv = running.pop(future)
                    outcome = future.result()
                    entries[cv] = outcome.entry
                    report(outcome)
        finally:
            for future in running:
                future.cancel()  # Ctrl-C: start no new CV; the running ones keep their deadlines
            index = [entries[p] for p in sorted(entries, key=lambda p: p.name)]
            write_index(outdir, index)
    return index
