"""Keys: footer, F1 help, command palette entries, remapping via settings, themes, NO_COLOR."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import CVS
from textual.binding import Binding
from tui_support import OFFLINE_SETTINGS, PROFILE, make_app, screen_text, wait_until

from iq_tui import keymap
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen
from iq_tui.screens.help import HelpScreen
from iq_tui.screens.picker import PickerScreen

CV = str(CVS / "single-column-endash-title-company.pdf")


@pytest.fixture(autouse=True)
def fake_cv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys, not extraction, are tested here: a fixed profile comes back at once."""
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)


SWALLOWED = {"ctrl+enter", "ctrl+s", "ctrl+j"}


def _all_bindings() -> list[Binding]:
    return [
        b
        for value in vars(keymap).values()
        if isinstance(value, list)
        for b in value
        if isinstance(b, Binding)
    ]


async def _pick_cv(pilot) -> None:
    """On the picker, load the test CV and wait for its preview."""
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    picker.load(Path(CV))
    await wait_until(pilot, lambda: picker.profile is not None)
    await pilot.pause()


def test_every_binding_has_an_id_and_a_key_terminals_deliver() -> None:
    bindings = _all_bindings()
    ids = [b.id for b in bindings]
    assert all(ids) and len(ids) == len(set(ids))
    for binding in bindings:
        keys = {k.strip() for k in binding.key.split(",")}
        assert keys - SWALLOWED, binding


async def test_f1_lists_the_keys_of_the_current_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {
            description: binding_id for _, description, binding_id in help_screen.rows
        }
        assert rows["Up dir"] == "picker.parent" and rows["Help"] == "app.help"
        assert "CV picker" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_palette_offers_every_footer_action_and_runs_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, cv=CV)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        shown = {
            a.binding.description
            for a in app.screen.active_bindings.values()
            if a.binding.show and a.binding.description
        }
        assert shown - {"palette"} <= titles, shown - titles
        await pilot.press("ctrl+p")
        await pilot.press(*"Generate")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, GenerateScreen))


async def test_keymap_in_settings_remaps_a_key(tmp_path: Path) -> None:
    settings = OFFLINE_SETTINGS + '[ui.keymap]\n"picker.next" = "x"\n'
    app = make_app(tmp_path, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick_cv(pilot)
        picker = app.screen
        assert "x Next" in screen_text(app)
        await pilot.press("n")
        assert app.screen is picker
        await pilot.press("x")
        assert isinstance(app.screen, FormScreen)


async def test_buttons_and_hints_name_the_remapped_keys(tmp_path: Path) -> None:
    remaps = {"picker.next": "x", "form.generate": "f6", "export.save": "w"}
    settings = (
        OFFLINE_SETTINGS
        + "[ui.keymap]\n"
        + "".join(f'"{k}" = "{v}"\n' for k, v in remaps.items())
    )
    app = make_app(tmp_path, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick_cv(pilot)
        assert "Press x for the interview form" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        text = screen_text(app)
        assert "Generate (f6)" in text and "ctrl+g" not in text
        await pilot.press("f6")
        await wait_until(
            pilot, lambda: isinstance(app.screen, GenerateScreen) and app.screen.result
        )
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Save (w)" in text and "Copy (c)" in text and "Save (s)" not in text


async def test_theme_is_remembered(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    saved = tomllib.loads((tmp_path / "settings.toml").read_text(encoding="utf-8"))
    assert saved["ui"]["theme"] == "nord"
    assert saved["llm"]["enabled"] is False  # the rest of the file is kept
    again = make_app(
        tmp_path, settings=(tmp_path / "settings.toml").read_text(encoding="utf-8")
    )
    assert again.theme == "nord"


async def test_no_color_is_respected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        assert app.no_color


async def test_f2_opens_settings_and_f3_the_sessions(tmp_path: Path) -> None:
    from iq_tui.screens.sessions import SessionsScreen
    from iq_tui.screens.settings import SettingsScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.press("f3")
        assert isinstance(app.screen, SessionsScreen)


async def test_tab_completes_the_path(tmp_path: Path) -> None:
    (Path.cwd() / "resumes").mkdir()
    (Path.cwd() / "resumes" / "jane-roe.pdf").write_bytes(b"")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"res")
        await pilot.pause()
        await pilot.press("tab")
        path_input = app.screen.query_one("#path")
        assert path_input.value == "resumes/"
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("tab")
        assert path_input.value == "resumes/jane-roe.pdf"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.profile is not None)


async def test_a_broken_settings_file_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings='[ui]\ntheme = "nord"\n[llm\nbroken = \n')
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.loaded.file_ok is False
        assert app.settings.llm.count == 10  # the defaults
        shown = [
            n for n in app._notifications if n.title == "Settings"
        ]  # no public accessor
        assert shown and "line 3" in shown[0].message
        assert isinstance(app.screen, PickerScreen)


async def test_r_then_enter_opens_the_newest_recent_cv(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.recent.add(Path(CV))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#recent")))
        await pilot.pause()
        await pilot.press("r", "enter")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await wait_until(pilot, lambda: picker.profile is not None)
        assert "Jane Roe" in screen_text(app)


async def test_tab_never_stops_on_a_bare_container(tmp_path: Path) -> None:
    """Form and settings: every Tab stop is a field (a focused scroll container looks like
    nothing is focused, and Enter or arrows then do nothing)."""
    from textual.containers import VerticalScroll

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FormScreen(PROFILE, Path(CV)))
        await pilot.pause()
        for screen_key in (None, "f2"):
            if screen_key:
                await pilot.press(screen_key)
                await pilot.pause()
            stops = []
            for _ in range(14):
                await pilot.press("tab")
                stops.append(app.focused)
            assert not [w for w in stops if isinstance(w, VerticalScroll)], stops


async def test_a_bad_environment_value_is_a_warning_and_keeps_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LLM_PROVIDER=gemini must not also throw away the user's API key: only it is ignored."""
    monkeypatch.setenv("LLM_PROVIDER", "gemini")
    monkeypatch.setenv("OPENAI_API_KEY", "env-key-kept-0123456789")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        settings = app.settings
        assert settings.openai.api_key is not None
        assert settings.openai.api_key.get_secret_value() == "env-key-kept-0123456789"
        assert settings.llm.provider == "openai"  # the default, not the bad value
        assert any("LLM_PROVIDER" in w for w in app.loaded.warnings)
