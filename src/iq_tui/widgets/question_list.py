"""A one-line-per-question list drawn with Textual's line API.

Only the visible lines are rendered, so moving the cursor or changing one question costs the
same with 10 or 500 questions: the widget holds references to the questions and a list of
the row -> question indices shown (the filter), and repaints what is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from iq_tui.engine.interview.sessions import SessionQuestion
from iq_tui.engine.models import Question

# The list's columns are narrow: at 80 columns the question text needs the room.
_SHORT_CATEGORY = {"hr": "HR", "technical": "tech", "case_study": "case", "behavioral": "behav"}
_SHORT_LEVEL = {"junior": "jr", "mid": "mid", "senior": "sr"}
_SHORT_SOURCE = {"llm": "llm", "offline": "off", "kit": "kit", "manual": "you"}


COMPACT_BELOW = 44
"""A list narrower than this (80 columns) leaves out the level and source columns: the
question's words need the room, and the detail beside it shows both."""


def row_text(
    number: int, question: SessionQuestion, width_number: int = 3, *, compact: bool = False
) -> Text:
    """`  3 ✓ tech  mid ! llm* Tell me about...` — never parsed as markup.

    `◆` marks a core question (from a kit, asked of every candidate), `!` a question citing a
    skill the CV does not show (not grounded), `*` an edited one;
    `you` is a question the interviewer wrote.
    """
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(f"{number:>{width_number}} ", style="dim")
    text.append(
        "✓ " if question.asked else "· ", style="green" if question.asked else "dim"
    )
    text.append(
        f"{_SHORT_CATEGORY.get(question.category, question.category):<5} ", style="cyan"
    )
    if not compact:
        text.append(
            f"{_SHORT_LEVEL.get(question.difficulty, question.difficulty):<3} ",
            style="magenta",
        )
    edited = "*" if question.edited and question.source != "manual" else " "
    if question.core:
        mark, style = "◆", "bold"
    else:
        mark, style = " " if grounded(question) else "!", "bold red"
    if compact:  # one two-cell column: core or not grounded, edited
        text.append(mark, style=style)
        text.append(f"{edited} ", style="dim")
    else:
        text.append(f"{mark} ", style=style)
        source = _SHORT_SOURCE.get(question.source, question.source[:3])
        text.append(f"{source}{edited} ", style="dim")
    text.append(" ".join(question.text.split()), style="dim" if question.asked else "")
    return text


def grounded(question: Question) -> bool:
    """False only for a generated question that names what the CV does not show."""
    return question.grounded or question.source == "manual"


class QuestionList(ScrollView, can_focus=True):
    """The editor's list. `cursor` is a row of the view; `index` the question it shows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"question-list--cursor"}
    DEFAULT_CSS = """
    QuestionList { height: 1fr; overflow-x: hidden; }  /* rows are cut to the width */
    QuestionList > .question-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    QuestionList:blur > .question-list--cursor { background: $block-cursor-blurred-background; text-style: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved to question `index` (None when the view is empty)."""

        def __init__(self, index: int | None) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._questions: Sequence[SessionQuestion] = ()
        self._rows: list[int] = []

    @property
    def index(self) -> int | None:
        """The question index under the cursor."""
        return self._rows[self.cursor] if self._rows else None

    @property
    def rows(self) -> list[int]:
        return self._rows

    def show(
        self, questions: Sequence[SessionQuestion], rows: list[int], index: int | None
    ) -> None:
        """Show `rows` (indices into `questions`), with the cursor on `index` or nearest to it."""
        self._questions = questions
        self._rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        row = 0
        if rows and index is not None:
            # the row of `index`, or the first row after it (it may be filtered out)
            row = next((r for r, i in enumerate(rows) if i >= index), len(rows) - 1)
        self.cursor = row
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.post_message(self.Highlighted(self.index))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, row: int) -> None:
        self.cursor = row if row >= 0 else len(self._rows) - 1

    def _on_click(self, event: Click) -> None:
        row = event.y + int(self.scroll_offset.y)
        if 0 <= row < len(self._rows):
            self.cursor = row

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row >= len(self._rows):
            return Strip.blank(width, base)
        text = row_text(
            self._rows[row] + 1,
            self._questions[self._rows[row]],
            compact=width < COMPACT_BELOW,
        )
        text.truncate(width, overflow="ellipsis", pad=True)
        style: Style = base
        if row == self.cursor:
            style = base + self.get_component_rich_style("question-list--cursor")
        segments = [
            Segment(seg.text, style + seg.style if seg.style else style, seg.control)
            for seg in text.render(self.app.console, end="")
        ]
        return Strip(segments, width).crop_extend(0, width, style)
