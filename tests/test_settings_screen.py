"""The settings screen through Pilot, in a tiny app that pushes it on a temporary settings file."""

from __future__ import annotations

import stat
import sys
import tomllib
import types
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply
from textual.app import App
from textual.widgets import Input, Select, Static, Switch
from tui_support import screen_text, wait_until

from iq_tui.engine.errors import ProviderError
from iq_tui.screens.settings import SettingsScreen, widget_id

KEY = "sk-ant-fake.test.key.not.real.9c"
NEW_KEY = "sk-proj-newKEYnewKEYnew42"


class Host(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.result: bool | None = None

    def on_mount(self) -> None:
        self.push_screen(SettingsScreen(self.path), callback=self._done)

    def _done(self, result: bool | None) -> None:
        self.result = result


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(f'[anthropic]\napi_key = "{KEY}"\n[notes]\nwho = "Ann"\n')
    path.chmod(0o600)
    return path


def field(app: App, key: str) -> Input:
    return app.screen.query_one(f"#{widget_id(key)}")  # type: ignore[return-value]


def error_text(app: App, key: str) -> str:
    return str(app.screen.query_one(f"#{widget_id(key)}-error", Static).render())


async def test_edit_and_save_updates_the_file_0600_keeping_the_rest(cfg: Path) -> None:
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        count = field(app, "llm.count")
        count.value = ""
        count.focus()
        await pilot.press("7")
        app.screen.query_one(f"#{widget_id('llm.redact_contacts')}", Switch).value = False
        app.screen.query_one(f"#{widget_id('llm.provider')}", Select).value = "anthropic"
        await pilot.press("f10")
        await wait_until(pilot, lambda: app.result is not None)
    assert app.result is True
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600
    assert tomllib.loads(cfg.read_text()) == {
        "anthropic": {"api_key": KEY},
        "notes": {"who": "Ann"},
        "llm": {"count": 7, "redact_contacts": False, "provider": "anthropic"},
    }


async def test_the_key_input_shows_only_the_mask_and_replaces_the_key(cfg: Path) -> None:
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        key_input = field(app, "anthropic.api_key")
        assert key_input.password and key_input.value == ""
        assert "sk-…9c" in key_input.placeholder
        key_input.focus()
        await pilot.press(*NEW_KEY)
        await pilot.pause()
        shown = screen_text(app)
        assert KEY not in shown and NEW_KEY not in shown and NEW_KEY[4:12] not in shown
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.result is not None)
    assert tomllib.loads(cfg.read_text())["anthropic"]["api_key"] == NEW_KEY
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600


async def test_a_corrupt_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    corrupt = b"[llm\ncount = 3\n"
    path.write_bytes(corrupt)
    app = Host(path)
    async with app.run_test(size=(100, 60)) as pilot:
        warnings = str(app.screen.query_one("#settings-warnings", Static).render())
        assert "line 1" in warnings and "Saving is refused" in warnings
        field(app, "llm.timeout").value = "30"
        await pilot.press("f10")
        await pilot.pause()
        status = str(app.screen.query_one("#settings-status", Static).render())
        assert "Not saved" in status and "line 1" in status
        assert isinstance(app.screen, SettingsScreen) and app.result is None
    assert path.read_bytes() == corrupt


async def test_bad_values_are_shown_next_to_the_field_and_nothing_is_saved(cfg: Path) -> None:
    before = cfg.read_bytes()
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        field(app, "llm.timeout").value = "-5"
        field(app, "llm.count").value = "500"
        await pilot.press("f10")
        await pilot.pause()
        assert "greater than 0" in error_text(app, "llm.timeout")
        assert "from 1 to 50" in error_text(app, "llm.count")
        assert error_text(app, "openai.model") == ""
        assert app.result is None
    assert cfg.read_bytes() == before


async def test_environment_values_are_labelled_and_not_copied_into_the_file(
    cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_MODEL", "model-from-env")
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        assert field(app, "openai.model").value == "model-from-env"
        help_text = str(app.screen.query_one(f"#{widget_id('openai.model')}-help", Static).render())
        assert "[environment (OPENAI_MODEL), which wins over the file]" in help_text
        field(app, "openai.base_url").value = "http://localhost:8000/v1"
        await pilot.press("f10")
        await wait_until(pilot, lambda: app.result is not None)
    assert tomllib.loads(cfg.read_text())["openai"] == {"base_url": "http://localhost:8000/v1"}


async def test_escape_asks_before_discarding_edits_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "new" / "settings.toml"
    app = Host(path)
    async with app.run_test(size=(100, 60)) as pilot:
        field(app, "llm.timeout").value = "12"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and field(app, "llm.timeout").value == "12"
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: app.result is not None)
    assert app.result is False and not path.exists()


async def test_escape_without_edits_closes_at_once(cfg: Path) -> None:
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.result is not None)
    assert app.result is False


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [("ok", "✓ Anthropic OK: claude available"),
     ("fail", "✗ Anthropic rejected the key sk-…9c (401)"),
     ("missing", "not available")],
)
async def test_test_connection_reports_the_outcome(
    cfg: Path, monkeypatch: pytest.MonkeyPatch, behaviour: str, expected: str
) -> None:
    calls: list[tuple[str, str]] = []

    async def check_connection(settings, provider: str) -> str:
        calls.append((provider, settings.anthropic.api_key.get_secret_value()))
        if behaviour == "fail":
            raise ProviderError(f"Anthropic rejected the key {KEY} (401)")
        return "Anthropic OK: claude available"

    module = types.ModuleType("iq_tui.engine.planning.providers.connection")
    if behaviour != "missing":
        module.check_connection = check_connection  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "iq_tui.engine.planning.providers.connection", module)
    else:
        monkeypatch.setitem(sys.modules, "iq_tui.engine.planning.providers.connection", None)
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        app.screen.query_one(f"#{widget_id('llm.provider')}", Select).value = "anthropic"
        await pilot.press("ctrl+t")
        result = app.screen.query_one("#test-result", Static)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(result.render())
        assert expected in shown and KEY not in shown
    if behaviour != "missing":
        assert calls == [("anthropic", KEY)]  # the form's provider, the stored key


@pytest.mark.parametrize("status", [200, 401])
async def test_test_connection_uses_the_unsaved_form_against_a_real_server(
    tmp_path: Path, llm_server: LLMServer, status: int
) -> None:
    """The real check (SDK over HTTP to the fake server) with the URL and key typed, not saved."""
    if status != 200:
        llm_server.script(Reply(status=401, error_type="authentication_error",
                                error_message="invalid x-api-key"))
    path = tmp_path / "settings.toml"
    app = Host(path)
    async with app.run_test(size=(100, 60)) as pilot:
        field(app, "openai.base_url").value = llm_server.openai_url
        field(app, "openai.api_key").value = NEW_KEY
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(app.screen.query_one("#test-result", Static).render())
    assert llm_server.requests and llm_server.requests[0].method == "GET"
    assert llm_server.requests[0].headers.get("authorization") == f"Bearer {NEW_KEY}"
    assert shown.startswith("✓" if status == 200 else "✗"), shown
    if status != 200:
        assert "401" in shown, shown
    assert NEW_KEY not in shown and not path.exists()


async def test_test_connection_result_is_seen_at_80x24(
    tmp_path: Path, llm_server: LLMServer
) -> None:
    """ctrl+t from the top of the form: the result line is below the fold, so it is also a
    notification the user sees."""
    app = Host(tmp_path / "settings.toml")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        field(app, "openai.base_url").value = llm_server.openai_url
        field(app, "openai.api_key").value = NEW_KEY
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        text = screen_text(app)
    assert "✓" in text, text  # only the notification can show it: the line is below
    assert NEW_KEY not in text


async def test_ctrl_q_asks_before_dropping_unsaved_settings(tmp_path: Path) -> None:
    from tui_support import make_app

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        field(app, "llm.timeout").value = "12"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen" and app.is_running
        await pilot.press("n")  # back to the form, edits intact
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert field(app, "llm.timeout").value == "12"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert "12" not in (tmp_path / "settings.toml").read_text()


async def test_a_rejected_value_says_it_once_and_what_still_applies(cfg: Path) -> None:
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        field(app, "llm.timeout").value = "0"
        await pilot.press("f10")
        await pilot.pause()
        message = error_text(app, "llm.timeout")
        assert message.count("greater than 0") == 1 and "Input should" not in message
        help_line = str(app.screen.query_one(f"#{widget_id('llm.timeout')}-help").render())
        assert "[default]" not in help_line
        assert "not saved: the default value still applies" in help_line
        field(app, "llm.timeout").value = "30"  # fixed: the tag says where the value is from
        await pilot.press("f10")
        await pilot.pause()
    assert "timeout = 30" in cfg.read_text()


@pytest.mark.parametrize("raw", ["1e999", "-1e999"])
async def test_a_number_that_is_not_finite_is_refused(cfg: Path, raw: str) -> None:
    before = cfg.read_bytes()
    app = Host(cfg)
    async with app.run_test(size=(100, 60)) as pilot:
        field(app, "llm.timeout").value = raw
        await pilot.press("f10")
        await pilot.pause()
        assert "expected a finite number" in error_text(app, "llm.timeout")
        assert app.result is None
    assert cfg.read_bytes() == before
