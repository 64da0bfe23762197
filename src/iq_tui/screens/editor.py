"""The question editor: the plan's questions beside the selected one's detail.

Every operation goes through `engine.editing.SessionEditor` (which keeps undo/redo); this
screen only maps keys to those calls, redraws, and saves: 0.5 s after the last change (and at
most 2 s after the first unsaved one), and when the screen closes.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker
from textual.widgets import Footer, Header, Input, Label, Static, TextArea

from iq_tui import keymap
from iq_tui.engine.interview.editing import (
    SessionEditor,
    edit_externally,
    filter_indices,
    regenerate,
)
from iq_tui.engine.errors import IqError
from iq_tui.engine.labels import label
from iq_tui.engine.models import QUESTION_CATEGORIES, ProviderInfo
from iq_tui.engine.output.session_export import session_to_json, session_to_markdown
from iq_tui.engine.planning.fairness import describe, question_flags
from iq_tui.engine.interview.sessions import (
    InterviewSession,
    SessionConflictError,
    SessionDeletedError,
    SessionQuestion,
    SessionStore,
    ago,
    new_id,
)
from iq_tui.screens.confirm import ConfirmScreen
from iq_tui.widgets.question_list import QuestionList, grounded
from iq_tui.widgets.render import provider_line, source_label
from iq_tui.widgets.typing import TypingArea, TypingInput

SAVE_DELAY = 0.5
"""Seconds of quiet after a change before it is written."""
SAVE_MAX_DELAY = 2.0
"""Unsaved changes are written at the latest this long after the first one, even mid-typing."""

EDITOR_BINDINGS = [
    # In order of use during an interview: the footer shows what fits, F1 and ctrl+p show all.
    Binding("e,enter", "edit", "Edit", id="editor.edit"),
    Binding("a,space", "toggle_asked", "Asked", id="editor.asked"),
    Binding(
        "i",
        "interview",
        "Interview",
        tooltip="Interview mode: one question at a time, timer, 1-4 ratings",
        id="editor.interview",
    ),
    Binding(
        "N", "notes", "Notes", tooltip="Answer notes (this question)", id="editor.notes"
    ),
    Binding(
        "m",
        "general_notes",
        "General notes",
        tooltip="General notes (the whole interview)",
        id="editor.general_notes",
    ),
    Binding("u,ctrl+z", "undo", "Undo", id="editor.undo"),
    Binding("n", "add", "Add", id="editor.add"),
    Binding("x,delete", "delete", "Delete", id="editor.delete"),
    Binding("r", "regenerate", "Regenerate", id="editor.regenerate"),
    Binding("slash", "filter_text", "Filter", id="editor.filter"),
    Binding("s", "export", "Export", id="editor.export"),
    Binding("K,shift+up", "move(-1)", "Move up", id="editor.move_up"),
    Binding("J,shift+down", "move(1)", "Move down", id="editor.move_down"),
    Binding("c", "cycle_category", "Category", id="editor.category"),
    Binding("l", "cycle_difficulty", "Difficulty", id="editor.difficulty"),
    Binding("d", "duplicate", "Duplicate", id="editor.duplicate"),
    Binding("U,ctrl+y", "redo", "Redo", id="editor.redo"),
    Binding("f", "filter_category", "Category filter", id="editor.filter_category"),
    Binding("o", "open_external", "$EDITOR", id="editor.external"),
    Binding("y", "copy", "Copy", id="editor.copy"),
    Binding("S", "save_kit", "Save as kit", tooltip="Save the questions as a kit",
            id="editor.save_kit"),
    Binding("escape", "back", "Back", id="editor.back"),
]


def provider_text(provider: ProviderInfo) -> Text:
    """Who wrote the plan, and why the offline generator stepped in when it did."""
    return provider_line(provider)


def detail_text(number: int, q: SessionQuestion) -> Text:
    """Everything about one question, as plain Text (CV and LLM text is never markup).

    What an interviewer needs while asking comes first, with no blank lines between the
    sections, so that at 80x24 the question, its follow-ups and what a strong answer covers
    are on screen together; why it was asked and its skills follow."""
    text = Text()
    text.append(f"Q{number}", style="bold")
    meta = [label(q.category), label(q.difficulty), source_label(q.source, short=True)]
    if q.edited and q.source != "manual":
        meta.append("edited")
    text.append(" · " + " · ".join(meta), style="dim")
    if q.core:
        text.append("  ◆ core", style="bold")
    if q.asked:
        text.append("  ✓ asked", style="green")
    if q.rating is not None:
        text.append(f"  rated {q.rating}", style="bold")
    if not grounded(q):
        text.append("\nnot grounded in the CV", style="yellow")
    flags = question_flags(q)
    if flags:
        text.append(f"\n⚑ protected: {describe(flags)}", style="bold red")
    text.append(f"\n{q.text}\n", style="bold")
    if flags:  # why, before it is asked; the interviewer may still keep it
        text.append("Protected characteristics (reword, or keep it knowingly)\n", style="bold underline")
        for flag in flags:
            text.append(f"{flag.reason} ({', '.join(flag.jurisdictions)}).\n", style="red")
    if q.follow_ups:
        text.append("Follow-ups\n", style="bold underline")
        for follow_up in q.follow_ups:
            text.append(f"↳ {follow_up}\n")
    sections = (
        ("Job requirement", q.requirement or ""),
        ("A strong answer covers", q.good_answer),
        ("Why ask it", q.rationale),
        ("Skills", ", ".join(q.skills)),
    )
    for title, body in sections:
        if body:
            text.append(f"{title}\n", style="bold underline")
            text.append(body + "\n")
    text.rstrip()
    return text


class EditorScreen(Screen[None]):
    CSS_PATH = "editor.tcss"
    BINDINGS = EDITOR_BINDINGS
    AUTO_FOCUS = "#questions"

    def __init__(self, store: SessionStore, session_id: str) -> None:
        super().__init__()
        self.store = store
        self.editor = SessionEditor(store.get(session_id))
        self.saved_version = 0
        self._save_timer: Timer | None = None
        self._first_unsaved: float | None = None
        self._filter_text = ""
        self._filter_category: str | None = None
        self._regenerating: dict[str, Worker[None]] = {}
        """Questions being regenerated (by id), each with its worker: esc stops them."""
        self._closing = False
        self._save_error: str | None = None
        """Why the last save failed (the database or disk is full), until one succeeds."""
        self._deleted = False
        """Deleted elsewhere: nothing more is written (a deleted session stays deleted)."""

    @property
    def session(self) -> InterviewSession:
        return self.editor.session

    @property
    def question_list(self) -> QuestionList:
        return self.query_one("#questions", QuestionList)

    @property
    def index(self) -> int | None:
        return self.question_list.index

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="left"):
                yield TypingInput(
                    placeholder="filter: text, skills, notes (enter: keep, esc: clear)",
                    id="filter",
                )
                yield Static(id="editor-status", markup=False)
                yield Static(id="editor-provider", markup=False)
                yield QuestionList(id="questions")
                # under the list, not the detail: the detail keeps the full height
                yield Label(id="notes-label", classes="section")
                yield TypingArea(id="answer-notes", soft_wrap=True)
            with Vertical(id="right"):
                with VerticalScroll(id="detail-box"):
                    yield Static(id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show_title()
        self.query_one("#filter").display = False
        keys = "; ".join(filter(None, [keymap.bound_key(self, "notes"), "esc leaves"]))
        self.query_one("#notes-label", Label).update(f"Answer notes ({keys})")
        self.query_one("#editor-provider", Static).update(
            provider_text(self.session.provider)
        )
        self._redraw(0)
        self.set_interval(15, self._show_status)

    # -- drawing -----------------------------------------------------------------------------

    def _show_title(self) -> None:
        self.title = self.session.title
        self.sub_title = (
            f"{label(self.session.level)} · {label(self.session.interview_type)}"
            f" · session {self.session.id}"
        )

    def _redraw(self, index: int | None) -> None:
        """Show the (filtered) list with the cursor on question `index`, and its detail."""
        rows = filter_indices(
            self.editor.questions, self._filter_text, self._filter_category
        )
        self.question_list.show(self.editor.questions, rows, index)
        self._show_detail()
        self._show_status()

    def _show_detail(self) -> None:
        index = self.index
        detail = self.query_one("#detail", Static)
        notes = self.query_one("#answer-notes", TextArea)
        if index is None:
            detail.update(
                Text(
                    "No questions match the filter (esc clears it)."
                    if self.editor.questions
                    else "No questions: n adds one."
                )
            )
            notes.disabled = True
            return
        question = self.editor.questions[index]
        detail.update(detail_text(index + 1, question))
        notes.disabled = False
        if notes.text != question.answer_notes:
            notes.load_text(question.answer_notes)

    def _show_status(self) -> None:
        parts = [
            f"{len(self.question_list.rows)}/{len(self.editor.questions)} questions"
        ]
        asked = sum(q.asked for q in self.editor.questions)
        if asked:
            parts.append(f"{asked} asked")
        if self._filter_category:
            parts.append(
                f"{label(self._filter_category)} only"
            )
        if self._filter_text:
            parts.append(f"“{self._filter_text}”")
        flagged = sum(bool(question_flags(q)) for q in self.editor.questions)
        if flagged:
            parts.append(f"⚑ {flagged} protected")
        if self._regenerating:
            numbers = [
                str(i + 1)
                for i, q in enumerate(self.editor.questions)
                if q.id in self._regenerating
            ]
            parts.append(f"regenerating {', '.join(numbers)}… (esc stops)")
        parts.append(self.save_state())
        self.query_one("#editor-status", Static).update(" · ".join(parts))

    def save_state(self) -> str:
        """'saved 2 min ago', 'unsaved', 'NOT SAVED: ...': for this screen and interview mode."""
        if self._deleted:
            return "deleted elsewhere: not saved"
        if self._save_error:
            return "NOT SAVED: the sessions database cannot be written"
        if self.editor.version != self.saved_version:
            return "unsaved"
        return f"saved {ago(self.session.updated_at)}"

    @on(QuestionList.Highlighted)
    def _highlighted(self, event: QuestionList.Highlighted) -> None:
        self._show_detail()

    # -- saving ------------------------------------------------------------------------------

    def _changed(self, index: int | None, *, redraw: bool = True) -> None:
        """After any edit: redraw (unless the user is typing in the detail), schedule a save."""
        if redraw:
            self._redraw(index)
        else:
            self.question_list.refresh()
            self._show_status()
        now = time.monotonic()
        if self._first_unsaved is None:
            self._first_unsaved = now
        if self._save_timer is not None:
            self._save_timer.stop()
        if now - self._first_unsaved >= SAVE_MAX_DELAY:
            self.save()
        else:
            self._save_timer = self.set_timer(SAVE_DELAY, self.save)

    def autosave(self, index: int | None) -> None:
        """An edit made elsewhere (interview mode) on this editor: save it as the editor would,
        and keep this screen's notes box true to it (quitting takes that box's text)."""
        self._changed(index, redraw=False)
        self._show_detail()

    def _report(self, exc: IqError) -> None:
        self.notify(exc.message, title=exc.title, severity="error", markup=False)

    def save(self) -> bool:
        """Write the session if it changed; False (and a notification) if that failed."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.editor.version == self.saved_version:
            return True
        if self._deleted:
            return False
        version = self.editor.version
        try:
            self._save_or_copy()
        except SessionDeletedError as exc:
            self._deleted = True
            self._save_error = exc.message  # so leaving asks first, naming why
            self._report(exc)
            if not self._closing:
                self._show_status()
            return False
        except IqError as exc:
            if exc.message != self._save_error:  # once per cause, not at every keystroke
                self._report(exc)
            self._save_error = exc.message
            if not self._closing:
                self._show_status()
            return False
        self._save_error = None
        self.saved_version = version
        self._first_unsaved = None
        if not self._closing:
            self._show_status()
        return True

    def _save_or_copy(self) -> None:
        """Save; if another process saved this session meanwhile, keep both: these edits go
        to a copy (a new session), which this editor then holds."""
        try:
            self.store.save(self.session)
        except SessionConflictError:
            original = self.session.id
            self.store.save_copy(self.session, "conflicting copy")
            self.notify(
                f"Session {original} was changed elsewhere since you opened it. Your version"
                f" is saved as session {self.session.id}; the other is kept as it was.",
                title="Changed elsewhere",
                severity="warning",
                timeout=15,
                markup=False,
            )
            if not self._closing:
                self._show_title()

    def on_unmount(self) -> None:
        self._closing = True
        self.save()

    def on_screen_suspend(self) -> None:
        """Covered by another screen (F3 can rename, delete or open this very session there):
        what is typed goes to the store first."""
        self.save()

    def on_screen_resume(self) -> None:
        """On top again: take what another screen did to this session meanwhile, so a stale
        copy never overwrites it (or brings a deleted session back)."""
        if not self.is_mounted:
            return
        try:
            stored = self.store.get(self.session.id)
        except IqError:
            self.notify(
                "This session was deleted.", title="Session closed", severity="warning"
            )
            self.app.pop_screen()
            return
        unsaved = self.editor.version != self.saved_version  # e.g. the disk is full
        if stored.revision != self.session.revision and not unsaved:
            self.editor = SessionEditor(stored)
            self.saved_version = 0
            self.title = stored.title
        self._redraw(self.index)  # interview mode may have rated or marked questions

    def _apply(
        self,
        operation: Callable[..., int],
        *args: Any,
        at: int | None = None,
        **kwargs: Any,
    ) -> None:
        """Run an editor operation on question `at` (default: the selected one); report errors."""
        index = self.index if at is None else at
        if index is None:
            self.notify("No question selected.", severity="warning")
            return
        try:
            new_index = operation(index, *args, **kwargs)
        except IqError as exc:
            self._report(exc)
            return
        self._changed(new_index)

    # -- actions -----------------------------------------------------------------------------

    def action_edit(self) -> None:
        index = self.index
        if index is not None:
            # this form's drafts, and only these, are one undo step
            self._open_form(index, f"form {new_id()}")

    def _open_form(self, index: int, draft: str, *, new: bool = False) -> None:
        """The form; its drafts are applied (and saved) as the user types, coalesced under
        `draft`. Cancel drops them (for a `new` question added under `draft`: the question)."""
        from iq_tui.screens.question_form import QuestionForm

        def on_draft(fields: dict[str, Any]) -> None:
            self._apply(self.editor.update, at=index, coalesce=draft, **fields)

        def done(fields: dict[str, Any] | None) -> None:
            if fields:
                self._apply(self.editor.update, at=index, coalesce=draft, **fields)
            else:
                restored = self.editor.discard(index, draft)
                if restored is not None:
                    self._changed(restored)

        form = QuestionForm(
            self.editor.questions[index], index + 1, on_draft=on_draft, new=new
        )
        self.app.push_screen(form, callback=done)

    def action_open_external(self) -> None:
        index = self.index
        if index is None:
            return
        try:
            fields = edit_externally(self.editor.questions[index], self._run_suspended)
        except IqError as exc:
            self._report(exc)
            return
        self.refresh()
        if fields:
            self._apply(self.editor.update, at=index, **fields)

    def _run_suspended(self, command: list[str]) -> int:
        """Run the user's editor with the terminal handed over to it.

        An editor that cannot start is re-raised only after the block: Textual's suspend()
        gives the terminal back to the app only when its block ends normally."""
        failure: OSError | None = None
        try:
            with self.app.suspend():
                try:
                    return subprocess.run(command, check=False).returncode
                except OSError as exc:
                    failure = exc
        except SuspendNotSupported:
            if self.app.is_headless:  # tests: nothing to hand over
                return subprocess.run(
                    command, check=False, capture_output=True
                ).returncode
            raise OSError("this terminal cannot be handed over to an editor") from None
        assert failure is not None  # the block returned otherwise
        raise failure

    def action_add(self) -> None:
        draft = f"form {new_id()}"  # the add and the form's drafts: one undo step
        try:
            index = self.editor.add(self.index, coalesce=draft)
        except IqError as exc:
            self._report(exc)
            return
        # a new question must be visible even under a filter
        self._filter_text, self._filter_category = "", None
        self._hide_filter()
        self._changed(index)
        self._open_form(index, draft, new=True)

    def action_duplicate(self) -> None:
        self._apply(self.editor.duplicate)

    def action_delete(self) -> None:
        self._apply(self.editor.delete)
        if self.editor.can_undo:
            self.notify("Deleted. u or ctrl+z brings it back.", timeout=3)

    def action_move(self, delta: int) -> None:
        self._apply(self.editor.move, delta)

    def action_cycle_category(self) -> None:
        self._apply(self.editor.cycle_category)

    def action_cycle_difficulty(self) -> None:
        self._apply(self.editor.cycle_difficulty)

    def action_interview(self) -> None:
        self.open_interview()

    def open_interview(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Interview mode from the selected question; back here on the question it ended on."""
        from iq_tui.screens.interview import InterviewScreen

        def ended(index: int | None) -> None:
            if index is not None and self.is_mounted:
                self._redraw(index)

        screen = InterviewScreen(self, self.index or 0, clock=clock)
        self.app.push_screen(screen, callback=ended)

    def action_toggle_asked(self) -> None:
        self._apply(self.editor.toggle_asked)

    def action_undo(self) -> None:
        self._step(self.editor.undo, "undo")

    def action_redo(self) -> None:
        self._step(self.editor.redo, "redo")

    def _step(self, step: Callable[[], int | None], name: str) -> None:
        """Undo or redo; a change to the general notes (not on screen) is said aloud."""
        notes = self.session.notes
        index = step()
        if index is None:
            self.notify(f"Nothing to {name}.", timeout=2)
            return
        self._changed(index)
        if self.session.notes != notes:
            self.notify(
                f"{name.capitalize()}: the general notes changed (m shows them).",
                timeout=3,
            )

    def action_notes(self) -> None:
        if self.index is not None:
            self.query_one("#answer-notes", TextArea).focus()

    def action_general_notes(self) -> None:
        """The session's notes in a dialog; typing there is saved like any edit, and the
        whole visit is one undo step."""
        from iq_tui.screens.notes import NotesScreen

        visit = f"notes {new_id()}"

        def changed(text: str) -> None:
            if text != self.session.notes:
                self.editor.set_notes(text, coalesce=visit)
                self._changed(self.index, redraw=False)

        title = "General notes on the interview (saved as you type; esc closes)"
        self.app.push_screen(NotesScreen(title, self.session.notes, changed))

    @on(TextArea.Changed, "#answer-notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        self._take_notes(event.text_area.text)

    def _take_notes(self, text: str) -> None:
        index = self.index
        if index is None or text == self.editor.questions[index].answer_notes:
            return
        self.editor.set_answer_notes(index, text)
        self._changed(index, redraw=False)

    def flush_edits(self) -> None:
        """Take the notes box's text now (its Changed message may still be queued): the app
        is quitting."""
        notes = self.query_one("#answer-notes", TextArea)
        if not notes.disabled:
            self._take_notes(notes.text)

    # filter

    def action_filter_text(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_filter_category(self) -> None:
        order: list[str | None] = [None, *QUESTION_CATEGORIES]
        self._filter_category = order[
            (order.index(self._filter_category) + 1) % len(order)
        ]
        self._redraw(self.index)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_text = event.value
        self._redraw(self.index)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        if not self._filter_text:
            self._hide_filter()
        self.question_list.focus()

    def _hide_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            with box.prevent(Input.Changed):
                box.value = ""
        box.display = False

    def action_back(self) -> None:
        focused = self.focused
        if self._regenerating and (focused is None or focused.id == "questions"):
            self._stop_regenerating()
        elif focused is not None and focused.id == "filter":
            self._filter_text = ""
            self._hide_filter()
            self._redraw(self.index)
            self.question_list.focus()
        elif focused is not None and focused.id == "answer-notes":
            self.question_list.focus()
        elif self._filter_text or self._filter_category:
            self._filter_text, self._filter_category = "", None
            self._hide_filter()
            self._redraw(self.index)
        else:
            self._leave()

    def _leave(self) -> None:
        """Back to the screen below; if the session cannot be saved, ask before losing it."""
        if self.save():
            self.dismiss()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.saved_version = self.editor.version  # the user chose to drop them
                self.dismiss()

        self.app.push_screen(ConfirmScreen(self.unsaved_question()), answered)

    # unsaved edits (the sessions database cannot be written: a full disk, a read-only file)

    def edited(self) -> bool:
        """Edits that could not be saved, after one more try: the app asks before quitting."""
        return not self.save()

    def unsaved_question(self) -> str:
        error = f" ({self._save_error})" if self._save_error else ""
        return (
            f"This session's latest edits could not be saved{error}. "
            "Leave and lose them? (No: stay; s exports the plan to a file elsewhere.)"
        )

    # regenerate, export

    def action_regenerate(self) -> None:
        index = self.index
        if index is None:
            return
        question_id = self.editor.questions[index].id
        if question_id in self._regenerating:
            self.notify(
                f"Question {index + 1} is already being regenerated; esc stops it.",
                timeout=3,
            )
            return
        self._regenerating[question_id] = self._regenerate(question_id, index)
        self._show_status()

    def _stop_regenerating(self) -> None:
        numbers = [
            str(i + 1)
            for i, q in enumerate(self.editor.questions)
            if q.id in self._regenerating
        ]
        for worker in self._regenerating.values():
            worker.cancel()
        self._regenerating.clear()
        self._show_status()
        self.notify(
            f"Regenerating stopped; question {', '.join(numbers)} unchanged.", timeout=3
        )

    @work(group="regenerate")
    async def _regenerate(self, question_id: str, index: int) -> None:
        settings = getattr(self.app, "settings", None)
        if settings is None:
            from iq_tui.engine.settings.layers import load_settings

            settings = load_settings().settings
        try:
            question = await regenerate(self.session, index, settings)
        except IqError as exc:
            self._report(exc)
            return
        except Exception as exc:  # noqa: BLE001 - a failed regenerate must not end the session
            self.notify(
                f"{type(exc).__name__}: {exc}",
                title="Regenerate failed",
                severity="error",
                markup=False,
            )
            return
        finally:
            self._regenerating.pop(question_id, None)
            if self.is_mounted:
                self._show_status()
        # the question may have moved (or gone) while the worker ran
        current = next(
            (i for i, q in enumerate(self.editor.questions) if q.id == question_id),
            None,
        )
        if current is None:
            self._show_status()
            return
        self.editor.replace(current, question)
        self._changed(self.index)  # the cursor stays where the user has moved it
        self.notify(
            f"Question {current + 1} regenerated ({question.source}).", timeout=3
        )

    def action_export(self) -> None:
        self.save()
        self.app.push_screen(session_export_screen(self.session))

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(session_to_markdown(self.session))
        self.notify(
            "The session (Markdown) is on the clipboard.", title="Copied", timeout=3
        )

    def action_save_kit(self) -> None:
        self._save_kit()

    @work(group="kit", exclusive=True)
    async def _save_kit(self) -> None:
        """Name, then (if needed) confirm CV quotes and replacing a kit; the engine writes."""
        from iq_tui.flow import kit_draft, kits_folder, write_kit
        from iq_tui.screens.sessions import TextPrompt

        session = self.session
        name = await self.app.push_screen_wait(
            TextPrompt(
                "Save the questions as a kit, asked word for word of every candidate "
                f"(in {kits_folder()}). Its name:",
                f"{session.role.name} core",
            )
        )
        if not name:
            return
        try:
            draft = kit_draft(name, session.role.id, session.questions, session.candidate.name)
        except IqError as exc:
            self.notify(exc.message, title=exc.title, severity="error", markup=False)
            return
        questions: list[str] = []
        if draft.quoted:
            numbers = ", ".join(f"Q{n}" for n in draft.quoted)
            questions.append(
                f"{numbers} quote this candidate's CV or name them, and a kit is asked of "
                "every candidate. Save them as they are? (To leave them out: n, delete them "
                "with x, save again.)"
            )
        if draft.exists:
            questions.append(f"A kit is already saved as {draft.path}. Replace it?")
        for question in questions:
            if not await self.app.push_screen_wait(ConfirmScreen(question)):
                return
        try:
            write_kit(draft)
        except IqError as exc:
            self.notify(exc.message, title=exc.title, severity="error", markup=False)
            return
        left_out = f" ({draft.repeats} repeated left out)" if draft.repeats else ""
        self.notify(
            f"Saved kit {draft.kit.name!r}: {len(draft.kit.questions)} questions{left_out}, "
            f"in {draft.path}.",
            title="Kit saved",
            markup=False,
        )


def session_export_screen(session: InterviewSession) -> Screen[Any]:
    """The app's export dialog, writing the session's record (asked marks, answer notes)."""
    from iq_tui.screens.export import ExportScreen

    class SessionExportScreen(ExportScreen):
        def _text(self) -> str | None:
            return (
                session_to_json(session)
                if self.fmt == "json"
                else session_to_markdown(session)
            )

    return SessionExportScreen(session.to_result())
