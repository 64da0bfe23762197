"""The form's job-description field: keyboard only, path completion, the count of
requirements or the one-line reason, and the plan aimed at the JD it read."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_support import make_app, wait_until

from jd_scoring import JDS
from iq_tui.engine.reading.extract import extract_profile
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen
from iq_tui.widgets.render import question_text

CV = JDS / "cv-backend.md"


def _note(form: FormScreen) -> str:
    note = form.query_one("#jd-note", Static)
    return str(note.render()) if note.display else ""


async def _form(app, pilot) -> FormScreen:
    await app.switch_screen(FormScreen(extract_profile(CV), CV))
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def test_the_field_reads_a_jd_and_says_how_many_requirements(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot)
        assert _note(form) == ""
        form.query_one("#jd").focus()
        await pilot.press(*f"{JDS}/sre-q")
        await pilot.pause()
        await pilot.press("tab")  # takes the completion shown, as the CV picker's box does
        assert form.query_one("#jd", Input).value == f"{JDS}/sre-qualifications.pdf"
        await pilot.press("enter")
        await wait_until(pilot, lambda: _note(form).startswith("✓"))
        assert _note(form) == "✓ 7 requirements (4 must-have: 1 shown, 3 only named)"
        assert form.job is not None and len(form.job.requirements) == 7
        # another path forgets the JD read before, and a bad one says why in one line
        await pilot.press("backspace")
        assert form.job is None and _note(form) == ""
        form.query_one("#jd", Input).value = str(tmp_path / "missing.pdf")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _note(form).startswith("✗"))
        assert _note(form) == "✗ missing.pdf does not exist"
        assert form.job is None


async def test_an_unfair_jd_is_said_on_the_form(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot)
        form.query_one("#jd").focus()
        form.query_one("#jd", Input).value = str(JDS / "ml-youhave.docx")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _note(form).startswith("✓"))
        assert _note(form).endswith("⚠ 2 unfair lines left out of the plan")


async def test_generate_reads_the_jd_typed_then_aims_the_plan(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot)
        form.query_one("#count", Input).value = "10"
        form.query_one("#jd", Input).value = str(JDS / "backend-bullets.md")
        await pilot.press("ctrl+g")  # not read yet: read first, then generate
        await wait_until(pilot, lambda: isinstance(app.screen, GenerateScreen))
        screen = app.screen
        assert isinstance(screen, GenerateScreen)
        await wait_until(pilot, lambda: screen.result is not None)
        result = screen.result
        assert [r.text for r in result.requirements][:2] == [
            "5+ years of professional software development experience",
            "Strong Python and Django experience",
        ]
        aimed = [q for q in result.questions if q.requirement]
        # the must-haves in the JD's order (its years, shown, and its degree get none)
        assert [q.requirement for q in aimed][:4] == [
            "Strong Python and Django experience",
            "Experience designing REST APIs used by external clients",
            "Solid knowledge of PostgreSQL, including query tuning",
            "Experience with Kafka or another event streaming platform",
        ]
        assert "Job requirement: Strong Python and Django experience" in question_text(
            0, aimed[0]).plain


async def test_a_bad_jd_stops_generate_on_the_form(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    bad = tmp_path / "jd.txt"
    bad.write_text("We are a bakery. Come in.")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot)
        form.query_one("#jd", Input).value = str(bad)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: _note(form).startswith("✗"))
        assert "jd.txt holds no requirements" in _note(form)
        assert app.screen is form
