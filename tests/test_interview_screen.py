"""Pilot tests of interview mode: rating keys, notes, the timer (a fake clock), next/previous,
skip, the summary and its recommendation, and leaving (esc, ctrl+q) without losing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from _session_data import editor_app, make_session
from textual.widgets import Static, TextArea

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.screens.editor import EditorScreen
from iq_tui.screens.interview import InterviewScreen


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path):
    with SessionStore(tmp_path / "sessions.db") as s:
        yield s


def shown(screen: InterviewScreen, selector: str) -> str:
    """The widget's text as drawn on screen, line by line."""
    widget = screen.query_one(selector, Static)
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def status(screen: InterviewScreen) -> str:
    screen._show_status()
    return str(screen.query_one("#interview-status", Static).content)


async def open_interview(pilot, clock: FakeClock | None = None, start: int = 0) -> InterviewScreen:
    editor = pilot.app.screen
    assert isinstance(editor, EditorScreen)
    for _ in range(start):
        await pilot.press("down")
    if clock is None:
        await pilot.press("i")  # the editor's key
    else:
        editor.open_interview(clock)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


async def test_keys_1_to_4_rate_with_anchors_on_screen_and_0_clears(store: SessionStore) -> None:
    session = make_session(store, 3)
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot)
        anchors = shown(screen, "#anchors")
        assert "strong yes" in anchors and "good answer 0" in anchors and "strong no" in anchors
        for key, rating in (("4", 4), ("1", 1), ("3", 3)):
            await pilot.press(key)
            assert screen.question.rating == rating
        assert screen.question.asked
        assert "3 yes" in status(screen)
        await pilot.press("0")
        assert screen.question.rating is None
        await pilot.press("2", "backspace")
        assert screen.question.rating is None
        await pilot.press("2", "escape")
        assert isinstance(pilot.app.screen, EditorScreen)
    saved = store.get(session.id).questions[0]
    assert saved.rating == 2 and saved.asked


async def test_rating_keys_type_into_the_notes_while_they_have_focus(store: SessionStore) -> None:
    session = make_session(store, 2)
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot)
        await pilot.press("enter")
        assert isinstance(screen.focused, TextArea) and screen.focused.id == "answer-notes"
        await pilot.press("3", "1", "space", "n", "p", "s", "0", "backspace", "4")
        await pilot.pause()
        assert screen.question.rating is None
        assert screen.question.answer_notes == "31 nps4"
        assert screen.index == 0  # n, p and s typed, not run
        await pilot.press("escape")  # out of the box, not out of the mode
        assert isinstance(pilot.app.screen, InterviewScreen)
        await pilot.press("4")
        assert screen.question.rating == 4 and screen.question.answer_notes == "31 nps4"


async def test_timer_uses_the_injected_clock_and_time_accumulates(store: SessionStore) -> None:
    session = make_session(store, 3)
    clock = FakeClock()
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot, clock)
        assert "⏱ 0:00" in status(screen)
        clock.now += 75
        assert "⏱ 1:15" in status(screen) and "1:15 in all" in status(screen)
        await pilot.press("n")  # 75 s: it was asked
        q0 = screen.host.editor.questions[0]
        assert q0.seconds == 75 and q0.asked and q0.rating is None
        clock.now += 4
        await pilot.press("n")  # 4 s on Q2: passed over, not asked
        q1 = screen.host.editor.questions[1]
        assert q1.seconds == 4 and not q1.asked
        await pilot.press("p", "p")
        assert screen.index == 0 and "⏱ 1:15" in status(screen)
        clock.now += 20
        assert "⏱ 1:35" in status(screen) and "1:39 in all" in status(screen)
        await pilot.press("s")  # skip: the time counts, the mark does not change
        assert screen.host.editor.questions[0].seconds == 95
        assert screen.index == 1
        clock.now += 30
        await pilot.press("s")
        q1 = screen.host.editor.questions[1]
        assert q1.seconds == 34 and not q1.asked  # skipped after 30 s: still not asked
        await pilot.press("escape")
    saved = store.get(session.id).questions
    assert [q.seconds for q in saved] == [95, 34, 0]


async def test_next_previous_and_summary_with_a_recommendation_and_notes(
    store: SessionStore,
) -> None:
    session = make_session(store, 3)
    session.notes = "Met at 10."
    session.questions = [
        q.model_copy(update={"competency": c}) for q, c in
        zip(session.questions, ["API design", "ownership", "API design"])
    ]
    store.save(session)
    clock = FakeClock()
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot, clock)
        await pilot.press("4", "n", "n", "2")
        assert screen.index == 2
        await pilot.press("p")
        assert screen.index == 1 and "Q2/3" in status(screen)
        await pilot.press("n", "n")  # past the last question: the summary
        assert screen.in_summary
        table = shown(screen, "#summary-table")
        assert "API design" in table and "3.0" in table and "ownership" in table
        assert "–" in table  # ownership: nothing rated
        assert "Not asked: Q2" in shown(screen, "#summary-open")
        assert "none" in shown(screen, "#recommendation")
        assert screen.query_one("#session-notes", TextArea).text == "Met at 10."
        await pilot.press("3")
        assert screen.session.recommendation == "yes"
        # the ratings stay as they were: 1-4 here is the recommendation
        assert [q.rating for q in screen.host.editor.questions] == [4, None, 2]
        await pilot.press("0")
        assert screen.session.recommendation is None
        await pilot.press("1")
        await pilot.press("enter", "end", "space", "2", "n", "d")
        await pilot.pause()
        assert screen.session.notes == "Met at 10. 2nd"
        assert screen.session.recommendation == "strong_no"
        await pilot.press("escape", "p")
        assert not screen.in_summary and screen.index == 2
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, EditorScreen)
    saved = store.get(session.id)
    assert saved.recommendation == "strong_no" and saved.notes == "Met at 10. 2nd"
    assert [q.rating for q in saved.questions] == [4, None, 2]


async def test_escape_right_after_typing_keeps_notes_time_and_rating(store: SessionStore) -> None:
    session = make_session(store, 2)
    clock = FakeClock()
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot, clock, start=1)
        await pilot.press("3", "enter", *"fine")
        clock.now += 42
        await pilot.press("escape", "escape")  # out of the notes, then out of the mode
        assert isinstance(pilot.app.screen, EditorScreen)
        # the editor shows what interview mode did
        assert "rated 3" in str(pilot.app.screen.query_one("#detail", Static).content)
    saved = store.get(session.id).questions[1]
    assert (saved.rating, saved.answer_notes, saved.seconds, saved.asked) == (3, "fine", 42, True)


async def test_quitting_from_interview_mode_saves_notes_and_time(tmp_path: Path) -> None:
    from iq_tui.app import create_app

    data_dir = tmp_path / "data"
    with SessionStore(data_dir / "sessions.db") as store:
        session = make_session(store, 2)
    app = create_app(settings_path=tmp_path / "settings.toml", data_dir=data_dir,
                     session_id=session.id)
    clock = FakeClock()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_interview(pilot, clock)
        await pilot.press("enter", *"typed then quit")
        clock.now += 12
        await pilot.press("ctrl+q")
    with SessionStore(data_dir / "sessions.db") as store:
        saved = store.get(session.id).questions[0]
    assert saved.answer_notes == "typed then quit" and saved.seconds == 12


def real_app(home: Path, count: int):
    """The real app (`iq-tui --session ID`, with its command palette) on a new session."""
    from iq_tui.app import create_app

    with SessionStore(home / "data" / "sessions.db") as store:
        session = make_session(store, count)
    return create_app(settings_path=home / "settings.toml", data_dir=home / "data",
                      session_id=session.id)


async def until_editor(pilot) -> None:
    for _ in range(100):
        if isinstance(pilot.app.screen, EditorScreen):
            return
        await pilot.pause(0.05)
    raise AssertionError("the editor did not open")


async def test_interview_mode_is_in_the_editors_palette_and_footer(tmp_path: Path) -> None:
    from textual.command import CommandList
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    async with real_app(tmp_path, 2).run_test(size=(80, 24)) as pilot:
        await until_editor(pilot)
        await pilot.pause()
        keys = pilot.app.screen.query_one(Footer).query(FooterKey)
        assert ("i", "Interview") in {(k.key, k.description) for k in keys}
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        entries = pilot.app.screen.query_one(CommandList)
        prompts = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
        interview = next(p for p in prompts if p.startswith("Interview\n"))
        assert interview.startswith("Interview\ni")  # with its key


async def test_the_palette_in_interview_mode_offers_rating_then_recommending(
    tmp_path: Path,
) -> None:
    from textual.command import CommandList

    async with real_app(tmp_path, 1).run_test(size=(80, 24)) as pilot:
        await until_editor(pilot)
        screen = await open_interview(pilot, FakeClock())

        async def titles() -> set[str]:
            await pilot.press("ctrl+p")
            await pilot.pause(0.5)
            entries = pilot.app.screen.query_one(CommandList)
            found = {str(entries.get_option_at_index(i).prompt).splitlines()[0]
                     for i in range(entries.option_count)}
            await pilot.press("escape")
            await pilot.pause()
            return found

        during = await titles()
        assert {"Rate 1", "Rate 4", "Next", "Skip", "Guide", "Finish", "Leave"} <= during
        assert "Recommend strong yes" not in during
        await pilot.press("f")
        assert screen.in_summary
        after = await titles()
        assert {"Recommend strong no", "Recommend strong yes", "Previous"} <= after
        assert "Rate 1" not in after and "Skip" not in after


async def test_a_plan_with_no_questions_opens_on_the_summary(store: SessionStore) -> None:
    session = make_session(store, 1)
    session.questions = []
    store.save(session)
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot, FakeClock())
        assert screen.in_summary and "0 of 0 asked" in shown(screen, "#summary-head")
        await pilot.press("2", "escape")
        assert isinstance(pilot.app.screen, EditorScreen)
    assert store.get(session.id).recommendation == "no"


async def test_a_save_elsewhere_meanwhile_is_kept_and_the_rating_goes_to_a_copy(
    store: SessionStore, tmp_path: Path
) -> None:
    """The store's revision check holds in interview mode: nothing another process saved is
    overwritten; the interviewer's rating lands in a conflicting copy, as the editor does."""
    session = make_session(store, 2)
    async with editor_app(store, session.id).run_test(size=(80, 24)) as pilot:
        screen = await open_interview(pilot, FakeClock())
        with SessionStore(tmp_path / "sessions.db") as other:  # another iq-tui or the CLI
            theirs = other.get(session.id)
            theirs.notes = "written in the other terminal"
            other.save(theirs)
        await pilot.press("3")
        assert screen.host.save()
        copy_id = screen.session.id
        await pilot.press("escape")
    assert copy_id != session.id
    original = store.get(session.id)
    assert original.notes == "written in the other terminal"
    assert original.questions[0].rating is None
    copy = store.get(copy_id)
    assert copy.questions[0].rating == 3 and copy.title.endswith("(conflicting copy)")


async def test_quitting_from_the_summary_keeps_the_session_notes(tmp_path: Path) -> None:
    app = real_app(tmp_path, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_editor(pilot)
        await open_interview(pilot, FakeClock())
        await pilot.press("f", "4", "enter", *"decided")
        await pilot.press("ctrl+q")
    with SessionStore(tmp_path / "data" / "sessions.db") as store:
        [row] = store.list()
        saved = store.get(row.id)
    assert saved.notes == "decided" and saved.recommendation == "strong_yes"
