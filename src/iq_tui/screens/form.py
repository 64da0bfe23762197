"""The interview form: role (type to filter, custom roles too), level, type, count, provider."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.worker import Worker, WorkerState
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from iq_tui import keymap
from iq_tui.engine.errors import IqError
from iq_tui.engine.planning.generation import (
    LLM_DISABLED_REASON,
    GenerationRequest,
    provider_readiness,
)
from iq_tui.engine.labels import label
from iq_tui.engine.models import INTERVIEW_TYPES, LEVELS, CandidateProfile, Role
from iq_tui.engine.planning.job_match import JobMatch
from iq_tui.engine.planning.career import level_note
from iq_tui.engine.planning.role_suggestion import RoleSuggestion, suggest_role_and_level
from iq_tui.engine.planning.kits import Kit, KitListing, kit_warnings
from iq_tui.flow import find_kits, load_role_catalog, make_custom_role, open_kit, role_matches
from iq_tui.widgets.paths import PathInput
from iq_tui.widgets.render import job_summary, role_text
from iq_tui.widgets.roles import RoleFilter
from iq_tui.widgets.typing import TypingInput

CUSTOM = "__custom__"
PROVIDER_LABELS = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "offline": "Offline (built-in)",
}


def _row(label: str, field: Widget) -> Horizontal:
    """One labelled line of the form's options."""
    return Horizontal(Label(label, classes="label"), field, classes="row")


def _choice(options: list[tuple[str, str]], value: str, id: str) -> Select[str]:
    return Select(options, value=value, allow_blank=False, compact=True, id=id)


class FormScreen(Screen[None]):
    CSS_PATH = "form.tcss"
    BINDINGS = keymap.FORM

    def __init__(self, profile: CandidateProfile, cv_path: Path) -> None:
        super().__init__()
        self.profile = profile
        self.cv_path = cv_path
        self.roles: list[Role] = []
        self.suggestion: RoleSuggestion | None = None
        """The role and level proposed from the CV (the form's starting values)."""
        self.kits: list[KitListing] = []
        """The kits folder's readable kits, offered as completions of the Kit field."""
        self.job: JobMatch | None = None
        self.job_path: str = ""
        """The job-description path `job` was read from ("" when none is read)."""
        self._generate_when_read = False

    def compose(self) -> ComposeResult:
        settings = self.app.settings  # type: ignore[attr-defined]
        default_provider = settings.llm.provider if settings.llm.enabled else "offline"
        if default_provider not in PROVIDER_LABELS:
            default_provider = "offline"
        yield Header()
        name = self.profile.name or "(no name found)"  # the file name follows anyway
        yield Static(
            Text(f"Candidate: {name}  ·  {self.cv_path.name}"),
            id="candidate",
            markup=False,
        )
        yield Static(id="suggestion", markup=False)
        with Horizontal():
            with Vertical(id="role-column"):
                yield RoleFilter(
                    "roles", placeholder="filter, or a custom role", id="filter"
                )
                yield OptionList(id="roles")
            with VerticalScroll(id="options", can_focus=False):  # no blind Tab stop
                yield Static(id="role-info", markup=False)
                yield _row(
                    "Level",
                    _choice([(label(lv), lv) for lv in LEVELS], "mid", "level"),
                )
                yield Static(id="level-note", markup=False)
                yield _row(
                    "Type",
                    _choice(
                        [(label(t), t) for t in INTERVIEW_TYPES],
                        "technical",
                        "type",
                    ),
                )
                yield _row(
                    "Questions",
                    TypingInput(
                        str(settings.llm.count),
                        type="integer",
                        max_length=2,
                        compact=True,
                        id="count",
                        tooltip="1 to 50",
                    ),
                )
                yield _row(
                    "Provider",
                    _choice(
                        [(label, name) for name, label in PROVIDER_LABELS.items()],
                        default_provider,
                        "provider",
                    ),
                )
                yield Static(id="provider-note", markup=False)
                yield _row(
                    "Job desc.",
                    PathInput(placeholder="optional: a job description file", compact=True,
                              id="jd"),
                )
                yield Static(id="jd-note", markup=False)
                yield _row(
                    "Kit",
                    TypingInput(
                        placeholder="none, or a kit's name or file",
                        compact=True,
                        id="kit",
                        tooltip="Core questions asked first, word for word (→ completes a name)",
                    ),
                )
                yield Static(id="kit-note", markup=False)
                yield Button("Generate (ctrl+g)", variant="primary", id="generate")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        try:
            self.roles = load_role_catalog()
        except (IqError, ImportError) as exc:
            self.app.report_error(exc)  # type: ignore[attr-defined]
        self._propose()
        self._filter("")
        self._show_readiness()
        self._find_kits()
        keymap.label_keys(self, {"generate": ("Generate", "generate")})
        self.query_one("#filter").focus()

    def _propose(self) -> None:
        """Start from the role and level the CV points to (the engine decides), and say so."""
        self.suggestion = suggestion = suggest_role_and_level(self.profile, self.roles)
        self.query_one("#level", Select).value = suggestion.level
        role = suggestion.role.name if suggestion.role else "no role found"
        self.query_one("#suggestion", Static).update(
            Text(f"Proposed: {role}, {label(suggestion.level)} — {suggestion.reason()}")
        )
        self._show_level_note()

    def on_screen_resume(self) -> None:
        """Back from the settings (F2): a key added there counts at once."""
        if self.is_mounted:
            self._show_readiness()

    @on(events.DescendantFocus)
    def _mark_focused_row(self, event: events.DescendantFocus) -> None:
        """The focused field's row gets `-focused`, so its label shows where Enter goes
        (`:focus-within` alone does not restyle the label beside the field)."""
        for row in self.query(".row"):
            row.set_class(row in event.widget.ancestors_with_self, "-focused")

    # -- level -----------------------------------------------------------------------------------
    @on(Select.Changed, "#level")
    def _show_level_note(self) -> None:
        """Say before Generate when the level asked for is far from the CV (the engine decides)."""
        note = self.query_one("#level-note", Static)
        text = level_note(self.profile, str(self.query_one("#level", Select).value))
        note.display = text is not None
        if text is not None:
            note.update(Text(text, style="yellow"))

    # -- provider --------------------------------------------------------------------------------
    @on(Select.Changed, "#provider")
    def _provider_changed(self) -> None:
        self._show_readiness()

    def _show_readiness(self) -> None:
        """Say before Generate when the chosen provider cannot be asked (the engine decides)."""
        note = self.query_one("#provider-note", Static)
        provider = str(self.query_one("#provider", Select).value)
        reason = provider_readiness(self.app.settings, provider)  # type: ignore[attr-defined]
        note.display = reason is not None
        if reason is not None:
            hint = (
                "opens the settings" if reason == LLM_DISABLED_REASON else "to add one"
            )
            note.update(
                Text(
                    f"{reason[:1].upper()}{reason[1:]}: the offline generator will "
                    f"write this plan. {self._settings_key()} {hint}.",
                    style="yellow",
                )
            )

    def _settings_key(self) -> str:
        """The key that opens the settings (remappable; F2 by default)."""
        for active in self.active_bindings.values():
            if active.binding.action == "settings":
                key = self.app.get_key_display(active.binding)
                return key[:1].upper() + key[1:]
        return "F2"

    # -- kit -------------------------------------------------------------------------------------
    def _find_kits(self) -> None:
        """Offer the kits folder's kits as completions, and list them under the field."""
        try:
            self.kits = [k for k in find_kits() if k.error is None]
        except IqError as exc:
            self.app.report_error(exc)  # type: ignore[attr-defined]
            self.kits = []
        field = self.query_one("#kit", Input)
        field.suggester = SuggestFromList([k.name for k in self.kits], case_sensitive=False)
        self._show_kit(field.value)

    @on(Input.Changed, "#kit")
    def _kit_changed(self, event: Input.Changed) -> None:
        self._show_kit(event.value)

    def _show_kit(self, value: str) -> None:
        typed = value.strip().casefold()
        known = next((k for k in self.kits if k.name.casefold() == typed), None)
        if known is not None:
            note = (f"{known.count} core questions first, word for word; the rest personalized "
                    "up to the count")
        elif typed:
            note = "a kit's name, or the path of a kit file (.toml)"
        elif self.kits:
            listed = ", ".join(f"{k.name} ({k.count})" for k in self.kits[:6])
            note = f"Kits: {listed}"
        else:
            note = "No kits yet (the question editor saves one)"
        self.query_one("#kit-note", Static).update(Text(note, style="dim"))

    def _chosen_kit(self) -> tuple[bool, Kit | None]:
        """(ok, the kit typed or None); not ok after saying what is wrong with it."""
        ref = self.query_one("#kit", Input).value.strip()
        if not ref:
            return True, None
        try:
            return True, open_kit(ref)
        except IqError as exc:
            self.app.report_error(exc)  # type: ignore[attr-defined]
            self.query_one("#kit").focus()
            return False, None

    # -- role list -------------------------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, needle: str) -> None:
        options = self.query_one("#roles", OptionList)
        options.clear_options()
        matches = [r for r in self.roles if role_matches(r, needle)]
        options.add_options([Option(Text(r.name), id=r.id) for r in matches])
        typed = needle.strip()
        if typed and not any(r.name.casefold() == typed.casefold() for r in matches):
            options.add_option(Option(Text(f"Custom role: {typed}"), id=CUSTOM))
        if options.option_count:
            proposed = self.suggestion.role if self.suggestion else None
            ids = [r.id for r in matches]
            options.highlighted = (
                ids.index(proposed.id) if proposed and proposed.id in ids and not typed else 0
            )
        else:
            self._show_role(None)

    @on(OptionList.OptionHighlighted, "#roles")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_role(self._role_for(event.option.id))

    @on(OptionList.OptionSelected, "#roles")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#level").focus()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        if self.selected_role() is not None:
            self.query_one("#level").focus()

    def _role_for(self, option_id: str | None) -> Role | None:
        if option_id == CUSTOM:
            name = self.query_one("#filter", Input).value.strip()
            try:
                return make_custom_role(name) if name else None
            except (IqError, ImportError) as exc:
                self.app.report_error(exc)  # type: ignore[attr-defined]
                return None
        return next((r for r in self.roles if r.id == option_id), None)

    def _show_role(self, role: Role | None) -> None:
        info = self.query_one("#role-info", Static)
        info.update(
            role_text(role)
            if role
            else Text("No role matches; type a name for a custom role.")
        )

    def selected_role(self) -> Role | None:
        options = self.query_one("#roles", OptionList)
        if options.highlighted is None:
            return None
        return self._role_for(options.get_option_at_index(options.highlighted).id)

    # -- job description -------------------------------------------------------------------------
    def _jd_value(self) -> str:
        return self.query_one("#jd", Input).value.strip()

    @on(Input.Changed, "#jd")
    def _jd_changed(self) -> None:
        if self._jd_value() != self.job_path:
            self.job, self.job_path = None, ""
            self._jd_note(None)

    @on(Input.Submitted, "#jd")
    def _jd_submitted(self) -> None:
        if self._jd_value():
            self.read_job()
        else:
            self.query_one("#generate").focus()

    def read_job(self) -> None:
        """Read and match the job description off the event loop (the CV picker's way)."""
        from iq_tui.flow import read_job_in_thread

        value = self._jd_value()
        path = Path(os.path.expanduser(value))
        self._jd_note(Text(f"Reading {path.name} …"))
        self.run_worker(
            read_job_in_thread(path, self.profile, self.app.settings),  # type: ignore[attr-defined]
            exclusive=True,
            group="jd",
            name=value,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "jd" or worker.name != self._jd_value():
            return
        if event.state == WorkerState.SUCCESS:
            self.job, self.job_path = worker.result, worker.name
            self._jd_note(job_summary(self.job))
            if self._generate_when_read:
                self._generate_when_read = False
                self.action_generate()
        elif event.state == WorkerState.ERROR:
            self._generate_when_read = False
            message = self.app.report_error(worker.error)  # type: ignore[attr-defined]
            self._jd_note(Text(f"✗ {message}", style="bold red"))

    def _jd_note(self, text: Text | None) -> None:
        note = self.query_one("#jd-note", Static)
        note.display = text is not None
        if text is not None:
            note.update(text)

    # -- generate ----------------------------------------------------------------------------------
    @on(Button.Pressed, "#generate")
    def _generate_pressed(self) -> None:
        self.action_generate()

    @on(Input.Submitted, "#count")
    @on(Input.Submitted, "#kit")
    def _count_submitted(self) -> None:
        self.action_generate()

    def build_request(self) -> GenerationRequest | None:
        role = self.selected_role()
        if role is None:
            self.notify(
                "Choose a role first (type to filter the list).",
                title="Role",
                severity="warning",
            )
            self.query_one("#filter").focus()
            return None
        raw = self.query_one("#count", Input).value.strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            self.notify(
                "Number of questions: a whole number from 1 to 50.",
                title="Questions",
                severity="warning",
            )
            self.query_one("#count").focus()
            return None
        ok, kit = self._chosen_kit()
        if not ok:
            return None
        if kit is not None:
            for warning in kit_warnings(kit, role, int(raw)):
                self.notify(warning[:1].upper() + warning[1:] + ".", title="Kit",
                            severity="warning", timeout=8, markup=False)
        return GenerationRequest(
            profile=self.profile,
            role=role,
            level=self.query_one("#level", Select).value,  # type: ignore[arg-type]
            interview_type=self.query_one("#type", Select).value,  # type: ignore[arg-type]
            count=int(raw),
            provider=str(self.query_one("#provider", Select).value),
            job=self.job,
            kit=kit,
        )

    def action_generate(self) -> None:
        from iq_tui.screens.generate import GenerateScreen

        if self._jd_value() and self.job_path != self._jd_value():
            self._generate_when_read = True  # generate once it is read; a bad one says why
            self.read_job()
            return
        request = self.build_request()
        if request is not None:
            self.app.push_screen(GenerateScreen(request, self.cv_path))

    def action_focus_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_back(self) -> None:
        self.app.pop_screen()
