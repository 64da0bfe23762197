"""The question editor's operations and its undo/redo history, free of any UI.

Questions are treated as immutable: every edit puts a new `SessionQuestion` in the list. A
history entry is then just a tuple of references (plus the session notes), so undo and redo
cost O(n) pointer copies and never deep-copy 500 questions.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from iq_tui.engine.errors import IqError
from iq_tui.engine.models import (
    LEVELS,
    QUESTION_CATEGORIES,
    QUESTION_CONTENT_FIELDS,
    Question,
)
from iq_tui.engine.interview.sessions import (
    RECOMMENDATIONS,
    InterviewSession,
    SessionQuestion,
)
from iq_tui.engine.settings.layers import Settings

EDITABLE_FIELDS = (*QUESTION_CONTENT_FIELDS, "asked", "answer_notes", "rating")
_CONTENT_FIELDS = set(QUESTION_CONTENT_FIELDS)


class EditError(IqError):
    """An edit that cannot be applied (empty text, unknown category, unreadable editor file)."""

    title = "Cannot edit"


@dataclass(frozen=True, slots=True)
class _State:
    questions: tuple[SessionQuestion, ...]
    notes: str
    recommendation: str | None
    selected: int


class SessionEditor:
    """Edits one session's questions with undo/redo over every change.

    Each operation returns the index the cursor should go to. `version` grows with every change
    (undo and redo included), so a screen knows whether there is something to save.
    """

    def __init__(self, session: InterviewSession, *, history_limit: int = 1000) -> None:
        self.session = session
        self.version = 0
        self._undo: list[_State] = []
        self._redo: list[_State] = []
        self._limit = history_limit
        self._coalesce_key: tuple[str, str] | None = None

    @property
    def questions(self) -> list[SessionQuestion]:
        return self.session.questions

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # history

    def _state(self, selected: int) -> _State:
        return _State(
            tuple(self.session.questions),
            self.session.notes,
            self.session.recommendation,
            selected,
        )

    def _record(self, selected: int, coalesce: tuple[str, str] | None = None) -> None:
        """Remember the state before a change; consecutive typing in one field is one step."""
        if coalesce is None or coalesce != self._coalesce_key or not self._undo:
            self._undo.append(self._state(selected))
            if len(self._undo) > self._limit:
                del self._undo[0]
        self._coalesce_key = coalesce
        self._redo.clear()
        self.version += 1

    def discard(self, index: int, name: str) -> int | None:
        """Drop the drafts coalesced under `name` for question `index` (a cancelled form), if
        they are the latest change; returns the cursor index, or None when nothing was dropped."""
        if not self._undo or self._coalesce_key != (self._check(index).id, name):
            return None
        return self._restore(self._undo.pop())

    def _restore(self, state: _State) -> int:
        # time spent is a measurement, not an edit: undo and redo never take it back
        spent = {q.id: q.seconds for q in self.session.questions}
        self.session.questions = [
            q
            if spent.get(q.id, q.seconds) == q.seconds
            else q.model_copy(update={"seconds": spent[q.id]})
            for q in state.questions
        ]
        self.session.notes = state.notes
        self.session.recommendation = state.recommendation  # type: ignore[assignment]
        self._coalesce_key = None
        self.version += 1
        return self._clamp(state.selected)

    def undo(self) -> int | None:
        """Go back one change; None when there is nothing to undo."""
        if not self._undo:
            return None
        state = self._undo.pop()
        self._redo.append(self._state(state.selected))
        return self._restore(state)

    def redo(self) -> int | None:
        if not self._redo:
            return None
        state = self._redo.pop()
        self._undo.append(self._state(state.selected))
        return self._restore(state)

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.questions) - 1))

    def _check(self, index: int) -> SessionQuestion:
        if not 0 <= index < len(self.questions):
            raise EditError(f"there is no question {index + 1}")
        return self.questions[index]

    # operations

    def update(self, index: int, *, coalesce: bool | str = False, **fields: Any) -> int:
        """Change fields of question `index` (validated).

        `coalesce` merges repeated typing into one undo step: True for the same fields in a
        row, or a name (e.g. one form's drafts) for any fields under that name.
        """
        current = self._check(index)
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise EditError(f"unknown field(s): {', '.join(sorted(unknown))}")
        changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
        if not changed:
            return index
        if "text" in changed and not str(changed["text"]).strip():
            raise EditError("a question needs some text")
        data = current.model_dump()
        data.update(changed)
        if _CONTENT_FIELDS & changed.keys():
            data["edited"] = True
        try:
            new = SessionQuestion.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise EditError(
                f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
            ) from exc
        if isinstance(coalesce, str):
            key: tuple[str, str] | None = (current.id, coalesce)
        else:
            key = (current.id, ",".join(sorted(changed))) if coalesce else None
        self._record(index, key)
        self.questions[index] = new
        return index

    def add(
        self,
        after: int | None,
        question: SessionQuestion | None = None,
        *,
        coalesce: str | None = None,
    ) -> int:
        """Insert a question after `after` (at the top when None); a blank template by default.

        `coalesce`: a name under which later updates of the new question (a form's drafts) join
        this step, so that `discard` of those drafts takes the question away again."""
        if question is None:
            like = (
                self.questions[after] if after is not None and self.questions else None
            )
            question = SessionQuestion(
                text="New question",
                category=like.category if like else _default_category(self.session),
                difficulty=self.session.level,
                source="manual",  # the interviewer's own: nothing to ground in the CV
                edited=True,
            )
        position = 0 if after is None else min(after + 1, len(self.questions))
        key = (question.id, coalesce) if coalesce is not None else None
        self._record(after if after is not None else 0, key)
        self.questions.insert(position, question)
        return position

    def duplicate(self, index: int) -> int:
        copy = self._check(index).unasked_copy()
        return self.add(index, copy)

    def delete(self, index: int) -> int:
        self._check(index)
        self._record(index)
        del self.questions[index]
        return self._clamp(index)

    def move(self, index: int, delta: int) -> int:
        """Move question `index` by `delta` places (clamped to the ends)."""
        self._check(index)
        target = max(0, min(index + delta, len(self.questions) - 1))
        if target == index:
            return index
        self._record(index)
        self.questions.insert(target, self.questions.pop(index))
        return target

    def cycle_category(self, index: int, step: int = 1) -> int:
        current = self._check(index).category
        return self.update(index, category=_cycle(QUESTION_CATEGORIES, current, step))

    def cycle_difficulty(self, index: int, step: int = 1) -> int:
        current = self._check(index).difficulty
        return self.update(index, difficulty=_cycle(LEVELS, current, step))

    def toggle_asked(self, index: int) -> int:
        return self.update(index, asked=not self._check(index).asked)

    def set_answer_notes(self, index: int, text: str) -> int:
        return self.update(index, answer_notes=text, coalesce=True)

    def set_rating(self, index: int, rating: int | None) -> int:
        """Rate question `index` 1..4 (None clears it); a rated question was asked."""
        if rating is not None and (isinstance(rating, bool) or rating not in (1, 2, 3, 4)):
            raise EditError(f"a rating is 1, 2, 3 or 4, not {rating!r}")
        current = self._check(index)
        asked = current.asked or rating is not None
        return self.update(index, rating=rating, asked=asked)

    def add_seconds(self, index: int, seconds: float, *, mark_asked: bool = False) -> int:
        """Add time spent on question `index` (not an undo step: see `_restore`);
        `mark_asked` also marks it asked (that part can be undone)."""
        current = self._check(index)
        if mark_asked and not current.asked:
            self.update(index, asked=True)
            current = self.questions[index]
        if seconds > 0:
            total = round(current.seconds + seconds, 1)
            self.questions[index] = current.model_copy(update={"seconds": total})
            self.version += 1
        return index

    def set_recommendation(self, value: str | None) -> None:
        """The interviewer's overall call (`strong_no` ... `strong_yes`), or None to clear it."""
        if value is not None and value not in RECOMMENDATIONS:
            raise EditError(
                f"a recommendation is one of {', '.join(RECOMMENDATIONS)}, not {value!r}"
            )
        if value != self.session.recommendation:
            self._record(0)
            self.session.recommendation = value  # type: ignore[assignment]

    def replace(self, index: int, question: Question) -> int:
        """Put a regenerated question in place of `index`, keeping its id."""
        old = self._check(index)
        new = SessionQuestion.model_validate({**question.model_dump(), "id": old.id})
        self._record(index)
        self.questions[index] = new
        return index

    def set_notes(self, text: str, *, coalesce: str = "notes") -> None:
        """Change the session's general notes; typing under one `coalesce` name is one step."""
        if text != self.session.notes:
            self._record(0, ("session", coalesce))
            self.session.notes = text


def _cycle(values: Sequence[str], current: str, step: int) -> str:
    position = values.index(current) if current in values else -1
    return values[(position + step) % len(values)]


def _default_category(session: InterviewSession) -> str:
    return (
        session.interview_type
        if session.interview_type in QUESTION_CATEGORIES
        else "technical"
    )


def filter_indices(
    questions: Sequence[Question], text: str = "", category: str | None = None
) -> list[int]:
    """Indices of the questions in `category` (None: all) whose text, skills or notes hold `text`."""
    needle = text.strip().casefold()
    found = []
    for index, q in enumerate(questions):
        if category and q.category != category:
            continue
        if needle:
            hay = " ".join(
                (
                    q.text,
                    " ".join(q.skills),
                    q.rationale,
                    getattr(q, "answer_notes", ""),
                )
            )
            if needle not in hay.casefold():
                continue
        found.append(index)
    return found


# --- the $EDITOR file format ------------------------------------------------------------------

_SECTIONS = (*QUESTION_CONTENT_FIELDS, "answer_notes")
_HEADER = f"""\
# iq-tui: edit the question below, save and quit. Lines starting with '#' above the first
# '## ' heading are ignored; an empty file or an unchanged one leaves the question as it was.
# category: {" | ".join(QUESTION_CATEGORIES)}    difficulty: {" | ".join(LEVELS)}
# skills: comma-separated. follow_ups: one per line.
"""


def question_to_text(question: SessionQuestion) -> str:
    """The question as a plain text file with one `## name` section per field."""
    values = {
        "text": question.text,
        "category": question.category,
        "difficulty": question.difficulty,
        "skills": ", ".join(question.skills),
        "rationale": question.rationale,
        "follow_ups": "\n".join(f"- {f}" for f in question.follow_ups),
        "good_answer": question.good_answer,
        "answer_notes": question.answer_notes,
    }
    body = "\n\n".join(f"## {name}\n{values[name]}".rstrip() for name in _SECTIONS)
    return f"{_HEADER}\n{body}\n"


def parse_question_text(text: str) -> dict[str, Any]:
    """The fields written in `question_to_text`'s format; raises EditError on a bad file."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:].strip().split()[0].lower() if line[3:].strip() else ""
            if name not in _SECTIONS:
                raise EditError(
                    f"unknown section '## {line[3:].strip()}' (known: {', '.join(_SECTIONS)})"
                )
            current = sections.setdefault(name, [])
        elif current is not None:
            current.append(line)
        elif line.strip() and not line.startswith("#"):
            raise EditError(
                "text before the first '## ' section; put it under '## text'"
            )
    if "text" not in sections or not "\n".join(sections["text"]).strip():
        raise EditError("the '## text' section is missing or empty")
    fields: dict[str, Any] = {}
    for name, lines in sections.items():
        value = "\n".join(lines).strip()
        if name == "skills":
            fields[name] = split_skills(value)
        elif name == "follow_ups":
            fields[name] = split_lines(value)
        else:
            fields[name] = value
    for name, allowed in (("category", QUESTION_CATEGORIES), ("difficulty", LEVELS)):
        if name in fields and fields[name] not in allowed:
            raise EditError(
                f"{name} must be one of {', '.join(allowed)}, not {fields[name]!r}"
            )
    return fields


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The user's editor from $VISUAL or $EDITOR, split like a shell would; None if unset."""
    env = os.environ if environ is None else environ
    name = "VISUAL" if (env.get("VISUAL") or "").strip() else "EDITOR"
    value = (env.get(name) or "").strip()
    if not value:
        return None
    try:
        return shlex.split(value)
    except ValueError as exc:  # an unbalanced quote
        raise EditError(f"${name} cannot be read as a command ({exc}): {value}") from exc


def edit_externally(
    question: SessionQuestion,
    run: Callable[[list[str]], int],
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """Let the user edit `question` in their editor; the changed fields, or None if unchanged.

    `run` starts the command and returns its exit status (the screen suspends the app around
    it). A file that does not parse is kept, and the error says where, so no typing is lost.
    """
    command = editor_command(environ)
    if command is None:
        raise EditError(
            "no editor configured: set $EDITOR (for example: export EDITOR=nano)"
        )
    original = question_to_text(question)
    fd, name = tempfile.mkstemp(prefix="iq-tui-question-", suffix=".md")
    path = Path(name)
    keep = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(original)
        try:
            status = run([*command, str(path)])
        except OSError as exc:
            raise EditError(
                f"cannot start the editor {command[0]!r}: {exc.strerror or exc}"
            ) from exc
        if status != 0:
            raise EditError(
                f"the editor exited with status {status}; the question is unchanged"
            )
        try:
            edited = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            keep = True
            raise EditError(
                f"the editor saved text that is not UTF-8 (byte {exc.start}); "
                f"the question is unchanged and your text is kept in {path}"
            ) from exc
        except OSError as exc:
            raise EditError(f"cannot read back {path}: {exc.strerror or exc}") from exc
        if not edited.strip() or edited == original:
            return None
        try:
            return parse_question_text(edited)
        except EditError as exc:
            keep = True
            raise EditError(f"{exc.message}; your text is kept in {path}") from exc
    finally:
        if not keep:
            path.unlink(missing_ok=True)


def split_skills(value: str) -> list[str]:
    """'Python, Django ,' -> ['Python', 'Django'] (duplicates dropped, order kept)."""
    return _unique(part.strip() for part in value.replace("\n", ",").split(","))


def split_lines(value: str) -> list[str]:
    """One item per non-empty line; a leading '- ' or '* ' bullet is dropped."""
    items = []
    for line in value.splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* "):
            line = line[2:].strip()
        items.append(line)
    return _unique(items)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# --- regenerating one question ----------------------------------------------------------------


async def regenerate(
    session: InterviewSession, index: int, settings: Settings
) -> Question:
    """A fresh question for slot `index` (same category and difficulty), by the LLM when
    configured, else offline; see `generation.regenerate_question`."""
    from iq_tui.engine.planning.generation import GenerationRequest, regenerate_question

    request = GenerationRequest(
        profile=session.profile,
        role=_full_role(session),
        level=session.level,
        interview_type=session.interview_type,
        count=1,
        provider="offline"
        if session.provider.name == "offline" and not session.provider.used_fallback
        else None,
    )
    existing = [Question.model_validate(q.model_dump()) for q in session.questions]
    return await regenerate_question(request, settings, existing, index)


def _full_role(session: InterviewSession):  # -> Role
    from iq_tui.engine.models import Role

    try:
        from iq_tui.engine.planning.roles import find_role, load_roles

        return find_role(session.role.id, load_roles())
    except (ImportError, IqError):
        return Role(
            id=session.role.id, name=session.role.name, category=session.role.category
        )
