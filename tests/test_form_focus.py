"""A keyboard user sees which of the form's Selects (Level, Type, Provider) has the focus: in
every theme, in truecolor and in 256 colours, and under NO_COLOR by more than a shade."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.style import Style
from textual.widgets._select import SelectCurrent
from tui_support import PROFILE, make_app

from iq_tui.screens.form import FormScreen
from iq_tui.screens.settings import SettingsScreen

SELECTS = ("level", "type", "provider")
# Focused against unfocused background, as a WCAG contrast ratio: 3 in truecolor (WCAG's
# figure for a focus indicator), 2 in 256 colours (solarized-dark's own text has 2.2 there).
# The old focus had 1.1 and 1.05.


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: Style, b: Style, system: ColorSystem) -> float:
    assert a.bgcolor is not None and b.bgcolor is not None
    la, lb = (
        _luminance(tuple(c.downgrade(system).get_truecolor()))  # type: ignore[arg-type]
        for c in (a.bgcolor, b.bgcolor)
    )
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _style_of(app, select_id: str) -> Style:
    """The style drawn on the first letter of the select's current value."""
    current = app.screen.query_one(f"#{select_id}").query_one(SelectCurrent)
    box = current.query_one("#label").region
    return app.screen.get_style_at(box.x, box.y)


def _label_style(app, select_id: str) -> Style:
    label = app.screen.query_one(f"#{select_id}").parent.query_one(".label").region
    return app.screen.get_style_at(label.x, label.y)


async def _form(app, pilot) -> FormScreen:
    """The form as the only screen (a theme change then restyles one screen, not two)."""
    await app.switch_screen(FormScreen(PROFILE, Path("jane.pdf")))
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def test_a_focused_select_stands_out_in_every_theme(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot)
        weak: list[str] = []
        for number, theme in enumerate(sorted(app.available_themes)):
            # one frame per theme: one select focused, the next one beside it blurred
            focused_id = SELECTS[number % 3]
            blurred_id = SELECTS[(number + 1) % 3]
            app.theme = theme
            form.query_one(f"#{focused_id}").focus()
            await pilot.pause()
            focused, blurred = _style_of(app, focused_id), _style_of(app, blurred_id)
            if app.current_theme.ansi:  # the terminal's own palette: only a filled block is sure
                assert blurred.bgcolor is None or blurred.bgcolor.is_default, theme
                if not (focused.reverse or not focused.bgcolor.is_default):
                    weak.append(f"{theme}: no reverse, no background")
                continue
            for system, least in ((ColorSystem.TRUECOLOR, 3.0), (ColorSystem.EIGHT_BIT, 2.0)):
                ratio = _contrast(focused, blurred, system)
                if ratio < least:
                    weak.append(f"{theme} #{focused_id} {system.name}: {ratio:.2f}")
        assert weak == [], "\n".join(weak)


async def test_under_no_color_focus_is_more_than_a_shade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot)
        assert app.no_color
        for select_id in SELECTS:
            form.query_one("#filter").focus()
            await pilot.pause()
            blurred = (_style_of(app, select_id), _label_style(app, select_id))
            form.query_one(f"#{select_id}").focus()
            await pilot.pause()
            focused = (_style_of(app, select_id), _label_style(app, select_id))
            for before, after in zip(blurred, focused, strict=True):
                attrs = ("bold", "underline", "reverse", "italic")
                assert any(getattr(after, a) and not getattr(before, a) for a in attrs), (
                    select_id, before, after)


async def test_the_settings_screens_select_shows_focus_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_screen(SettingsScreen(app.settings_path))
        await pilot.pause()
        blurred = _style_of(app, "llm-provider")
        app.screen.query_one("#llm-provider").focus()
        await pilot.pause()
        focused = _style_of(app, "llm-provider")
        assert _contrast(focused, blurred, ColorSystem.EIGHT_BIT) >= 2.0
