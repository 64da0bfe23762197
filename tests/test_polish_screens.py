"""Polish an interviewer hit: the command palette's entries, `?` for help, help at 60 columns,
the chosen export format under NO_COLOR."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import RadioButton
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.models import ProviderInfo, Question
from iq_tui.engine.planning.generation import GenerationRequest
from iq_tui.engine.planning.roles import find_role, load_roles
from iq_tui.flow import partial_result
from iq_tui.screens.export import ExportScreen
from iq_tui.screens.help import HelpScreen
from iq_tui.screens.picker import PickerScreen


async def test_the_palette_lists_each_action_once_and_no_widget_internals(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_form(PROFILE, Path("jane.pdf"))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        entries = app.screen.query_one(CommandList)
        lines = [str(entries.get_option_at_index(i).prompt)
                 for i in range(entries.option_count)]
        titles = [line.splitlines()[0] for line in lines]
        assert len(titles) == len(set(titles))
        assert {"Generate", "Back", "Help", "Settings"} <= set(titles)
        internals = {"Move cursor left", "Focus Next", "Delete character left", "Keys"}
        assert not internals & set(titles)
        for line in lines:  # the help line says the key, not "Back (esc)" under "Back"
            title, _, help_line = line.partition("\n")
            assert not help_line.startswith(f"{title} ("), line
        assert "Generate\n^g" in lines


async def test_question_mark_opens_and_closes_help(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_help_names_every_action_in_words_with_a_capital(tmp_path: Path) -> None:
    """Textual's own ctrl+p binding says "palette": help calls it "Command palette", as the
    settings' Key bindings section does (seen in tmux: "^p  palette" under "Theme")."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        actions = {key: action for key, action, _ in app.screen.rows}
        assert actions["^p"] == "Command palette"
        assert all(action[:1].isupper() for action in actions.values()), actions


@pytest.mark.parametrize(("size", "ids"), [((60, 20), False), ((100, 30), True)])
async def test_help_keeps_whole_action_names_and_shows_ids_where_they_fit(
    tmp_path: Path, size: tuple[int, int], ids: bool
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        app.open_form(PROFILE, Path("jane.pdf"))
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        for words in ("Previous role", "Generate", "Settings", "Sessions"):
            assert words in text
        assert ("form.generate" in text) is ids
        assert ("The ids show in a wider terminal" in text) is not ids


async def test_under_no_color_the_chosen_format_is_not_only_a_shade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(PROFILE, role, "mid", "technical", count=1, provider="offline")
    question = Question(text="Why Redis?", category="technical", difficulty="mid")
    result = partial_result(request, [question], ProviderInfo(name="offline"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ExportScreen(result, tmp_path))
        await pilot.pause()
        assert app.no_color

        def style(button_id: str):
            box = app.screen.query_one(f"#{button_id}", RadioButton).region
            return app.screen.get_style_at(box.x + 4, box.y)  # the label's first letter

        for chosen, other, key in (("markdown", "json", "m"), ("json", "markdown", "j")):
            app.screen.query_one("#format").focus()
            await pilot.press(key)
            await wait_until(pilot, lambda c=chosen: app.screen.query_one(f"#{c}").value)
            app.screen.query_one("#path").focus()  # no cursor on the buttons: only the choice
            await pilot.pause()
            on, off = style(chosen), style(other)
            assert (on.bold, on.underline) != (off.bold, off.underline), (on, off)


async def test_an_export_path_under_a_file_says_which_part_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    app = make_app(tmp_path)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(PROFILE, role, "mid", "technical", count=1, provider="offline")
    question = Question(text="Why Redis?", category="technical", difficulty="mid")
    result = partial_result(request, [question], ProviderInfo(name="offline"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ExportScreen(result, tmp_path))
        await pilot.pause()
        box = app.screen.query_one("#path")
        box.value = "notes.txt/plan.md"
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one("#export-status").render())
        assert "notes.txt is a file, not a folder" in status and "File exists" not in status
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


async def test_ids_read_as_words_in_the_editor_header_detail_and_edit_dialog(
    tmp_path: Path,
) -> None:
    from _session_data import editor_app, make_result, make_profile
    from textual.widgets import Select

    from iq_tui.engine.interview.sessions import SessionStore
    from iq_tui.screens.question_form import QuestionForm

    result = make_result(4).model_copy(update={"level": "senior", "interview_type": "case_study"})
    for question in result.questions:
        question.category, question.difficulty = "case_study", "senior"
    with SessionStore(tmp_path / "sessions.db") as store:
        session = store.create_from_result(result, make_profile("Ada Lovelace"), None)
        app = editor_app(store, session.id)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            assert app.screen.sub_title.startswith("Senior · Case study · session ")
            shown = str(app.screen.query_one("#detail").content)
            assert "Case study · Senior" in shown and "case_study" not in shown
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, QuestionForm))
            await pilot.pause()
            dialog = app.screen
            options = {
                select_id: [str(prompt) for prompt, _ in dialog.query_one(f"#{select_id}", Select)._options]
                for select_id in ("category", "difficulty")
            }
            assert "Case study" in options["category"] and "case_study" not in options["category"]
            assert options["difficulty"] == ["Junior", "Mid", "Senior"]
            assert "Case study" in screen_text(app) and "case_study" not in screen_text(app)


async def test_at_60_columns_the_last_cell_is_the_palettes_not_a_hidden_keys(
    tmp_path: Path,
) -> None:
    """The compact footers' keys overflow at 60 columns; the palette key docked on the right
    covers up to the last column (a stray letter of a hidden key showed there)."""
    from textual.widgets._footer import FooterKey

    from iq_tui.screens.generate import GenerateScreen

    app = make_app(tmp_path)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(PROFILE, role, "mid", "technical", count=2, provider="offline")
    async with app.run_test(size=(60, 20)) as pilot:
        live = GenerateScreen(request, Path("jane.pdf"))
        screens = [
            (lambda: app.open_form(PROFILE, Path("jane.pdf")), lambda: True),
            (lambda: app.push_screen(live), lambda: live.result is not None),  # all keys shown
        ]
        for open_screen, ready in screens:
            open_screen()
            await wait_until(pilot, ready)
            await pilot.pause(0.3)
            widget, _ = app.screen.get_widget_at(59, 19)
            hidden_key = isinstance(widget, FooterKey) and not widget.has_class("-command-palette")
            assert not hidden_key, (type(app.screen).__name__, widget)


async def test_ids_read_as_words_in_the_live_view_and_the_sessions_list(tmp_path: Path) -> None:
    from _session_data import make_profile, make_result
    from textual.widgets import DataTable

    from iq_tui.engine.interview.sessions import SessionStore
    from iq_tui.screens.generate import GenerateScreen
    from iq_tui.screens.sessions import SessionsScreen

    app = make_app(tmp_path)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(PROFILE, role, "senior", "case_study", count=2, provider="offline")
    async with app.run_test(size=(100, 30)) as pilot:
        live = GenerateScreen(request, Path("jane.pdf"))
        app.push_screen(live)
        await wait_until(pilot, lambda: live.result is not None)
        header = str(live.query_one("#plan").render())
        assert "Backend Engineer · Senior · Case study" in header, header
    result = make_result(2).model_copy(update={"level": "senior"})
    with SessionStore(tmp_path / "s.db") as store:
        store.create_from_result(result, make_profile("Ada Lovelace"), None)
        (tmp_path / "b").mkdir()
        app = make_app(tmp_path / "b")
        async with app.run_test(size=(100, 30)) as pilot:
            sessions = SessionsScreen(store)
            app.push_screen(sessions)
            await wait_until(pilot, lambda: sessions.query(DataTable)
                             and sessions.query_one(DataTable).row_count == 1)
            row = [str(c) for c in sessions.query_one(DataTable).get_row_at(0)]
            assert "Senior" in row and "senior" not in row, row


@pytest.mark.parametrize("name", ["x" * 300 + ".md", "x" * 300 + "/plan.md"])
async def test_an_export_path_with_a_name_over_255_bytes_is_a_message(
    tmp_path: Path, name: str
) -> None:
    app = make_app(tmp_path)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(PROFILE, role, "mid", "technical", count=1, provider="offline")
    question = Question(text="Why Redis?", category="technical", difficulty="mid")
    result = partial_result(request, [question], ProviderInfo(name="offline"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ExportScreen(result, tmp_path))
        await pilot.pause()
        box = app.screen.query_one("#path")
        box.value = name
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ExportScreen)
        status = str(app.screen.query_one("#export-status").render())
        assert "File name too long" in status, status


async def test_a_plan_saved_from_the_export_dialog_is_private(tmp_path: Path) -> None:
    import os
    import stat

    app = make_app(tmp_path)
    role = find_role("backend-engineer", load_roles())
    request = GenerationRequest(PROFILE, role, "mid", "technical", count=1, provider="offline")
    question = Question(text="Why Redis?", category="technical", difficulty="mid")
    result = partial_result(request, [question], ProviderInfo(name="offline"))
    old = os.umask(0o022)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(ExportScreen(result, tmp_path))
            await pilot.pause()
            box = app.screen.query_one("#path")
            box.value = "plan.md"
            box.focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: (tmp_path / "plan.md").exists())
    finally:
        os.umask(old)
    assert "Why Redis?" in (tmp_path / "plan.md").read_text()
    assert stat.S_IMODE((tmp_path / "plan.md").stat().st_mode) == 0o600
