"""Kits: the same core questions, word for word, for every candidate of a role.

A kit is a TOML file, in `kits/` beside the settings file or anywhere as a path:

    [kit]
    name = "Backend core"
    role = "backend-engineer"

    [[question]]
    text = "Walk me through how you would design an idempotent payment API."
    category = "technical"          # hr, technical, case_study, behavioral
    difficulty = "mid"              # junior, mid, senior
    competency = "API design"       # the rest is optional
    rationale = "..."
    follow_ups = ["..."]
    good_answer = "..."
    red_flags = ["..."]

`load_kit(ref)` is the one way in (a name or a path -> `Kit`, or a `KitError` saying which
file and what is wrong). A kit's questions open the plan (`core: true`, `source: "kit"`);
`kit_warnings` says what the interviewer should know (another role, more questions than asked
for, a question touching a protected characteristic).
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iq_tui.engine.errors import IqError
from iq_tui.engine.models import LEVELS, QUESTION_CATEGORIES, Question, Role
from iq_tui.engine.planning.fairness import describe, question_flags
from iq_tui.engine.planning.limits import LIST_ITEM_CHARS, MAX_LIST_ITEMS, TEXT_CHARS

KITS_DIRNAME = "kits"
KIT_SUFFIX = ".toml"
MAX_KIT_BYTES = 512 * 1024
"""A kit of 50 long questions is about 250 KB: a bigger file is not a kit."""
MAX_KIT_QUESTIONS = 50
"""The most questions a plan holds (`--count` takes 1 to 50)."""
MAX_NAME_CHARS = 120
MAX_LISTED = 200
"""Kit files `list_kits` reads at most (a folder of thousands must not stall the form)."""
KIT_KEYS = ("name", "role")
QUESTION_TEXT_FIELDS = ("text", "competency", "rationale", "good_answer")
QUESTION_LIST_FIELDS = ("follow_ups", "red_flags")
QUESTION_FIELDS = ("text", "category", "difficulty", *QUESTION_TEXT_FIELDS[1:], *QUESTION_LIST_FIELDS)
"""What a kit question holds, in the order a saved kit writes it: nothing tied to one CV."""
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


class KitError(IqError):
    """A kit cannot be found, read or used; the message names the file and what is wrong."""

    title = "Kit"


@dataclass(frozen=True)
class Kit:
    name: str
    role: str
    """The role id the kit was written for."""
    questions: tuple[Question, ...]
    """Each with `core=True`, `source="kit"`, in the kit's order."""
    path: Path | None = None


@dataclass(frozen=True)
class KitListing:
    """One file of the kits folder, as a list shows it: a broken file is listed with `error`."""

    path: Path
    name: str
    role: str = ""
    count: int = 0
    error: str | None = None


def kits_directory() -> Path:
    """`kits/` beside the settings file (`IQ_TUI_CONFIG` moves both)."""
    from iq_tui.engine.settings.store import default_settings_path

    return default_settings_path().parent / KITS_DIRNAME


def name_key(text: str) -> str:
    """Compare kit names and file stems alike: case, spaces and punctuation do not matter."""
    return re.sub(r"\W+", "-", text.casefold()).strip("-_")


def looks_like_path(ref: str) -> bool:
    """`--kit` takes a name or a path: a separator, `~` or a `.toml` ending make it a path."""
    return (
        "/" in ref
        or os.sep in ref
        or ref.startswith("~")
        or ref.casefold().endswith(KIT_SUFFIX)
    )


# -- reading --------------------------------------------------------------------------------------
def _read(path: Path) -> str:
    from iq_tui.engine.settings.store import read_small_text

    try:
        text = read_small_text(path, limit=MAX_KIT_BYTES)
    except UnicodeDecodeError as exc:
        raise KitError(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
        ) from None
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            raise KitError(f"{path}: larger than {MAX_KIT_BYTES // 1024} KB, which no kit is") from None
        raise KitError(f"cannot read {path}: {exc.strerror or exc}") from None
    if text is None:
        raise KitError(f"no kit file {path}")
    return text


def _where(number: int) -> str:
    return f"question #{number}"


def _text(value: Any, where: str, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise ValueError(f"{where}: `{field}` is missing")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{where}: `{field}` must be text, not {_type_name(value)}")
    if required and not value.strip():
        raise ValueError(f"{where}: `{field}` is empty")
    if len(value) > limit:
        raise ValueError(f"{where}: `{field}` is {len(value)} characters, more than {limit}")
    return value.strip()


def _strings(value: Any, where: str, field: str, limit: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: `{field}` must be a list of texts, not {_type_name(value)}")
    if len(value) > MAX_LIST_ITEMS:
        raise ValueError(f"{where}: `{field}` has {len(value)} items, more than {MAX_LIST_ITEMS}")
    for item in value:
        if len(item) > limit:
            raise ValueError(f"{where}: an item of `{field}` is {len(item)} characters, more than {limit}")
    return [v.strip() for v in value if v.strip()]


def _choice(value: Any, where: str, field: str, allowed: Sequence[str]) -> str:
    if value is None:
        raise ValueError(f"{where}: `{field}` is missing (one of {', '.join(allowed)})")
    if not isinstance(value, str):
        raise ValueError(f"{where}: `{field}` must be text, not {_type_name(value)}")
    wanted = value.strip().casefold().replace(" ", "_")
    if wanted not in allowed:
        raise ValueError(f"{where}: `{field}` {value!r} is not one of {', '.join(allowed)}")
    return wanted


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _unknown(table: dict[str, Any], known: Sequence[str], where: str) -> None:
    extra = [key for key in table if key not in known]
    if extra:
        raise ValueError(f"{where}: unknown field `{extra[0]}` (it takes {', '.join(known)})")


def _question(table: Any, number: int) -> Question:
    where = _where(number)
    if not isinstance(table, dict):
        raise ValueError(f"{where} must be a [[question]] table")
    _unknown(table, QUESTION_FIELDS, where)
    fields: dict[str, Any] = {
        "text": _text(table.get("text"), where, "text", TEXT_CHARS["text"], required=True),
        "category": _choice(table.get("category"), where, "category", QUESTION_CATEGORIES),
        "difficulty": _choice(table.get("difficulty"), where, "difficulty", LEVELS),
    }
    for field in QUESTION_TEXT_FIELDS[1:]:
        fields[field] = _text(table.get(field), where, field, TEXT_CHARS[field])
    for field in QUESTION_LIST_FIELDS:
        fields[field] = _strings(table.get(field), where, field, LIST_ITEM_CHARS[field])
    return Question(**fields, core=True, source="kit", grounded=True)


def parse_kit(text: str, origin: str, path: Path | None = None) -> Kit:
    """A kit from its TOML text; `KitError` naming `origin` and what is wrong otherwise."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise KitError(f"{origin}: not valid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        match = _TOML_POSITION.search(detail)
        where = f"line {match[1]}, column {match[2]}: " if match else ""
        reason = _TOML_POSITION.sub("", detail).strip()
        raise KitError(f"{origin}: not valid TOML: {where}{reason}") from None
    try:
        return _kit(data, path)
    except ValueError as exc:
        raise KitError(f"{origin}: {exc}") from None


def _kit(data: dict[str, Any], path: Path | None) -> Kit:
    extra = [key for key in data if key not in ("kit", "question")]
    if extra:
        raise ValueError(f"unknown table or key `{extra[0]}` (a kit has [kit] and [[question]])")
    head = data.get("kit")
    if not isinstance(head, dict):
        raise ValueError("no [kit] table (with `name` and `role`)")
    _unknown(head, KIT_KEYS, "[kit]")
    name = _text(head.get("name"), "[kit]", "name", MAX_NAME_CHARS, required=True)
    role = _text(head.get("role"), "[kit]", "role", MAX_NAME_CHARS, required=True)
    tables = data.get("question")
    if tables is None or tables == []:
        raise ValueError("no [[question]] tables: a kit holds at least one question")
    if not isinstance(tables, list):
        raise ValueError("`question` must be [[question]] tables")
    if len(tables) > MAX_KIT_QUESTIONS:
        raise ValueError(
            f"{len(tables)} questions, more than the {MAX_KIT_QUESTIONS} a plan holds"
        )
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, table in enumerate(tables, start=1):
        question = _question(table, number)
        key = " ".join(question.text.split()).casefold()
        if key in seen:
            raise ValueError(f"{_where(number)} repeats question #{seen[key]}")
        seen[key] = number
        questions.append(question)
    return Kit(name=name, role=role, questions=tuple(questions), path=path)


def read_kit_file(path: Path) -> Kit:
    """The kit in `path`; `KitError` when it cannot be read or is not a valid kit."""
    return parse_kit(_read(path), str(path), path)


def _kit_files(directory: Path) -> list[Path]:
    try:
        entries = sorted(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise KitError(f"cannot list {directory}: {exc.strerror or exc}") from None
    files = [p for p in entries if p.suffix.casefold() == KIT_SUFFIX and not p.name.startswith(".")]
    return files[:MAX_LISTED]


def list_kits(directory: Path | None = None) -> list[KitListing]:
    """The kits folder's files, valid or not (a broken one carries its reason), by name."""
    folder = directory if directory is not None else kits_directory()
    listings = []
    for path in _kit_files(folder):
        try:
            kit = read_kit_file(path)
        except KitError as exc:
            listings.append(KitListing(path=path, name=path.stem, error=exc.message))
            continue
        listings.append(KitListing(path=path, name=kit.name, role=kit.role, count=len(kit.questions)))
    return sorted(listings, key=lambda k: (k.name.casefold(), k.path.name))


def load_kit(ref: str, directory: Path | None = None) -> Kit:
    """The kit `ref` names: a path (with a separator, `~` or `.toml`; a bare `core.toml` not in
    the working directory is the kits folder's), else a kit in the kits folder by file stem or
    by its `[kit] name`, case and punctuation ignored. `KitError`
    (exit 2) says which file and what is wrong, or which kits there are."""
    ref = ref.strip()
    if not ref:
        raise KitError("--kit needs a kit name or a file path")
    folder = directory if directory is not None else kits_directory()
    if looks_like_path(ref):
        path = Path(ref).expanduser()
        beside = folder / ref
        if not path.exists() and Path(ref).name == ref and beside.exists():
            return read_kit_file(beside)  # `--kit core.toml`: the kits folder's file
        return read_kit_file(path)
    wanted = name_key(ref)
    files = _kit_files(folder)
    for path in files:
        if name_key(path.stem) == wanted:
            return read_kit_file(path)
    listings = list_kits(folder)
    for listing in listings:
        if listing.error is None and name_key(listing.name) == wanted:
            return read_kit_file(listing.path)
    names = [listing.name for listing in listings if listing.error is None]
    known = f"; kits there: {', '.join(names)}" if names else " (it holds no kits)"
    raise KitError(f"no kit named {ref!r} in {folder}{known}")


# -- using -----------------------------------------------------------------------------------
def _role_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def kit_warnings(kit: Kit, role: Role, count: int) -> list[str]:
    """What the interviewer should know about a plan that starts from `kit`."""
    notes = []
    if _role_key(kit.role) not in (_role_key(role.id), _role_key(role.name)):
        notes.append(
            f"the kit {kit.name!r} is for the role {kit.role!r}, not {role.name} ({role.id}); "
            "its questions are used as they are"
        )
    if len(kit.questions) > count:
        notes.append(
            f"the kit {kit.name!r} has {len(kit.questions)} questions, more than the {count} "
            f"asked for: all {len(kit.questions)} are kept and no personalized question is added"
        )
    for number, question in enumerate(kit.questions, start=1):
        flags = question_flags(question)
        if flags:
            notes.append(
                f"kit question {number} ({_short(question.text)}) touches protected "
                f"characteristics ({describe(flags)}): kept word for word, reword it in the kit"
            )
    return notes


_WORD = re.compile(r"[^\W_]{3,}")
_FILLER = frozenset(
    "the and you your how what would with that this for from when why who does did have has "
    "are was were can could tell about into out over them they their its make made".split()
)
NEAR_SHARE = 0.5
NEAR_MIN_WORDS = 4


def _content_words(text: str) -> frozenset[str]:
    words = (w.casefold() for w in _WORD.findall(text))
    return frozenset(w.removesuffix("s") for w in words if w not in _FILLER)


def near_repeat(text: str, kit_texts: Sequence[str]) -> bool:
    """Whether `text` asks what a kit question already asks: it shares at least half of the
    shorter one's content words (and 4 or more). A generated question this close to a core one
    would have the candidate answer the same thing twice."""
    words = _content_words(text)
    for other in kit_texts:
        theirs = _content_words(other)
        shared = len(words & theirs)
        if shared >= NEAR_MIN_WORDS and shared >= NEAR_SHARE * min(len(words), len(theirs)):
            return True
    return False


def _short(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return repr(line if len(line) <= limit else line[: limit - 1] + "…")
