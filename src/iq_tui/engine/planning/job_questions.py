"""Offline questions aimed at a job description's requirements, must-haves first.

A requirement the CV shows is built on: the question quotes the CV line that shows it and asks
for the depth the job needs. One the CV only names (`thin`) or does not show (`missing`) is
probed honestly: the question says the CV does not show it and asks whether, and how, they
could do it, never the reverse. A degree is checked on paper, not in an interview, and years
the CV already shows need no question; neither gets one. Each question names its requirement.
Wordings rotate, so a plan with several gaps does not ask the same sentence twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from iq_tui.engine.models import CandidateProfile, Level, Question, QuestionCategory, Requirement
from iq_tui.engine.planning.fairness import question_flags
from iq_tui.engine.reading.skills import find_skills, skill_category

AIMED_SHARE = 0.6
"""At most this share of a plan's questions is aimed at the JD (the rest reads the CV)."""
MAX_CASES = 2
"""Case studies on requirements in one plan: a case takes a long slot of the interview."""
MAX_QUOTE = 140
_DEGREE = re.compile(
    r"\b(?:degree|bachelor'?s?|master'?s?|ph\.?\s?d|b\.?sc|m\.?sc|diploma)\b", re.IGNORECASE
)
_YEARS = re.compile(
    r"\b\d{1,2}\s*\+?\s*(?:years?|yrs)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|"
    r"ten) years?\b",
    re.IGNORECASE,
)
_DEPTH: dict[str, str] = {
    "junior": "what you did yourself, and what you learned from it",
    "mid": "which decisions were yours, and what you would do differently",
    "senior": "the trade-offs you weighed, and how it would hold at this job's scale",
}


@dataclass(frozen=True)
class _Frame:
    text: str
    """With {asked} (the requirement, quoted), {topic}, {line} (the CV's), {depth}."""
    follow_ups: tuple[str, ...]
    good_answer: str
    red_flags: tuple[str, ...]


_SHOWN = (
    _Frame(
        'About "{line}", from your CV: this job asks for "{asked}". Walk me through it: '
        "{depth}.",
        ("What was the hardest part, and how did you get past it?",
         "What would have to change to meet this job's needs?"),
        "their own part in concrete terms (numbers, choices, what broke), tied to what the job needs",
        ("describes the team's work, not their own", "stays at the level of tool names"),
    ),
    _Frame(
        'Your CV says: "{line}". This job asks for "{asked}". What from that work would carry '
        "over here, and what would not? Tell me {depth}.",
        ("How did you know it worked?", "What would you not do again?"),
        "what carries over and what does not, with specifics from their own work",
        ("assumes it all carries over unchanged", "cannot say what they would change"),
    ),
)
_THIN = (
    _Frame(
        'Your CV names {topic} but does not describe work with it, and this job asks for '
        '"{asked}". Have you used it for real? Tell me what you built with it, or how you '
        "would get up to speed.",
        ("What went wrong, and what did you do about it?",
         "What would you want to learn first in this job?"),
        "an honest account of what they have and have not done, with specifics where they have",
        ("claims depth the answers cannot back", "no specifics at all"),
    ),
    _Frame(
        'Your CV lists {topic}, but none of the work it describes shows {topic} in use; this '
        'job needs "{asked}". Where have you used {topic}, and what was the hardest problem you '
        "solved there? If it was only a course or a side project, say so.",
        ("How long ago was that, and how much would you have to refresh?",
         "What would you read or build first?"),
        "a real example with its context, or a candid 'only briefly' and a plan",
        ("vague about where and when", "overstates a course or tutorial as production work"),
    ),
)
_THIN_YEARS = _Frame(
    'This job asks for "{asked}", more than your CV shows so far. Which of your work '
    "comes closest to what that experience would bring, and where would you expect to need "
    "support?",
    ("What did you take on that was beyond your role at the time?",
     "Who would you learn from here, and how?"),
    "a clear view of their own level, stretch work with specifics, realistic support needs",
    ("inflates their experience", "no example of growing into harder work"),
)
_MISSING = (
    _Frame(
        '{Topic} is among this job\'s {weight}s ("{asked}"), and your CV does not show it. '
        "Have you worked with it, perhaps somewhere the CV leaves out? If not, how would you "
        "get up to speed, and what from your own work comes closest?",
        ("What would your first month of learning look like?",
         "What similar problem have you solved with other tools?"),
        "candour about the gap, transferable experience, a concrete plan to learn",
        ("claims experience the CV and the answers cannot back", "no plan to learn it"),
    ),
    _Frame(
        "If you joined and had to work with {topic} in your first weeks, how would you go "
        'about it? This job asks for "{asked}", which your CV does not mention: what from '
        "your own experience would help?",
        ("Who or what would you learn from?", "How would you know you were ready?"),
        "a realistic learning plan, links to what they have done, no bluffing",
        ("bluffs knowledge they do not have", "expects to be taught everything"),
    ),
)
_OTHER = _Frame(
    'This job asks for "{asked}", and your CV does not say much about it. Tell me about a '
    "time your work called for it, or, if it has not yet, how you would go about it here.",
    ("What did you do yourself, and what was the result?",
     "What would you do differently next time?"),
    "a specific situation with their own actions and the result, or an honest plan",
    ("only generalities", "claims it without an example"),
)
_CASES = (
    _Frame(
        'This job asks for "{asked}". Picture your first month: the part of our system that '
        "relies on {topic} is slow and fails now and then, and nobody owns it. How would you "
        "find out what is wrong, and what would you change first?",
        ("What would you measure before changing anything?",
         "What would you leave for later, and why?"),
        "a calm order of checks, measurements before changes, trade-offs said aloud",
        ("jumps to a rewrite", "names tools without a plan"),
    ),
    _Frame(
        'This job asks for "{asked}". We have one quarter and two engineers to build a new '
        "feature on {topic}. How would you scope the work, and what would you check before it "
        "goes live?",
        ("What would make you advise against it?", "How would you roll it back?"),
        "scoping, risks named early, a staged rollout with a way back",
        ("no risks named", "a big-bang plan"),
    ),
)
_CONCEPT_CATEGORIES = frozenset({"practices", "soft", "management", "product_design"})
_RATIONALE = {
    "shown": "Builds on what the CV shows for {weight} requirement of the job.",
    "thin": "The CV only names {weight} requirement of the job: probes whether it is real.",
    "missing": "The CV does not show {weight} requirement of the job: probes whether they can "
    "do it.",
}


def _quote(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def _concept(skill: str) -> bool:
    """A way of working or a field ("Accessibility", "Data Engineering"), not a tool."""
    category = skill_category(skill)
    if category in _CONCEPT_CATEGORIES:
        return True
    words = skill.split()
    return category == "data" and len(words) > 1 and all(w[:1].isupper() and w[1:].islower()
                                                            for w in words)


def _in_prose(skill: str) -> str:
    """A skill's name inside a sentence: a concept in lower case ("accessibility")."""
    return skill.lower() if _concept(skill) else skill


def _kind(requirement: Requirement) -> str:
    """"skill" (names a skill), "years", "degree" or "other" (a way of working, a domain)."""
    if _DEGREE.search(requirement.text):
        return "degree"
    named = find_skills(requirement.text)
    if named and not all(_concept(skill) for skill in named):
        return "skill"
    if named and not _YEARS.search(requirement.text):
        return "other"  # only ways of working ("clear written communication")
    if _YEARS.search(requirement.text):
        return "years"
    return "other"


def _category(kind: str, interview_type: str) -> QuestionCategory | None:
    """The category a requirement's question takes in this interview type, or None when the
    type has no place for it (an HR interview does not test a skill)."""
    if interview_type == "technical":
        return "technical" if kind in ("skill", "years") else None
    if interview_type == "case_study":
        return "case_study" if kind == "skill" else None
    if interview_type == "hr":
        return "behavioral" if kind in ("other", "years") else None
    return "technical" if kind in ("skill", "years") else "behavioral"


def _worked_skills(profile: CandidateProfile) -> set[str]:
    """Skills the CV's highlights show in use."""
    shown: set[str] = set()
    for entry in [*profile.experience, *profile.projects]:
        for line in entry.highlights or ([entry.summary] if entry.summary else []):
            shown.update(find_skills(line))
    return shown


class _Writer:
    def __init__(self, profile: CandidateProfile, level: Level) -> None:
        self.level = level
        self.have = set(profile.skills) | {s for p in profile.projects for s in p.skills}
        self.worked = _worked_skills(profile)
        self.used: dict[str, int] = {}

    def _frame(self, name: str, frames: Sequence[_Frame]) -> _Frame:
        n = self.used.get(name, 0)
        self.used[name] = n + 1
        return frames[n % len(frames)]

    def _topic(self, requirement: Requirement, named: list[str]) -> str:
        if not named:
            return "this"
        tools = [s for s in named if not _concept(s)]
        named = tools or named  # "scikit-learn" before "machine learning"
        if requirement.status == "thin":  # the one it only names
            return next((s for s in named if s not in self.worked and s in self.have), named[0])
        if requirement.status == "shown":
            return next((s for s in named if s in self.worked), named[0])
        return next((s for s in named if s not in self.have), named[0])

    def question(
        self, requirement: Requirement, kind: str, category: QuestionCategory
    ) -> Question | None:
        named = find_skills(requirement.text)
        topic = self._topic(requirement, named)
        evidence = requirement.evidence[0] if requirement.evidence else None
        status = requirement.status
        if category == "case_study":
            if not named or _concept(topic):
                return None  # a case needs a tool or a system to reason about
            frame = self._frame("case", _CASES)
            evidence = evidence if status == "shown" else None
        elif status == "shown" and evidence:
            frame = self._frame("shown", _SHOWN)
        elif status == "thin" and kind == "years":
            frame, evidence = _THIN_YEARS, None
        elif status == "thin" and named:
            frame, evidence = self._frame("thin", _THIN), None
        elif kind == "other" or not named:
            frame, evidence = _OTHER, None
        else:
            frame, evidence = self._frame("missing", _MISSING), None
        weight = "a must-have" if requirement.importance == "must" else "a nice-to-have"
        prose = _in_prose(topic)
        text = frame.text.format(
            asked=_quote(requirement.text),
            topic=prose,
            Topic=prose[:1].upper() + prose[1:] if _concept(topic) else prose,  # "scikit-learn"
            weight="must-have" if requirement.importance == "must" else "nice-to-have",
            line=_quote(evidence or ""),
            depth=_DEPTH.get(self.level, _DEPTH["mid"]),
        )
        if _quote(requirement.text).casefold() == prose.casefold():  # "GraphQL" ("GraphQL")
            text = text.replace(f' ("{_quote(requirement.text)}")', "")
        question = Question(
            text=text,
            category=category,
            difficulty=self.level,
            skills=[s for s in named if s in self.have],
            rationale=_RATIONALE[status].format(weight=weight),
            follow_ups=list(frame.follow_ups),
            good_answer=frame.good_answer,
            competency=topic if named else ("experience" if kind == "years" else
                                            _quote(requirement.text)[:40]),
            evidence=evidence,
            red_flags=list(frame.red_flags),
            requirement=requirement.text,
            source="offline",
        )
        return None if question_flags(question) else question


def job_questions(
    requirements: Sequence[Requirement],
    interview_type: str,
    level: Level,
    count: int,
    profile: CandidateProfile,
) -> list[Question]:
    """Questions on the JD's requirements for a plan of `count`: must-haves in the JD's
    order, then nice-to-haves, at most `AIMED_SHARE` of the plan."""
    cap = max(1, math.floor(count * AIMED_SHARE)) if count > 0 else 0
    writer = _Writer(profile, level)
    made: list[Question] = []
    ordered = [r for r in requirements if r.importance == "must"]
    ordered += [r for r in requirements if r.importance != "must"]
    for requirement in ordered:
        if len(made) >= cap:
            break
        kind = _kind(requirement)
        if kind == "degree" or (kind == "years" and requirement.status == "shown"):
            continue
        category = _category(kind, interview_type)
        if category is None:
            continue
        if category == "case_study" and writer.used.get("case", 0) >= MAX_CASES:
            continue
        question = writer.question(requirement, kind, category)
        if question is not None:
            made.append(question)
    return made
