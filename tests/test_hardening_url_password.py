"""A password in a base URL (issue 10): `config set` and validation errors printed it in clear,
and editing the field on the settings screen saved the mask (`Sup…23`) over it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from textual.app import App
from tui_support import wait_until

from iq_tui.screens.settings import SettingsScreen, widget_id

PASSWORD = "Supersecret123"
URL = f"https://ann:{PASSWORD}@proxy.example/v1"


def _config(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", "config", *args], capture_output=True, text=True,
        env=dict(os.environ), timeout=60, check=False,
    )


def test_config_set_masks_the_password() -> None:
    done = _config("set", "openai.base_url", URL)
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stderr + done.stdout
    assert "ann:Sup…23@proxy.example" in done.stderr
    path = Path(os.environ["IQ_TUI_CONFIG"])
    assert tomllib.loads(path.read_text())["openai"]["base_url"] == URL


def test_a_validation_error_masks_the_password() -> None:
    done = _config("set", "anthropic.base_url", f"ftp://ann:{PASSWORD}@proxy.example")
    assert done.returncode == 2
    assert "starts with http://" in done.stderr
    assert PASSWORD not in done.stderr


class _Host(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.result: bool | None = None

    def on_mount(self) -> None:
        self.push_screen(SettingsScreen(self.path), callback=self._done)

    def _done(self, result: bool | None) -> None:
        self.result = result


async def test_editing_the_url_keeps_the_real_password(tmp_path: Path) -> None:
    cfg = tmp_path / "settings.toml"
    cfg.write_text(f'[openai]\nbase_url = "{URL}"\n')
    cfg.chmod(0o600)
    app = _Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        field = app.screen.query_one(f"#{widget_id('openai.base_url')}")
        assert PASSWORD not in field.value  # type: ignore[attr-defined]
        field.value = field.value.replace("/v1", "/v2")  # type: ignore[attr-defined]
        await pilot.press("f10")
        await wait_until(pilot, lambda: app.result is not None)
    saved = tomllib.loads(cfg.read_text())["openai"]["base_url"]
    assert saved == f"https://ann:{PASSWORD}@proxy.example/v2"
