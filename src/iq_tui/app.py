"""The Textual app: settings, screens and the keys every screen shares.

Built by `create_app` so tests run it against a temporary settings file and data directory.
The first frame needs only the theme and the keymap, read straight from the settings file;
the validated settings (pydantic) load just after it, or when a screen first asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import Screen

from iq_tui import keymap
from iq_tui.engine.errors import IqError
from iq_tui.engine.settings.store import (
    SettingsFileError,
    default_settings_path,
    read_document,
)
from iq_tui.files import RecentCVs

QUIT_DRAIN_SECONDS = 0.5
"""How long ctrl+q waits for keys typed just before it to reach the focused widget."""

if TYPE_CHECKING:
    from iq_tui.engine.models import CandidateProfile, GenerationResult
    from iq_tui.engine.interview.sessions import SessionStore
    from iq_tui.engine.settings.layers import LoadedSettings, Settings


class IqApp(App[None]):
    """iq-tui: CV picker → interview form → live generation → export (or the editor)."""

    TITLE = "iq-tui"
    SUB_TITLE = "interview plans from CVs"
    CSS_PATH = "app.tcss"
    BINDINGS = keymap.APP

    def __init__(
        self,
        *,
        settings_path: Path,
        data_dir: Path,
        cv: str | None = None,
        session_id: str | None = None,
    ) -> None:
        super().__init__()
        self.settings_path = settings_path
        self._loaded: LoadedSettings | None = None
        self.data_dir = data_dir
        self.initial_cv = cv
        self.session_id = session_id
        self.recent = RecentCVs(data_dir)
        self.clock: Callable[[], float] = time.monotonic
        """Source of elapsed time in the live view; tests freeze it for snapshots."""
        self.wall_clock: Callable[[], datetime] = lambda: datetime.now().astimezone()
        """Today's date and time for what the screens print (the export's date); tests fix it."""
        self.hand_over_to_editor = True
        """Open a finished plan in the question editor (when it exists) instead of staying."""
        self._store: SessionStore | None = None
        self._quit_asked = False
        """ctrl+q is asking about unsaved settings: a second ctrl+q quits."""
        self._apply_ui(self._ui_from_file())

    def _ui_from_file(self) -> dict[str, object]:
        """The `[ui]` table as written (no environment variable sets ui keys)."""
        try:
            ui = read_document(self.settings_path).get("ui", {})
        except SettingsFileError:
            return {}  # the full load reports it
        return ui if isinstance(ui, dict) else {}

    def _apply_ui(self, ui: dict[str, object], *, check_ids: bool = False) -> list[str]:
        """Theme and keymap from the file; returns what is wrong with the keymap. A key no
        terminal sends is left out at once (the footer never shows it); unknown ids and
        clashes need every screen imported (`check_ids`), done after the first frame."""
        entries = ui.get("keymap", {})
        problems: list[str] = []
        if isinstance(entries, dict):
            checked = keymap.check_keymap(entries, ids=check_ids)
            self.set_keymap(checked.usable)
            problems = checked.problems
        if ui.get("theme") in self.available_themes:
            self.theme = str(ui["theme"])
        return problems

    def _check_keymap(self) -> None:
        """After the first frame: say what in the user's `ui.keymap` is ignored or clashes."""
        problems = self._apply_ui(self._ui_from_file(), check_ids=True)
        if problems:
            self.notify("\n".join(problems), title="Key bindings (ui.keymap)",
                        severity="warning", timeout=15, markup=False)

    @property
    def loaded(self) -> LoadedSettings:
        """The validated settings, loaded on first use."""
        if self._loaded is None:
            self._loaded = self._load_settings()
        return self._loaded

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    def _load_settings(self) -> LoadedSettings:
        from iq_tui.engine.settings.layers import load_settings

        # A bad value in the environment or .env is a warning and only that value is ignored:
        # the app still starts, with the user's other variables (their API key) in force.
        loaded = load_settings(self.settings_path, strict_env=False)
        for warning in loaded.warnings:
            self.notify(
                warning, title="Settings", severity="warning", timeout=8, markup=False
            )
        return loaded

    @property
    def db_path(self) -> Path:
        return self.data_dir / "sessions.db"

    def on_mount(self) -> None:
        from iq_tui.screens.picker import PickerScreen

        self.push_screen(PickerScreen(initial_cv=self.initial_cv))
        self.call_after_refresh(lambda: self.loaded)  # after the first frame
        self.call_after_refresh(self._check_keymap)
        if self.session_id is not None:
            self.open_session(self.session_id)
        self.theme_changed_signal.subscribe(
            self, lambda theme: self._remember_theme(theme.name)
        )

    # -- errors ----------------------------------------------------------------------------
    def report_error(self, error: BaseException) -> str:
        """A titled notification for any error; returns the one-line message for a status line."""
        if isinstance(error, IqError):
            message, title = error.message, error.title
        else:
            message, title = (
                f"Unexpected error: {type(error).__name__}: {error}",
                "Unexpected error",
            )
        self.notify(message, title=title, severity="error", timeout=8, markup=False)
        return message

    # -- navigation --------------------------------------------------------------------------
    def open_form(self, profile: CandidateProfile, cv_path: Path) -> None:
        from iq_tui.screens.form import FormScreen

        self.push_screen(FormScreen(profile, cv_path))

    def open_export(self, result: GenerationResult) -> None:
        from iq_tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(result))

    def session_store(self) -> SessionStore:
        """The sessions database, opened on first use (one connection for the app)."""
        if self._store is None:
            from iq_tui.engine.interview.sessions import SessionStore

            self._store = SessionStore(self.db_path)
        return self._store

    def open_in_editor(
        self, result: GenerationResult, profile: CandidateProfile, cv_path: Path
    ) -> str | None:
        """Save the plan as a new session, open it in the question editor; its id, or None."""
        from iq_tui.screens.editor import EditorScreen

        try:
            store = self.session_store()
            session = store.create_from_result(result, profile, str(cv_path))
            self.push_screen(EditorScreen(store, session.id))
        except IqError as exc:
            self.report_error(exc)
            return None
        return session.id

    def open_session(self, session_id: str) -> None:
        from iq_tui.screens.editor import EditorScreen

        try:
            self.push_screen(EditorScreen(self.session_store(), session_id))
        except IqError as exc:
            self.report_error(exc)

    # -- app-wide actions ----------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit, keeping every key typed before ctrl+q.

        A terminal sends typing and ctrl+q in one burst; ctrl+q is a priority binding, handled
        while the keys before it still wait in the focused widget's queue. So: let that queue
        drain, have each screen take what its inputs hold (`flush_edits`), then exit (the
        editor saves as it unmounts).
        """
        focused = self.focused
        if focused is not None:
            drained = asyncio.Event()
            focused.call_later(drained.set)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(drained.wait(), QUIT_DRAIN_SECONDS)
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush_edits", None)
            if flush is not None:
                flush()
        unsaved = [
            screen
            for screen in self.screen_stack
            if getattr(screen, "edited", lambda: False)()
        ]
        # the settings form saves only on Save; the editor's save can fail (a full disk)
        if unsaved and not self._quit_asked:
            from iq_tui.screens.confirm import ConfirmScreen

            self._quit_asked = True

            def answered(quit_: bool | None) -> None:
                self._quit_asked = False
                if quit_:
                    self.exit()

            ask = getattr(unsaved[-1], "unsaved_question", None)
            self.push_screen(
                ConfirmScreen(
                    ask() if ask else "Quit without saving the changes to the settings?"
                ),
                answered,
            )
            return
        self.exit()

    def action_help(self) -> None:
        from iq_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_settings(self) -> None:
        from iq_tui.screens.settings import SettingsScreen

        self.push_screen(
            SettingsScreen(self.settings_path), callback=self._reload_settings
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F3 is not shown on the sessions list itself (it would open the same list): the
        footer keeps its room for the list's own keys at 80 columns."""
        if action == "sessions":
            from iq_tui.screens.sessions import SessionsScreen

            return not isinstance(self.screen, SessionsScreen)
        return True

    def action_sessions(self) -> None:
        from iq_tui.screens.sessions import SessionsScreen

        if isinstance(self.screen, SessionsScreen):
            return  # F3 there again: not a second list to Esc out of
        try:
            self.push_screen(SessionsScreen(self.session_store()))
        except IqError as exc:
            self.report_error(exc)

    def _reload_settings(self, _result: object = None) -> None:
        """After the settings screen: new keys, provider default and limits apply at once."""
        self._loaded = None
        self._apply_ui(self._ui_from_file(), check_ids=True)  # the settings screen showed why

    def _remember_theme(self, name: str) -> None:
        """Persist a newly chosen theme in the settings file (`ui.theme`)."""
        from iq_tui.engine.settings.layers import set_setting

        if name == self.settings.ui.theme:
            return
        self.settings.ui.theme = name
        try:
            set_setting(self.settings_path, "ui.theme", name)
        except IqError as exc:
            self.report_error(exc)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from iq_tui.palette import TEXTUAL_DUPLICATES, screen_commands

        for command in super().get_system_commands(screen):
            if command.title not in TEXTUAL_DUPLICATES:
                yield command
        yield from screen_commands(screen)


def create_app(
    *,
    settings_path: Path | None = None,
    data_dir: Path | None = None,
    cv: str | None = None,
    session_id: str | None = None,
) -> IqApp:
    """Build the app; `settings_path`/`data_dir` default to the platformdirs locations."""
    if data_dir is None:
        import platformdirs

        data_dir = platformdirs.user_data_path("iq-tui")
    return IqApp(
        settings_path=settings_path or default_settings_path(),
        data_dir=Path(data_dir),
        cv=cv,
        session_id=session_id,
    )
