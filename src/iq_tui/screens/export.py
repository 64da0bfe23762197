"""Export the plan: Markdown or JSON to a file (never overwriting without asking), or copy it
to the clipboard (OSC 52, which also works over SSH)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from iq_tui import keymap
from iq_tui.engine.errors import IqError
from iq_tui.engine.models import GenerationResult
from iq_tui.files import display_path
from iq_tui.flow import default_export_path, export_text, write_export
from iq_tui.screens.confirm import ConfirmScreen


class ExportScreen(ModalScreen[Path | None]):
    CSS_PATH = "export.tcss"
    BINDINGS = keymap.EXPORT

    def __init__(self, result: GenerationResult, directory: Path | None = None) -> None:
        super().__init__()
        self.result = result
        self.directory = directory or Path.cwd()
        self.fmt = "markdown"
        self.saved_to: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Export the interview plan", id="title")
            with Horizontal(classes="export-row"):
                yield Label("Format:", id="format-label")
                with RadioSet(id="format", compact=True):
                    yield RadioButton("Markdown (m)", value=True, id="markdown")
                    yield RadioButton("JSON (j)", id="json")
            with Horizontal(classes="export-row"):
                yield Label("File:", id="path-label")
                yield Input(
                    display_path(
                        default_export_path(self.result, self.fmt, self.directory)
                    ),
                    compact=True,
                    id="path",
                )
            yield Static(id="export-status", markup=False)
            with VerticalScroll(id="export-preview-box"):
                yield Static(id="export-preview", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (s)", variant="primary", compact=True, id="save")
                yield Button("Copy (c)", compact=True, id="copy")
                yield Button("Close (esc)", compact=True, id="close")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        keymap.label_keys(
            self,
            {
                "markdown": ("Markdown", "format('markdown')"),
                "json": ("JSON", "format('json')"),
                "save": ("Save", "save"),
                "copy": ("Copy", "copy"),
                "close": ("Close", "close"),
            },
        )
        self._show_preview()
        self.query_one("#format").focus()

    def _text(self) -> str | None:
        try:
            return export_text(self.result, self.fmt, generated=self.app.wall_clock())  # type: ignore[attr-defined]
        except IqError as exc:
            self._status(Text(f"✗ {self.app.report_error(exc)}", style="bold red"))  # type: ignore[attr-defined]
            return None

    def _show_preview(self) -> None:
        self._status(Text(""))
        self.query_one("#export-preview", Static).update(Text(self._text() or ""))

    def _status(self, text: Text) -> None:
        self.query_one("#export-status", Static).update(text)

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._set_format(event.pressed.id or "markdown")

    def _set_format(self, fmt: str) -> None:
        if fmt == self.fmt:
            return
        path_input = self.query_one("#path", Input)
        old_default = display_path(
            default_export_path(self.result, self.fmt, self.directory)
        )
        self.fmt = fmt
        if path_input.value == old_default:
            path_input.value = display_path(
                default_export_path(self.result, fmt, self.directory)
            )
        self._show_preview()

    def action_format(self, fmt: str) -> None:
        self.query_one(f"#{fmt}", RadioButton).value = True
        self._set_format(fmt)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#path")
    def action_save(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._status(Text("Type a file name first.", style="yellow"))
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.directory / path
        try:
            if path.is_dir():
                path = default_export_path(self.result, self.fmt, path)
            exists = path.exists()
        except OSError as exc:  # a name too long, a component that is a file, no access
            self._cannot_write(path, exc)
            return
        if exists:
            self.app.push_screen(
                ConfirmScreen(f"{display_path(path)} exists. Overwrite it?"),
                callback=lambda yes: (
                    self._write(path) if yes else self._status(Text("Not saved."))
                ),
            )
            return
        self._write(path)

    def _write(self, path: Path) -> None:
        text = self._text()
        if text is None:
            return
        try:
            write_export(path, text)
        except IqError as exc:
            self._status(Text(f"✗ {self.app.report_error(exc)}", style="bold red"))  # type: ignore[attr-defined]
            return
        except OSError as exc:
            self._cannot_write(path, exc)
            return
        self.saved_to = path
        self._status(Text(f"✓ saved to {display_path(path)}", style="green"))
        self.notify(display_path(path), title="Plan saved", markup=False)

    def _cannot_write(self, path: Path, exc: OSError) -> None:
        self._status(
            Text(f"✗ cannot write {display_path(path)}: {exc.strerror or exc}", style="bold red")
        )

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        text = self._text()
        if text is not None:
            self.app.copy_to_clipboard(text)
            label = "Markdown" if self.fmt == "markdown" else "JSON"
            self._status(Text(f"✓ {label} copied to the clipboard"))
            self.notify(f"The plan ({label}) is on the clipboard.", title="Copied")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.saved_to)
