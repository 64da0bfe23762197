"""Writing a kit: an edited plan's questions saved as a kit file, to open other plans with.

A kit is asked of every candidate, so only a question's own fields are written (never its
skills, CV evidence, requirement, notes or ratings); `cv_quotes` names the questions whose
words come from this candidate's CV, for the interviewer to decide before saving. The file is
checked by reading it back as `load_kit` would before it is written (atomically, 0600), and a
file that is there is replaced only when asked, and only if it reads as a kit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from iq_tui.engine.models import Question
from iq_tui.engine.output.filenames import file_stem
from iq_tui.engine.planning.kits import (
    KIT_SUFFIX,
    MAX_KIT_QUESTIONS,
    QUESTION_FIELDS,
    Kit,
    KitError,
    kits_directory,
    parse_kit,
    read_kit_file,
)

DIR_MODE = 0o700


class KitExistsError(KitError):
    """A kit file is already there: the caller asks before replacing it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"a kit file {path} is already there")
        self.path = path


def kit_path(name: str, directory: Path | None = None) -> Path:
    """Where a kit called `name` is saved: `<kits folder>/<name as a file stem>.toml`."""
    folder = directory if directory is not None else kits_directory()
    return folder / f"{file_stem(name, fallback='kit')}{KIT_SUFFIX}"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def kit_from_questions(name: str, role: str, questions: Sequence[Question]) -> tuple[Kit, int]:
    """A kit of `questions` (empty ones and repeats left out, in order), and how many repeats
    were left out. `KitError` when nothing is left, or more than a plan holds."""
    name = " ".join(name.split())
    if not name:
        raise KitError("a kit needs a name")
    kept: list[Question] = []
    seen: set[str] = set()
    repeats = 0
    for question in questions:
        key = _key(question.text)
        if not key:
            continue
        if key in seen:
            repeats += 1
            continue
        seen.add(key)
        fields = question.model_dump(include=set(QUESTION_FIELDS))
        kept.append(Question(**fields, core=True, source="kit"))
    if not kept:
        raise KitError("the plan has no questions to save as a kit")
    if len(kept) > MAX_KIT_QUESTIONS:
        raise KitError(
            f"the plan has {len(kept)} questions; a kit holds at most {MAX_KIT_QUESTIONS}"
        )
    return Kit(name=name, role=role, questions=tuple(kept)), repeats


def cv_quotes(questions: Sequence[Question], candidate_name: str = "") -> list[int]:
    """The numbers (from 1) of the questions built on this candidate's CV: they quote it
    (`evidence`) or name the candidate. A kit is asked of everyone: such words fit no one else."""
    name = candidate_name.strip().casefold()
    numbers = []
    for number, question in enumerate(questions, start=1):
        words = " ".join(
            [question.text, question.rationale, question.good_answer, *question.follow_ups]
        ).casefold()
        if question.evidence is not None or (len(name) >= 3 and name in words):
            numbers.append(number)
    return numbers


def kit_toml(kit: Kit) -> str:
    """The kit as a TOML file that `load_kit` reads back to the same questions."""
    import tomli_w

    document = {
        "kit": {"name": kit.name, "role": kit.role},
        "question": [
            {
                key: getattr(question, key)
                for key in QUESTION_FIELDS
                if getattr(question, key) not in ("", [])
            }
            for question in kit.questions
        ],
    }
    header = "# An iq-tui kit: core questions asked word for word of every candidate.\n\n"
    return header + tomli_w.dumps(document, multiline_strings=False)


def save_kit(kit: Kit, path: Path, *, overwrite: bool = False) -> Path:
    """Write `kit` to `path` atomically (0600; a new kits folder 0700) and return the path.

    `KitExistsError` when a file is there and `overwrite` is false; with `overwrite`, a file
    that does not read as a kit (damaged, not UTF-8, unreadable) is never replaced."""
    from iq_tui.engine.settings.fileio import atomic_write_text

    text = kit_toml(kit)
    parse_kit(text, str(path))  # what is written must load: a field too long is said now
    if path.exists() or path.is_symlink():
        if not overwrite:
            raise KitExistsError(path)
        try:
            read_kit_file(path)
        except KitError as exc:
            raise KitError(
                f"{exc.message}; it was not replaced (save the kit under another name)"
            ) from None
    try:
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except OSError as exc:
        raise KitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
