"""Export a saved session: the plan in the contract's shapes, plus what happened in the interview.

The plan itself goes through `iq_tui.engine.output.export` (one Markdown and one JSON renderer for the
whole app); this module adds the session's id, title, notes and recommendation, and per question
the asked mark, answer notes, rating and time spent.
"""

from __future__ import annotations

import json
from typing import Any

from iq_tui.engine.output.export import escape, to_json, to_markdown
from iq_tui.engine.interview.ratings import (
    anchors,
    format_seconds,
    rating_word,
    recommendation_word,
)
from iq_tui.engine.interview.scorecard import format_mean, scorecard
from iq_tui.engine.interview.sessions import InterviewSession


def session_to_json(session: InterviewSession) -> str:
    """The contract's `generate --format json` object, each question with `asked`, `rating`,
    `answer_notes` and `seconds`, and a `session` object (id, title, notes, recommendation,
    cv, times)."""
    data: dict[str, Any] = json.loads(_plan_json(session))
    for item, question in zip(data.get("questions", []), session.questions):
        item["asked"] = question.asked
        item["rating"] = question.rating
        item["answer_notes"] = question.answer_notes
        item["seconds"] = question.seconds
    data["session"] = {
        "id": session.id,
        "title": session.title,
        "notes": session.notes,
        "recommendation": session.recommendation,
        "cv_path": session.cv_path,
        "cv_sha256": session.cv_sha256,
        "created_at": session.created_at.isoformat(),
        "updated_at": session.updated_at.isoformat(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def session_to_markdown(session: InterviewSession) -> str:
    """The printable plan, then an 'Interview record' section: asked marks, ratings (in words,
    with what the rating means for that question), time, answer notes, the scorecard and the
    interviewer's recommendation."""
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
    card = scorecard(session)
    summary = f"Asked {asked} of {len(session.questions)} questions"
    if card.seconds:
        summary += f" in {format_seconds(card.seconds)}"
    lines.append(summary + ".")
    lines.append(
        f"**Recommendation:** {recommendation_word(session.recommendation)}"
        " (the interviewer's own call)"
    )
    lines.append("")
    for number, question in enumerate(session.questions, 1):
        mark = "x" if question.asked else " "
        lines.append(f"- [{mark}] {number}. {escape(question.text)}")
        facts = []
        if question.rating is not None:
            anchor = anchors(question)[question.rating]
            facts.append(
                f"rating {question.rating}, {rating_word(question.rating)} ({escape(anchor)})"
            )
        if question.seconds:
            facts.append(f"time {format_seconds(question.seconds)}")
        if facts:
            lines.append(f"    *{'; '.join(facts)}*")
        for note_line in question.answer_notes.strip().splitlines():
            lines.append(f"    > {escape(note_line)}")
    if any(q.rating is not None for q in session.questions):
        lines += ["", "### Ratings by competency", "", "| competency | mean | rated |",
                  "|---|---|---|"]
        for item in card.competencies:
            lines.append(
                f"| {escape(item.name)} | {format_mean(item.mean)} | {item.rated}/{item.total} |"
            )
    if session.notes.strip():
        lines += ["", "### Notes", ""]
        lines += [escape(line) for line in session.notes.strip().splitlines()]
    return "\n".join(lines) + "\n"


def _plan_json(session: InterviewSession) -> str:
    return to_json(session.to_result())


def _plan_markdown(session: InterviewSession) -> str:
    return to_markdown(session.to_result(), generated=session.created_at.astimezone())
