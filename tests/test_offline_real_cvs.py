"""The offline generator on the real CVs in tests/fixtures/cvs, through `extract_profile`."""

from __future__ import annotations

from pathlib import Path

import pytest

from iq_tui.engine.planning.context import build_context
from iq_tui.engine.reading.extract import extract_profile
from iq_tui.engine.models import INTERVIEW_TYPES, LEVELS, CandidateProfile, Question
from iq_tui.engine.planning.providers.offline import generate_offline, is_career_changer
from iq_tui.engine.planning.roles import load_roles
from iq_tui.engine.reading.skills import canonical_skill

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
                context = build_context(role, level, itype, profile)
                questions = generate_offline(context, 10)
                assert len(questions) == 10
                assert len({q.text for q in questions}) == 10
                assert all(q.difficulty == level for q in questions)
                share = sum(_names_own(q, profile) for q in questions) / 10
                worst = min(worst, share)
                # A CV from another field (an office manager's for a Data Scientist role) gets
                # technical and case questions of the role itself, beside bridges from its own.
                bridged = itype in ("technical", "case_study") and is_career_changer(context)
                if rich:
                    assert share >= (0.3 if bridged else 0.6), (role.id, level, itype, share)
    print(f"{cv.stem}: {len(_recognised(profile))} recognised skills, worst share {worst:.0%}")


def test_most_real_cvs_are_rich_enough_to_check() -> None:
    rich = [cv for cv in CVS if len(_recognised(_profile(cv))) >= 5]
    assert len(rich) >= 8, [cv.stem for cv in rich]


def test_the_sample_cv_is_no_career_changer_for_backend_and_one_for_product() -> None:
    from iq_tui.engine.planning.roles import find_role

    sample = extract_profile(Path(__file__).resolve().parent.parent / "examples" / "sample-cv.pdf")
    roles = load_roles()
    backend = build_context(find_role("backend-engineer", roles), "mid", "technical", sample)
    product = build_context(find_role("product-manager", roles), "mid", "technical", sample)
    assert not is_career_changer(backend) and is_career_changer(product)
    pm = generate_offline(product, 10)
    bridges = [q for q in pm if _names_own(q, sample)]
    assert 3 <= len(bridges) <= 7  # the PM role is still tested
    assert not any("endpoint" in q.text or "schema" in q.text for q in pm)
