"""Layout families the held-out CVs showed, each on a CV made here (not a fixture's text).

Lines are given as the PDF reader gives them (text, segments, their x, size, bold), so each
family is tested without a PDF; the scoring test checks the same on real files.
"""

from __future__ import annotations

from typing import Any

from iq_tui.engine.reading.profile import build_profile, profile_from_text


def row(*segs: str, size: float = 10.0, bold: bool = False, xs: list[float] | None = None) -> dict[str, Any]:
    xs = xs if xs is not None else [50.0 + 250 * i for i in range(len(segs))]
    return {"text": " ".join(segs), "segs": list(segs), "xs": xs, "size": size, "bold": bold, "page": 1}


def titles(profile: Any) -> list[tuple[str, str]]:
    return [(e.title, e.organization) for e in profile.experience]


def test_long_free_text_skill_items_are_kept_as_written() -> None:
    cv = profile_from_text(
        "Priya Natarajan\npriya@example.org\n\nSkills\n"
        "Planning: Jira, stakeholder mapping & roadmap reviews, budget forecasting for teams\n"
        "Design: Figma for rapid prototyping, Illustrator\n"
    )
    assert "stakeholder mapping & roadmap reviews" in cv.skills
    assert "budget forecasting for teams" in cv.skills
    assert "Figma for rapid prototyping" in cv.skills
    assert "Figma" in cv.skills  # the known skill inside it is there too


def test_title_line_over_or_under_an_organisation_without_title_words() -> None:
    cv = build_profile(
        [
            row("Sam Okafor", size=18, bold=True),
            row("sam@example.org"),
            row("Experience", size=12, bold=True),
            row("Lakeside Community College", "Austin, TX"),
            row("Writing Center Peer", "January 2024-Present"),
            row("Met students weekly to review drafts and citations across", xs=[50.0]),
            row("Canvas and Zoom", xs=[50.0]),
            row("Freelance", "Austin, TX"),
            row("Spanish Tutor", "June 2021-May 2023"),
            row("Taught grammar to six adult learners", xs=[50.0]),
        ]
    )
    assert ("Writing Center Peer", "Lakeside Community College") in titles(cv)
    assert ("Spanish Tutor", "Freelance") in titles(cv)


def test_uppercase_employer_and_two_places_on_the_dates_line() -> None:
    cv = build_profile(
        [
            row("Ana Lima", size=18, bold=True),
            row("ana@example.org"),
            row("EXPERIENCE", size=12, bold=True),
            row("ZULIP | Core Maintainer & Release Lead", size=11),
            row("Jan 2019 – May 2020 | Berlin, DE & Porto, PT", xs=[50.0]),
            row("• Cut the release cycle from six weeks to two.", xs=[50.0]),
        ]
    )
    assert ("Core Maintainer & Release Lead", "ZULIP") in titles(cv)


def test_comma_joined_titles_and_a_header_row_that_wraps_with_its_dates() -> None:
    cv = build_profile(
        [
            row("Mia Chen", size=18, bold=True),
            row("mia@example.org"),
            row("Experience", size=12, bold=True),
            row("Guide, Archive Assistant | Riverside Maritime", "March 2022 - August", bold=True),
            row("Gallery", "2023", bold=True),
            row("● Catalogued 400 ship logs", xs=[50.0]),
        ]
    )
    assert ("Guide, Archive Assistant", "Riverside Maritime Gallery") in titles(cv)
    assert (cv.experience[0].start, cv.experience[0].end) == ("March 2022", "August 2023")


def test_degreeless_programs_and_schools_drawn_like_the_others() -> None:
    programs = profile_from_text(
        "Lee Park\nlee@example.org\n\nEducation\n"
        "UX Design Immersive (2021)\nNorthbeam Academy of Craft\n"
        "Product Management Program (2020)\nLaunchpad Collective\n"
    )
    assert [e.institution for e in programs.education] == [
        "Northbeam Academy of Craft",
        "Launchpad Collective",
    ]
    styled = build_profile(
        [
            row("Ravi Iyer", size=18, bold=True),
            row("ravi@example.org"),
            row("EDUCATION", size=12, bold=True),
            row("DELHI UNIVERSITY", size=11, bold=True),
            row("BA in Economics", xs=[50.0]),
            row("ST XAVIER'S HIGH", size=11, bold=True),
            row("Grad. May 2010", xs=[50.0]),
            row("Honours Society", xs=[50.0]),
        ]
    )
    assert [e.institution for e in styled.education] == ["DELHI UNIVERSITY", "ST XAVIER'S HIGH"]


def test_a_skills_grid_with_its_heading_in_a_rail_is_read_down_the_columns() -> None:
    cols = [120.0, 200.0, 280.0, 360.0]
    cv = build_profile(
        [
            row("Noor Haddad", size=18, bold=True),
            row("noor@example.org"),
            row("Core", "Go", "Rust", "PostgreSQL/Redis", "Load", xs=[50.0, *cols]),
            row("Skills", "Spring", "Terraform", "Docker", "Testing", xs=[50.0, *cols]),
            row("Boot", "GCP Associate", xs=[cols[0], cols[3]]),
            row("Engineer", xs=[cols[3]]),
            row("Experience", size=12, bold=True),
            row("Backend Engineer, Acme Corp", "2020 - 2023"),
        ]
    )
    for skill in ("Go", "Spring Boot", "Rust", "Terraform", "PostgreSQL/Redis", "Docker",
                  "Performance Testing", "GCP Associate Engineer"):  # "Load Testing", canonical
        assert skill in cv.skills, skill
    assert "Boot" not in cv.skills and "Engineer" not in cv.skills


# Families the fresh self-made CVs showed (their first scores are in the scoring test's
# history); each here on another CV.


def test_an_employer_banner_gives_its_employer_to_every_role_under_it() -> None:
    cv = build_profile(
        [
            row("Lena Vogt", size=18, bold=True),
            row("lena@example.org"),
            row("Experience", size=12, bold=True),
            row("QUARRY ROBOTICS · Denver, CO", size=11, bold=True, xs=[50.0]),
            row("Staff Engineer", "Jan 2021 – Present"),
            row("• Led the perception team", xs=[60.0]),
            row("Senior Engineer", "Mar 2018 – Dec 2020"),
            row("• Wrote the motion planner", xs=[60.0]),
        ]
    )
    found = titles(cv)
    assert ("Staff Engineer", "QUARRY ROBOTICS") in found
    assert ("Senior Engineer", "QUARRY ROBOTICS") in found
    senior = next(e for e in cv.experience if e.title == "Senior Engineer")
    assert senior.confidence["organization"].reason == "the employer banner above"


def test_roles_without_dates_are_still_roles_and_club_positions_are_not() -> None:
    cv = profile_from_text(
        "Rosa Diaz\nrosa@example.org\n\n## Experience\n"
        "**Lab Technician**, Cedar Diagnostics\n- Ran 80 assays a week\n"
        "**Barista** – Blue Door Coffee\n- Trained four new staff\n\n"
        "## Clubs & Societies\nPresident, Hiking Club\n"
    )
    assert titles(cv) == [("Lab Technician", "Cedar Diagnostics"), ("Barista", "Blue Door Coffee")]
    assert cv.experience[0].highlights == ["Ran 80 assays a week"]


def test_a_label_column_beside_the_name_and_beside_skills_rows_is_no_content() -> None:
    cv = build_profile(
        [
            row("PERSONAL DETAILS", "Jonas Berg", size=12, xs=[50.0, 190.0]),
            row("jonas@example.se", xs=[190.0]),
            row("DIGITAL SKILLS", size=10, bold=True, xs=[50.0]),
            row("Mother tongue", "Swedish", xs=[50.0, 190.0]),
            row("Programming skills", "Rust, Elixir", xs=[50.0, 190.0]),
        ]
    )
    assert cv.name == "Jonas Berg"
    assert cv.skills[:2] == ["Rust", "Elixir"] and "Mother tongue" not in cv.skills
    assert "Programming skills" not in cv.skills and cv.languages == ["Swedish"]


def test_what_the_family_rules_must_not_catch() -> None:
    """Regressions the public CVs showed: a school's acronym before its name in brackets is
    one school; a product named after a title word ("Assistant on TV") is no second title."""
    schools = build_profile(
        [
            row("Min Ho", size=18, bold=True),
            row("min@example.org"),
            row("Education", size=12, bold=True),
            row("UNIST(Ulsan National Institute of Science and Technology)", "Ulsan", size=10, bold=True),
            row("B.S. in Physics", "2012 - 2016", size=9),
        ]
    )
    assert [e.institution for e in schools.education] == [
        "Ulsan National Institute of Science and Technology"
    ]
    jobs = build_profile(
        [
            row("Kim Lee", size=18, bold=True),
            row("kim@example.org"),
            row("Experience", size=12, bold=True),
            row("Engineering Manager | Initech Assistant, Assistant on Smart Speakers", "2019 - 2022"),
            row("• Shipped the wake-word model", xs=[50.0]),
        ]
    )
    assert titles(jobs)[0][0] == "Engineering Manager"
    assert "Smart Speakers" not in titles(jobs)[0][1]
