"""Session export: the contract's JSON plus asked marks and answer notes; Markdown record."""

from __future__ import annotations

import json
import re
from pathlib import Path

from _session_data import make_session
from markdown_it import MarkdownIt

from iq_tui.engine.output.session_export import session_to_json, session_to_markdown
from iq_tui.engine.interview.sessions import SessionStore


def test_json_has_contract_shape_and_interview_record(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "s.db") as store:
        session = make_session(store, 3)
    session.questions[1] = session.questions[1].model_copy(
        update={"asked": True, "answer_notes": "solid on indexes"}
    )
    session.notes = "hire"
    data = json.loads(session_to_json(session))
    assert {
        "role",
        "level",
        "interview_type",
        "candidate",
        "provider",
        "questions",
    } <= data.keys()
    assert data["role"]["id"] == "backend-engineer"
    assert [q["asked"] for q in data["questions"]] == [False, True, False]
    assert data["questions"][1]["answer_notes"] == "solid on indexes"
    assert data["questions"][0]["text"] == session.questions[0].text
    assert data["session"]["id"] == session.id and data["session"]["notes"] == "hire"


def test_markdown_has_plan_and_record(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "s.db") as store:
        session = make_session(store, 2)
    session.questions[0] = session.questions[0].model_copy(
        update={"asked": True, "answer_notes": "line a\nline b"}
    )
    text = session_to_markdown(session)
    assert "Question 1: tell me about" in text
    assert "Asked 1 of 2 questions." in text
    assert "- [x] 1. Question 0" in text and "- [ ] 2. Question 1" in text
    assert "    > line a\n    > line b" in text


def test_markdown_record_keeps_untrusted_text_inert(tmp_path: Path) -> None:
    """A title, question or note cannot open HTML or end a comment in the exported Markdown."""
    with SessionStore(tmp_path / "s.db") as store:
        session = make_session(store, 1)
    session.title = "x --> <img src=x onerror=alert(1)>"
    session.questions[0] = session.questions[0].model_copy(
        update={"text": "<script>alert(2)</script> [link](http://evil)", "answer_notes": "<b>ok</b>"}
    )
    session.notes = "<iframe src=//evil>"
    text = session_to_markdown(session)
    for raw in ("<img", "<script>", "<b>", "<iframe", "](http://evil)"):
        # Present only with its first markup character escaped by a backslash.
        assert re.search(r"(?<!\\)" + re.escape(raw), text) is None, raw
    # no comment can open ("<!" is escaped), so the title's "-->" is plain text
    tokens = MarkdownIt("commonmark").parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens if t.children for c in t.children}
    assert not kinds & {"html_inline", "html_block", "link_open"}, kinds
    assert "onerror=alert(1)" in text  # the words stay, only their markup is defused
