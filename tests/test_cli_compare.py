"""`iq-tui sessions compare`: candidates side by side, never ordered by rating."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from _session_data import make_profile, make_result, make_session

from iq_tui.cli import main
from iq_tui.engine.interview.sessions import SessionStore, default_db_path

COMPETENCIES = ["API design", "ownership", "API design", "caching"]


def _made(store: SessionStore, name: str, ratings, recommendation, day: int, role=None):
    result = make_result(4, name)
    if role is not None:
        result.role = result.role.model_copy(update=role)
    session = store.create_from_result(result, make_profile(name), None)
    session.questions = [
        q.model_copy(update={"competency": c, "rating": r, "asked": r is not None})
        for q, c, r in zip(session.questions, COMPETENCIES, ratings)
    ]
    session.recommendation = recommendation
    session.created_at = datetime(2026, 3, day, 9, tzinfo=UTC)
    store.save(session)
    # created_at is not an editable column: set it as a session made that day would have it
    store._run("UPDATE sessions SET created_at = ? WHERE id = ?",
               (session.created_at.isoformat(), session.id))
    return session


@pytest.fixture
def sessions():
    """By name: Ada < Bea < Cy. By rating the order would be Cy (4), Ada (2.5), Bea (1);
    by date: Bea (1st), Cy (2nd), Ada (3rd)."""
    with SessionStore(default_db_path()) as store:
        cy = _made(store, "Cy Young", [4, 4, 4, 4], "strong_yes", 2)
        ada = _made(store, "Ada Lovelace", [3, 2, 2, None], "yes", 3)
        bea = _made(store, "Bea Arthur", [1, 1, None, 1], "strong_no", 1)
        unrated = _made(store, "Dee Unrated", [None] * 4, None, 4,
                        role={"id": "data-engineer", "name": "Data Engineer"})
    return ada, bea, cy, unrated


def test_text_puts_candidates_in_columns_by_name_not_by_rating(sessions, capsys) -> None:
    ada, bea, cy, _ = sessions
    assert main(["sessions", "compare", "--role", "Backend Engineer"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = next(line for line in lines if "Ada Lovelace" in line and "Cy Young" in line)
    assert header.index("Ada") < header.index("Bea") < header.index("Cy")
    row = {line.split("  ")[0]: line.split()[-3:] for line in lines if "  " in line}
    assert lines[0] == "Backend Engineer: 3 candidates, by name"
    assert next(line for line in lines if line.startswith("recommendation")).split()[1:] == [
        "yes", "strong", "no", "strong", "yes"]
    assert row["API design"] == ["2.5", "1.0", "4.0"]
    assert row["ownership"] == ["2.0", "1.0", "4.0"]
    assert row["caching"] == ["–", "1.0", "4.0"]  # Ada's caching question is unrated
    assert "Dee Unrated" not in out  # another role
    assert f"session {ada.id}  2026-03-03" in out


def test_sorted_by_date_when_asked_and_never_by_rating(sessions, capsys) -> None:
    ada, bea, cy, dee = sessions
    assert main(["sessions", "compare", "--role", "backend-engineer", "--sort", "date",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["session"] for c in data["candidates"]] == [bea.id, cy.id, ada.id]
    assert main(["sessions", "compare", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in data["candidates"]] == [
        "Ada Lovelace", "Bea Arthur", "Cy Young", "Dee Unrated"]


def test_json_has_recommendation_and_mean_per_competency(sessions, capsys) -> None:
    ada, _, _, dee = sessions
    assert main(["sessions", "compare", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["competencies"] == ["API design", "ownership", "caching"]
    first = data["candidates"][0]
    assert first["session"] == ada.id and first["recommendation"] == "yes"
    assert first["competencies"] == {"API design": 2.5, "ownership": 2.0, "caching": None}
    assert (first["rated"], first["asked"], first["questions"]) == (3, 3, 4)
    assert first["role"] == {"id": "backend-engineer", "name": "Backend Engineer"}
    last = data["candidates"][-1]
    assert last["session"] == dee.id and last["recommendation"] is None
    assert set(last["competencies"].values()) == {None}


def test_sessions_without_ratings_compare_with_dashes(capsys) -> None:
    with SessionStore(default_db_path()) as store:
        make_session(store, 2, name="Old Plan")  # no competency, no rating
    assert main(["sessions", "compare"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert next(line for line in lines if line.startswith("recommendation")).split()[1] == "–"
    assert next(line for line in lines if line.startswith("Technical")).split()[1] == "–"


def test_many_candidates_become_blocks_within_80_columns(capsys) -> None:
    with SessionStore(default_db_path()) as store:
        for day, name in enumerate(["Alexandra Ocasio-Fernández", "B", "C", "D", "E", "F",
                                    "G"], 1):
            _made(store, name, [3, None, 2, 1], "no", day)
    assert main(["sessions", "compare"]) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "Alexandra Ocasio-Fernández  session" in out  # a block names the candidate whole
    assert out.count("recommendation    no") == 7


def test_long_names_are_shortened_in_columns(capsys) -> None:
    with SessionStore(default_db_path()) as store:
        for day, name in enumerate(["Alexandra Ocasio-Fernández", "Bartholomew Featherstonehaugh",
                                    "Chidimma Okonkwo-Nwosu"], 1):
            _made(store, name, [3, None, 2, 1], None, day)
    assert main(["sessions", "compare"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = lines[2]
    assert "Alexandra O." in header and "Chidimma O." in header


def test_unknown_role_is_a_one_line_error(sessions, capsys) -> None:
    assert main(["sessions", "compare", "--role", "Astronaut"]) == 2
    err = capsys.readouterr().err.strip()
    assert "no saved session for the role 'Astronaut'" in err and "Backend Engineer" in err
    assert "\n" not in err and "Traceback" not in err


def test_show_prints_ratings_and_the_recommendation(sessions, capsys) -> None:
    ada = sessions[0]
    assert main(["sessions", "show", ada.id]) == 0
    out = capsys.readouterr().out
    assert "recommendation: yes" in out and "[3 yes]" in out
