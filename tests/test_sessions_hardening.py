"""Sessions on a shared machine (issue 10): two processes on one session, a row the app cannot
parse, a CV whose file name is not UTF-8. Each through the store, the real CLI and Pilot."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from _session_data import editor_app, make_result, make_profile, make_session
from conftest import CVS
from textual.widgets import DataTable, Static
from tui_support import make_app, wait_until

from iq_tui.engine.interview.sessions import (
    SessionConflictError,
    SessionDeletedError,
    SessionStore,
    default_db_path,
)
from iq_tui.screens.editor import EditorScreen

LATIN1_NAME = b"R\xe9sum\xe9.pdf"
"""A Latin-1 `Résumé.pdf`, as a zip or a network share leaves it: not UTF-8."""


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command line, in the test's isolated environment (bytes: nothing decoded)."""
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", *args], capture_output=True, check=False
    )


def _status(screen: EditorScreen) -> str:
    return str(screen.query_one("#editor-status", Static).content)


# --- two processes on one session ---------------------------------------------------------------


def test_a_stale_save_is_refused_and_the_other_edits_stay(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with SessionStore(path) as first, SessionStore(path) as second:
        session = make_session(first, 2)
        mine, theirs = first.get(session.id), second.get(session.id)
        theirs.notes = "their notes"
        second.save(theirs)
        mine.notes = "my notes"
        with pytest.raises(SessionConflictError, match="changed elsewhere"):
            first.save(mine)
        assert first.get(session.id).notes == "their notes"
        # what the editor does then: both versions kept
        copy = first.save_copy(mine, "conflicting copy")
        assert copy is mine and copy.id != session.id
        assert first.get(copy.id).notes == "my notes"
        assert first.get(copy.id).title.endswith("(conflicting copy)")
        assert first.get(session.id).notes == "their notes"
        # saving again from a fresh read is fine, and a copy saves like any session
        again = first.get(session.id)
        again.notes = "later"
        first.save(again)
        first.save(again)
        mine.notes = "my notes, more"
        first.save(mine)
        assert second.get(session.id).notes == "later"
        assert second.get(copy.id).notes == "my notes, more"


def test_a_session_deleted_elsewhere_is_not_written_back(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with SessionStore(path) as first, SessionStore(path) as second:
        session = make_session(first, 2)
        held = first.get(session.id)
        second.delete(session.id)
        held.notes = "typed after the delete"
        with pytest.raises(SessionDeletedError, match="deleted elsewhere"):
            first.save(held)
        assert [row.id for row in first.list()] == []


def test_a_rename_elsewhere_also_counts_as_a_change(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with SessionStore(path) as first, SessionStore(path) as second:
        session = make_session(first, 1)
        held = first.get(session.id)
        second.rename(session.id, "Final round")
        with pytest.raises(SessionConflictError):
            first.save(held)
        assert first.get(session.id).title == "Final round"


async def test_editor_keeps_both_versions_when_another_process_saved() -> None:
    with SessionStore(default_db_path()) as store:
        session = make_session(store, 2)
        app = editor_app(store, session.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            with SessionStore(default_db_path()) as other:  # a second iq-tui
                theirs = other.get(session.id)
                theirs.notes = "their notes"
                other.save(theirs)
            await pilot.press("space")  # mark question 1 asked here
            assert screen.save()  # saved: as a copy
            assert screen.session.id != session.id
            await pilot.pause()
            assert "Changed elsewhere" in [n.title for n in app._notifications]
            assert screen.session.id in screen.sub_title
            await pilot.press("down", "space")  # further edits go to the copy
            assert screen.save()
        original, copy = store.get(session.id), store.get(screen.session.id)
    assert original.notes == "their notes" and not original.questions[0].asked
    assert copy.questions[0].asked and copy.questions[1].asked


async def test_a_session_deleted_from_the_cli_stays_deleted_while_the_editor_is_open() -> None:
    with SessionStore(default_db_path()) as store:
        session = make_session(store, 2)
    app = _app_on(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        screen = app.screen
        done = _cli("sessions", "delete", session.id, "-y")
        assert done.returncode == 0, done.stderr
        await pilot.press("space", "N", *"notes after the delete", "escape")
        assert not screen.save()
        assert "deleted elsewhere: not saved" in _status(screen)
        await wait_until(pilot, lambda: "Session deleted" in [n.title for n in app._notifications])
        await pilot.press("down", "space")
        assert not screen.save()
    with SessionStore(default_db_path()) as store:
        assert list(store.list()) == []
    listed = _cli("sessions", "list")
    assert listed.returncode == 0 and session.id.encode() not in listed.stdout


def _app_on(session_id: str):
    """The real app (`iq-tui --session ID`) on the default data dir of the isolated env."""
    from iq_tui.app import create_app

    home = Path(os.environ["HOME"])
    app = create_app(
        settings_path=home / "settings.toml",
        data_dir=default_db_path().parent,
        session_id=session_id,
    )
    app.hand_over_to_editor = False
    return app


# --- a row SQLite accepts but the app cannot parse --------------------------------------------


def _plant_bad_row(path: Path, good_id: str) -> str:
    """A copy of `good_id`'s row with a timestamp no parser reads: another tool wrote it."""
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]
        names = ", ".join(columns)
        picks = ", ".join(
            {"id": "'bad00bad'", "updated_at": "'yesterday'"}.get(c, c) for c in columns
        )
        conn.execute(f"INSERT INTO sessions ({names}) SELECT {picks} FROM sessions WHERE id = ?",
                     (good_id,))
    return "bad00bad"


def test_list_skips_a_row_with_a_bad_timestamp_and_names_it() -> None:
    with SessionStore(default_db_path()) as store:
        good = make_session(store, 2)
        bad = _plant_bad_row(store.path, good.id)
        rows = store.list()
        assert [row.id for row in rows] == [good.id]
        assert len(rows.skipped) == 1 and bad in rows.skipped[0]
        assert "yesterday" in rows.skipped[0] and "\n" not in rows.skipped[0]
        with pytest.raises(Exception, match="cannot be read: bad saved time 'yesterday'"):
            store.get(bad)
    listed = _cli("sessions", "list")
    assert listed.returncode == 0, listed.stderr
    assert good.id.encode() in listed.stdout and bad.encode() not in listed.stdout
    assert b"skipped an unreadable row: session bad00bad" in listed.stderr
    assert b"Traceback" not in listed.stderr
    as_json = _cli("sessions", "list", "--format", "json")
    assert as_json.returncode == 0 and good.id.encode() in as_json.stdout
    shown = _cli("sessions", "show", bad)
    assert shown.returncode == 2 and shown.stderr.count(b"\n") == 1
    assert b"bad saved time" in shown.stderr and b"Traceback" not in shown.stderr


async def test_sessions_screen_shows_the_rest_and_says_one_was_skipped() -> None:
    from iq_tui.screens.sessions import SessionsScreen

    with SessionStore(default_db_path()) as store:
        good = make_session(store, 2)
        _plant_bad_row(store.path, good.id)
    app = _app_on(good.id)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        screen = app.screen

        def status() -> str:
            return str(screen.query_one("#sessions-status", Static).content)

        await wait_until(pilot, lambda: "session(s)" in status())
        status = status()
        assert screen.query_one(DataTable).row_count == 1, status
        assert "1 session(s)" in status and "1 unreadable skipped" in status
        assert "bad00bad" in status


# --- a CV whose file name is not UTF-8 ----------------------------------------------------------


def test_a_latin1_cv_path_is_stored_losslessly(tmp_path: Path) -> None:
    cv = os.fsdecode(bytes(tmp_path) + b"/" + LATIN1_NAME)
    shutil.copy(CVS / "single-column-endash-title-company.pdf", cv)
    with SessionStore(tmp_path / "s.db") as store:
        session = store.create_from_result(make_result(2), make_profile(), cv)
        assert session.cv_sha256  # the file was found through the undecodable name
        session.notes = "saved again"
        store.save(session)
    with SessionStore(tmp_path / "s.db") as store:
        again = store.get(session.id)
    assert again.cv_path == cv and os.fsencode(again.cv_path).endswith(LATIN1_NAME)
    assert Path(again.cv_path).is_file()
    assert again.notes == "saved again"


def test_undecodable_text_in_the_profile_and_questions_round_trips(tmp_path: Path) -> None:
    name = os.fsdecode(LATIN1_NAME)
    result = make_result(1)
    result.questions[0].text = f"About {name}?"
    profile = make_profile().model_copy(update={"warnings": [f"{name}: page 2 is scanned"]})
    with SessionStore(tmp_path / "s.db") as store:
        session = store.create_from_result(result, profile, None)
        again = store.get(session.id)
    assert again.questions[0].text == f"About {name}?"
    assert again.profile.warnings == [f"{name}: page 2 is scanned"]


def _latin1_session() -> tuple[str, str]:
    """A session saved for a CV with the Latin-1 name, as the TUI saves it."""
    cv = os.fsdecode(os.fsencode(Path.cwd()) + b"/" + LATIN1_NAME)
    shutil.copy(CVS / "single-column-endash-title-company.pdf", cv)
    with SessionStore(default_db_path()) as store:
        return store.create_from_result(make_result(2), make_profile(), cv).id, cv


def test_the_cli_shows_and_exports_a_latin1_cv_name_with_replacement(tmp_path: Path) -> None:
    session_id, _ = _latin1_session()
    shown = _cli("sessions", "show", session_id)
    assert shown.returncode == 0, shown.stderr
    assert "R\ufffdsum\ufffd.pdf".encode() in shown.stdout
    listed = _cli("sessions", "list")
    assert listed.returncode == 0 and session_id.encode() in listed.stdout
    target = tmp_path / "plan.json"
    exported = _cli("sessions", "export", session_id, "--format", "json", "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    assert "R\ufffdsum\ufffd.pdf" in target.read_text(encoding="utf-8")
    markdown = _cli("sessions", "export", session_id)
    assert markdown.returncode == 0 and b"Traceback" not in markdown.stderr
    generated = _cli("generate", os.fsdecode(LATIN1_NAME), "--role", "backend-engineer",
                     "--level", "mid", "--type", "hr", "--count", "2", "--provider", "offline")
    assert generated.returncode == 0, generated.stderr


async def test_the_tui_saves_a_plan_for_a_latin1_cv(tmp_path: Path) -> None:
    """The crash of issue 10: pick the CV by its Latin-1 name, generate, the plan is saved."""
    from iq_tui.screens.form import FormScreen
    from iq_tui.screens.generate import GenerateScreen

    cv = os.fsdecode(os.fsencode(Path.cwd()) + b"/" + LATIN1_NAME)
    shutil.copy(CVS / "single-column-endash-title-company.pdf", cv)
    app = make_app(tmp_path, cv=cv)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.pause()
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, GenerateScreen))
        generating = app.screen
        await wait_until(pilot, lambda: generating.result is not None, timeout=60)
        await pilot.pause()
        await pilot.press("e")  # the plan is saved as a session and opens in the editor
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        screen = app.screen
        assert screen.save()
        session_id = screen.session.id
    with SessionStore(tmp_path / "data" / "sessions.db") as store:
        saved = store.get(session_id)
    assert saved.cv_path == cv and len(saved.questions) > 0


def test_undecodable_text_prints_as_one_replacement_character() -> None:
    import io

    from iq_tui.engine.undecodable import displayable, replace_undecodable_on

    name = os.fsdecode(LATIN1_NAME)
    assert displayable(name) == "R\ufffdsum\ufffd.pdf"
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    with pytest.raises(UnicodeEncodeError):
        stream.write(name)
        stream.flush()
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    replace_undecodable_on(stream)
    stream.write(name + " é")
    stream.flush()
    assert stream.buffer.getvalue() == "R\ufffdsum\ufffd.pdf é".encode()
    ascii_only = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    replace_undecodable_on(ascii_only)
    ascii_only.write(name)
    ascii_only.flush()
    assert ascii_only.buffer.getvalue() == b"R?sum?.pdf"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_real_tui_on_a_terminal_shows_the_latin1_name_in_one_cell_each() -> None:
    """Under tmux, the form screen's candidate line: `R�sum�.pdf`, not `R\\udce9sum\\udce9.pdf`."""
    import time

    from test_sessions_sigkill import Tmux

    home = Path(os.environ["HOME"])
    workdir = os.fsencode(Path.cwd())
    shutil.copy(CVS / "single-column-endash-title-company.pdf",
                os.fsdecode(workdir + b"/" + LATIN1_NAME))
    env = "".join(f"export {k}='{os.environ[k]}'\n" for k in (
        "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
        "IQ_TUI_CONFIG", "PATH") if k in os.environ)
    # the script holds the name's raw bytes: nothing on the way decodes it
    script = home / "run.sh"
    script.write_bytes(
        env.encode() + b"export TERM=xterm-256color\ncd '" + workdir + b"'\nexec '"
        + os.fsencode(sys.executable) + b"' -m iq_tui '" + LATIN1_NAME + b"'\n"
    )
    command = f"sh {script}"
    tmux = Tmux(f"iqtest-latin1-{os.getpid()}")
    try:
        tmux.start("a", command)
        text = tmux.wait_for("a", "Candidate:", timeout=40)
        time.sleep(0.5)
        text = tmux.screen("a")
        line = next(row for row in text.splitlines() if "Candidate:" in row)
        assert "R\ufffdsum\ufffd.pdf" in line, text
        assert "\\udce9" not in text
        assert home.exists()
    finally:
        tmux.kill_server()


def test_a_title_another_tool_wrote_in_latin1_is_listed_and_shown_with_replacement() -> None:
    """TEXT that is not UTF-8 (sqlite3 raises on the whole fetch by default)."""
    with SessionStore(default_db_path()) as store:
        good = make_session(store, 1)
        odd = make_session(store, 1)
    with sqlite3.connect(default_db_path()) as conn:
        conn.execute("UPDATE sessions SET title = CAST(x'52e973756de9' AS TEXT) WHERE id = ?",
                     (odd.id,))
    with SessionStore(default_db_path()) as store:
        rows = {row.id: row for row in store.list()}
        assert set(rows) == {good.id, odd.id} and rows[odd.id].title == "R\udce9sum\udce9"
        assert store.get(odd.id).title == "R\udce9sum\udce9"
    listed = _cli("sessions", "list")
    assert listed.returncode == 0, listed.stderr
    assert "R\ufffdsum\ufffd".encode() in listed.stdout
