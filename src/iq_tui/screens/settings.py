"""The settings screen: edit the LLM settings, save them through the engine's atomic path,
and test the connection to the chosen provider.

Only the fields the user changed are written, so values that come from the environment or
`.env` are shown (with where they come from) but never copied into the file. Key inputs
show only the mask; typing a new key replaces it, leaving the input empty keeps it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.keys import format_key
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Footer, Input, Label, Select, Static, Switch

from iq_tui import keymap
from iq_tui.engine.errors import IqError, SettingsError
from iq_tui.engine.settings.layers import (
    ENV_FOR_KEY,
    KEYMAP_PREFIX,
    Settings,
    display_value,
    effective_value,
    key_spec,
    load_settings,
    parse_value,
    save_settings,
    validate_value,
)
from iq_tui.engine.settings.store import mask_secret, set_dotted, unmask_url

# The form, in order: key -> label. Which widget each gets follows from the key's type.
FIELDS: dict[str, str] = {
    "llm.enabled": "Use an LLM for questions",
    "llm.provider": "Provider",
    "llm.timeout": "Timeout (seconds)",
    "llm.count": "Questions per plan",
    "llm.redact_contacts": "Redact contact details",
    "openai.api_key": "OpenAI API key",
    "openai.model": "OpenAI model",
    "openai.base_url": "OpenAI base URL",
    "anthropic.api_key": "Anthropic API key",
    "anthropic.model": "Anthropic model",
    "anthropic.base_url": "Anthropic base URL",
}
PROVIDER_OPTIONS = [("OpenAI (or compatible)", "openai"), ("Anthropic", "anthropic"),
                    ("Offline (no LLM)", "offline")]


def widget_id(key: str) -> str:
    return key.replace(".", "-").replace("_", "-")


def keymap_rows() -> list[tuple[str, str, str]]:
    """(setting key, label, default keys as shown) for every remappable binding, by screen."""
    rows = []
    for binding in sorted(keymap.binding_ids().values(), key=lambda b: (b.scope, b.id or "")):
        screen = keymap.SCOPE_WORDS.get(binding.scope, binding.scope.replace("_", " "))
        rows.append((f"{KEYMAP_PREFIX}{binding.id}", f"{screen.capitalize()}: {binding.description}",
                     ", ".join(format_key(k) for k in binding.keys)))
    return rows


class SettingsScreen(Screen[bool]):
    """Dismisses with True when something was saved, False on cancel."""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("f10,ctrl+s", "save", "Save", id="settings.save"),
        Binding("ctrl+t", "test_connection", "Test connection", id="settings.test"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
        # F2 opens this screen from the app; here it closes it instead of stacking another.
        Binding("f2", "cancel", "Close", show=False, id="settings.close"),
    ]

    def __init__(self, settings_path: Path) -> None:
        super().__init__()
        self.settings_path = Path(settings_path)
        self.load_error: str | None = None
        try:
            self.loaded = load_settings(self.settings_path)
        except SettingsError as exc:  # junk in the environment: show it, edit the file anyway
            self.load_error = exc.message
            self.loaded = load_settings(self.settings_path, environ={})
        self.initial: dict[str, Any] = {}
        self.keymap_rows = keymap_rows()

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings-form", can_focus=False):
            yield Label("Settings", id="settings-title")
            yield Static(Text(f"File: {self.settings_path}"), id="settings-file")
            yield Static(id="settings-warnings")
            for key, label in FIELDS.items():
                with Vertical(classes="field", id=f"{widget_id(key)}-field"):
                    with Horizontal(classes="field-row"):
                        yield Label(label, classes="field-label")
                        yield self._widget(key)
                    yield Static(self._help(key), classes="field-help", id=f"{widget_id(key)}-help")
                    yield Static(id=f"{widget_id(key)}-error", classes="field-error")
            with Collapsible(title="Key bindings (ui.keymap)", id="keymap-section"):
                yield Static(Text("Keys as a terminal names them (f6, ctrl+g, ?), comma-separated; "
                                  "empty: the default keys, shown dim.", style="dim"))
                for key, label, defaults in self.keymap_rows:
                    with Vertical(classes="field keymap-field", id=f"{widget_id(key)}-field"):
                        with Horizontal(classes="field-row"):
                            yield Label(Text(label), classes="field-label keymap-label")
                            yield self._keymap_input(key, defaults)
                        yield Static(id=f"{widget_id(key)}-error", classes="field-error")
            yield Static(id="settings-status")
            with Horizontal(id="settings-buttons"):
                yield Button("Save (F10)", variant="primary", id="save")
                yield Button("Test connection (^T)", id="test")
                yield Button("Cancel (Esc)", id="cancel")
            yield Static(id="test-result")
        yield Footer()

    def _widget(self, key: str) -> Widget:
        spec = key_spec(key)
        value = effective_value(self.loaded.settings, key)
        wid = widget_id(key)
        if spec.is_bool:
            self.initial[key] = value
            return Switch(value=value, id=wid)
        if key == "llm.provider":
            self.initial[key] = value
            return Select(PROVIDER_OPTIONS, value=value, allow_blank=False, compact=True, id=wid)
        if spec.secret:
            self.initial[key] = ""
            mask = display_value(self.loaded.settings, key)
            hint = f"{mask}: type a new key to replace it" if value else "not set: type a key"
            return Input(password=True, placeholder=hint, compact=True, id=wid)
        text = display_value(self.loaded.settings, key)
        self.initial[key] = text
        default = effective_value(Settings(), key)
        placeholder = f"empty: default ({default})" if default not in (None, "") else "not set"
        annotation = spec.section.model_fields[spec.name].annotation
        kind = {float: "number", int: "integer"}.get(annotation, "text")  # type: ignore[call-overload]
        return Input(text, placeholder=placeholder, type=kind, compact=True, id=wid)

    def _keymap_input(self, key: str, defaults: str) -> Input:
        value = effective_value(self.loaded.settings, key) or ""
        self.initial[key] = value
        return Input(value, placeholder=defaults, compact=True, id=widget_id(key))

    def _help(self, key: str, *, rejected: bool = False) -> Text:
        """The key's description and where its value comes from; beside a rejected value,
        the value still in force (not a `[default]` that reads as the typed value's)."""
        origin = self.loaded.describe_source(key)
        style = "dim"
        if rejected:
            origin, style = f"not saved: the {origin} value still applies", "bold red"
        elif self.loaded.source_of(key) in ("env", ".env"):
            origin, style = f"{origin}, which wins over the file", "bold yellow"
        text = Text(key_spec(key).description + " ", style="dim")
        text.append(f"[{origin}]", style=style)
        return text

    def on_mount(self) -> None:
        problems = list(self.loaded.warnings)
        if self.loaded.settings.ui.keymap:
            problems += keymap.check_keymap(dict(self.loaded.settings.ui.keymap)).problems
        if self.load_error:
            problems.insert(0, f"{self.load_error} (shown without the environment)")
        if not self.loaded.file_ok:
            problems.append("Saving is refused until the file is fixed or moved away.")
        if problems:
            warnings = self.query_one("#settings-warnings", Static)
            warnings.update(Text("\n".join(problems), style="bold yellow"))
            for problem in self.loaded.warnings:
                self.notify(problem, title="Settings", severity="warning", markup=False)
        self.query_one(f"#{widget_id('llm.enabled')}").focus()

    # -- reading the form ---------------------------------------------------------------------
    def _raw(self, key: str) -> Any:
        widget = self.query_one(f"#{widget_id(key)}")
        if isinstance(widget, Switch | Input):
            return widget.value
        assert isinstance(widget, Select)
        return widget.value

    def collect_changes(self) -> dict[str, Any] | None:
        """The fields changed from what was shown, checked; None when any is invalid (shown)."""
        changes: dict[str, Any] = {}
        valid = True
        for key in FIELDS:
            raw = self._raw(key)
            error = self.query_one(f"#{widget_id(key)}-error", Static)
            error.update("")
            error.display = False
            help_line = self.query_one(f"#{widget_id(key)}-help", Static)
            help_line.update(self._help(key))
            if raw == self.initial[key]:
                continue
            if key.endswith(".base_url"):  # the field showed the URL's password masked
                raw = unmask_url(raw, effective_value(self.loaded.settings, key))
            try:
                changes[key] = parse_value(key, raw) if isinstance(raw, str) else \
                    validate_value(key, raw)
            except SettingsError as exc:
                valid = False
                error.update(Text(exc.message, style="bold red"))
                error.display = True
                help_line.update(self._help(key, rejected=True))
        valid = self._collect_keymap(changes) and valid
        return changes if valid else None

    def _collect_keymap(self, changes: dict[str, Any]) -> bool:
        """The key bindings changed, checked as `config set` checks them; False when a key
        is not one a terminal sends (said beside it)."""
        valid = True
        for key, _, _ in self.keymap_rows:
            raw = str(self._raw(key)).strip()
            error = self.query_one(f"#{widget_id(key)}-error", Static)
            error.update("")
            error.display = False
            if raw == self.initial[key]:
                continue
            try:
                changes[key] = keymap.parse_keys(raw) if raw else None
            except keymap.KeymapError as exc:
                valid = False
                error.update(Text(f"not saved: {exc}", style="bold red"))
                error.display = True
                self.query_one("#keymap-section", Collapsible).collapsed = False
        return valid

    def keymap_clashes(self, changes: dict[str, Any]) -> list[str]:
        """What the changed bindings take away from others (saved anyway, as `config set`)."""
        entries = {k: v for k, v in self.loaded.settings.ui.keymap.items()}
        changed = set()
        for key, value in changes.items():
            if key.startswith(KEYMAP_PREFIX):
                binding_id = key[len(KEYMAP_PREFIX):]
                changed.add(binding_id)
                if value is None:
                    entries.pop(binding_id, None)
                else:
                    entries[binding_id] = value
        problems = keymap.check_keymap(entries).problems
        return [p for p in problems
                if any(f"ui.keymap.{i} =" in p or f"({i})" in p for i in changed)]

    def form_settings(self, changes: dict[str, Any]) -> Settings:
        """The effective settings with the form's changes on top (for testing a connection)."""
        data = self.loaded.settings.model_dump()
        for key, value in changes.items():
            if not key.startswith(KEYMAP_PREFIX):  # keys play no part in a connection
                set_dotted(data, key, value)
        return Settings.model_validate(data)

    def _status(self, text: Text | str) -> None:
        self.query_one("#settings-status", Static).update(text)

    def _scrub(self, message: str, settings: Settings) -> str:
        """Mask any API key an error message might echo."""
        for provider in (settings.openai, settings.anthropic):
            if provider.api_key is not None and (secret := provider.api_key.get_secret_value()):
                message = message.replace(secret, mask_secret(secret))
        return message

    # -- actions -------------------------------------------------------------------------------
    def action_save(self) -> None:
        changes = self.collect_changes()
        if changes is None:
            self._status(Text("Not saved: fix the fields marked in red.", style="bold red"))
            self.notify("Not saved: fix the fields marked in red", title="Settings",
                        severity="error")
            return
        if not changes:
            self.notify("Nothing changed", title="Settings")
            self.dismiss(False)
            return
        try:
            notes = save_settings(self.settings_path, changes)
        except IqError as exc:
            self._status(Text(exc.message, style="bold red"))
            self.notify(exc.message, title="Settings not saved", severity="error", markup=False)
            return
        notes += self.keymap_clashes(changes)
        for key in changes:
            if key.startswith(KEYMAP_PREFIX):
                continue
            if self.loaded.source_of(key) in ("env", ".env"):
                notes.append(f"{ENV_FOR_KEY[key]} still wins over the file for {key}")
        for note in notes:
            self.notify(note, title="Settings", severity="warning", markup=False)
        self.notify(f"Saved to {self.settings_path}", title="Settings", markup=False)
        self.dismiss(True)

    def edited(self) -> bool:
        keys = [*FIELDS, *(key for key, _, _ in self.keymap_rows)]
        return any(self._raw(key) != self.initial[key] for key in keys)

    def action_cancel(self) -> None:
        if not self.edited():
            self.dismiss(False)
            return
        from iq_tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(ConfirmScreen("Discard the changes to the settings?"), answered)

    def action_test_connection(self) -> None:
        changes = self.collect_changes()
        if changes is None:
            self._show_test(Text("Fix the fields marked in red first.", style="bold red"))
            return
        settings = self.form_settings(changes)
        provider = str(self._raw("llm.provider"))
        if provider == "offline":
            self._show_test(Text("The offline generator needs no connection.", style="green"))
            return
        self._show_test(Text(f"Testing {provider}…", style="dim"), final=False)
        self.run_worker(self._test(settings, provider), exclusive=True, group="settings-test")

    async def _test(self, settings: Settings, provider: str) -> None:
        try:
            from iq_tui.engine.planning.providers.connection import check_connection
        except ImportError:
            self._show_test(Text("Test connection is not available in this build.", style="yellow"))
            return
        try:
            message = await check_connection(settings, provider)
        except IqError as exc:
            self._show_test(Text(f"✗ {self._scrub(exc.message, settings)}", style="bold red"))
        except Exception as exc:  # noqa: BLE001 - show the exact failure, never a traceback
            failure = self._scrub(f"{type(exc).__name__}: {exc}", settings)
            self._show_test(Text(f"✗ {failure}", style="bold red"))
        else:
            self._show_test(Text(f"✓ {self._scrub(str(message), settings)}", style="bold green"))

    def _show_test(self, text: Text, *, final: bool = True) -> None:
        """The result below the buttons, and as a notification: the buttons are off screen
        at 80x24 unless the form is scrolled to its end."""
        self.query_one("#test-result", Static).update(text)
        if final:
            severity = {"bold red": "error", "yellow": "warning"}.get(str(text.style))
            self.notify(
                text.plain,
                title="Test connection",
                severity=severity or "information",  # type: ignore[arg-type]
                markup=False,
            )

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#test")
    def _test_pressed(self) -> None:
        self.action_test_connection()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
