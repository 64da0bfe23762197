"""The form starts from the role and level the CV points to (engine: role_suggestion), not
always Mid / Technical / Backend Engineer; the interviewer can change both."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CVS
from textual.widgets import OptionList, Select
from tui_support import make_app, wait_until

from iq_tui.engine.models import CandidateProfile, Experience
from iq_tui.engine.planning.role_suggestion import suggest_role_and_level
from iq_tui.engine.planning.roles import load_roles
from iq_tui.engine.settings.layers import Settings
from iq_tui.flow import extract_cv
from iq_tui.screens.form import FormScreen
from iq_tui.screens.generate import GenerateScreen

ROLES = load_roles(Path("/nonexistent/roles.toml"))


def _cv(*titles: str, years: float | None = None, skills: tuple[str, ...] = ()) -> CandidateProfile:
    return CandidateProfile(
        experience=[Experience(title=t) for t in titles], years_experience=years,
        skills=list(skills),
    )


@pytest.mark.parametrize(
    ("titles", "role_id"),
    [
        (("Senior Product Designer", "Designer"), "product-designer"),
        (("UX/UI Designer",), "product-designer"),
        (("Lead Interaction Designer",), "product-designer"),
        (("Engineering Manager", "Senior Backend Engineer"), "engineering-manager"),
        (("Head of Engineering",), "engineering-manager"),
        (("Sr. Engineering Manager",), "engineering-manager"),
        (("Co-Founder & CTO", "Research Intern"), "engineering-manager"),
        (("Product Owner",), "product-manager"),
        (("Technical Program Manager",), "technical-program-manager"),
        (("Senior QA Engineer", "QA Engineer"), "qa-engineer"),
        (("Data Science Intern",), "data-scientist"),
        (("Full-Stack Software Developer",), "fullstack-engineer"),
        (("iOS Developer",), "mobile-developer"),
        (("Site Reliability Engineer",), "devops-sre"),
        (("Senior Data Engineer",), "data-engineer"),
    ],
)
def test_the_most_recent_title_that_names_a_role_wins(titles: tuple[str, ...], role_id: str) -> None:
    suggestion = suggest_role_and_level(_cv(*titles, years=4), ROLES)
    assert suggestion.role is not None and suggestion.role.id == role_id
    assert suggestion.title == titles[0]


@pytest.mark.parametrize(
    ("skills", "role_id"),
    [
        (("React", "TypeScript", "CSS", "HTML"), "frontend-developer"),
        (("Django", "PostgreSQL", "Redis"), "backend-engineer"),
        (("Swift", "Kotlin", "Android"), "mobile-developer"),
    ],
)
def test_a_title_without_a_speciality_lets_the_skills_choose(
    skills: tuple[str, ...], role_id: str
) -> None:
    suggestion = suggest_role_and_level(_cv("Software Engineer", years=3, skills=skills), ROLES)
    assert suggestion.role is not None and suggestion.role.id == role_id


@pytest.mark.parametrize(
    ("titles", "skills"),
    [
        (("Software Engineer",), ()),
        (("Senior Software Developer", "Programmer"), ("Git", "Communication")),
        (("Office manager", "Developer"), ()),  # an older generic title still counts
    ],
)
def test_a_generic_title_with_skills_that_point_nowhere_gets_the_generalist_role(
    titles: tuple[str, ...], skills: tuple[str, ...]
) -> None:
    suggestion = suggest_role_and_level(_cv(*titles, years=5, skills=skills), ROLES)
    assert suggestion.role is not None and suggestion.role.id == "software-engineer"
    assert suggestion.title == next(t for t in titles if "Office" not in t)


def test_the_generalist_role_s_name_is_not_read_as_a_specialist_title() -> None:
    """"Senior Software Engineer" names the generalist role, but Django skills still choose."""
    suggestion = suggest_role_and_level(
        _cv("Senior Software Engineer", years=6, skills=("Django", "PostgreSQL")), ROLES)
    assert suggestion.role is not None and suggestion.role.id == "backend-engineer"


def test_no_role_for_a_cv_whose_titles_name_none() -> None:
    assert suggest_role_and_level(_cv("Office manager", years=4), ROLES).role is None
    assert suggest_role_and_level(_cv(), ROLES).role is None


@pytest.mark.parametrize(
    ("title", "years", "level"),
    [
        ("Junior Designer", 6, "junior"),  # the title's word wins over the years
        ("Software Engineering Intern", 4.5, "junior"),
        ("Senior Product Designer", 3, "senior"),
        ("Staff Engineer", 3, "senior"),
        ("Software Engineer II", 8, "mid"),
        ("Software Engineer I", 3, "junior"),
        ("Designer", 7, "senior"),
        ("Designer", 3, "mid"),
        ("Designer", 1, "junior"),
        ("Designer", None, "mid"),
    ],
)
def test_level_from_the_title_then_the_years(title: str, years: float | None, level: str) -> None:
    assert suggest_role_and_level(_cv(title, years=years), ROLES).level == level


@pytest.mark.parametrize(
    ("cv", "role_id", "level"),
    [
        ("chromium-two-column-sidebar.pdf", "engineering-manager", "senior"),
        ("headerless-experience.pdf", "qa-engineer", "senior"),
        ("resume-matcher-single-column.pdf", "backend-engineer", "senior"),
        ("designer-cv.md", "product-designer", "senior"),
    ],
)
def test_real_cvs(cv: str, role_id: str, level: str) -> None:
    suggestion = suggest_role_and_level(extract_cv(CVS / cv, Settings()), ROLES)
    assert suggestion.role is not None
    assert (suggestion.role.id, suggestion.level) == (role_id, level)


async def test_the_form_proposes_them_and_the_interviewer_changes_them(tmp_path: Path) -> None:
    app = make_app(tmp_path, cv=str(CVS / "designer-cv.md"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.pause()
        form = app.screen
        assert form.selected_role().id == "product-designer"
        assert form.query_one("#level", Select).value == "senior"
        shown = str(form.query_one("#suggestion").render())
        assert "Proposed: Product Designer (UX/UI), Senior" in shown
        # the proposal is only a start: another role and level are taken as chosen
        roles = form.query_one("#roles", OptionList)
        roles.highlighted = next(
            i for i in range(roles.option_count) if roles.get_option_at_index(i).id == "product-manager"
        )
        form.query_one("#level", Select).value = "mid"
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, GenerateScreen))
        request = app.screen.request
        assert (request.role.id, request.level) == ("product-manager", "mid")
