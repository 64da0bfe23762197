"""Grounding: an LLM question may only cite skills the candidate's CV shows.

An interviewer must not ask about experience the candidate never claimed, so each cited skill
is looked up among the profile's skills (by canonical name when the skills taxonomy knows it)
and in the CV text; a question citing one that is found nowhere gets `grounded=False`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from iq_tui.engine.models import CandidateProfile, Question


def _canonicalizer() -> Callable[[str], str]:
    try:
        from iq_tui.engine.reading.skills import canonical_skill
    except ImportError:  # the taxonomy is optional here: plain case-folding still works
        return lambda name: name.strip().casefold()

    def canonical(name: str) -> str:
        try:
            found = canonical_skill(name)
        except Exception:  # noqa: BLE001 - a taxonomy bug must not break generation
            found = None
        return (found or name).strip().casefold()

    return canonical


class Grounder:
    """Answers "does the CV show this skill?" for one profile."""

    def __init__(self, profile: CandidateProfile) -> None:
        self._canonical = _canonicalizer()
        self._known = {self._canonical(skill) for skill in profile.skills}
        for project in profile.projects:
            self._known.update(self._canonical(skill) for skill in project.skills)
        self._text = " ".join(profile.text.casefold().split())

    def shows(self, skill: str) -> bool:
        name = " ".join(skill.casefold().split())
        if not name:
            return True
        if self._canonical(skill) in self._known:
            return True
        pattern = r"(?<![\w])" + re.escape(name) + r"(?![\w])"
        return re.search(pattern, self._text) is not None

    def ground(self, question: Question) -> Question:
        """The question with `grounded` set: False when a cited skill is not in the CV."""
        grounded = all(self.shows(skill) for skill in question.skills)
        return question.model_copy(update={"grounded": grounded})


def ground_questions(
    questions: Iterable[Question], profile: CandidateProfile
) -> list[Question]:
    grounder = Grounder(profile)
    return [grounder.ground(question) for question in questions]
