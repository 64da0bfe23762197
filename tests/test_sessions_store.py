"""The SQLite session store: CRUD, search, durability settings, migration, bad databases."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from _session_data import make_result, make_session

from iq_tui.engine.errors import SessionStoreError
from iq_tui.engine.interview.sessions import (
    SCHEMA_V1,
    SCHEMA_VERSION,
    SessionStore,
    ago,
    default_db_path,
)


@pytest.fixture
def store(tmp_path: Path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def test_default_path_is_under_the_user_data_dir(isolated_env: Path) -> None:
    assert (
        default_db_path()
        == isolated_env / ".local" / "share" / "iq-tui" / "sessions.db"
    )


def test_create_get_roundtrip_with_profile_and_cv_hash(
    store: SessionStore, tmp_path: Path
) -> None:
    cv = tmp_path / "cv.txt"
    cv.write_text("hello")
    session = make_session(store, 3, cv_path=cv)
    assert len(session.id) == 8 and int(session.id, 16) >= 0
    assert (
        session.cv_sha256
        == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    )
    loaded = store.get(session.id)
    assert loaded == session
    assert loaded.profile.text == "Python developer"
    assert [q.text for q in loaded.questions] == [
        q.text for q in make_result(3).questions
    ]
    assert all(len(q.id) == 8 for q in loaded.questions)
    assert len({q.id for q in loaded.questions}) == 3


def test_file_is_private_and_in_wal_mode(store: SessionStore) -> None:
    make_session(store)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_save_persists_edits_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SessionStore(path) as store:
        session = make_session(store, 4)
        before = session.updated_at
        session.questions[1] = session.questions[1].model_copy(
            update={
                "text": "Edited text",
                "asked": True,
                "answer_notes": "knew it well",
            }
        )
        session.notes = "strong candidate"
        store.save(session)
        assert session.updated_at >= before
    with SessionStore(path) as store:
        again = store.get(session.id)
    assert again.questions[1].text == "Edited text"
    assert (
        again.questions[1].asked and again.questions[1].answer_notes == "knew it well"
    )
    assert again.notes == "strong candidate"


def test_list_is_newest_first_and_searches_candidate_role_title(
    store: SessionStore,
) -> None:
    first = make_session(store, 2, name="Ada Lovelace")
    second = make_session(store, 7, name="Grace Hopper")
    store.save(first)  # now the most recently saved
    rows = store.list()
    assert [r.id for r in rows] == [first.id, second.id]
    assert rows[1].question_count == 7 and rows[1].role == "Backend Engineer"
    assert rows[1].candidate == "Grace Hopper" and rows[1].level == "mid"
    assert [r.id for r in store.list("hopper")] == [second.id]
    assert len(store.list("backend")) == 2
    assert store.list("nobody") == []
    assert store.list("100%") == []  # LIKE wildcards in a search are not a crash


def test_get_accepts_a_unique_prefix_and_reports_unknown_ids(
    store: SessionStore,
) -> None:
    session = make_session(store)
    assert store.get(session.id[:5].upper()).id == session.id
    with pytest.raises(SessionStoreError, match="no saved session with id 'zzzzzzzz'"):
        store.get("zzzzzzzz")
    with pytest.raises(SessionStoreError):
        store.get("a")  # too short to be a prefix


def test_rename_duplicate_delete(store: SessionStore) -> None:
    session = make_session(store, 3)
    session.questions[0] = session.questions[0].model_copy(
        update={"asked": True, "answer_notes": "x"}
    )
    session.notes = "Notes on Ada's interview"
    store.save(session)
    store.rename(session.id, "  Final round  ")
    assert store.get(session.id).title == "Final round"
    with pytest.raises(SessionStoreError):
        store.rename(session.id, "   ")
    copy = store.duplicate(session.id, "Grace Hopper")
    assert copy.id != session.id and copy.candidate.name == "Grace Hopper"
    assert "Grace Hopper" in copy.title and copy.cv_path is None
    assert [q.text for q in copy.questions] == [q.text for q in session.questions]
    assert not any(q.asked or q.answer_notes for q in copy.questions)
    assert copy.notes == "" and store.get(session.id).notes  # about the other candidate
    assert {q.id for q in copy.questions}.isdisjoint(q.id for q in session.questions)
    assert store.get(copy.id) == copy
    store.delete(session.id)
    with pytest.raises(SessionStoreError):
        store.get(session.id)
    assert [r.id for r in store.list()] == [copy.id]


def test_to_result_drops_session_only_fields(store: SessionStore) -> None:
    session = make_session(store, 2)
    result = session.to_result()
    dumped = result.model_dump()
    assert dumped["role"]["id"] == "backend-engineer"
    assert "asked" not in dumped["questions"][0] and "id" not in dumped["questions"][0]
    assert result.questions[0].text == session.questions[0].text


def test_ago() -> None:
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert ago(now - timedelta(seconds=3), now) == "just now"
    assert ago(now - timedelta(minutes=3, seconds=5), now) == "3 min ago"
    assert ago(now - timedelta(hours=5), now) == "5 h ago"
    assert ago(now - timedelta(days=1), now) == "1 day ago"
    assert ago(now - timedelta(days=9), now) == "9 days ago"


# --- schema versions and bad databases --------------------------------------------------------


def _make_v1_db(path: Path) -> None:
    """A database exactly as version 1 wrote it (no profile, no asked marks or notes)."""
    conn = sqlite3.connect(path)
    conn.execute(SCHEMA_V1)
    questions = [
        {
            "text": "Old question one",
            "category": "technical",
            "difficulty": "mid",
            "skills": ["Go"],
            "rationale": "r",
            "follow_ups": [],
            "good_answer": "g",
            "source": "offline",
            "grounded": True,
            "id": "q1q1q1q1",
        },
        {
            "text": "Old question two",
            "category": "hr",
            "difficulty": "junior",
            "source": "llm",
            "id": "q2q2q2q2",
        },
    ]
    conn.execute(
        "INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            "0ld5e551",
            "Linus — Backend",
            "Linus",
            "/cvs/linus.pdf",
            "abc",
            json.dumps(
                {
                    "id": "backend-engineer",
                    "name": "Backend Engineer",
                    "category": "backend",
                }
            ),
            "senior",
            "technical",
            json.dumps({"name": "openai", "model": "gpt-4o"}),
            json.dumps(questions),
            "old notes",
            "2025-01-01T10:00:00+00:00",
            "2025-01-02T10:00:00+00:00",
        ),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_migrates_a_version_1_database(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    _make_v1_db(path)
    with SessionStore(path) as store:
        [row] = store.list("backend")
        assert row.question_count == 2 and row.role == "Backend Engineer"
        assert row.candidate == "Linus"
        session = store.get("0ld5e551")
        assert session.candidate.name == "Linus" and session.level == "senior"
        assert session.provider.model == "gpt-4o" and session.notes == "old notes"
        assert [q.id for q in session.questions] == ["q1q1q1q1", "q2q2q2q2"]
        assert (
            session.questions[1].asked is False
            and session.questions[1].answer_notes == ""
        )
        assert session.profile.text == ""
        session.questions[0] = session.questions[0].model_copy(
            update={"answer_notes": "new"}
        )
        store.save(session)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert list(tmp_path.glob("sessions.db.v1-*")), "a copy of the v1 database is kept"
    with SessionStore(path) as store:
        assert store.get("0ld5e551").questions[0].answer_notes == "new"


def test_newer_database_is_reported_backed_up_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SessionStoreError, match="newer iq-tui") as info:
        SessionStore(path)
    assert "copy was kept" in info.value.message and "\n" not in info.value.message
    assert path.read_bytes() == before
    backups = list(tmp_path.glob("sessions.db.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_corrupt_database_is_reported_backed_up_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    junk = b"this is not an sqlite database, just junk " * 200
    path.write_bytes(junk)
    with pytest.raises(SessionStoreError, match="damaged"):
        SessionStore(path)
    assert path.read_bytes() == junk
    [backup] = tmp_path.glob("sessions.db.corrupt-*")
    assert backup.read_bytes() == junk


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SessionStoreError, match="cannot create"):
        SessionStore(blocker / "sub" / "sessions.db")
