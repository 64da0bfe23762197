"""A business or design word that says what a product is for is not the writer's skill."""

from __future__ import annotations

import pytest

from iq_tui.engine.reading.profile import profile_from_text

CV = """Jordan Lee
jordan@example.com

EXPERIENCE
Software Developer, Acme Ltd 2021 - 2023
- {line}

SKILLS
Python, Django
"""


@pytest.mark.parametrize(
    ("line", "domain"),
    [
        ("Built an open-source double-entry bookkeeping app for Django.", "Bookkeeping"),
        ("Integrated the billing service with the CRM system over webhooks.", "CRM"),
        ("Wrote Python plugins for a project management tool used by 40 teams.", "Project Management"),
    ],
)
def test_a_domain_word_before_a_product_noun_in_prose_is_not_a_skill(line: str, domain: str) -> None:
    profile = profile_from_text(CV.format(line=line))
    assert domain not in profile.skills
    assert "Python" in profile.skills and "Django" in profile.skills


def test_the_same_word_as_work_done_or_listed_is_still_a_skill() -> None:
    done = profile_from_text(CV.format(line="Ran the bookkeeping for three clinics."))
    assert "Bookkeeping" in done.skills
    listed = profile_from_text(CV.format(line="Built a bookkeeping app.").replace(
        "Python, Django", "Python, Django, Bookkeeping"))
    assert "Bookkeeping" in listed.skills


def test_a_tool_before_a_product_noun_is_still_a_skill() -> None:
    profile = profile_from_text(CV.format(line="Built a Kafka platform and a React app."))
    assert "Kafka" in profile.skills and "React" in profile.skills


def test_a_project_about_a_domain_does_not_list_it_as_a_project_skill() -> None:
    text = CV + "\nPROJECTS\nLedgerlite 2022\nBuilt with Python, Django.\nAn open-source bookkeeping app for Django.\n"
    profile = profile_from_text(text.format(line="Kept the API fast."))
    (project,) = profile.projects
    assert "Django" in project.skills and "Bookkeeping" not in project.skills
