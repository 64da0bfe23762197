"""Export a saved session: the plan in the contract's shapes, plus what happened in the interview.

The plan itself goes through `iq_tui.engine.output.export` (one Markdown and one JSON renderer for the
whole app); this module adds the session's id, title, notes, asked marks and answer notes.
"""

from __future__ import annotations

import json
from typing import Any

from iq_tui.engine.output.export import escape, to_json, to_markdown
from iq_tui.engine.interview.sessions import InterviewSession


def session_to_json(session: InterviewSession) -> str:
    """The contract's `generate --format json` object, each question with `asked` and
    `answer_notes`, and a `session` object (id, title, notes, cv, times)."""
    data: dict[str, Any] = json.loads(_plan_json(session))
    for item, question in zip(data.get("questions", []), session.questions):
        item["asked"] = question.asked
        item["answer_notes"] = question.answer_notes
    data["session"] = {
        "id": session.id,
        "title": session.title,
        "notes": session.notes,
        "cv_path": session.cv_path,
        "cv_sha256": session.cv_sha256,
        "created_at": session.created_at.isoformat(),
        "updated_at": session.updated_at.isoformat(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def session_to_markdown(session: InterviewSession) -> str:
    """The printable plan, then an 'Interview record' section: asked marks and answer notes."""
    plan = _plan_markdown(session).rstrip()
    lines = [
        f"*iq-tui session {session.id}: {escape(session.title)}*",
        "",
        plan,
        "",
        "## Interview record",
        "",
    ]
    asked = sum(q.asked for q in session.questions)
    lines.append(f"Asked {asked} of {len(session.questions)} questions.")
    lines.append("")
    for number, question in enumerate(session.questions, 1):
        mark = "x" if question.asked else " "
        lines.append(f"- [{mark}] {number}. {escape(question.text)}")
        for note_line in question.answer_notes.strip().splitlines():
            lines.append(f"    > {escape(note_line)}")
    if session.notes.strip():
        lines += ["", "### Notes", ""]
        lines += [escape(line) for line in session.notes.strip().splitlines()]
    return "\n".join(lines) + "\n"


def _plan_json(session: InterviewSession) -> str:
    return to_json(session.to_result())


def _plan_markdown(session: InterviewSession) -> str:
    return to_markdown(session.to_result(), generated=session.created_at.astimezone())
