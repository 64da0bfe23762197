"""Issue 10: the offline generator's work is bounded whatever the size of the CV.

A 2 MB text CV with thousands of employers once took 153 s for one HR plan (a `list.index`
in a sort key made it quadratic in the number of employers). The facts a plan reads are now
capped, so past the caps a bigger CV gives the same plan, made with the same work.
Asserted by counts (facts held, fill attempts), never by time.
"""

from __future__ import annotations

from iq_tui.engine.models import CandidateProfile, Experience
from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.providers.offline import (
    MAX_ENTRIES,
    MAX_SKILLS,
    _Facts,
    plan_offline,
)
from iq_tui.engine.planning.providers.offline_bank import load_bank
from iq_tui.engine.planning.roles import find_role, load_roles


def _cv(employers: int) -> CandidateProfile:
    jobs = [
        Experience(
            title="Backend Engineer", organization=f"Company {i} Ltd", start="2010", end="2011",
            highlights=[f"Built a payment service in Go handling {i}K requests per second",
                        f"Cut latency by {i % 90 + 1}% by caching sessions in Redis"],
        )
        for i in range(employers)
    ]
    lines = ["Jane Roe", "Skills: Python, Go, PostgreSQL, Kafka, Docker, AWS"]
    for job in jobs:
        lines += [f"{job.title}, {job.organization}", "2010 - 2011", *job.highlights]
    skills = ["Python", "Go", "PostgreSQL", "Kafka", "Docker", "AWS",
              *(f"Tool{i}" for i in range(employers))]
    return CandidateProfile(name="Jane Roe", skills=skills, experience=jobs, text="\n".join(lines),
                            years_experience=10)


def test_a_two_megabyte_cv_costs_what_its_first_entries_cost() -> None:
    huge = _cv(13_000)
    assert len(huge.text) > 2_000_000
    small = _cv(1_000)  # already past every cap (entries, skills, text)
    for itype in ("hr", "technical", "mixed"):
        role = find_role("backend-engineer", load_roles())
        big_context = build_context(role, "senior", itype, huge)
        small_context = build_context(role, "senior", itype, small)
        facts = _Facts.from_context(big_context, load_bank())
        assert len(facts.employers) <= MAX_ENTRIES and len(facts.skills) <= MAX_SKILLS
        assert len(facts.cv) <= 100_000
        big, capped = plan_offline(big_context, 10), plan_offline(small_context, 10)
        assert len(big.questions) == 10
        # the same employers, highlights and skills are read: the same questions with the
        # same number of fill attempts, however many employers follow
        assert big.work == capped.work
        assert [q.evidence for q in big.questions] == [q.evidence for q in capped.questions]


def test_work_does_not_grow_with_the_number_of_employers() -> None:
    role = find_role("backend-engineer", load_roles())
    works = [
        plan_offline(build_context(role, "mid", "hr", _cv(n)), 10).work
        for n in (1_000, 3_000, 9_000)
    ]
    assert len(set(works)) == 1, works


def test_a_cv_read_once_plans_as_if_read_afresh_and_an_edit_is_seen() -> None:
    """The reading of a CV is kept between plans: it must never serve a stale profile."""
    from iq_tui.engine.planning.providers import offline

    role = find_role("backend-engineer", load_roles())
    cv = _cv(3)
    kept = [plan_offline(build_context(role, lv, "technical", cv), 10).questions for lv in ("junior", "senior")]
    offline._READINGS.clear()
    fresh = [plan_offline(build_context(role, lv, "technical", cv), 10).questions for lv in ("junior", "senior")]
    assert kept == fresh
    # the same CV text, the profile corrected in the picker: Go is no longer a skill
    edited = cv.model_copy(update={"skills": ["Python", "PostgreSQL", "Kafka", "Docker", "AWS"]})
    names = [
        {s.name for s in _Facts.from_context(build_context(role, "senior", "hr", p), load_bank()).skills}
        for p in (cv, edited)
    ]
    assert "Go" in names[0] and "Go" not in names[1]
    assert plan_offline(build_context(role, "senior", "hr", edited), 10).questions != plan_offline(
        build_context(role, "senior", "hr", cv), 10).questions
