"""One interview's scorecard: the mean rating per competency and what is still open.

A summary of the interviewer's own ratings, to help them make their call; it never makes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iq_tui.engine.interview.sessions import InterviewSession, SessionQuestion
from iq_tui.engine.labels import label


@dataclass(frozen=True)
class CompetencyScore:
    name: str
    mean: float | None
    """The mean of the ratings given, or None when none of its questions is rated."""
    rated: int
    total: int


@dataclass(frozen=True)
class Scorecard:
    competencies: list[CompetencyScore]
    """In the plan's order (first question of each competency)."""
    unanswered: list[int]
    """Indices of the questions not asked."""
    unrated: list[int]
    """Indices of the questions asked but not rated."""
    seconds: float
    """Time spent over all questions."""


def competency_of(question: SessionQuestion) -> str:
    """The competency a question assesses; one without a name counts under its category
    ("Technical"), so older plans still have rows."""
    return " ".join(question.competency.split()) or label(question.category)


def competency_key(name: str) -> str:
    """Names that differ only in case or spacing are one competency ("API design", "API Design")."""
    return " ".join(name.split()).casefold()


def group_by_competency(
    questions: Iterable[SessionQuestion],
) -> dict[str, tuple[str, list[SessionQuestion]]]:
    """key -> (the first spelling seen, its questions), in order of first appearance."""
    groups: dict[str, tuple[str, list[SessionQuestion]]] = {}
    for question in questions:
        name = competency_of(question)
        groups.setdefault(competency_key(name), (name, []))[1].append(question)
    return groups


def mean_rating(questions: Iterable[SessionQuestion]) -> float | None:
    ratings = [q.rating for q in questions if q.rating is not None]
    return sum(ratings) / len(ratings) if ratings else None


def scorecard(session: InterviewSession) -> Scorecard:
    questions = session.questions
    return Scorecard(
        competencies=[
            CompetencyScore(
                name=name,
                mean=mean_rating(group),
                rated=sum(q.rating is not None for q in group),
                total=len(group),
            )
            for name, group in group_by_competency(questions).values()
        ],
        unanswered=[i for i, q in enumerate(questions) if not q.asked],
        unrated=[i for i, q in enumerate(questions) if q.asked and q.rating is None],
        seconds=sum(q.seconds for q in questions),
    )


def format_mean(mean: float | None) -> str:
    """'3.5', or '–' when nothing is rated."""
    return "–" if mean is None else f"{mean:.1f}"
