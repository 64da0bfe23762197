"""Interview mode: one question at a time, large, with a timer, notes and a 1-4 rating; at the
end a summary where the interviewer makes their own call.

Opened from the question editor (it works on the editor's `SessionEditor`, so undo, autosave
and the store's revision check are the editor's own). Time per question comes from an
injected monotonic clock (`clock`); a Textual interval only redraws it. Rating keys go to the
screen only while no text box has focus: typed into the notes, `3` is a 3 in the notes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static, TextArea

from iq_tui import keymap
from iq_tui.engine.errors import IqError
from iq_tui.engine.interview.ratings import (
    ASKED_AFTER_SECONDS,
    RATING_WORDS,
    RATINGS,
    QuestionTimer,
    anchors,
    format_seconds,
    rating_word,
    recommendation_for_key,
    recommendation_word,
)
from iq_tui.engine.interview.scorecard import Scorecard, format_mean, scorecard
from iq_tui.engine.interview.sessions import InterviewSession, SessionQuestion
from iq_tui.engine.labels import label
from iq_tui.widgets.typing import TypingArea

if TYPE_CHECKING:
    from iq_tui.screens.editor import EditorScreen

INTERVIEW_BINDINGS = [
    *(
        Binding(
            str(n),
            f"rate({n})",
            f"Rate {n}",
            tooltip=f"Rate {n}: {RATING_WORDS[n]}",
            show=False,  # the anchors on screen name these keys, with what each means
            id=f"interview.rate_{n}",
        )
        for n in RATINGS
    ),
    *(
        Binding(
            str(n),
            f"recommend({n})",
            f"Recommend {RATING_WORDS[n]}",
            tooltip=f"Recommend: {RATING_WORDS[n]}",
            show=False,
            id=f"interview.recommend_{n}",
        )
        for n in RATINGS
    ),
    Binding("0,backspace", "clear", "Clear", tooltip="Clear the rating or recommendation",
            show=False,
            id="interview.clear"),
    Binding("n", "next", "Next", id="interview.next"),
    Binding("p", "previous", "Previous", id="interview.previous"),
    Binding("s", "skip", "Skip", tooltip="Skip: next, not marked asked", id="interview.skip"),
    Binding("enter", "notes", "Notes", tooltip="Type notes (esc: back to rating)",
            id="interview.notes"),
    Binding("g", "guide", "Guide", tooltip="Show or hide what a good answer has and the red flags",
            id="interview.guide"),
    Binding("f", "summary", "Finish", tooltip="The summary: ratings, recommendation, notes",
            id="interview.summary"),
    Binding("escape", "leave", "Leave", tooltip="Back to the editor (everything is kept)",
            id="interview.leave"),
    Binding("escape", "done_typing", "Done typing", tooltip="Out of the notes: keys rate again",
            id="interview.done_typing"),
]


GUIDE_AUTO_HEIGHT = 32
"""From this many rows the good answer and red flags show without pressing g."""


class InterviewScreen(Screen[int | None]):
    """Dismissed with the index of the question it ended on (None when it had none)."""

    CSS_PATH = "interview.tcss"
    BINDINGS = INTERVIEW_BINDINGS
    AUTO_FOCUS = "#question-box"

    def __init__(
        self,
        host: EditorScreen,
        start: int = 0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.host = host
        self.index = max(0, min(start, len(host.editor.questions) - 1))
        self.timer = QuestionTimer(clock)
        self.in_summary = False
        self.show_guide: bool | None = None
        """None: shown when the terminal is tall enough for it beside the rest; g decides."""

    @property
    def session(self) -> InterviewSession:
        return self.host.session

    @property
    def question(self) -> SessionQuestion:
        return self.host.editor.questions[self.index]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="interview-status", markup=False)
        with Vertical(id="question-view"):
            with VerticalScroll(id="question-box"):
                yield Static(id="question", markup=False)
            yield Static(id="anchors", markup=False)
            yield Label(id="answer-label", classes="section")
            yield TypingArea(id="answer-notes", soft_wrap=True)
        with Vertical(id="summary-view"):
            with VerticalScroll(id="summary-box"):
                yield Static(id="summary-head", markup=False)
                yield Static(id="summary-table", markup=False)
                yield Static(id="summary-open", markup=False)
            yield Static(id="recommendation", markup=False)
            yield Label(id="session-label", classes="section")
            yield TypingArea(self.session.notes, id="session-notes", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Interview · {self.session.title}"
        self.sub_title = f"{label(self.session.level)} · {label(self.session.interview_type)}"
        self.query_one("#summary-view").display = False
        notes_key = keymap.bound_key(self, "notes") or "tab"
        self.query_one("#answer-label", Label).update(
            f"Answer notes ({notes_key} types; esc goes back to rating)"
        )
        self.query_one("#session-label", Label).update(
            f"Session notes, the whole interview ({notes_key} types; esc: back)"
        )
        if not self.host.editor.questions:
            self.in_summary = True
            self._show()
        else:
            self._visit(self.index)
        self.set_interval(1.0, self._show_status)

    # -- time ----------------------------------------------------------------------------------

    def _commit_time(
        self, *, visit_over: bool, may_mark_asked: bool = True, autosave: bool = True
    ) -> None:
        """Add the current visit's time to its question; a visit long enough marks it asked.
        While the visit goes on (saving mid-question), the clock restarts on the same question."""
        ended = self.timer.stop()
        if ended is None:
            return
        key, seconds = ended
        at = next((i for i, q in enumerate(self.host.editor.questions) if q.id == key), None)
        if at is not None:
            mark = visit_over and may_mark_asked and seconds >= ASKED_AFTER_SECONDS
            before = self.host.editor.version
            self.host.editor.add_seconds(at, seconds, mark_asked=mark)
            if autosave and self.host.editor.version != before:
                self.host.autosave(at)
        if not visit_over:
            self.timer.start(key)

    def _visit(self, index: int) -> None:
        self.index = index
        self.in_summary = False
        self.timer.start(self.question.id)
        self._show()

    def _go(self, index: int | None, *, may_mark_asked: bool = True) -> None:
        """End this visit and go to question `index` (None: the summary)."""
        self._take_notes()
        if not self.in_summary:
            self._commit_time(visit_over=True, may_mark_asked=may_mark_asked)
        if index is None:
            self.in_summary = True
            self._show()
        else:
            self._visit(index)
        self._focus_view()

    # -- drawing -------------------------------------------------------------------------------

    def _show(self) -> None:
        self.query_one("#question-view").display = not self.in_summary
        self.query_one("#summary-view").display = self.in_summary
        if self.in_summary:
            self._show_summary()
        else:
            self._show_question()
        self._show_status()
        self.refresh_bindings()

    def _show_question(self) -> None:
        q = self.question
        box = self.query_one("#question-box", VerticalScroll)
        box.border_title = Text(question_meta(q))  # never markup
        self.query_one("#question", Static).update(
            question_text(q, self._guide_shown(), keymap.bound_key(self, "guide"))
        )
        self.query_one("#anchors", Static).update(anchors_text(q, self._rate_keys()))
        notes = self.query_one("#answer-notes", TextArea)
        if notes.text != q.answer_notes:
            notes.load_text(q.answer_notes)
        box.scroll_home(animate=False)

    def _rate_keys(self, action: str = "rate") -> dict[int, str]:
        return {n: keymap.bound_key(self, f"{action}({n})") or "-" for n in RATINGS}

    def _show_summary(self) -> None:
        card = scorecard(self.session)
        self.query_one("#summary-head", Static).update(summary_head(self.session, card))
        self.query_one("#summary-table", Static).update(competency_table(card))
        self.query_one("#summary-open", Static).update(open_questions(card))
        self.query_one("#recommendation", Static).update(
            recommendation_text(self.session.recommendation, self._rate_keys("recommend"))
        )

    def _show_status(self) -> None:
        if not self.is_mounted:
            return
        questions = self.host.editor.questions
        total = sum(q.seconds for q in questions) + self.timer.elapsed()
        parts: list[str] = []
        if self.in_summary:
            parts.append(f"Summary · {len(questions)} questions")
        else:
            q = self.question
            spent = q.seconds + self.timer.elapsed()
            parts.append(f"Q{self.index + 1}/{len(questions)}")
            parts.append(f"⏱ {format_seconds(spent)}")
            rated = f"{q.rating} {rating_word(q.rating)}" if q.rating else "unrated"
            parts.append(rated + (" · asked" if q.asked else ""))
        parts.append(f"{format_seconds(total)} in all")
        parts.append(self.host.save_state())
        self.query_one("#interview-status", Static).update(Text(" · ".join(parts)))

    # -- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rate", "next", "skip", "guide", "summary"):
            return not self.in_summary
        if action == "recommend":
            return self.in_summary
        if action == "previous":
            return self.in_summary or self.index > 0
        typing = isinstance(self.focused, TextArea)
        if action == "done_typing":
            return typing
        if action == "leave":
            return not typing
        return True

    def action_rate(self, rating: int) -> None:
        self._rate(rating)

    def action_clear(self) -> None:
        if self.in_summary:
            self._recommend(None)
        else:
            self._rate(None)

    def _rate(self, rating: int | None) -> None:
        try:
            self.host.editor.set_rating(self.index, rating)
        except IqError as exc:
            self.notify(exc.message, title=exc.title, severity="error", markup=False)
            return
        self.host.autosave(self.index)
        self._show()

    def action_recommend(self, rank: int) -> None:
        self._recommend(recommendation_for_key(rank))

    def _recommend(self, value: str | None) -> None:
        self.host.editor.set_recommendation(value)
        self.host.autosave(None)
        self._show()

    def action_next(self) -> None:
        last = self.index >= len(self.host.editor.questions) - 1
        self._go(None if last else self.index + 1)

    def action_skip(self) -> None:
        last = self.index >= len(self.host.editor.questions) - 1
        self._go(None if last else self.index + 1, may_mark_asked=False)

    def action_previous(self) -> None:
        if self.in_summary:
            self._go(len(self.host.editor.questions) - 1)
        elif self.index > 0:
            self._go(self.index - 1)

    def action_summary(self) -> None:
        self._go(None)

    def _guide_shown(self) -> bool:
        if self.show_guide is None:
            return self.app.size.height >= GUIDE_AUTO_HEIGHT
        return self.show_guide

    def on_resize(self) -> None:
        if not self.in_summary and self.host.editor.questions:
            self._show_question()

    def action_guide(self) -> None:
        self.show_guide = not self._guide_shown()
        self._show_question()

    def _focus_view(self) -> None:
        """Focus the question (or summary) itself: keys go to the screen, arrows scroll."""
        self.query_one("#summary-box" if self.in_summary else "#question-box").focus()

    def action_notes(self) -> None:
        box = self.query_one("#session-notes" if self.in_summary else "#answer-notes", TextArea)
        box.focus()
        box.move_cursor(box.document.end)  # go on writing where the notes end

    def action_done_typing(self) -> None:
        self._focus_view()  # out of the box: the rating keys work again

    def action_leave(self) -> None:
        self.flush_edits()
        self.timer.stop()
        self.host.save()
        self.dismiss(self.index if self.host.editor.questions else None)

    # -- notes ---------------------------------------------------------------------------------

    @on(TextArea.Changed, "#answer-notes")
    def _answer_changed(self) -> None:
        self._take_notes()

    @on(TextArea.Changed, "#session-notes")
    def _session_notes_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if text != self.session.notes:
            self.host.editor.set_notes(text, coalesce="interview")
            self.host.autosave(None)
            self._show_status()

    def _take_notes(self) -> None:
        if self.in_summary or not self.host.editor.questions:
            return
        text = self.query_one("#answer-notes", TextArea).text
        if text != self.question.answer_notes:
            self.host.editor.set_answer_notes(self.index, text)
            self.host.autosave(self.index)
            self._show_status()

    def flush_edits(self) -> None:
        """The app is quitting (or the screen closes): notes typed and time spent so far go
        to the session now, not when a queued message arrives."""
        self._take_notes()
        notes = self.query_one("#session-notes", TextArea).text
        if notes != self.session.notes:
            self.host.editor.set_notes(notes, coalesce="interview")
            self.host.autosave(None)
        if not self.in_summary:
            self._commit_time(visit_over=False)

    def on_screen_suspend(self) -> None:
        """Covered (help, F3): what is typed and the time so far are saved; the clock goes on,
        since the interview does."""
        self.flush_edits()
        self.host.save()

    def on_screen_resume(self) -> None:
        """On top again: if another screen changed or deleted this session meanwhile, go back
        to the editor, which takes the stored version (a stale copy never overwrites it)."""
        if not self.is_mounted:
            return
        try:
            stored = self.host.store.get(self.session.id)
        except IqError:
            self.dismiss()
            return
        if stored.revision != self.session.revision:
            self.notify("The session changed elsewhere; the editor has the saved version.",
                        severity="warning")
            self.timer.stop()
            self.dismiss()

    def on_unmount(self) -> None:
        """Closed some other way than esc (the app quits): the time so far is kept; the
        editor saves it as it closes."""
        if self.timer.key is not None:
            self._commit_time(visit_over=True, may_mark_asked=False, autosave=False)
            if self.host.is_mounted:
                self.host.save()


# -- what the screen shows (plain Text: CV and LLM text is never markup) -----------------------


def question_meta(q: SessionQuestion) -> str:
    """The question box's title: what it assesses, its category and level (plain text)."""
    meta = [q.competency or label(q.category), label(q.category), label(q.difficulty)]
    if q.core:
        meta.append("core")
    return " · ".join(dict.fromkeys(meta))


def question_text(q: SessionQuestion, guide: bool, guide_key: str | None) -> Text:
    text = Text()
    text.append(" ".join(q.text.split()), style="bold")
    text.append("\n")
    if q.follow_ups:
        text.append("\nFollow-ups\n", style="bold underline")
        for follow_up in q.follow_ups:
            text.append(f"↳ {follow_up}\n")
    has_guide = bool(q.good_answer or q.red_flags)
    if guide and has_guide:
        if q.good_answer:
            text.append("\nA good answer sounds like\n", style="bold underline")
            text.append(q.good_answer + "\n")
        if q.red_flags:
            text.append("\nRed flags\n", style="bold underline")
            for flag in q.red_flags:
                text.append(f"✗ {flag}\n", style="red")
    elif has_guide and guide_key:
        text.append(f"\n{guide_key}: what a good answer sounds like, red flags\n", style="dim")
    text.rstrip()
    return text


def anchors_text(q: SessionQuestion, keys: dict[int, str]) -> Table:
    """What each rating means for this question, strongest first; the current one marked.
    One line each (cut with '…'): the guide (g) has the good answer and red flags whole."""
    table = Table(box=None, show_header=False, expand=True, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    marks = anchors(q)
    for rating in sorted(marks, reverse=True):
        chosen = q.rating == rating
        table.add_row(
            Text(f"{'▶' if chosen else ' '}{keys[rating]} {RATING_WORDS[rating]}", style="bold"),
            Text(marks[rating]),
            style="reverse" if chosen else None,
        )
    return table


def summary_head(session: InterviewSession, card: Scorecard) -> Text:
    asked = len(session.questions) - len(card.unanswered)
    return Text(
        f"{session.candidate.name or session.title} · {session.role.name}: "
        f"{asked} of {len(session.questions)} asked in {format_seconds(card.seconds)}",
        style="bold",
    )


def competency_table(card: Scorecard) -> Table:
    """The mean rating per competency, in the plan's order (never sorted by score)."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False,
                  expand=True)
    table.add_column("Competency", ratio=1, overflow="ellipsis", no_wrap=True)
    table.add_column("Mean", justify="right", no_wrap=True)
    table.add_column("Rated", justify="right", no_wrap=True)
    for item in card.competencies:
        table.add_row(Text(item.name), format_mean(item.mean), f"{item.rated}/{item.total}")
    return table


def open_questions(card: Scorecard) -> Text:
    text = Text()
    if card.unanswered:
        text.append("Not asked: ", style="bold yellow")
        text.append(", ".join(f"Q{i + 1}" for i in card.unanswered) + "\n")
    if card.unrated:
        text.append("Asked, not rated: ", style="bold")
        text.append(", ".join(f"Q{i + 1}" for i in card.unrated) + "\n")
    if not (card.unanswered or card.unrated):
        text.append("Every question asked and rated.\n", style="green")
    text.rstrip()
    return text


def recommendation_text(value: str | None, keys: dict[int, str]) -> Text:
    text = Text("Your recommendation (your call, never computed): ", style="bold")
    text.append(recommendation_word(value), style="bold reverse" if value else "dim")
    text.append("\n")
    for rank in RATINGS:
        chosen = value == recommendation_for_key(rank)
        text.append(f" {keys[rank]} {RATING_WORDS[rank]} ", style="reverse" if chosen else "")
    text.append("  0 clears", style="dim")
    return text
