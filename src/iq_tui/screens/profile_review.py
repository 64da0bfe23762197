"""Correct the extracted profile before a plan is built on it: the name, the skills (add,
remove) and each experience entry's title and employer. Fields the reader doubts are marked.

Dismisses with the corrected profile (the same object when nothing changed), or None on Esc.
Keyboard only: Tab moves between fields; in the skills list Delete removes the highlighted
skill; Enter in "add a skill" adds it (commas add several); F10 keeps the corrections.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from iq_tui.engine.models import CandidateProfile
from iq_tui.engine.reading.review import Doubt, clean_skills, corrected, doubts

HINT = "Tab moves · Delete removes a skill · Enter adds one · F10 keeps · Esc cancels"
UNSURE = "?"


class SkillList(OptionList):
    """The profile's skills; Delete (or Backspace) removes the highlighted one."""

    BINDINGS = [
        Binding("delete,backspace", "remove", "Remove skill", id="review.remove_skill"),
    ]

    def action_remove(self) -> None:
        index = self.highlighted
        if index is None or not self.option_count:
            return
        self.remove_option_at_index(index)
        if self.option_count:
            self.highlighted = min(index, self.option_count - 1)
        self.post_message(self.Changed())

    class Changed(Message):
        """A skill was removed."""


def _mark(doubt: Doubt | None) -> Text:
    if doubt is None:
        return Text("")
    return Text(f"{UNSURE} {doubt.reason}", style="bold yellow")


class ProfileReviewScreen(Screen[CandidateProfile | None]):
    CSS_PATH = "profile_review.tcss"
    BINDINGS = [
        Binding("f10,ctrl+s", "keep", "Keep", id="review.keep"),
        Binding("escape", "drop", "Cancel", id="review.cancel"),
    ]

    def __init__(self, profile: CandidateProfile) -> None:
        super().__init__()
        self.profile = profile
        self.doubts = {d.field: d for d in doubts(profile)}
        self._asked = False

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(HINT, style="dim"), id="review-hint", markup=False)
        with Horizontal(id="name-row", classes="row"):
            yield Label("Name", classes="field-label")
            yield Input(self.profile.name, id="name", compact=True, select_on_focus=False)
        if "name" in self.doubts:
            yield Static(_mark(self.doubts["name"]), id="name-doubt", markup=False)
        with Horizontal(id="review-body"):
            with Vertical(id="skills-box"):
                yield Label(self._skills_title(len(self.profile.skills)), id="skills-title")
                yield Input(
                    placeholder="add a skill (Enter)", id="add-skill", compact=True
                )
                yield SkillList(
                    *[Option(Text(s), id=f"skill-{i}") for i, s in enumerate(self.profile.skills)],
                    id="skills",
                )
            with VerticalScroll(id="jobs", can_focus=False):  # Tab goes to its fields
                yield Label(self._jobs_title(), id="jobs-title", markup=False)
                for i, job in enumerate(self.profile.experience):
                    dates = "–".join(p for p in (job.start, job.end) if p)
                    yield Label(
                        Text(f"{i + 1}. {dates}" if dates else f"{i + 1}.", style="bold"),
                        classes="job-head",
                    )
                    for field, label, value in (
                        ("title", "Title", job.title),
                        ("organization", "Employer", job.organization),
                    ):
                        with Horizontal(classes="row"):
                            yield Label(label, classes="field-label")
                            yield Input(
                                value,
                                id=f"job-{i}-{field}",
                                compact=True,
                                select_on_focus=False,
                            )
                        doubt = self.doubts.get(f"experience.{i}.{field}")
                        if doubt is not None:
                            yield Static(_mark(doubt), classes="job-doubt", markup=False)
        yield Footer(compact=True)

    def _skills_title(self, count: int) -> Text:
        text = Text(f"Skills ({count})", style="bold")
        doubt = self.doubts.get("skills")
        if doubt is not None:
            text.append(f"\n{UNSURE} {doubt.reason}", style="bold yellow")
        return text

    def _jobs_title(self) -> Text:
        text = Text("Experience", style="bold")
        doubt = self.doubts.get("experience")
        if doubt is not None:
            text.append(f"  {UNSURE} {doubt.reason}", style="bold yellow")
        elif self.profile.experience:
            text.append("  (empty title and employer: dropped)", style="dim")
        return text

    def on_mount(self) -> None:
        self.sub_title = "Correct the CV reading"
        first = next(iter(self.doubts), "name")
        target = {"skills": "#add-skill", "experience": "#name"}.get(first)
        if target is None and first.startswith("experience."):
            _, i, field = first.split(".")
            target = f"#job-{i}-{field}"
        self.query_one(target or "#name").focus()

    # -- skills ----------------------------------------------------------------------------
    def skills(self) -> list[str]:
        listing = self.query_one("#skills", SkillList)
        return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]

    @on(Input.Submitted, "#add-skill")
    def _add_skill(self, event: Input.Submitted) -> None:
        typed = [s for s in event.value.split(",") if s.strip()]
        if not typed:
            return
        listing = self.query_one("#skills", SkillList)
        have = {s.casefold() for s in self.skills()}
        for skill in clean_skills(typed):
            if skill.casefold() not in have:
                have.add(skill.casefold())
                listing.add_option(Option(Text(skill)))
        event.input.value = ""
        self._skills_changed()

    @on(Input.Submitted, "#name, #jobs Input")
    def _next_field(self) -> None:
        self.focus_next()

    @on(SkillList.Changed)
    def _skills_changed(self) -> None:
        self.query_one("#skills-title", Label).update(self._skills_title(len(self.skills())))

    # -- the result ------------------------------------------------------------------------
    def result(self) -> CandidateProfile:
        """The profile as the fields now say."""
        jobs = [
            (
                self.query_one(f"#job-{i}-title", Input).value,
                self.query_one(f"#job-{i}-organization", Input).value,
            )
            for i in range(len(self.profile.experience))
        ]
        return corrected(
            self.profile,
            name=self.query_one("#name", Input).value,
            skills=self.skills(),
            experience=jobs,
        )

    def action_keep(self) -> None:
        self.dismiss(self.result())

    def action_drop(self) -> None:
        if self.result() is self.profile:
            self.dismiss(None)
            return
        if self._asked:
            return
        from iq_tui.screens.confirm import ConfirmScreen

        self._asked = True

        def answered(drop: bool | None) -> None:
            self._asked = False
            if drop:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Drop your corrections to the CV reading?"), answered)
