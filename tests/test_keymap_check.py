"""The user's `ui.keymap` is checked: unknown binding ids and keys no terminal sends are refused
(`config set`) or left out with a reason (start-up, the settings screen); clashes are warned of."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from tui_support import OFFLINE_SETTINGS, make_app, screen_text, wait_until

from iq_tui import keymap
from iq_tui.cli import main
from iq_tui.screens.picker import PickerScreen
from iq_tui.screens.settings import SettingsScreen


@pytest.mark.parametrize("raw", ["ctrl+shift+zz", "zz", "hyperx+a", "ctrl+", "", "a,,b", "shift+a"])
def test_keys_no_terminal_sends_are_refused(raw: str) -> None:
    with pytest.raises(keymap.KeymapError):
        keymap.parse_keys(raw)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("f6", "f6"), ("Ctrl+G, F5", "ctrl+g,f5"), ("esc", "escape"), ("?", "?"), ("K", "K"),
     ("ctrl+/", "ctrl+slash"), ("alt+shift+up", "alt+shift+up")],
)
def test_real_keys_are_kept_in_textual_spelling(raw: str, stored: str) -> None:
    assert keymap.parse_keys(raw) == stored


def test_every_binding_id_of_every_screen_is_known() -> None:
    ids = keymap.binding_ids()
    # ids declared in keymap.py and in the screens' own modules (editor, sessions, settings...)
    for binding_id in ("app.help", "form.generate", "editor.edit", "sessions.open",
                       "settings.save", "question_form.save", "notes.close", "prompt.cancel"):
        assert binding_id in ids
    with pytest.raises(keymap.KeymapError, match="did you mean editor.back"):
        keymap.check_binding_id("editor.bakc")


def test_a_key_moved_onto_another_bindings_key_is_a_clash() -> None:
    (line,) = keymap.keymap_clashes({"editor.asked": "enter"})
    assert "Edit (editor.edit) loses it" in line and "editor screen" in line
    assert keymap.keymap_clashes({"editor.asked": "b"}) == []
    # the screen's key wins over the app's: help moved onto the editor's `e` cannot run there
    assert any("Help (app.help) loses it" in problem and "editor screen" in problem
               for problem in keymap.keymap_clashes({"app.help": "e"}))
    # a widget's own key: the focused question list takes `k` before the screen does
    assert any("Undo (editor.undo) loses it" in problem
               for problem in keymap.keymap_clashes({"editor.undo": "k"}))


def test_a_key_moved_onto_what_a_focused_text_box_types_is_warned_of() -> None:
    (line,) = keymap.text_box_clashes({"form.generate": "g"})
    assert "g goes to the role box or the count box on the form screen while it has focus" in line
    assert "Generate (form.generate) runs on g only outside it" in line
    (line,) = keymap.text_box_clashes({"notes.close": "ctrl+k"})  # the notes box's own key
    assert "notes box" in line
    (line,) = keymap.text_box_clashes({"app.settings": "s"})
    assert "any text box" in line and "form" in line and "settings" in line
    # keys no text box takes, and a binding's own default key, are no clash
    assert keymap.text_box_clashes({"form.generate": "f6", "sessions.open": "enter,o",
                                    "help.close": "q", "generate.export": "w"}) == []
    assert any("role box" in problem
               for problem in keymap.check_keymap({"form.generate": "G"}).problems)


def test_every_screen_with_a_text_box_is_known_to_have_one() -> None:
    """TEXT_BOXES is written by hand: it must name exactly the scopes whose screen module
    composes a text box (an Input or a TextArea, or one of ours built on them)."""
    import inspect
    import re

    from textual.dom import DOMNode

    box = re.compile(r"\b(?:\w*Input|\w*TextArea|TypingArea)\(")
    with_box: set[str] = set()
    without: set[str] = set()
    for binding in keymap.known_bindings():
        if binding.id is None or binding.scope == keymap.APP_SCOPE:
            continue
        modules = {inspect.getmodule(cls) for cls in keymap._subclasses(DOMNode)
                   if any(getattr(b, "id", None) == binding.id
                          for b in cls.__dict__.get("BINDINGS", []))}
        source = "".join(inspect.getsource(m) for m in modules if m is not None)
        (with_box if box.search(source) else without).add(binding.scope)
    assert with_box == set(keymap.TEXT_BOXES), (with_box, without)


def _config(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["config", *argv])
    return code, capsys.readouterr().err


def _keymap_in_file() -> dict[str, str]:
    path = Path(os.environ["IQ_TUI_CONFIG"])
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text()).get("ui", {}).get("keymap", {})


def test_config_set_refuses_an_unknown_binding_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _config(capsys, "set", "ui.keymap.editor.bogus", "x")
    assert code == 2
    assert "no key binding has the id 'editor.bogus'" in err and "Traceback" not in err
    assert _keymap_in_file() == {}


def test_config_set_refuses_a_key_that_cannot_be_pressed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = _config(capsys, "set", "ui.keymap.editor.edit", "ctrl+shift+zz")
    assert code == 2 and "'zz' in 'ctrl+shift+zz' is not a key" in err
    assert _keymap_in_file() == {}


def test_config_set_saves_a_clash_and_says_what_it_takes_away(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = _config(capsys, "set", "ui.keymap.editor.asked", "enter")
    assert code == 0 and _keymap_in_file() == {"editor.asked": "enter"}
    assert "warning:" in err and "Edit (editor.edit) loses it" in err
    code, err = _config(capsys, "set", "ui.keymap.generate.export", "w")
    assert code == 0 and "warning" not in err  # the other entry's clash is not repeated
    code, err = _config(capsys, "set", "ui.keymap.form.generate", "g")
    assert code == 0 and "warning:" in err and "g goes to the role box" in err


BAD_KEYMAP = OFFLINE_SETTINGS + (
    '[ui.keymap]\n"picker.next" = "ctrl+shift+zz"\n"editor.bogus" = "x"\n'
    '"editor.asked" = "enter"\n"picker.parent" = "p"\n"form.generate" = "g"\n'
)


async def test_start_up_leaves_bad_entries_out_and_says_why(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=BAD_KEYMAP)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: any("Key bindings" in (n.title or "")
                                            for n in app._notifications))
        assert isinstance(app.screen, PickerScreen)
        assert keymap.bound_key(app.screen, "next") == "n"  # the default key stays
        assert keymap.bound_key(app.screen, "parent_dir") == "p"  # the good entry applies
        await wait_until(pilot, lambda: "Up dir" in screen_text(app))
        assert "p Up dir" in screen_text(app)
        (note,) = [n for n in app._notifications if "Key bindings" in (n.title or "")]
        assert "ui.keymap.picker.next ignored" in note.message
        assert "ui.keymap.editor.bogus ignored" in note.message
        assert "Edit (editor.edit) loses it" in note.message
        assert "g goes to the role box" in note.message


async def test_the_settings_screen_lists_what_is_wrong_with_the_keymap(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=BAD_KEYMAP)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await pilot.pause()
        warnings = str(app.screen.query_one("#settings-warnings").render())
        assert "ui.keymap.picker.next ignored" in warnings
        assert "ui.keymap.editor.bogus ignored" in warnings
        assert "Edit (editor.edit) loses it" in warnings
        assert "g goes to the role box" in warnings


def _keymap_box(app, binding_id: str):  # noqa: ANN001, ANN202 - a test helper
    from iq_tui.screens.settings import widget_id

    return app.screen.query_one(f"#{widget_id('ui.keymap.' + binding_id)}")


async def test_the_settings_screen_edits_the_keymap_and_checks_it(tmp_path: Path) -> None:
    """F2 remaps keys as `config set` does: a key no terminal sends is refused beside its row
    (nothing saved), a clash is saved with a warning, an emptied row is the default again,
    and the app applies the new keys at once."""
    settings = OFFLINE_SETTINGS + '[ui.keymap]\n"picker.parent" = "p"\n'
    app = make_app(tmp_path, settings=settings)
    path = tmp_path / "settings.toml"
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        assert _keymap_box(app, "picker.parent").value == "p"
        _keymap_box(app, "picker.next").value = "ctrl+shift+zz"
        _keymap_box(app, "editor.asked").value = "enter"
        await pilot.press("f10")
        await pilot.pause()
        error = str(app.screen.query_one("#ui-keymap-picker-next-error").render())
        assert "not saved: 'zz' in 'ctrl+shift+zz' is not a key" in error
        assert isinstance(app.screen, SettingsScreen)
        assert path.read_text() == settings
        _keymap_box(app, "picker.next").value = "Ctrl+F6"
        _keymap_box(app, "picker.parent").value = ""
        _keymap_box(app, "form.generate").value = "g"
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        notes = "\n".join(n.message for n in app._notifications)
        assert "Edit (editor.edit) loses it" in notes
        assert "g goes to the role box" in notes
        assert _keymap_in(path) == {"picker.next": "ctrl+f6", "editor.asked": "enter",
                                    "form.generate": "g"}
        assert keymap.bound_key(app.screen, "next") == "ctrl+f6"
        assert keymap.bound_key(app.screen, "parent_dir") == "u"  # the default again


async def test_escape_asks_before_dropping_a_keymap_edit(tmp_path: Path) -> None:
    from iq_tui.screens.confirm import ConfirmScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        _keymap_box(app, "editor.copy").value = "w"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))


def _keymap_in(path: Path) -> dict[str, str]:
    return tomllib.loads(path.read_text()).get("ui", {}).get("keymap", {})


async def test_what_the_text_box_warning_says_is_what_happens(tmp_path: Path) -> None:
    """The warning's claim, on the real form: with Generate moved to g, g typed in the focused
    role box is a letter of the role, and runs Generate once the box has no focus."""
    from tui_support import PROFILE
    from textual.widgets import Input

    from iq_tui.screens.form import FormScreen
    from iq_tui.widgets.roles import RoleFilter

    app = make_app(tmp_path, settings=OFFLINE_SETTINGS + '[ui.keymap]\n"form.generate" = "g"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_form(PROFILE, Path("jane.pdf"))
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen)
                         and bool(app.screen.query(RoleFilter)))
        box = app.screen.query_one(RoleFilter)
        box.focus()
        box.value = ""
        await pilot.press("g")
        assert box.value == "g" and isinstance(app.screen, FormScreen)
        form = app.screen
        ran: list[bool] = []
        form.action_generate = lambda: ran.append(True)  # type: ignore[method-assign]
        form.query_one("#level").focus()
        await pilot.press("g")
        assert ran == [True] and not isinstance(form.focused, Input)
