"""Pilot walks through the whole TUI: pick a real CV, fill the form, generate, export."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from conftest import CVS
from tui_support import PROFILE, make_app, screen_text, wait_until

from iq_tui.engine.planning.events import Done, FellBack, QuestionReady, Retrying, Status
from iq_tui.engine.models import Question
from iq_tui.screens.confirm import ConfirmScreen
from iq_tui.screens.export import ExportScreen
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen
from iq_tui.screens.picker import PickerScreen

CV = CVS / "single-column-endash-title-company.pdf"


@pytest.fixture
def fake_cv(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests about the later screens: a fixed profile instead of a real extraction."""
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: PROFILE)


async def _pick(pilot, path: Path) -> PickerScreen:
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    await pilot.press("slash")
    pilot.app.screen.query_one("#path").value = str(
        path
    )  # typing it key by key is slow
    await pilot.press("enter")
    await wait_until(
        pilot, lambda: picker.profile is not None or "✗" in screen_text(pilot.app)
    )
    return picker


async def _to_results(pilot, role_filter: str = "") -> GenerateScreen:
    """From a loaded CV to a finished plan; the first role in the list is Backend Engineer."""
    await pilot.press("n")
    assert isinstance(pilot.app.screen, FormScreen)
    await pilot.press(*role_filter, "ctrl+g")
    screen = pilot.app.screen
    assert isinstance(screen, GenerateScreen)
    await wait_until(pilot, lambda: screen.result is not None or screen.failed)
    await pilot.pause()
    return screen


async def test_whole_flow_offline_and_export(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await _pick(pilot, CV)
        assert picker.profile is not None, screen_text(app)
        shown = screen_text(app).casefold()
        assert "whitfield" in shown and "dana.whitfield@example.com" in shown
        assert app.recent.load() == [CV.resolve()]

        screen = await _to_results(pilot, "backend")
        assert screen.result is not None and not screen.failed
        assert screen.result.role.id == "backend-engineer"
        assert screen.result.provider.name == "offline"
        assert len(screen.questions) == 4
        assert screen.questions[0].text[:40] in screen_text(app)

        await pilot.press("s")
        export = app.screen
        assert isinstance(export, ExportScreen)
        await pilot.press("j")
        target = Path.cwd() / Path(export.query_one("#path").value).name
        assert target.suffix == ".json" and "backend-engineer" in target.name
        await pilot.press("s")
        await wait_until(pilot, lambda: target.exists())
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["role"]["id"] == "backend-engineer"
        assert [q["text"] for q in data["questions"]] == [
            q.text for q in screen.questions
        ]

        # Saving again asks first; "n" keeps the file as it was, "y" overwrites.
        target.write_text("keep me", encoding="utf-8")
        await pilot.press("s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("m", "s")
        md = target.with_suffix(".md")
        await wait_until(pilot, lambda: md.exists())
        assert screen.questions[0].text in md.read_text(encoding="utf-8")

        await pilot.press("c")
        assert (
            app.clipboard.startswith("#") or screen.questions[0].text in app.clipboard
        )
        await pilot.press("escape")
        assert app.screen is screen


async def test_cv_argument_skips_the_picker(tmp_path: Path) -> None:
    app = make_app(tmp_path, cv=str(CV))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.pause()
        assert "whitfield" in screen_text(app).casefold()


async def test_bad_file_shows_reason_in_place(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await _pick(pilot, bad)
        assert picker.profile is None
        assert isinstance(app.screen, PickerScreen)
        assert "✗" in screen_text(app)
        assert "Traceback" not in screen_text(app)
        await pilot.press("n")  # "next" is disabled without a profile
        assert isinstance(app.screen, PickerScreen)


def _question(n: int) -> Question:
    return Question(
        text=f"Question number {n}?",
        category="technical",
        difficulty="mid",
        source="llm",
    )


async def test_cancel_keeps_what_arrived(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_cv: None
) -> None:
    release = asyncio.Event()

    async def slow_generate(request, settings):
        yield Status("streaming from openai", provider="openai", model="gpt-test")
        yield QuestionReady(0, _question(1))
        yield QuestionReady(1, _question(2))
        await release.wait()  # never set: the user cancels first
        yield QuestionReady(2, _question(3))

    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", slow_generate)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: len(screen.questions) == 2)
        assert screen.running
        await wait_until(pilot, lambda: "esc Stop" in screen_text(app))  # the footer follows a frame later
        await pilot.press("escape")
        await wait_until(pilot, lambda: not screen.running)
        assert screen.cancelled and app.screen is screen
        await pilot.pause()
        assert "cancelled — kept 2 questions" in screen_text(app)
        assert "esc Back" in screen_text(app)  # the same key now leaves the view
        assert screen.result is not None
        assert [q.text for q in screen.result.questions] == [
            "Question number 1?",
            "Question number 2?",
        ]
        assert screen.result.provider.model == "gpt-test"
        await pilot.press("escape")  # not running any more: back to the form
        assert isinstance(app.screen, FormScreen)


async def test_retry_and_fallback_are_stated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_cv: None
) -> None:
    from iq_tui.engine.models import ProviderInfo
    from iq_tui.flow import partial_result

    async def flaky_generate(request, settings):
        yield Status(
            "connecting to openai (gpt-test)", provider="openai", model="gpt-test"
        )
        yield Retrying(2, 3, "OpenAI rate limit (429)")
        yield FellBack("OpenAI rate limit (429) after 3 attempts")
        yield QuestionReady(0, _question(1))
        info = ProviderInfo(
            name="openai",
            model="gpt-test",
            used_fallback=True,
            fallback_reason="OpenAI rate limit (429) after 3 attempts",
        )
        yield Done(partial_result(request, [_question(1)], info))

    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", flaky_generate)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick(pilot, CV)
        screen = await _to_results(pilot)
        text = screen_text(app)
        assert (
            "Fell back to the offline generator: OpenAI rate limit (429) after 3 attempts"
            in text
        )
        assert "1 question from openai (gpt-test) and the offline generator" in text
        assert screen.fallback_reason == "OpenAI rate limit (429) after 3 attempts"


async def test_generation_error_is_a_notification_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_cv: None
) -> None:
    async def broken_generate(request, settings):
        yield QuestionReady(0, _question(1))
        raise RuntimeError("boom")

    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", broken_generate)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick(pilot, CV)
        screen = await _to_results(pilot)
        assert screen.failed and app.is_running
        assert "Unexpected error: RuntimeError: boom" in screen_text(app)
        assert screen.result is not None and len(screen.result.questions) == 1


async def test_finished_plan_opens_in_the_editor(tmp_path: Path, fake_cv: None) -> None:
    from iq_tui.screens.editor import EditorScreen

    app = make_app(tmp_path)
    app.hand_over_to_editor = True
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n", "ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert (tmp_path / "data" / "sessions.db").exists()
        await pilot.press("escape")
        assert isinstance(app.screen, GenerateScreen)
        await pilot.press("e")  # the same session again, not a second copy
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert len(app.session_store().list()) == 1


async def test_custom_role_typed_in(tmp_path: Path, fake_cv: None) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick(pilot, CV)
        screen = await _to_results(pilot, "Chief Vibes Officer")
        assert screen.result is not None
        assert screen.result.role.name == "Chief Vibes Officer"
        assert "Chief Vibes Officer" in screen_text(app)


async def test_session_argument_opens_the_editor(tmp_path: Path) -> None:
    from iq_tui.engine.planning.generation import GenerationRequest
    from iq_tui.engine.models import ProviderInfo, Role
    from iq_tui.engine.interview.sessions import SessionStore
    from iq_tui.flow import partial_result
    from iq_tui.screens.editor import EditorScreen

    role = Role(id="backend-engineer", name="Backend Engineer", category="backend")
    request = GenerationRequest(PROFILE, role, "mid", "technical", count=1)
    result = partial_result(request, [_question(1)], ProviderInfo(name="offline"))
    session = SessionStore(tmp_path / "data" / "sessions.db").create_from_result(
        result, PROFILE, "jane.pdf"
    )
    app = make_app(tmp_path)
    app.session_id = session.id
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert "Question number 1?" in screen_text(app)


async def test_quitting_does_not_wait_for_a_slow_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    release, started, finished = threading.Event(), threading.Event(), threading.Event()

    def stuck_extract(path, settings):
        started.set()
        release.wait(30)  # only a fail-safe: the test releases it at the end
        finished.set()
        return PROFILE

    monkeypatch.setattr("iq_tui.flow.extract_cv", stuck_extract)
    app = make_app(tmp_path, cv=str(CV))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, started.is_set)
        assert "Reading" in screen_text(app)
    assert not finished.is_set()  # the app closed without waiting for the extraction
    release.set()


async def test_form_says_when_the_offline_generator_will_write_the_plan(
    tmp_path: Path, fake_cv: None
) -> None:
    from textual.widgets import Select, Static

    from iq_tui.engine.settings.layers import set_setting

    app = make_app(tmp_path, settings='[llm]\nprovider = "openai"\ncount = 2\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.pause()
        note = form.query_one("#provider-note", Static)
        assert str(note.content) == (
            "No OpenAI API key configured: the offline generator will write this plan."
            " F2 to add one."
        )
        assert note.display and "No OpenAI API key configured" in screen_text(app)
        provider = form.query_one("#provider", Select)
        assert ("Offline (built-in)", "offline") in provider._options
        provider.value = "offline"  # offline on purpose: nothing to warn about
        await pilot.pause()
        assert not note.display and "API key configured" not in screen_text(app)
        provider.value = "anthropic"
        await pilot.pause()
        assert "No Anthropic API key configured" in screen_text(app)

        # a key added in the settings counts when the form is back
        await pilot.press("f2")
        set_setting(app.settings_path, "anthropic.api_key", "sk-test-0123456789")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form)
        await pilot.pause()
        assert not note.display and "API key configured" not in screen_text(app)


async def test_form_says_when_the_level_chosen_is_far_from_the_cv(
    tmp_path: Path, fake_cv: None
) -> None:
    """A senior engineer of eight years asked for a junior plan: the form says so before
    generating (the plan's `warnings` say it too); a level near the CV says nothing."""
    from textual.widgets import Select, Static

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.pause()
        note = form.query_one("#level-note", Static)
        level = form.query_one("#level", Select)
        assert level.value == "senior" and not note.display
        level.value = "junior"
        await pilot.pause()
        expected = (
            "The CV shows about 7.5 years of work (latest title: Senior Backend Engineer), "
            "which reads as senior, not junior."
        )
        assert note.display and str(note.content) == expected
        shown = screen_text(app)  # wrapped in the options column
        assert "The CV shows about 7.5 years of work" in shown and "as senior, not junior." in shown
        level.value = "mid"
        await pilot.pause()
        assert not note.display and "reads as" not in screen_text(app)


async def test_new_questions_scroll_into_view_unless_you_scrolled_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_cv: None
) -> None:
    from textual.containers import VerticalScroll

    feed: asyncio.Queue[Question | None] = asyncio.Queue()

    async def fed_generate(request, settings):
        yield Status("streaming from openai", provider="openai", model="gpt-test")
        index = 0
        while (question := await feed.get()) is not None:
            yield QuestionReady(index, question)
            index += 1

    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", fed_generate)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        box = screen.query_one("#questions", VerticalScroll)
        for n in range(1, 9):  # one by one, as a stream delivers them
            feed.put_nowait(_question(n))
            await wait_until(pilot, lambda n=n: len(screen.questions) == n)
            await pilot.pause(0.05)
            if n == 2:  # two short cards fit: they start at the top, no blank lines above
                assert box.max_scroll_y == 0 and box.scroll_y == 0
        assert box.max_scroll_y > 0 and box.scroll_y == box.max_scroll_y
        assert "Question number 8?" in screen_text(app)
        box.focus()  # the interviewer goes back to read the first
        await pilot.press("home")
        await wait_until(pilot, lambda: box.scroll_y == 0)  # the scroll home may animate
        feed.put_nowait(_question(9))
        await wait_until(pilot, lambda: len(screen.questions) == 9)
        await pilot.pause(0.2)
        assert box.scroll_y == 0 and "Question number 1?" in screen_text(app)
        feed.put_nowait(None)


async def test_form_header_of_a_cv_without_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No name found: the header says so once, not the file name twice."""
    nameless = PROFILE.model_copy(update={"name": None})
    monkeypatch.setattr("iq_tui.flow.extract_cv", lambda path, settings: nameless)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        header = str(app.screen.query_one("#candidate").render())
        assert header == f"Candidate: (no name found)  ·  {CV.name}"


async def test_export_with_a_very_long_custom_role_saves_under_a_short_name(
    tmp_path: Path, fake_cv: None
) -> None:
    """A 240-character role made a 260-byte file name: OSError, traceback, the app gone."""
    role = "Principal Distributed Systems Reliability Engineer " * 5  # ~255 characters
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n")
        app.screen.query_one("#filter").value = role
        await pilot.press("ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None)
        await pilot.press("s")
        export = app.screen
        assert isinstance(export, ExportScreen)
        await pilot.press("s")
        await wait_until(pilot, lambda: export.saved_to is not None)
        saved = export.saved_to
        assert saved.exists() and len(saved.name.encode()) <= 255
        assert saved.name.startswith("jane-roe-principal-distributed")

        # a name the user types that no file system takes is one line, not a crash
        export.query_one("#path").value = "x" * 300 + ".md"
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running and app.screen is export
        assert "cannot write" in screen_text(app) and "too long" in screen_text(app)


async def test_live_view_after_the_editor_shows_and_exports_the_edited_session(
    tmp_path: Path, fake_cv: None
) -> None:
    """Esc from the editor showed the plan as first generated, and s/c there exported it
    without the added question, the asked marks or the notes."""
    from iq_tui.screens.editor import EditorScreen

    app = make_app(tmp_path)
    app.hand_over_to_editor = True
    async with app.run_test(size=(100, 30)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n", "ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.press("space", "n", *"What did the outage teach you?", "ctrl+s")
        await pilot.press("N", *"calm, precise", "escape", "escape")
        live = app.screen
        assert isinstance(live, GenerateScreen)
        await pilot.pause()
        assert "What did the outage teach you?" in screen_text(app)
        await pilot.press("c")
        assert "What did the outage teach you?" in app.clipboard
        assert "- [x] 1." in app.clipboard and "calm, precise" in app.clipboard
        await pilot.press("s")
        export = app.screen
        assert isinstance(export, ExportScreen)
        text = export._text()
        assert "What did the outage teach you?" in text and "calm, precise" in text


async def test_ctrl_q_mid_stream_saves_what_arrived_as_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_cv: None
) -> None:
    from iq_tui.engine.interview.sessions import SessionStore

    release = asyncio.Event()

    async def slow_generate(request, settings):
        yield Status("streaming from openai", provider="openai", model="gpt-test")
        yield QuestionReady(0, _question(1))
        yield QuestionReady(1, _question(2))
        await release.wait()  # never set: the user quits first
        yield QuestionReady(2, _question(3))

    monkeypatch.setattr("iq_tui.engine.planning.generation.generate", slow_generate)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _pick(pilot, CV)
        await pilot.press("n", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: len(screen.questions) == 2)
        footer = screen_text(app).splitlines()[-1]
        assert "Edit" not in footer and "Export" not in footer  # nothing to act on yet
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    with SessionStore(tmp_path / "data" / "sessions.db") as store:
        (row,) = store.list()
        kept = store.get(row.id)
    assert [q.text for q in kept.questions] == ["Question number 1?", "Question number 2?"]
    assert kept.provider.model == "gpt-test"
