"""The offline generator on hand-built profiles: shape, determinism, mix, level, role, personalisation."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from iq_tui.engine.planning.context import build_context
from iq_tui.engine.models import (
    INTERVIEW_TYPES,
    LEVELS,
    CandidateProfile,
    Experience,
    Project,
    Question,
    Role,
)
from iq_tui.engine.planning.providers.offline import generate_offline
from iq_tui.engine.planning.providers.offline_bank import load_bank
from iq_tui.engine.planning.roles import custom_role, find_role, load_roles

BACKEND = CandidateProfile(
    name="Ana Silva",
    skills=["Python", "Django", "PostgreSQL", "Redis", "Docker", "AWS", "Kafka", "Git", "Communication"],
    experience=[
        Experience(title="Backend Developer", organization="Northwind Labs", start="2021", end="present"),
        Experience(title="Junior Developer", organization="Contoso", start="2018", end="2021"),
    ],
    projects=[Project(name="Invoice Pipeline", skills=["Kafka"]), Project(name="Ledger API")],
)
DATA = CandidateProfile(
    name="Bo Chen",
    skills=["Python", "SQL", "pandas", "scikit-learn", "Statistics", "Tableau", "A/B Testing"],
    experience=[Experience(title="Data Analyst", organization="Fabrikam")],
    projects=[Project(name="Churn Model")],
)
FRONTEND = CandidateProfile(
    name="Cy Diaz",
    skills=["TypeScript", "React", "CSS", "HTML", "Jest", "Figma", "Next.js"],
    experience=[Experience(title="Frontend Developer", organization="Initech")],
)
PRODUCT = CandidateProfile(
    name="Di Evans",
    skills=["Product Strategy", "Roadmapping", "User Research", "Jira", "A/B Testing", "SQL", "Kubernetes"],
    experience=[Experience(title="Product Manager", organization="Globex")],
    projects=[Project(name="Self-serve Onboarding")],
)
DESIGN = CandidateProfile(
    name="Ed Fox",
    skills=["Figma", "Prototyping", "Usability Testing", "Design Systems", "User Research", "Sketch"],
    experience=[Experience(title="Product Designer", organization="Umbrella")],
)
EMPTY = CandidateProfile()

# Words that carry each level's substance (in the question, rationale or good answer).
SENIOR_MARKERS = re.compile(
    r"trade-off|scal|strateg|mentor|architect|design the|direction|lead|organisation|several teams"
    r"|across|platform|standardis|roadmap|principles|argue against|judgement",
    re.IGNORECASE,
)
JUNIOR_MARKERS = re.compile(
    r"fundamental|explain|basic|learn|step by step|what is|what happens|new teammate|simple",
    re.IGNORECASE,
)


def _plan(role: str, level: str, itype: str, profile: CandidateProfile, count: int = 10) -> list[Question]:
    context = build_context(find_role(role, load_roles()), level, itype, profile)  # type: ignore[arg-type]
    return generate_offline(context, count)


def _names_own(question: Question, profile: CandidateProfile) -> bool:
    text = question.text.casefold()
    own = [*profile.skills, *(p.name for p in profile.projects)]
    return any(name.casefold() in text for name in own)


def _check_shape(questions: list[Question], level: str, count: int) -> None:
    assert len(questions) == count
    texts = [q.text.casefold() for q in questions]
    assert len(set(texts)) == count, [t for t, n in Counter(texts).items() if n > 1]
    for q in questions:
        assert q.difficulty == level and q.source == "offline" and q.grounded
        assert q.category in ("hr", "technical", "case_study", "behavioral")
        assert q.rationale and q.good_answer and 2 <= len(q.follow_ups) <= 3
        for field in (q.text, q.rationale, q.good_answer, *q.follow_ups):
            assert "{" not in field and "}" not in field, field


def test_bank_loads_and_every_catalog_category_has_a_bank() -> None:
    bank = load_bank()
    categories = {role.category for role in load_roles()}
    assert categories <= set(bank.categories)
    for name, category in bank.categories.items():
        for level in LEVELS:
            own = [t for t in category.templates if level in t.levels]
            assert {"technical", "case_study"} <= {t.category for t in own}, (name, level)


@pytest.mark.parametrize("role", [r.id for r in load_roles()])
def test_fifty_distinct_questions_for_every_role_even_from_an_empty_cv(role: str) -> None:
    for level in LEVELS:
        for itype in INTERVIEW_TYPES:
            _check_shape(_plan(role, level, itype, EMPTY, 50), level, 50)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 25, 50])
def test_any_count_from_1_to_50_is_met_with_a_rich_cv(count: int) -> None:
    for itype in INTERVIEW_TYPES:
        _check_shape(_plan("backend-engineer", "mid", itype, BACKEND, count), "mid", count)


def test_deterministic_for_the_same_input_and_sensitive_to_the_cv() -> None:
    first = _plan("backend-engineer", "mid", "mixed", BACKEND)
    assert first == _plan("backend-engineer", "mid", "mixed", BACKEND)
    other = BACKEND.model_copy(update={"skills": ["Go", "MySQL", "Kubernetes", "Terraform", "gRPC"]})
    assert [q.text for q in first] != [q.text for q in _plan("backend-engineer", "mid", "mixed", other)]


def test_avoid_excludes_given_texts_and_still_fills_the_count() -> None:
    context = build_context(find_role("backend-engineer", load_roles()), "mid", "mixed", BACKEND)
    first = generate_offline(context, 10)
    again = generate_offline(context, 10, avoid=[q.text.upper() for q in first])
    assert len(again) == 10
    assert not {q.text for q in first} & {q.text for q in again}
    one = generate_offline(context, 1, avoid=[q.text for q in first])
    assert len(one) == 1 and one[0].text not in {q.text for q in first}


def test_mixed_balances_the_four_categories() -> None:
    counts = Counter(q.category for q in _plan("backend-engineer", "mid", "mixed", BACKEND, 20))
    assert set(counts) == {"hr", "technical", "case_study", "behavioral"}
    assert counts["technical"] >= counts["hr"] and max(counts.values()) <= 10
    small = Counter(q.category for q in _plan("data-scientist", "junior", "mixed", DATA, 4))
    assert set(small) == {"hr", "technical", "case_study", "behavioral"}


@pytest.mark.parametrize(
    ("itype", "allowed"),
    [("technical", {"technical"}), ("case_study", {"case_study"}), ("hr", {"hr", "behavioral"})],
)
def test_single_type_plans_stay_in_their_categories(itype: str, allowed: set[str]) -> None:
    for role, profile in (("backend-engineer", BACKEND), ("product-manager", PRODUCT)):
        for level in LEVELS:
            assert {q.category for q in _plan(role, level, itype, profile)} <= allowed


CASES = [
    ("backend-engineer", BACKEND),
    ("data-scientist", DATA),
    ("frontend-developer", FRONTEND),
    ("product-manager", PRODUCT),
    ("product-designer", DESIGN),
]


@pytest.mark.parametrize(("role", "profile"), CASES)
def test_plans_are_personal_where_the_bank_does_not_lead(role, profile) -> None:
    """Without highlights, the role bank carries half of a technical plan and the candidate's
    own skills, projects and employers most of the rest."""
    for level in LEVELS:
        for itype in INTERVIEW_TYPES:
            questions = _plan(role, level, itype, profile)
            share = sum(_names_own(q, profile) for q in questions) / len(questions)
            assert share >= 0.3, (role, level, itype, share, [q.text for q in questions])
            for q in questions:
                if _names_own(q, profile):
                    assert q.skills or any(p.name in q.text for p in profile.projects), q.text


def test_employers_are_woven_in() -> None:
    texts = " ".join(q.text for q in _plan("backend-engineer", "mid", "hr", BACKEND, 15))
    assert "Northwind Labs" in texts or "Contoso" in texts


@pytest.mark.parametrize(("role", "profile"), CASES)
def test_level_changes_the_substance_not_only_the_wording(role, profile) -> None:
    by_level = {level: _plan(role, level, "mixed", profile, 12) for level in LEVELS}

    def share(questions: list[Question], pattern: re.Pattern[str]) -> float:
        hits = [pattern.search(f"{q.text} {q.rationale} {q.good_answer}") for q in questions]
        return sum(1 for h in hits if h) / len(questions)

    junior, mid, senior = (by_level[level] for level in LEVELS)
    assert share(senior, SENIOR_MARKERS) >= 0.5
    assert share(senior, SENIOR_MARKERS) > share(junior, SENIOR_MARKERS)
    assert share(junior, JUNIOR_MARKERS) > share(senior, JUNIOR_MARKERS)
    # Technical and case questions are level-specific: none reappears at another level.
    def texts(questions: list[Question]) -> set[str]:
        return {q.text for q in questions if q.category in ("technical", "case_study")}

    assert texts(junior) and not texts(junior) & texts(mid)
    assert not texts(mid) & texts(senior) and not texts(junior) & texts(senior)


def test_role_category_decides_the_technical_field() -> None:
    pm = _plan("product-manager", "mid", "technical", PRODUCT, 15)
    assert not any("Kubernetes" in q.text for q in pm)
    backend = _plan("backend-engineer", "mid", "technical", BACKEND, 15)
    assert not {q.text for q in pm} & {q.text for q in backend}
    assert any("Figma" in q.text for q in _plan("product-designer", "mid", "technical", DESIGN))
    # A backend CV in front of a PM role: the questions ask about the move itself, by title,
    # and quiz no engineering tool.
    switcher = _plan("product-manager", "mid", "mixed", BACKEND)
    assert any("Backend Developer" in q.text and "move" in q.text for q in switcher)
    assert not any(q.category == "technical" and {"Python", "Django"} & set(q.skills) for q in switcher)


def test_generic_tools_are_never_the_subject_of_a_question() -> None:
    for itype in INTERVIEW_TYPES:
        assert not any("Git" in q.skills for q in _plan("backend-engineer", "mid", itype, BACKEND, 30))


def test_custom_role_without_a_bank_of_its_own_gets_general_questions() -> None:
    role = custom_role("Pastry Chef")
    context = build_context(role, "senior", "mixed", EMPTY)
    _check_shape(generate_offline(context, 12), "senior", 12)


def test_messy_cv_values_are_cleaned_not_echoed() -> None:
    messy = CandidateProfile(
        skills=["  Python ", "python", "", "x" * 200, "Django"],
        experience=[Experience(organization="  Acme   Corp. ")],
        projects=[Project(name="Billing")],
    )
    questions = _plan("backend-engineer", "mid", "mixed", messy, 20)
    _check_shape(questions, "mid", 20)
    joined = " ".join(q.text for q in questions)
    assert "x" * 100 not in joined
    hr = " ".join(q.text for q in _plan("backend-engineer", "mid", "hr", messy, 15))
    assert "Acme Corp" in hr and "Acme   Corp" not in hr
    assert sum(q.skills.count("Python") + q.skills.count("python") for q in questions) >= 1
    assert not any("python" in q.skills for q in questions)  # the duplicate was dropped


def test_cv_values_are_data_never_templates() -> None:
    tricky = CandidateProfile(skills=["{role}", "Python"], projects=[Project(name="{skill} {0} {")])
    questions = _plan("backend-engineer", "mid", "mixed", tricky, 20)
    joined = " ".join(q.text for q in questions)
    assert "{skill} {0} {" in joined and len(questions) == 20


def test_a_user_role_with_an_unknown_category_uses_the_general_bank() -> None:
    role = Role(id="game-dev", name="Game Developer", category="gamedev", keywords=["Unity"])
    context = build_context(role, "junior", "technical", BACKEND)
    _check_shape(generate_offline(context, 50), "junior", 50)


def test_partial_or_odd_contexts_do_not_crash() -> None:
    assert len(generate_offline({}, 5)) == 5
    odd = {"role": {"name": "X", "category": "backend"}, "level": "lead", "interview_type": "?"}
    assert {q.difficulty for q in generate_offline(odd, 8)} == {"mid"}
    assert generate_offline({}, 0) == [] and len(generate_offline({}, 80)) == 50


def test_bank_text_is_well_formed() -> None:
    bank = load_bank()
    templates = [*bank.skill_templates, *bank.common]
    templates += [t for c in bank.categories.values() for t in c.templates]
    for t in templates:
        assert t.text[0].isupper() and t.text[-1] in "?.", t.text
        assert "  " not in t.text and t.rationale.endswith(".") and t.good_answer.endswith(".")
        assert all(f[0].isupper() and f[-1] in "?." for f in t.follow_ups), t.text
    for name, category in bank.categories.items():
        for level in LEVELS:
            pool = [*category.templates, *category.borrowed]
            own = Counter(t.category for t in pool if level in t.levels)
            assert own["technical"] >= 3 and own["case_study"] >= 2, (name, level, own)


def test_tool_questions_never_name_a_discipline() -> None:
    ml = CandidateProfile(skills=["Machine Learning", "Statistics", "Python", "PyTorch", "SQL"])
    for level in LEVELS:
        for itype in ("technical", "case_study"):
            for q in _plan("ml-engineer", level, itype, ml, 20):
                if "standardise on" in q.text or "grown without a plan" in q.text:
                    assert "Machine Learning" not in q.text and "Statistics" not in q.text


@pytest.mark.parametrize("category", ["hr", "behavioral", "case_study", "technical"])
def test_category_restricts_the_plan_to_that_category(category: str) -> None:
    # a technical interview: without `category`, every question would be technical
    context = build_context(find_role("backend-engineer", load_roles()), "senior", "technical", BACKEND)
    made = generate_offline(context, 3, category=category)
    assert len(made) == 3 and {q.category for q in made} == {category}
    assert {q.difficulty for q in made} == {"senior"}


def test_every_fixed_question_and_probe_fits_the_editor_pane_at_80x24() -> None:
    """The editor shows the question, its follow-ups and what a strong answer covers together
    at 80x24 (test_editor_safety checks real plans): a pane 37 columns wide and 20 lines high.
    Long new case studies once overflowed it."""
    import textwrap

    from iq_tui.engine.planning.achievements import achievement_bank
    from iq_tui.engine.planning.providers.offline import _all_templates

    def lines(text: str) -> int:
        return len(textwrap.wrap(text, 37)) or 1

    def height(text: str, follow_ups, good_answer: str) -> int:
        # header, "Follow-ups", "A strong answer covers" + the wrapped text of each part
        return 3 + lines(text) + sum(lines("↳ " + f) for f in follow_ups) + lines(good_answer)

    lead = "At Brightfield Health, you " + "built " * 17 + "it."  # a long restated claim
    hard = "How were the jobs partitioned, and how was a failed run recovered?"
    too_tall = [t.text for t in _all_templates(load_bank())
                if not t.filled and height(t.text, t.follow_ups, t.good_answer) > 20]
    too_tall += [p.text for p in achievement_bank().probes
                 if height(p.text.replace("{lead}", lead).replace("{hard}", hard), p.follow_ups,
                           p.good_answer) > 20]
    assert too_tall == []
