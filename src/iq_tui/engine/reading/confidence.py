"""How sure extraction is of each field of a profile (see `models.Confidence`).

`high` means the value was read from where a CV draws such a field (a name in the largest type
at the top, skills from a skills section, dated entries under an experience heading); `low`
means it was inferred, or that something about it looks off, so the interviewer should check
it. Fields with nothing to judge are left out.
"""

from __future__ import annotations

import re

from iq_tui.engine.models import CandidateProfile, Confidence
from iq_tui.engine.reading.sections import Section

# Bounded parts starting only where a run begins (as profile.EMAIL): linear on a long word.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")


def _high(reason: str) -> Confidence:
    return Confidence(level="high", reason=reason)


def _low(reason: str) -> Confidence:
    return Confidence(level="low", reason=reason)


def field_confidence(
    profile: CandidateProfile, sections: list[Section], name: Confidence
) -> dict[str, Confidence]:
    """The profile-level confidence mapping; per-entry confidence is set where entries are made."""
    kinds = {s.kind for s in sections}
    out: dict[str, Confidence] = {"name": name}
    emails = {e.casefold() for e in _EMAIL.findall(profile.text)}
    if not profile.email:
        out["email"] = _low("no e-mail address found")
    elif len(emails) > 1:
        out["email"] = _low(f"{len(emails)} addresses on the CV; the first was taken")
    else:
        out["email"] = _high("the only address on the CV")
    out["phone"] = _high("a phone number") if profile.phone else _low("no phone number found")
    if "skills" in kinds:
        out["skills"] = _high("the CV's skills section, and skills named in its text")
    elif profile.skills:
        out["skills"] = _low("no skills section: skills named in the text")
    else:
        out["skills"] = _low("no skills found")
    if profile.languages:
        out["languages"] = _high("listed as languages")
    entries = profile.experience
    if not entries:
        out["experience"] = _low("no job found")
    elif "experience" not in kinds:
        out["experience"] = _low("no experience heading: dated entries found elsewhere")
    elif any(e.confidence.get(f, _high("")).level == "low" for e in entries for f in e.confidence):
        out["experience"] = _low("some entries have a field to check")
    else:
        out["experience"] = _high("dated entries under an experience heading")
    if not profile.education:
        out["education"] = _low("no education found")
    elif all(e.institution for e in profile.education):
        out["education"] = _high("under an education heading")
    else:
        out["education"] = _low("an entry without an institution")
    if profile.years_experience is None:
        out["years_experience"] = _low("no dated job")
    elif any(e.confidence.get("dates", _high("")).level == "low" for e in entries):
        out["years_experience"] = _low("some jobs have no date range")
    else:
        out["years_experience"] = _high("from the jobs' date ranges")
    return out
