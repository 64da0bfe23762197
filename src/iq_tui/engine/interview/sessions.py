"""Saved interview sessions in SQLite (stdlib `sqlite3`, WAL mode).

The schema has a version (`PRAGMA user_version`) and a migration path: each step in
`_MIGRATIONS` takes the database from version N to N+1 inside one transaction. A database
from a newer iq-tui, or one that SQLite cannot read, is reported as `SessionStoreError`
after a copy is made beside it (`sessions.db.corrupt-<timestamp>`); it is never replaced.

Several iq-tui processes may hold one session (two terminals, the CLI): each row has a
`revision`, and `save` writes only over the revision it read (`SessionConflictError` when
another process saved since; `SessionDeletedError` when it was deleted, which stays so).

Text is stored losslessly even when it holds undecodable bytes (a Latin-1 file name decoded
by Python with surrogateescape): such a string goes in as a BLOB of its original bytes and
comes back as the same string; JSON columns escape it. A row that cannot be parsed is skipped
by `list` (and named in its `skipped`), never the end of the listing.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, Field, ValidationError

from iq_tui.engine.errors import SessionStoreError
from iq_tui.engine.models import (
    CandidateProfile,
    CandidateRef,
    GenerationResult,
    InterviewType,
    Level,
    ProviderInfo,
    Question,
    Requirement,
    RoleRef,
)

SCHEMA_VERSION = 5

Recommendation = Literal["strong_no", "no", "yes", "strong_yes"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("strong_no", "no", "yes", "strong_yes")
"""The interviewer's overall call, weakest first: always chosen by a person, never computed."""


class SessionConflictError(SessionStoreError):
    """Another process saved this session after it was read: saving would lose its edits."""

    title = "Changed elsewhere"


class SessionDeletedError(SessionStoreError):
    """The session was deleted (by the CLI or another iq-tui) after it was read."""

    title = "Session deleted"


def new_id() -> str:
    """A short id a user can type: 8 hex characters."""
    return secrets.token_hex(4)


def utcnow() -> datetime:
    return datetime.now(UTC)


class SessionQuestion(Question):
    """A question inside a session: it has an id, an asked mark, the candidate's answer notes,
    the interviewer's rating and the time spent on it."""

    id: str = Field(default_factory=new_id)
    asked: bool = False
    answer_notes: str = ""
    edited: bool = False
    """Changed by hand since it was generated."""
    rating: int | None = Field(default=None, ge=1, le=4)
    """1 strong no, 2 no, 3 yes, 4 strong yes; None while unrated."""
    seconds: float = Field(default=0.0, ge=0)
    """Time spent on this question in interview mode, over every visit."""

    def unasked_copy(self) -> SessionQuestion:
        """The same question, new id, as if never asked (no notes, rating or time)."""
        return self.model_copy(
            update={"id": new_id(), "asked": False, "answer_notes": "", "rating": None,
                    "seconds": 0.0}
        )


class InterviewSession(BaseModel):
    """One interview plan as the user edits and runs it."""

    id: str = Field(default_factory=new_id)
    title: str = ""
    candidate: CandidateRef = Field(default_factory=CandidateRef)
    cv_path: str | None = None
    cv_sha256: str | None = None
    role: RoleRef
    level: Level
    interview_type: InterviewType
    provider: ProviderInfo = Field(default_factory=lambda: ProviderInfo(name="offline"))
    questions: list[SessionQuestion] = Field(default_factory=list)
    notes: str = ""
    recommendation: Recommendation | None = None
    """The interviewer's overall call at the end of the interview (None until made)."""
    profile: CandidateProfile = Field(default_factory=CandidateProfile)
    """The extracted CV, kept so one question can be regenerated after reopening."""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=0, exclude=True)
    """The store's revision this copy was read at (or last saved as); not exported."""
    requirements: list[Requirement] = Field(default_factory=list)
    """The job description's requirements as matched against this CV (`generate --jd`)."""

    def to_result(self) -> GenerationResult:
        """The session as a plan in the contract's shape (for `export.to_markdown/to_json`)."""
        return GenerationResult(
            role=self.role,
            level=self.level,
            interview_type=self.interview_type,
            candidate=self.candidate,
            provider=self.provider,
            questions=[Question.model_validate(q.model_dump()) for q in self.questions],
            requirements=list(self.requirements),
        )


class SessionSummary(BaseModel):
    """A row of the sessions list."""

    id: str
    title: str
    candidate: str
    role: str
    level: str
    interview_type: str
    question_count: int
    created_at: datetime
    updated_at: datetime


class SessionListing(list[SessionSummary]):
    """`SessionStore.list`'s rows; `skipped` names each row that could not be read, and why."""

    def __init__(self, rows: list[SessionSummary], skipped: list[str]) -> None:
        super().__init__(rows)
        self.skipped = skipped


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("iq-tui") / "sessions.db"


def file_sha256(path: str | os.PathLike[str] | None) -> str | None:
    """The file's SHA-256 in hex, or None when there is no readable file."""
    if not path:
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def ago(moment: datetime, now: datetime | None = None) -> str:
    """'just now', '3 min ago', '2 h ago', '5 days ago' — for 'saved ...' labels."""
    seconds = int(((now or utcnow()) - moment).total_seconds())
    if seconds < 10:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day ago" if days == 1 else f"{days} days ago"


# --- schema -----------------------------------------------------------------------------------

SCHEMA_V1 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    candidate TEXT NOT NULL,
    cv_path TEXT,
    cv_sha256 TEXT,
    role_json TEXT NOT NULL,
    level TEXT NOT NULL,
    interview_type TEXT NOT NULL,
    provider_json TEXT NOT NULL,
    questions_json TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""
"""Version 1: one row per session; `candidate` is the name, questions a JSON array."""


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2: the profile (for regenerate), and denormalized role name / question count
    columns so the list and its search need not parse every session's JSON."""
    conn.execute(
        "ALTER TABLE sessions ADD COLUMN profile_json TEXT NOT NULL DEFAULT '{}'"
    )
    conn.execute(
        "ALTER TABLE sessions ADD COLUMN candidate_json TEXT NOT NULL DEFAULT '{}'"
    )
    conn.execute("ALTER TABLE sessions ADD COLUMN role_name TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "ALTER TABLE sessions ADD COLUMN question_count INTEGER NOT NULL DEFAULT 0"
    )
    conn.execute(
        "UPDATE sessions SET role_name = coalesce(json_extract(role_json, '$.name'), ''),"
        " question_count = json_array_length(questions_json),"
        " candidate_json = json_object('name', candidate, 'skills', json('[]'))"
    )
    conn.execute("CREATE INDEX sessions_updated ON sessions(updated_at)")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3: a revision per row, for the version check on save."""
    conn.execute("ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Version 4: the interviewer's recommendation. Ratings and seconds live in each
    question's JSON, where a missing key reads as unrated and no time spent."""
    conn.execute("ALTER TABLE sessions ADD COLUMN recommendation TEXT")


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Version 5: the job description's requirements, matched against the CV."""
    conn.execute("ALTER TABLE sessions ADD COLUMN requirements_json TEXT NOT NULL DEFAULT '[]'")


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute(SCHEMA_V1)


_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _create_v1,
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
}


# --- text in and out of SQLite ----------------------------------------------------------------


def _storable(value: object) -> object:
    """A parameter sqlite3 can bind: a string with undecodable bytes (lone surrogates from
    surrogateescape) becomes a BLOB of its original bytes, which `_readable` turns back."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape" if _escaped_only(value) else "replace")
    return value


def _escaped_only(text: str) -> bool:
    """Every lone surrogate in `text` is one surrogateescape made (U+DC80..U+DCFF)."""
    return all(
        "\udc80" <= ch <= "\udcff" for ch in text if "\ud800" <= ch <= "\udfff"
    )


def _readable(raw: bytes) -> str:
    """TEXT or BLOB as a string: invalid UTF-8 kept as surrogateescape, never an error."""
    return raw.decode("utf-8", "surrogateescape")


def _row(cursor: sqlite3.Cursor, row: tuple) -> tuple:
    return tuple(_readable(v) if isinstance(v, bytes) else v for v in row)


def _json_text(data: object) -> str:
    """JSON for a column: UTF-8 text, or \\u escapes where a string holds lone surrogates."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True)
    return text


def _model_json(model: BaseModel) -> str:
    return _json_text(model.model_dump(mode="json"))


# --- the store --------------------------------------------------------------------------------


class SessionStore:
    """CRUD over saved sessions. One connection; safe to share between CLI runs and the TUI."""

    def __init__(self, db_path: Path | None = None) -> None:
        self.path = Path(db_path) if db_path is not None else default_db_path()
        self._conn = self._open()

    # opening, checking, migrating

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # Sessions hold CV data: the file is private from the first byte.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise SessionStoreError(
                f"cannot create the sessions database {self.path}: {exc.strerror or exc}"
            ) from exc
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
            conn.text_factory = _readable
            conn.row_factory = _row
        except sqlite3.Error as exc:
            raise SessionStoreError(
                f"cannot open the sessions database {self.path}: {exc}"
            ) from exc
        try:
            self._check(conn)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate(conn)
        except SessionStoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            backup = self._backup("corrupt")
            raise SessionStoreError(
                f"the sessions database {self.path} is damaged ({exc}); "
                f"a copy was kept at {backup}; it was not changed"
            ) from exc
        return conn

    def _check(self, conn: sqlite3.Connection) -> None:
        (result,) = conn.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise sqlite3.DatabaseError(str(result))
        version = self._version(conn)
        if version > SCHEMA_VERSION:
            backup = self._backup("corrupt")
            raise SessionStoreError(
                f"the sessions database {self.path} is from a newer iq-tui "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); "
                f"a copy was kept at {backup}; it was not changed"
            )

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = self._version(conn)
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self._backup(f"v{version}")
        while version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                _MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            version += 1

    def _backup(self, label: str) -> Path:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        for suffix in ("", "-wal"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                shutil.copy2(source, Path(f"{target}{suffix}"))
        return target

    # CRUD

    def _run(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, tuple(_storable(p) for p in params))
        except sqlite3.Error as exc:
            raise SessionStoreError(f"sessions database {self.path}: {exc}") from exc

    def create_from_result(
        self, result: GenerationResult, profile: CandidateProfile, cv_path: str | None
    ) -> InterviewSession:
        """A new saved session holding `result`'s questions."""
        name = result.candidate.name or profile.name or "Candidate"
        session = InterviewSession(
            title=f"{name} — {result.role.name}",
            candidate=result.candidate,
            cv_path=str(cv_path) if cv_path else None,
            cv_sha256=file_sha256(cv_path),
            role=result.role,
            level=result.level,
            interview_type=result.interview_type,
            provider=result.provider,
            questions=[
                SessionQuestion.model_validate(q.model_dump()) for q in result.questions
            ],
            profile=profile,
            requirements=list(result.requirements),
        )
        self._insert(session)
        return session

    def _insert(self, session: InterviewSession) -> None:
        while self._exists(session.id):
            session.id = new_id()
        self._run(
            "INSERT INTO sessions (id, title, candidate, cv_path, cv_sha256, role_json, level,"
            " interview_type, provider_json, questions_json, notes, created_at, updated_at,"
            " profile_json, candidate_json, role_name, question_count, recommendation,"
            " requirements_json, revision)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (
                session.id,
                session.title,
                session.candidate.name,
                session.cv_path,
                session.cv_sha256,
                _model_json(session.role),
                session.level,
                session.interview_type,
                _model_json(session.provider),
                _questions_json(session),
                session.notes,
                session.created_at.isoformat(),
                session.updated_at.isoformat(),
                _model_json(session.profile),
                _model_json(session.candidate),
                session.role.name,
                len(session.questions),
                session.recommendation,
                _json_text([r.model_dump(mode="json") for r in session.requirements]),
            ),
        )
        session.revision = 0

    def _exists(self, session_id: str) -> bool:
        return (
            self._run("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
            is not None
        )

    def resolve(self, session_id: str) -> str:
        """The full id for `session_id` or a unique prefix of one (at least 4 characters)."""
        key = session_id.strip().lower()
        if self._exists(key):
            return key
        if len(key) >= 4:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = self._run(
                "SELECT id FROM sessions WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                (escaped + "%",),
            ).fetchall()
            if len(rows) == 1:
                return rows[0][0]
        raise SessionStoreError(
            f"no saved session with id {session_id!r} (see `iq-tui sessions list`)"
        )

    def get(self, session_id: str) -> InterviewSession:
        row = self._run(
            "SELECT id, title, candidate_json, cv_path, cv_sha256, role_json, level,"
            " interview_type, provider_json, questions_json, notes, profile_json,"
            " created_at, updated_at, revision, recommendation, requirements_json"
            " FROM sessions WHERE id = ?",
            (self.resolve(session_id),),
        ).fetchone()
        (
            sid,
            title,
            cand,
            cv_path,
            sha,
            role,
            level,
            itype,
            prov,
            qs,
            notes,
            prof,
            created,
            updated,
            revision,
            recommendation,
            reqs,
        ) = row
        try:
            return InterviewSession(
                id=sid,
                title=title,
                candidate=CandidateRef.model_validate(json.loads(cand)),
                cv_path=cv_path,
                cv_sha256=sha,
                role=RoleRef.model_validate(json.loads(role)),
                level=level,
                interview_type=itype,
                provider=ProviderInfo.model_validate(json.loads(prov)),
                questions=[SessionQuestion.model_validate(q) for q in json.loads(qs)],
                notes=notes,
                recommendation=recommendation,
                profile=CandidateProfile.model_validate(json.loads(prof)),
                created_at=_timestamp(created),
                updated_at=_timestamp(updated),
                revision=revision,
                requirements=[Requirement.model_validate(r) for r in json.loads(reqs)],
            )
        except (ValidationError, ValueError, TypeError) as exc:
            raise SessionStoreError(
                f"saved session {sid} cannot be read: {_one_line(exc)}"
            ) from exc

    def save(self, session: InterviewSession) -> None:
        """Write the session's editable parts and stamp `updated_at`, if the stored row is
        still at `session.revision`; else `SessionConflictError` (another process saved it
        since) or `SessionDeletedError` (it was deleted: it is not written back)."""
        saved_at = utcnow()
        cursor = self._run(
            "UPDATE sessions SET title = ?, candidate = ?, candidate_json = ?, questions_json = ?,"
            " question_count = ?, notes = ?, recommendation = ?, updated_at = ?,"
            " profile_json = ?, revision = revision + 1 WHERE id = ? AND revision = ?",
            (
                session.title,
                session.candidate.name,
                _model_json(session.candidate),
                _questions_json(session),
                len(session.questions),
                session.notes,
                session.recommendation,
                saved_at.isoformat(),
                _model_json(session.profile),
                session.id,
                session.revision,
            ),
        )
        if cursor.rowcount == 0:
            if not self._exists(session.id):
                raise SessionDeletedError(
                    f"session {session.id} was deleted elsewhere (the CLI or another iq-tui);"
                    " edits made since are not saved"
                )
            raise SessionConflictError(
                f"session {session.id} was changed elsewhere (another iq-tui or the CLI)"
                " since it was opened; saving would lose those changes"
            )
        session.updated_at = saved_at
        session.revision += 1

    def save_copy(self, session: InterviewSession, label: str) -> InterviewSession:
        """`session` as it is now, under a new id with `label` after its title: what to do with
        edits that would overwrite another process's (nothing is lost on either side).
        `session` itself becomes the copy, so an editor holding it carries on there."""
        session.id = new_id()
        session.title = f"{session.title} ({label})"
        session.created_at = session.updated_at = utcnow()
        self._insert(session)
        return session

    def list(self, search: str | None = None) -> SessionListing:
        """Sessions, most recently saved first; `search` matches candidate, role or title.
        A row that cannot be read is left out and named in the result's `skipped`."""
        sql = (
            "SELECT id, title, candidate, role_name, level, interview_type, question_count,"
            " created_at, updated_at FROM sessions"
        )
        params: tuple = ()
        if search and search.strip():
            pattern = f"%{search.strip()}%"
            sql += " WHERE candidate LIKE ? OR role_name LIKE ? OR title LIKE ?"
            params = (pattern, pattern, pattern)
        sql += " ORDER BY updated_at DESC"
        rows: list[SessionSummary] = []
        skipped: list[str] = []
        for r in self._run(sql, params).fetchall():
            try:
                rows.append(
                    SessionSummary(
                        id=r[0],
                        title=r[1],
                        candidate=r[2],
                        role=r[3],
                        level=r[4],
                        interview_type=r[5],
                        question_count=r[6],
                        created_at=_timestamp(r[7]),
                        updated_at=_timestamp(r[8]),
                    )
                )
            except (ValidationError, ValueError, TypeError) as exc:
                skipped.append(f"session {r[0]!s:.40}: {_one_line(exc)}")
        # newest first by the parsed time (the text order breaks on other offsets or formats)
        rows.sort(key=lambda row: row.updated_at, reverse=True)
        return SessionListing(rows, skipped)

    def rename(self, session_id: str, title: str) -> None:
        title = title.strip()
        if not title:
            raise SessionStoreError("a session's title cannot be empty")
        self._run(
            "UPDATE sessions SET title = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
            (title, utcnow().isoformat(), self.resolve(session_id)),
        )

    def duplicate(self, session_id: str, candidate_name: str) -> InterviewSession:
        """A copy of the plan for another candidate: new id; asked marks, answer notes, ratings,
        times, the recommendation and the session's notes (all about the first candidate)
        cleared.

        The CV and its profile belong to the original candidate, so they are not copied.
        """
        source = self.get(session_id)
        name = candidate_name.strip() or source.candidate.name
        now = utcnow()
        copy = source.model_copy(
            update={
                "id": new_id(),
                "title": f"{name} — {source.role.name}",
                "candidate": CandidateRef(name=name),
                "cv_path": None,
                "cv_sha256": None,
                "profile": CandidateProfile(name=name),
                "notes": "",
                "recommendation": None,
                "requirements": [],  # matched against the first candidate's CV
                "questions": [q.unasked_copy() for q in source.questions],
                "created_at": now,
                "updated_at": now,
            }
        )
        self._insert(copy)
        return copy

    def delete(self, session_id: str) -> None:
        self._run("DELETE FROM sessions WHERE id = ?", (self.resolve(session_id),))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _questions_json(session: InterviewSession) -> str:
    return _json_text([q.model_dump(mode="json") for q in session.questions])


def _timestamp(value: object) -> datetime:
    """A stored time; naive ones are UTC (the store writes only aware UTC times)."""
    if not isinstance(value, str):
        raise ValueError(f"bad saved time {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"bad saved time {value[:40]!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _one_line(exc: Exception) -> str:
    """An error as one short line (pydantic's are several)."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "value"
        return f"{where}: {first['msg']}"
    return " ".join(str(exc).split())[:200]
