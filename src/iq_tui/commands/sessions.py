"""`iq-tui sessions list|show|export|compare|delete`: the saved sessions from the shell."""

from __future__ import annotations

import argparse
import json
import sys

from iq_tui.commands.common import emit, warn
from iq_tui.engine.errors import UsageError


def run_sessions(args: argparse.Namespace) -> int:
    from iq_tui.engine.interview.sessions import SessionStore

    with SessionStore() as store:
        command = args.sessions_command
        if command == "list":
            return _list(store, args)
        if command == "compare":
            return _compare(store, args)
        session = store.get(args.id)
        if command == "show":
            emit(_show(session), None)
        elif command == "export":
            from iq_tui.engine.output.session_export import (
                session_to_json,
                session_to_markdown,
            )

            text = (
                session_to_json(session)
                if args.format == "json"
                else session_to_markdown(session)
            )
            emit(text, args.output)
        elif command == "delete":
            if not args.yes:
                _confirm(
                    f"Delete session {session.id} '{session.title}'"
                    f" ({len(session.questions)} questions)?"
                )
            store.delete(session.id)
            print(f"iq-tui: deleted session {session.id}", file=sys.stderr)
        else:
            raise AssertionError(command)
    return 0


def _list(store, args: argparse.Namespace) -> int:  # store: SessionStore
    from iq_tui.engine.interview.sessions import ago

    rows = store.list(args.search)
    for reason in rows.skipped:
        warn(f"skipped an unreadable row: {reason}")
    if args.format == "json":
        emit(
            json.dumps(
                [r.model_dump(mode="json") for r in rows], indent=2, ensure_ascii=False
            ),
            None,
        )
        return 0
    if not rows:
        print(
            "iq-tui: no saved sessions" + (" match" if args.search else ""),
            file=sys.stderr,
        )
        return 0
    table = [("ID", "CANDIDATE", "ROLE", "LEVEL", "QUESTIONS", "SAVED", "TITLE")]
    table += [
        (
            r.id,
            r.candidate,
            r.role,
            r.level,
            str(r.question_count),
            ago(r.updated_at),
            r.title,
        )
        for r in rows
    ]
    emit(_columns(table, LIST_COLUMN_MAX), None)
    return 0


def _compare(store, args: argparse.Namespace) -> int:  # store: SessionStore
    """Every saved session (of `--role`) as a candidate; none of them is ranked."""
    from iq_tui.engine.errors import IqError
    from iq_tui.engine.interview.comparison import compare, role_matches
    from iq_tui.engine.output.comparison import comparison_to_json, comparison_to_text

    rows = store.list()
    for reason in rows.skipped:
        warn(f"skipped an unreadable row: {reason}")
    sessions = []
    for row in rows:
        try:
            sessions.append(store.get(row.id))
        except IqError as exc:
            warn(f"skipped session {row.id}: {exc.message}")
    if args.role is not None and not any(role_matches(s, args.role) for s in sessions):
        roles = sorted({s.role.name for s in sessions})
        known = f"; sessions exist for: {', '.join(roles)}" if roles else ""
        raise UsageError(f"no saved session for the role {args.role!r}{known}")
    comparison = compare(sessions, role=args.role, order=args.sort)
    if args.format == "json":
        emit(comparison_to_json(comparison, order=args.sort), None)
        return 0
    if not comparison.candidates:
        print("iq-tui: no saved sessions to compare", file=sys.stderr)
        return 0
    emit(comparison_to_text(comparison, order=args.sort), None)
    return 0


LIST_COLUMN_MAX = (8, 24, 30, 6, 9, 12, 40)
"""The widest each `sessions list` column gets (in terminal cells); longer text ends in '…'."""


def _columns(table: list[tuple[str, ...]], limits: tuple[int, ...]) -> str:
    """Rows as aligned columns, each as wide as its widest cell up to its limit (so one long
    custom role does not pad every row out to hundreds of characters)."""
    from rich.cells import cell_len, set_cell_size

    def fit(cell: str, width: int) -> str:
        if cell_len(cell) <= width:
            return set_cell_size(cell, width)
        return set_cell_size(cell, width - 1) + "…"

    widths = [
        min(limit, max(cell_len(row[i]) for row in table))
        for i, limit in enumerate(limits)
    ]
    return "\n".join(
        "  ".join(fit(cell, w) for cell, w in zip(row, widths)).rstrip() for row in table
    )


def _show(session) -> str:  # session: InterviewSession
    from iq_tui.engine.interview.sessions import ago

    asked = sum(q.asked for q in session.questions)
    lines = [
        f"{session.title}  [{session.id}]",
        f"candidate: {session.candidate.name}",
        f"role: {session.role.name} · level: {session.level} · type: {session.interview_type}",
        f"provider: {session.provider.name}"
        + (f" ({session.provider.model})" if session.provider.model else ""),
        f"cv: {session.cv_path or '-'}",
        f"saved {ago(session.updated_at)} · {asked}/{len(session.questions)} asked",
        "",
    ]
    from iq_tui.engine.interview.ratings import rating_word, recommendation_word

    if session.recommendation:
        lines.insert(-1, f"recommendation: {recommendation_word(session.recommendation)}")
    for number, q in enumerate(session.questions, 1):
        mark = "x" if q.asked else " "
        rated = f" [{q.rating} {rating_word(q.rating)}]" if q.rating is not None else ""
        lines.append(
            f"{number:>3}. [{mark}] ({q.category}, {q.difficulty}){rated}"
            f" {' '.join(q.text.split())}"
        )
        for note in q.answer_notes.strip().splitlines():
            lines.append(f"          > {note}")
    if session.notes.strip():
        lines += ["", "notes:", session.notes.strip()]
    return "\n".join(lines)


def _confirm(question: str) -> None:
    """Ask on the terminal; without one, refuse (a script must say -y)."""
    if not sys.stdin.isatty():
        raise UsageError(
            "not deleting without confirmation: stdin is not a terminal; pass -y"
        )
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise UsageError("not deleted")
