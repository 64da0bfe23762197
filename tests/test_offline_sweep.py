"""Every role x level x type over every CV in tests/fixtures/cvs: what every offline plan must
hold (issue 11), with the figures printed (`pytest -s tests/test_offline_sweep.py`).

On every 10-question plan: no template shape twice; no spoken language, employer, season or
section heading used as a skill; every `evidence` a substring of the CV's text; a competency
and red flags on every question; and, for a technical or mixed plan of a CV with four or more
highlights, at least a third of the questions quoting the CV.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

import pytest

from iq_tui.engine.models import INTERVIEW_TYPES, LEVELS, CandidateProfile
from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.fairness import question_flags
from iq_tui.engine.planning.providers.offline import (
    HR_CORE,
    OfflinePlan,
    generate_offline,
    plan_offline,
    shape_of,
)
from iq_tui.engine.planning.roles import load_roles
from iq_tui.engine.planning.slots import slot_types
from iq_tui.engine.reading.extract import extract_profile

FIXTURES = Path(__file__).parent / "fixtures" / "cvs"
CVS = sorted(
    p for p in FIXTURES.iterdir()
    if p.suffix in (".pdf", ".md", ".txt", ".docx") and p.name != "README.md"
)
COUNT = 10
QUOTED_TYPES = ("technical", "mixed")
"""The types whose plans must quote the CV in a third of their questions (issue 11)."""
SEASON = re.compile(r"^(spring|summer|fall|autumn|winter)(\s+'?\d{2,4})?$", re.IGNORECASE)
HEADINGS = frozenset({
    "experience", "work experience", "professional experience", "education", "skills",
    "projects", "summary", "profile", "work history", "certifications", "languages",
    "interests", "awards", "publications", "references", "employment", "technical skills",
    "objective", "contact", "achievements", "activities", "volunteering", "coursework",
    "relevant coursework", "honors", "hobbies",
})


@lru_cache(maxsize=None)
def _profile(path: Path) -> CandidateProfile:
    return extract_profile(path)


def _cv_facts(profile: CandidateProfile) -> tuple[str, frozenset[str], frozenset[str]]:
    """The CV's text (whitespace collapsed), its employers and spoken languages, folded."""
    return (
        " ".join(profile.text.split()),
        frozenset(" ".join(e.organization.split()).casefold() for e in profile.experience),
        frozenset(s.casefold() for s in profile.languages),
    )


@lru_cache(maxsize=None)
def _flags(text: str, follow_ups: tuple[str, ...]) -> list[str]:
    """Protected characteristics a question touches (most texts recur across plans)."""
    return [f.summary for f in question_flags(SimpleNamespace(text=text, follow_ups=list(follow_ups)))]


def _highlights(profile: CandidateProfile) -> int:
    return sum(len(e.highlights) for e in [*profile.experience, *profile.projects])


def _check(
    profile: CandidateProfile,
    facts: tuple[str, frozenset[str], frozenset[str]],
    itype: str,
    plan: OfflinePlan,
    label: str,
    recognise: bool = True,
) -> None:
    questions = plan.questions
    assert len(questions) == COUNT, label
    assert len(set(plan.shapes)) == COUNT, (label, Counter(plan.shapes).most_common(1))
    if recognise:  # the shapes as read back from the text alone (slower: one role's plans)
        shapes = [shape_of(q.text) for q in questions]
        assert shapes == plan.shapes, (label, [q.text for q, s in zip(questions, shapes) if s is None])
    cv, employers, spoken = facts
    types = slot_types()
    for q in questions:
        for skill in q.skills:
            low = skill.casefold()
            assert low not in spoken and not types.is_spoken_language(skill), (label, skill, q.text)
            assert low not in employers, (label, "employer as a skill", skill, q.text)
            assert low not in HEADINGS, (label, "heading as a skill", skill, q.text)
            if SEASON.match(skill):  # "Spring" the framework, never "Spring 2021" the term
                assert re.search(rf"\b{skill}\b(?!\s+'?\d)", cv), (label, skill, q.text)
        assert q.evidence is None or q.evidence in cv, (label, q.evidence)
        assert q.competency and q.red_flags, (label, q.text)
        if recognise:  # the fairness rules on a sample too (test_fairness covers the banks)
            flags = _flags(q.text, tuple(q.follow_ups))
            assert not flags, (label, q.text, flags)
    if itype in QUOTED_TYPES and _highlights(profile) >= 4:
        quoted = sum(q.evidence is not None for q in questions)
        assert quoted * 3 >= COUNT, (label, quoted, [q.text for q in questions])


def test_every_plan_over_every_fixture_cv() -> None:
    assert len(CVS) >= 30, "the fixture CVs are missing"
    roles = load_roles()
    figures: Counter[str] = Counter()
    shapes_by_role_cv: dict[tuple[str, str], set[str]] = {}
    behavioural: Counter[str] = Counter()
    planning = 0.0
    started = time.perf_counter()
    for cv in CVS:
        profile = _profile(cv)
        facts = _cv_facts(profile)
        rich = _highlights(profile) >= 4
        for role in roles:
            for level in LEVELS:
                for itype in INTERVIEW_TYPES:
                    context = build_context(role, level, itype, profile)
                    start = time.perf_counter()
                    plan = plan_offline(context, COUNT)
                    planning += time.perf_counter() - start
                    _check(profile, facts, itype, plan, f"{cv.stem} {role.id} {level} {itype}",
                           recognise=role is roles[0])
                    quoted = sum(q.evidence is not None for q in plan.questions)
                    figures["plans"] += 1
                    figures["questions"] += COUNT
                    figures["quoted"] += quoted
                    figures["achievement"] += plan.kinds.count("achievement")
                    if rich:
                        figures[f"rich {itype}"] += 1
                        figures[f"rich {itype} third"] += quoted * 3 >= COUNT
                    if itype in ("technical", "case_study"):
                        figures[f"{itype} questions"] += COUNT
                        figures[f"{itype} bank"] += plan.kinds.count("bank")
                    if itype == "hr":
                        figures["hr plans"] += 1
                        figures["hr core"] += set(HR_CORE) <= {q.competency for q in plan.questions}
                    if itype in ("hr", "mixed"):
                        figures["hr+mixed plans"] += 1
                        behavioural.update(
                            {s for q, s in zip(plan.questions, plan.shapes) if q.category == "behavioral"}
                        )
                    shapes_by_role_cv.setdefault((role.id, cv.stem), set()).update(plan.shapes)
    shared = []
    for role in roles:
        sets = [v for (r, _), v in shapes_by_role_cv.items() if r == role.id]
        shared += [len(a & b) / len(a | b) for a, b in combinations(sets, 2)]
    top3 = [n / figures["hr+mixed plans"] for _, n in behavioural.most_common(3)]
    f = figures
    print(
        f"\n{f['plans']} plans, {f['questions']} questions over {len(CVS)} CVs, "
        f"{planning / f['plans'] * 1000:.2f} ms a plan (mean), "
        f"{time.perf_counter() - started:.1f} s in all with extraction and checks: "
        f"{f['quoted'] / f['questions']:.0%} quote the CV, "
        f"{f['achievement'] / f['questions']:.0%} are built on a highlight"
    )
    for itype in INTERVIEW_TYPES:
        print(f"  CVs with 4+ highlights, {itype}: a third quoted in "
              f"{f[f'rich {itype} third']}/{f[f'rich {itype}']} plans")
    for itype in ("technical", "case_study"):
        print(f"  role bank: {f[f'{itype} bank'] / f[f'{itype} questions']:.0%} of {itype} questions")
    print(
        f"  HR core covered in {f['hr core']}/{f['hr plans']} HR plans; two CVs for one role "
        f"share {sum(shared) / len(shared):.0%} of their template shapes (mean Jaccard); the "
        f"three commonest behavioural templates are in "
        f"{', '.join(f'{t:.0%}' for t in top3)} of HR and mixed plans"
    )
    assert f["hr core"] == f["hr plans"]
    assert max(top3) < 0.5
    for itype in ("technical", "case_study"):  # the role bank carries half of these plans
        assert f[f"{itype} bank"] * 2 >= f[f"{itype} questions"], itype


@pytest.mark.parametrize("cv", CVS, ids=lambda p: p.stem)
def test_regenerating_any_slot_gives_a_new_question_of_its_category(cv: Path) -> None:
    profile = _profile(cv)
    role = load_roles()[0]
    context = build_context(role, "mid", "mixed", profile)
    plan = plan_offline(context, COUNT)
    texts = [q.text for q in plan.questions]
    for i, q in enumerate(plan.questions):
        new = generate_offline(context, 1, avoid=texts, category=q.category, replacing=q.text)
        assert new and new[0].category == q.category and new[0].text not in texts
        assert shape_of(new[0].text) != plan.shapes[i]
