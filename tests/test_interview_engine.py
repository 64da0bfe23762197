"""Running the interview, engine side: ratings, time per question (an injected clock), the
recommendation, the scorecard, the v3 -> v4 migration and the exports' fields."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from _session_data import make_session
from pydantic import ValidationError

from iq_tui.engine.interview.editing import EditError, SessionEditor
from iq_tui.engine.interview.ratings import (
    QuestionTimer,
    anchors,
    format_seconds,
    recommendation_for_key,
)
from iq_tui.engine.interview.scorecard import scorecard
from iq_tui.engine.interview.sessions import (
    SCHEMA_VERSION,
    InterviewSession,
    SessionQuestion,
    SessionStore,
)
from iq_tui.engine.output.session_export import session_to_json, session_to_markdown

V3_DB = Path(__file__).parent / "fixtures" / "sessions" / "sessions-v3.db"
V3_SESSION = "ec4a6b62"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path):
    with SessionStore(tmp_path / "sessions.db") as s:
        yield s


def test_rating_marks_asked_and_clearing_keeps_asked(store: SessionStore) -> None:
    editor = SessionEditor(make_session(store, 3))
    editor.set_rating(1, 3)
    assert editor.questions[1].rating == 3 and editor.questions[1].asked
    editor.set_rating(1, None)
    assert editor.questions[1].rating is None and editor.questions[1].asked
    assert editor.questions[0].rating is None and not editor.questions[0].asked


@pytest.mark.parametrize("bad", [0, 5, -1, True, 2.5, "3"])
def test_rating_outside_1_to_4_is_refused(store: SessionStore, bad: object) -> None:
    editor = SessionEditor(make_session(store, 1))
    with pytest.raises(EditError):
        editor.set_rating(0, bad)  # type: ignore[arg-type]
    assert editor.questions[0].rating is None


def test_model_validates_rating_seconds_and_recommendation() -> None:
    with pytest.raises(ValidationError):
        SessionQuestion(text="q", category="hr", difficulty="mid", rating=5)
    with pytest.raises(ValidationError):
        SessionQuestion(text="q", category="hr", difficulty="mid", seconds=-1)
    base = {"role": {"id": "r", "name": "R", "category": "c"}, "level": "mid",
            "interview_type": "hr"}
    with pytest.raises(ValidationError):
        InterviewSession.model_validate({**base, "recommendation": "maybe"})
    assert InterviewSession.model_validate({**base, "recommendation": "strong_yes"})


def test_recommendation_is_validated_and_undoable(store: SessionStore) -> None:
    editor = SessionEditor(make_session(store, 2))
    with pytest.raises(EditError, match="strong_no"):
        editor.set_recommendation("hire")
    editor.set_recommendation(recommendation_for_key(4))
    assert editor.session.recommendation == "strong_yes"
    assert editor.undo() is not None
    assert editor.session.recommendation is None
    assert [recommendation_for_key(k) for k in (1, 2, 3)] == ["strong_no", "no", "yes"]


def test_seconds_accumulate_across_visits_with_an_injected_clock(store: SessionStore) -> None:
    clock = FakeClock()
    timer = QuestionTimer(clock)
    editor = SessionEditor(make_session(store, 2))
    first, second = (q.id for q in editor.questions)

    def visit(key: str, seconds: float) -> None:
        ended = timer.start(key)
        if ended:
            index = next(i for i, q in enumerate(editor.questions) if q.id == ended[0])
            editor.add_seconds(index, ended[1])
        clock.now += seconds

    visit(first, 30)
    assert timer.elapsed() == 30
    visit(second, 12.5)
    visit(first, 15)
    key, seconds = timer.stop()
    editor.add_seconds(0, seconds)
    assert key == first
    assert editor.questions[0].seconds == 45 and editor.questions[1].seconds == 12.5
    assert timer.stop() is None and timer.elapsed() == 0


def test_undo_never_takes_back_time_spent(store: SessionStore) -> None:
    editor = SessionEditor(make_session(store, 1))
    editor.set_rating(0, 2)
    editor.add_seconds(0, 40)
    editor.undo()
    assert editor.questions[0].rating is None and editor.questions[0].seconds == 40
    editor.redo()
    assert editor.questions[0].rating == 2 and editor.questions[0].seconds == 40


def test_ratings_seconds_recommendation_survive_save_and_reopen(store: SessionStore) -> None:
    editor = SessionEditor(make_session(store, 3))
    editor.set_rating(0, 4)
    editor.add_seconds(0, 61.25)
    editor.set_recommendation("no")
    store.save(editor.session)
    again = store.get(editor.session.id)
    assert again.questions[0].rating == 4 and again.questions[0].seconds == 61.2
    assert again.recommendation == "no"
    copy = store.duplicate(again.id, "Someone Else")
    assert copy.recommendation is None
    assert all(q.rating is None and q.seconds == 0 for q in copy.questions)
    assert store.get(copy.id).recommendation is None


def test_a_v3_database_written_by_the_old_code_opens_and_keeps_everything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.db"
    shutil.copy(V3_DB, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    with SessionStore(path) as store:
        session = store.get(V3_SESSION)
        assert session.title == "Grace Hopper — Backend Engineer"
        assert session.notes == "Strong on fundamentals." and session.level == "senior"
        first, second = session.questions
        assert first.asked and first.answer_notes == "Clear, concrete examples."
        assert first.competency == "API design" and first.red_flags == ["blames users"]
        assert not second.asked
        assert all(q.rating is None and q.seconds == 0 for q in session.questions)
        assert session.recommendation is None
        # and the old row takes the new fields
        session.questions[1] = second.model_copy(update={"rating": 2, "seconds": 9.0})
        session.recommendation = "yes"
        store.save(session)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert list(tmp_path.glob("sessions.db.v3-*")), "a copy of the v3 database is kept"
    with SessionStore(path) as store:
        session = store.get(V3_SESSION)
        assert session.recommendation == "yes" and session.questions[1].rating == 2
        assert session.questions[0].answer_notes == "Clear, concrete examples."


def test_scorecard_means_per_competency_and_open_questions(store: SessionStore) -> None:
    session = make_session(store, 4)
    session.questions = [
        q.model_copy(update={"competency": c, "rating": r, "asked": a})
        for q, c, r, a in zip(
            session.questions,
            ["API design", "ownership", "api  Design", ""],
            [4, None, 1, None],
            [True, True, True, False],
        )
    ]
    card = scorecard(session)
    rows = {c.name: (c.mean, c.rated, c.total) for c in card.competencies}
    # the 4th has no competency: it counts under its category (case_study)
    assert rows == {"API design": (2.5, 2, 2), "ownership": (None, 0, 1),
                    "Case study": (None, 0, 1)}
    assert card.unanswered == [3] and card.unrated == [1]


def test_anchors_come_from_the_questions_good_answer_and_red_flags() -> None:
    q = SessionQuestion(
        text="q", category="technical", difficulty="mid",
        good_answer="Idempotency keys and a unique constraint.",
        red_flags=["retries blindly", "no tests."],
    )
    marks = anchors(q)
    assert "Idempotency keys" in marks[4] and "retries blindly; no tests" in marks[1]
    bare = anchors(SessionQuestion(text="q", category="hr", difficulty="mid"))
    assert set(bare) == {1, 2, 3, 4} and all(bare.values())
    assert "red flags" not in bare[1]


def test_format_seconds() -> None:
    assert [format_seconds(s) for s in (0, 7.9, 750, 3723)] == ["0:00", "0:07", "12:30",
                                                                 "1:02:03"]


def test_export_json_names_the_contract_fields(store: SessionStore) -> None:
    editor = SessionEditor(make_session(store, 2))
    editor.set_rating(0, 3)
    editor.add_seconds(0, 95.0)
    editor.set_answer_notes(0, "good on indexes")
    editor.set_recommendation("strong_yes")
    editor.set_notes("calm")
    data = json.loads(session_to_json(editor.session))
    first, second = data["questions"]
    assert (first["asked"], first["rating"], first["answer_notes"], first["seconds"]) == (
        True, 3, "good on indexes", 95.0)
    assert (second["asked"], second["rating"], second["answer_notes"], second["seconds"]) == (
        False, None, "", 0.0)
    assert data["session"]["recommendation"] == "strong_yes"
    assert data["session"]["notes"] == "calm"


def test_export_markdown_has_rating_words_anchor_time_and_recommendation(
    store: SessionStore,
) -> None:
    editor = SessionEditor(make_session(store, 2))
    editor.set_rating(0, 4)
    editor.add_seconds(0, 150)
    editor.set_recommendation("no")
    text = session_to_markdown(editor.session)
    assert "rating 4, strong yes (covers it all: good answer 0)" in text
    assert "time 2:30" in text
    assert "**Recommendation:** no" in text
    assert "| Technical | 4.0 | 1/1 |" in text
    unrated = session_to_markdown(SessionEditor(make_session(store, 1)).session)
    assert "**Recommendation:** none" in unrated and "Ratings by competency" not in unrated
