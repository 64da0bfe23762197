"""The offline generator on the real CVs in tests/fixtures/cvs, through `extract_profile`."""

from __future__ import annotations

from pathlib import Path

import pytest

from iq_tui.engine.context import build_context
from iq_tui.engine.extract import extract_profile
from iq_tui.engine.models import INTERVIEW_TYPES, LEVELS, CandidateProfile, Question
from iq_tui.engine.providers.offline import generate_offline
from iq_tui.engine.roles import load_roles
from iq_tui.engine.skills import canonical_skill

CVS = sorted((Path(__file__).parent / "fixtures" / "cvs").glob("*.pdf"))
_profiles: dict[Path, CandidateProfile] = {}


def _profile(path: Path) -> CandidateProfile:
    if path not in _profiles:
        _profiles[path] = extract_profile(path)
    return _profiles[path]


def _recognised(profile: CandidateProfile) -> list[str]:
    return [s for s in profile.skills if canonical_skill(s)]


def _names_own(question: Question, profile: CandidateProfile) -> bool:
    own = [*profile.skills, *(p.name for p in profile.projects)]
    return any(name.casefold() in question.text.casefold() for name in own)


@pytest.mark.parametrize("cv", CVS, ids=lambda p: p.stem)
def test_every_real_cv_gives_a_full_plan_for_every_role(cv: Path) -> None:
    profile = _profile(cv)
    rich = len(_recognised(profile)) >= 5
    worst = 1.0
    for role in load_roles():
        for level in LEVELS:
            for itype in INTERVIEW_TYPES:
                questions = generate_offline(build_context(role, level, itype, profile), 10)
                assert len(questions) == 10
                assert len({q.text for q in questions}) == 10
                assert all(q.difficulty == level for q in questions)
                share = sum(_names_own(q, profile) for q in questions) / 10
                worst = min(worst, share)
                if rich:
                    assert share >= 0.6, (role.id, level, itype, [q.text for q in questions])
    print(f"{cv.stem}: {len(_recognised(profile))} recognised skills, worst share {worst:.0%}")


def test_most_real_cvs_are_rich_enough_to_check() -> None:
    rich = [cv for cv in CVS if len(_recognised(_profile(cv))) >= 5]
    assert len(rich) >= 8, [cv.stem for cv in rich]
