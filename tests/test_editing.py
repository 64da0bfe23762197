"""The editor's operations and undo/redo history (engine only, no UI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _session_data import make_session

from iq_tui.engine.interview.editing import (
    EditError,
    SessionEditor,
    edit_externally,
    filter_indices,
    parse_question_text,
    question_to_text,
    split_lines,
    split_skills,
)
from iq_tui.engine.interview.sessions import InterviewSession, SessionStore


@pytest.fixture
def session(tmp_path: Path) -> InterviewSession:
    with SessionStore(tmp_path / "s.db") as store:
        return make_session(store, 5)


def texts(editor: SessionEditor) -> list[str]:
    return [q.text.split(":")[0] for q in editor.questions]


def test_update_validates_marks_edited_and_undoes(session: InterviewSession) -> None:
    editor = SessionEditor(session)
    original = editor.questions[2]
    editor.update(2, text="Why Rust?", skills=["Rust"], follow_ups=["And C?"])
    assert editor.questions[2].text == "Why Rust?" and editor.questions[2].edited
    assert editor.questions[2].id == original.id
    assert original.text.startswith("Question 2")  # the old object was not mutated
    with pytest.raises(EditError, match="needs some text"):
        editor.update(2, text="   ")
    with pytest.raises(EditError, match="category"):
        editor.update(2, category="astrology")
    with pytest.raises(EditError, match="unknown field"):
        editor.update(2, colour="red")
    assert editor.undo() == 2
    assert editor.questions[2] is original
    assert editor.redo() == 2 and editor.questions[2].text == "Why Rust?"
    assert editor.redo() is None


def test_no_op_update_is_not_a_history_step(session: InterviewSession) -> None:
    editor = SessionEditor(session)
    editor.update(0, text=editor.questions[0].text)
    assert not editor.can_undo and editor.version == 0


def test_add_duplicate_delete_move_with_full_undo_redo(
    session: InterviewSession,
) -> None:
    editor = SessionEditor(session)
    start = texts(editor)
    assert editor.add(1) == 2 and editor.questions[2].text == "New question"
    assert editor.questions[2].category == editor.questions[1].category
    assert editor.add(None) == 0
    assert editor.duplicate(3) == 4
    assert editor.questions[4].text == editor.questions[3].text
    assert editor.questions[4].id != editor.questions[3].id
    assert editor.delete(0) == 0
    assert editor.move(0, 1) == 1
    assert (
        editor.move(len(editor.questions) - 1, 5) == len(editor.questions) - 1
    )  # no-op at end
    after = texts(editor)
    assert after == [
        "Question 1",
        "Question 0",
        "New question",
        "New question",
        "Question 2",
        "Question 3",
        "Question 4",
    ]
    steps = 0
    while editor.undo() is not None:
        steps += 1
    assert steps == 5 and texts(editor) == start
    while editor.redo() is not None:
        pass
    assert texts(editor) == after


def test_new_edit_clears_redo(session: InterviewSession) -> None:
    editor = SessionEditor(session)
    editor.delete(0)
    editor.undo()
    assert editor.can_redo
    editor.toggle_asked(1)
    assert not editor.can_redo


def test_cycles_asked_and_answer_notes_coalesce(session: InterviewSession) -> None:
    editor = SessionEditor(session)
    q = editor.questions[0]
    assert q.category == "technical" and q.difficulty == "mid"
    editor.cycle_category(0)
    editor.cycle_difficulty(0)
    editor.cycle_difficulty(0)
    assert editor.questions[0].category == "case_study"
    assert editor.questions[0].difficulty == "junior"
    editor.cycle_category(0, -1)
    assert editor.questions[0].category == "technical"
    editor.toggle_asked(0)
    assert editor.questions[0].asked
    for partial in ("k", "kn", "kne", "knew it"):
        editor.set_answer_notes(0, partial)
    assert editor.questions[0].answer_notes == "knew it"
    editor.undo()  # all the typing is one step
    assert editor.questions[0].answer_notes == "" and editor.questions[0].asked
    editor.set_notes("overall good")
    editor.set_notes("overall good!")
    editor.undo()
    assert session.notes == ""


def test_replace_keeps_the_id_and_history_limit(session: InterviewSession) -> None:
    editor = SessionEditor(session, history_limit=3)
    old_id = editor.questions[1].id
    editor.replace(1, editor.questions[3])
    assert editor.questions[1].id == old_id and editor.questions[1].text.startswith(
        "Question 3"
    )
    for _ in range(5):
        editor.toggle_asked(0)
    undone = 0
    while editor.undo() is not None:
        undone += 1
    assert undone == 3


def test_index_errors_are_edit_errors(session: InterviewSession) -> None:
    editor = SessionEditor(session)
    with pytest.raises(EditError, match="no question 10"):
        editor.delete(9)


def test_filter_by_category_and_text(session: InterviewSession) -> None:
    qs = session.questions
    assert filter_indices(qs) == [0, 1, 2, 3, 4]
    assert filter_indices(qs, category="technical") == [0, 4]
    assert filter_indices(qs, "postgresql") == [0, 2, 4]
    assert filter_indices(qs, "POSTGRESQL", "hr") == [2]
    assert filter_indices(qs, "because 3") == [3]
    assert filter_indices(qs, "zzz") == []


def test_editor_text_roundtrip_and_errors(session: InterviewSession) -> None:
    q = session.questions[1].model_copy(update={"answer_notes": "line one\nline two"})
    text = question_to_text(q)
    fields = parse_question_text(text)
    for name, value in fields.items():
        assert getattr(q, name) == value, name
    edited = text.replace("## difficulty\nmid", "## difficulty\nsenior").replace(
        "- follow 1b", "- follow 1b\n* a third one\n\n"
    )
    fields = parse_question_text(edited)
    assert fields["difficulty"] == "senior"
    assert fields["follow_ups"] == ["follow 1a", "follow 1b", "a third one"]
    with pytest.raises(EditError, match="difficulty must be one of"):
        parse_question_text(text.replace("## difficulty\nmid", "## difficulty\nguru"))
    with pytest.raises(EditError, match="unknown section"):
        parse_question_text(text + "\n## colour\nred\n")
    with pytest.raises(EditError, match="text' section is missing"):
        parse_question_text("")
    with pytest.raises(EditError, match="before the first"):
        parse_question_text("stray words\n## text\nhi\n")


def test_split_helpers() -> None:
    assert split_skills("Python, Django ,, python,Python") == [
        "Python",
        "Django",
        "python",
    ]
    assert split_lines("- a\n\n* b\nc\n- a") == ["a", "b", "c"]


def _fake_editor(tmp_path: Path, body: str) -> dict[str, str]:
    script = tmp_path / "fake_editor.py"
    script.write_text(body)
    return {"EDITOR": f"python3 {script}"}


def _run(command: list[str]) -> int:
    import subprocess

    return subprocess.run(command, check=False).returncode


def test_edit_externally_applies_changes(
    session: InterviewSession, tmp_path: Path
) -> None:
    env = _fake_editor(
        tmp_path,
        (
            "import sys, pathlib\n"
            "p = pathlib.Path(sys.argv[1]); t = p.read_text()\n"
            "t = t.replace('## difficulty\\nmid', '## difficulty\\nsenior')\n"
            "p.write_text(t.replace('Question 1:', 'Rewritten:'))\n"
        ),
    )
    fields = edit_externally(session.questions[1], _run, env)
    assert fields is not None
    assert (
        fields["text"].startswith("Rewritten: tell me")
        and fields["difficulty"] == "senior"
    )
    assert fields["skills"] == ["Python"]


def test_edit_externally_unchanged_failed_missing_and_bad(
    session: InterviewSession, tmp_path: Path
) -> None:
    q = session.questions[0]
    assert edit_externally(q, _run, _fake_editor(tmp_path, "pass\n")) is None
    with pytest.raises(EditError, match="status 3"):
        edit_externally(q, _run, _fake_editor(tmp_path, "raise SystemExit(3)\n"))
    with pytest.raises(EditError, match="set \\$EDITOR"):
        edit_externally(q, _run, {})
    with pytest.raises(EditError, match="cannot start the editor"):
        edit_externally(q, _run, {"VISUAL": "/nonexistent/editor-xyz"})
    bad = _fake_editor(
        tmp_path,
        (
            "import sys, pathlib\n"
            "pathlib.Path(sys.argv[1]).write_text('## text\\nkeep me\\n## difficulty\\nguru\\n')\n"
        ),
    )
    with pytest.raises(EditError, match="kept in") as info:
        edit_externally(q, _run, bad)
    kept = Path(info.value.message.rsplit("kept in ", 1)[1])
    assert "keep me" in kept.read_text()
    kept.unlink()


async def test_regenerate_uses_the_stored_profile_offline(
    session: InterviewSession,
) -> None:
    from iq_tui.engine.interview.editing import regenerate
    from iq_tui.engine.settings.layers import Settings

    settings = Settings.model_validate({"llm": {"enabled": False}})
    for index in range(4):  # one slot of each category
        slot = session.questions[index]
        question = await regenerate(session, index, settings)
        assert question.text.strip() and question.source == "offline"
        assert question.text not in {q.text for q in session.questions}
        assert (question.category, question.difficulty) == (slot.category, slot.difficulty)


def test_named_drafts_are_one_step_and_can_be_discarded(
    session: InterviewSession,
) -> None:
    editor = SessionEditor(session)
    original = editor.questions[1]
    editor.update(1, coalesce="form a", text="Draft one")
    editor.update(1, coalesce="form a", text="Draft two", rationale="r2")
    assert editor.questions[1].text == "Draft two"
    assert editor.discard(1, "form b") is None  # another form's name: nothing dropped
    assert editor.discard(1, "form a") == 1
    assert (
        editor.questions[1] is original and not editor.can_undo and not editor.can_redo
    )
    editor.update(1, coalesce="form c", text="Kept")
    editor.update(1, coalesce="form d", text="Second form")
    assert editor.discard(1, "form d") == 1 and editor.questions[1].text == "Kept"
    editor.undo()
    assert editor.questions[1] is original


def test_an_add_and_its_form_drafts_are_one_step_and_discarding_removes_it(
    session: InterviewSession,
) -> None:
    editor = SessionEditor(session)
    before = list(editor.questions)
    index = editor.add(1, coalesce="form n")
    editor.update(index, coalesce="form n", text="Typed in the form")
    assert editor.questions[index].text == "Typed in the form"
    assert editor.discard(index, "form n") == 1
    assert editor.questions == before and not editor.can_undo
    index = editor.add(1, coalesce="form m")
    editor.update(index, coalesce="form m", text="Kept")
    assert editor.undo() == 1 and editor.questions == before
