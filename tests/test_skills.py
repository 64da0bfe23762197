"""The skill taxonomy: aliases, word boundaries, the data file's integrity, skills sections."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from iq_tui.engine.reading.profile import profile_from_text
from iq_tui.engine.reading.skills import (
    canonical_skill,
    find_skills,
    skill_category,
    skill_items,
)


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("golang", "Go"),
        ("GO", "Go"),
        ("Amazon Web Services", "AWS"),
        ("ReactJS", "React"),
        ("node", "Node.js"),
        ("sklearn", "scikit-learn"),
        ("  C#  ", "C#"),
    ],
)
def test_aliases(alias: str, canonical: str) -> None:
    assert canonical_skill(alias) == canonical


def test_unknown_name() -> None:
    assert canonical_skill("Underwater Basket Weaving") is None
    assert canonical_skill("") is None


def test_languages_with_symbols_match_on_boundaries() -> None:
    found = find_skills("Wrote C, C++ and C# services on .NET; also ASP.NET and Node.js.")
    assert found == ["C", "C++", "C#", ".NET", "ASP.NET", "Node.js"]


@pytest.mark.parametrize(
    "text",
    [
        "Led R&D for the C-level team",
        "Ready to go to market; our go-to-market plan",
        "Mail me at go@example.com or visit example.com",
        "Swiftly moved to the next stage",
        "JavaScripting is not a word",
    ],
)
def test_no_false_matches(text: str) -> None:
    assert not {"R", "C", "Go", "Swift", "JavaScript", "Next.js"} & set(find_skills(text))


def test_java_is_not_found_inside_javascript() -> None:
    assert find_skills("JavaScript and TypeScript") == ["JavaScript", "TypeScript"]


def test_case_sensitive_names_match_as_written() -> None:
    assert "Go" in find_skills("Services in Go and Rust")
    assert "R" in find_skills("Statistics in R and Python")
    assert "Spring" in find_skills("Java 17 with Spring")
    assert "Spring" not in find_skills("Joined in spring 2020")


def test_longest_name_wins() -> None:
    assert find_skills("Spring Boot on AWS Lambda") == ["Spring Boot", "AWS Lambda"]


def test_generic_words_only_count_in_a_skills_section() -> None:
    assert "Security" not in find_skills("Worked on security and organization charts")
    profile = profile_from_text("Pat Doe\n\nSkills\nSecurity, Organization\n")
    assert {"Security", "Organization"} <= set(profile.skills)


def test_taxonomy_data_is_consistent() -> None:
    raw = tomllib.loads(
        resources.files("iq_tui.engine").joinpath("data/skills.toml").read_text("utf-8")
    )
    tables = {k: v for k, v in raw.items() if isinstance(v, dict)}
    names = [name for table in tables.values() for name in table]
    assert len(names) >= 300
    assert len(names) == len(set(names)), "a skill is listed twice"
    owner: dict[str, str] = {}
    for table in tables.values():
        for name, aliases in table.items():
            for alias in (name, *aliases):
                key = alias if alias in raw["case_sensitive"] else alias.lower()
                assert owner.setdefault(key, name) == name, f"{alias!r} names two skills"
    for name in raw["section_only"]:
        assert name in names
    assert skill_category("PostgreSQL") == "databases"


def test_skill_items_split_lists_and_keep_labels() -> None:
    assert skill_items("Languages: Python, Go, C++") == ("Languages", ["Python", "Go", "C++"])
    # a slash compound is kept as written (the CV's own item), then its parts
    assert skill_items("CI/CD | A/B Testing | JavaScript/TypeScript")[1] == [
        "CI/CD",
        "A/B Testing",
        "JavaScript/TypeScript",
        "JavaScript",
        "TypeScript",
    ]


def test_slash_compounds_share_their_head_noun() -> None:
    assert skill_items("SQL/CQL, Unit/Perf/E2E Testing")[1] == [
        "SQL/CQL", "SQL", "CQL",
        "Unit/Perf/E2E Testing", "Unit Testing", "Perf Testing", "E2E Testing",
    ]


def test_a_row_written_as_one_phrase_is_one_item() -> None:
    row = "Editing: Design and edit documents for tone, style, grammar, and citation (APA, MLA)"
    assert skill_items(row) == (
        "Editing", ["Design and edit documents for tone, style, grammar, and citation (APA, MLA)"]
    )
    # an Oxford comma in a plain list is no phrase: its "and" is dropped
    assert skill_items("Python, Go, and Rust")[1] == ["Python", "Go", "Rust"]
    assert skill_items("Java • Shell • Python")[1] == ["Java", "Shell", "Python"]


def test_every_item_of_the_skills_section_is_kept_soft_skills_included() -> None:
    profile = profile_from_text(
        "Pat Doe\npat@example.com\n\nSkills\n"
        "Stakeholder management, Problem-solving, Time management\n"
        "Postgres | k8s | Vendor Negotiation\n"
        "Interests: Chess, Gardening\n"
    )
    skills = profile.skills
    assert {"Stakeholder Management", "Problem Solving", "Time Management"} <= set(skills)
    assert {"PostgreSQL", "Kubernetes", "Vendor Negotiation"} <= set(skills)
    assert "Chess" not in skills  # an interests row is not a skill list
