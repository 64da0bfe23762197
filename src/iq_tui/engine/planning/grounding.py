"""Grounding: an LLM question may only cite skills and quote words the candidate's CV shows.

An interviewer must not ask about experience the candidate never claimed, so each cited skill
is looked up among the profile's skills (by canonical name when the skills taxonomy knows it)
and in the CV text, and the `evidence` quote must be found in the CV text (whitespace collapsed,
case ignored). A question citing a skill found nowhere gets `grounded=False`; a quote that is
not in the CV is dropped (`evidence=None`) and the question marked `grounded=False` too.
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
        self._collapsed = " ".join(profile.text.split())
        self._plain = _plain_quotes(self._collapsed)  # same length: offsets line up

    def shows(self, skill: str) -> bool:
        name = " ".join(skill.casefold().split())
        if not name:
            return True
        if self._canonical(skill) in self._known:
            return True
        pattern = r"(?<![\w])" + re.escape(name) + r"(?![\w])"
        return re.search(pattern, self._text) is not None

    def quote(self, evidence: str) -> str | None:
        """The CV's own words that `evidence` quotes (whitespace collapsed, case and curly
        quotes ignored), or None when the CV does not say it."""
        wanted = re.escape(_plain_quotes(" ".join(evidence.split())))
        found = re.search(wanted, self._plain, re.IGNORECASE) if wanted else None
        return self._collapsed[found.start() : found.end()] if found else None

    def ground(self, question: Question) -> Question:
        """The question with `grounded` set: False when a cited skill is not in the CV or the
        evidence is not a CV quote (the quote is then dropped)."""
        grounded = all(self.shows(skill) for skill in question.skills)
        evidence = _bare_quote(question.evidence or "")
        quoted = self.quote(evidence) if evidence else None
        if evidence and quoted is None:
            grounded = False
        return question.model_copy(update={"grounded": grounded, "evidence": quoted})


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WRAP = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb .\u2026"


def _plain_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def _bare_quote(evidence: str) -> str:
    """The quote without the marks and ellipses a model wraps it in, whitespace collapsed."""
    text = " ".join(evidence.split()).strip(_WRAP)
    return text.removesuffix("...").strip(_WRAP)


def ground_questions(
    questions: Iterable[Question], profile: CandidateProfile
) -> list[Question]:
    grounder = Grounder(profile)
    return [grounder.ground(question) for question in questions]
