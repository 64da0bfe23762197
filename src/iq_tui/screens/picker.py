"""The CV picker: a filtered directory tree, a path input with completion, and recent CVs.

Choosing a file extracts it on a background thread awaited by a worker (the engine runs
extraction in a sandboxed subprocess with its own time limit), then shows a preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DirectoryTree,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from iq_tui import keymap
from iq_tui.files import display_path, path_kind
from iq_tui.widgets.paths import CVTree, PathInput

if TYPE_CHECKING:
    from iq_tui.engine.models import CandidateProfile

HINT = "Choose a CV: Enter on a file in the tree, a recent CV, or type a path (Tab completes)."


class PickerScreen(Screen[None]):
    CSS_PATH = "picker.tcss"
    BINDINGS = keymap.PICKER
    AUTO_FOCUS = ""  # none: the tree takes focus once it is mounted

    def __init__(self, initial_cv: str | None = None) -> None:
        super().__init__()
        self.initial_cv = initial_cv
        self.profile: CandidateProfile | None = None
        self.cv_path: Path | None = None
        self._loading: Path | None = None
        self._advance_when_loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Vertical(id="files")  # filled after the first frame: see _mount_files
            with Vertical(id="details"):
                yield PathInput(placeholder="path to a CV (.pdf, .docx, .txt, .md)", id="path")
                yield Static(Text(HINT), id="status", markup=False)
                with VerticalScroll(id="preview-box"):
                    yield Static(
                        Text("No CV chosen yet.", style="dim"),
                        id="preview",
                        markup=False,
                    )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_files)
        if self.initial_cv:
            self._advance_when_loaded = True
            self.load(Path(self.initial_cv))

    async def _mount_files(self) -> None:
        """The tree and the recent list come a frame later, so the first frame is quick."""
        await self.query_one("#files").mount_all(
            [
                Label("Recent CVs", classes="section"),
                OptionList(id="recent"),
                Label("Files", classes="section"),
                CVTree(Path.cwd(), id="tree"),
            ]
        )
        self._show_recent()
        if self.initial_cv or self.focused is not None:
            return
        for tree in self.query(CVTree):  # none when the app is already closing
            tree.focus()

    def _show_recent(self) -> None:
        if not self.query("#recent"):
            return  # not mounted yet; _mount_files calls this again
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        paths = [p for p in self.app.recent.load() if p.exists()]  # type: ignore[attr-defined]
        recent.add_options([Option(Text(display_path(p)), id=str(p)) for p in paths])
        recent.display = bool(paths)
        if paths:
            recent.highlighted = 0  # so Enter right after `r` opens the newest
        self.query_one(".section").display = bool(paths)
        self.refresh_bindings()

    # -- choosing a file -----------------------------------------------------------------------
    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.load(event.path)

    @on(OptionList.OptionSelected, "#recent")
    def _recent_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.load(Path(event.option.id))

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            return
        path = Path(value).expanduser()
        if path_kind(path) == "dir":
            for tree in self.query(CVTree):
                tree.path = path
                tree.focus()
            return
        self.load(path)

    def load(self, path: Path) -> None:
        """Extract `path` off the event loop; a newer choice replaces one still running."""
        self._loading = path
        self.query_one("#path", Input).value = display_path(path)
        self._set_status(Text(f"Reading {path.name} …"))
        self.query_one("#preview", Static).update("")
        from iq_tui.flow import (
            extract_cv_in_thread,
        )  # engine models load after the first frame

        settings = self.app.settings  # type: ignore[attr-defined]
        self.run_worker(
            extract_cv_in_thread(path, settings),
            exclusive=True,
            group="extract",
            name=str(path),
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "extract" or worker.name != str(self._loading):
            return
        if event.state == WorkerState.SUCCESS:
            self._loaded(Path(worker.name), worker.result)
        elif event.state == WorkerState.ERROR:
            self._advance_when_loaded = False
            message = self.app.report_error(worker.error)  # type: ignore[attr-defined]
            self._set_status(Text(f"✗ {message}", style="bold red"))

    def _loaded(self, path: Path, profile: CandidateProfile) -> None:
        self.profile, self.cv_path = profile, path
        self.app.recent.add(path)  # type: ignore[attr-defined]
        self._show_recent()
        self._show_profile()
        self.query_one("#preview-box").focus()  # reading the preview; n goes on
        if self._advance_when_loaded:
            # going on by itself: "press n" now would type n into the form about to open
            self._advance_when_loaded = False
            self._set_status(Text(f"✓ {path.name} read. Opening the interview form …"))
            self.call_later(self.action_next)

    def _show_profile(self) -> None:
        """The preview of the profile (unsure fields marked) and a status line on what next."""
        from iq_tui.engine.reading.review import doubts
        from iq_tui.widgets.render import plural, profile_text

        profile, path = self.profile, self.cv_path
        if profile is None or path is None:
            return
        unsure = {d.field: d.reason for d in doubts(profile)}
        self.query_one("#preview", Static).update(
            profile_text(profile, display_path(path), unsure=unsure)
        )
        notes = []
        if profile.warnings:
            notes.append(plural(len(profile.warnings), "warning"))
        if unsure:
            notes.append(f"{len(unsure)} to check")
        if profile.corrected:
            notes.append("corrected by you")
        said = f" — {', '.join(notes)}" if notes else ""
        key = keymap.bound_key(self, "next") or "n"
        fix = keymap.bound_key(self, "review") or "e"
        self._set_status(
            Text(
                f"✓ {path.name} read{said}. Press {key} for the interview form, "
                f"{fix} to correct the reading."
            )
        )

    def _set_status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    # -- actions -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "review"):
            return self.profile is not None or None
        if action == "focus_recent":
            return any(recent.display for recent in self.query("#recent"))
        return True

    def action_next(self) -> None:
        if self.profile is not None and self.cv_path is not None:
            self.app.open_form(self.profile, self.cv_path)  # type: ignore[attr-defined]

    def action_review(self) -> None:
        """Correct the name, skills and experience; the plan is built on the corrected profile."""
        from iq_tui.screens.profile_review import ProfileReviewScreen

        if self.profile is None:
            return

        def reviewed(profile: CandidateProfile | None) -> None:
            if profile is not None and profile is not self.profile:
                self.profile = profile
                self._show_profile()

        self.app.push_screen(ProfileReviewScreen(self.profile), reviewed)

    def action_focus_path(self) -> None:
        """Focus the path box with its old path selected: typing replaces it."""
        box = self.query_one("#path", Input)
        box.focus()
        box.select_all()

    def action_focus_recent(self) -> None:
        for recent in self.query("#recent"):
            if recent.display:
                recent.focus()

    def action_parent_dir(self) -> None:
        for tree in self.query(CVTree):
            tree.path = Path(tree.path).resolve().parent
