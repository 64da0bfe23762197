"""A modal form to edit every field of one question. Dismisses with the changed fields, or None."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, TextArea

from iq_tui import keymap
from iq_tui.engine.interview.editing import split_lines, split_skills
from iq_tui.engine.labels import label
from iq_tui.engine.models import LEVELS, QUESTION_CATEGORIES
from iq_tui.engine.interview.sessions import SessionQuestion

_AREAS = ("text", "rationale", "good_answer", "follow_ups")


class QuestionForm(ModalScreen[dict[str, Any] | None]):
    DEFAULT_CSS = """
    QuestionForm { align: center middle; }
    QuestionForm > VerticalScroll {
        width: 100; max-width: 98%; height: 90%;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    QuestionForm Label { margin-top: 1; text-style: bold; color: $text-muted; }
    QuestionForm TextArea { height: 5; }
    QuestionForm #text { height: 7; }
    QuestionForm Horizontal { height: auto; margin-top: 1; }
    QuestionForm Select { width: 1fr; }
    QuestionForm #buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,alt+s", "save", "Save", id="question_form.save"),
        Binding("escape", "cancel", "Cancel", id="question_form.cancel"),
    ]

    def __init__(
        self,
        question: SessionQuestion,
        number: int,
        on_draft: Callable[[dict[str, Any]], None] | None = None,
        *,
        new: bool = False,
    ) -> None:
        """`on_draft` gets the fields after every change, so a caller can save drafts as the
        user types (nothing typed is lost); Save then confirms them, Cancel drops them.
        `new`: a question just added; its placeholder text is selected, so typing replaces it."""
        super().__init__()
        self.question = question
        self.number = number
        self.on_draft = on_draft
        self.new = new
        self._asking = False

    def compose(self) -> ComposeResult:
        q = self.question
        with VerticalScroll():
            yield Label(f"{'New question' if self.new else 'Question'} {self.number}")
            yield TextArea(q.text, id="text", soft_wrap=True)
            with Horizontal():
                yield Select(
                    [(label(c), c) for c in QUESTION_CATEGORIES],
                    value=q.category,
                    allow_blank=False,
                    id="category",
                )
                yield Select(
                    [(label(d), d) for d in LEVELS],
                    value=q.difficulty,
                    allow_blank=False,
                    id="difficulty",
                )
            yield Label("Skills (comma-separated)")
            yield Input(", ".join(q.skills), id="skills")
            yield Label("Why ask it (rationale)")
            yield TextArea(q.rationale, id="rationale", soft_wrap=True)
            yield Label("Follow-ups (one per line)")
            yield TextArea("\n".join(q.follow_ups), id="follow_ups", soft_wrap=True)
            yield Label("What a good answer covers")
            yield TextArea(q.good_answer, id="good_answer", soft_wrap=True)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        keymap.label_keys(
            self, {"save": ("Save", "save"), "cancel": ("Cancel", "cancel")}
        )
        text = self.query_one("#text", TextArea)
        text.focus()
        if self.new:
            text.select_all()
        else:  # to add to the question, not to type over its first word
            text.move_cursor(text.document.end)
        self._opened = self.values()

    def values(self) -> dict[str, Any]:
        """What the form holds now, as question fields."""
        area = {name: self.query_one(f"#{name}", TextArea).text for name in _AREAS}
        return {
            "text": area["text"].strip(),
            "category": self.query_one("#category", Select).value,
            "difficulty": self.query_one("#difficulty", Select).value,
            "skills": split_skills(self.query_one("#skills", Input).value),
            "rationale": area["rationale"].strip(),
            "follow_ups": split_lines(area["follow_ups"]),
            "good_answer": area["good_answer"].strip(),
        }

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    def _draft(self) -> None:
        if self.on_draft is not None and self.is_mounted:
            values = self.values()
            if values["text"]:
                self.on_draft(values)

    def flush_edits(self) -> None:
        """The app is quitting: the draft as the form holds it now."""
        self._draft()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        values = self.values()
        if not values["text"]:
            self.notify(
                "A question needs some text.", title="Cannot save", severity="error"
            )
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without the changes; asks first when there are any (as Settings does)."""
        if self.values() == self._opened:
            self.dismiss(None)
            return
        if self._asking:
            return
        from iq_tui.screens.confirm import ConfirmScreen

        self._asking = True

        def answered(discard: bool | None) -> None:
            self._asking = False
            if discard:
                self.dismiss(None)

        what = "this new question" if self.new else "the changes to this question"
        self.app.push_screen(ConfirmScreen(f"Discard {what}?"), answered)
