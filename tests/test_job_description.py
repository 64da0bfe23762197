"""Job descriptions: reading them into requirements (the fixtures' answer keys), matching
them against a CV, and refusing files that are no usable JD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jd_scoring import JDS, Score, key_files, score
from iq_tui.engine.models import CandidateProfile
from iq_tui.engine.planning.job_match import (
    job_match_from_file,
    match_job_description,
    requirement_warnings,
)
from iq_tui.engine.reading.extract import extract_profile, profile_from_text
from iq_tui.engine.reading.job_description import (
    JobDescription,
    JobDescriptionError,
    JobItem,
    parse_requirements,
    read_job_description,
)
from iq_tui.engine.reading.profile import text_lines


def _items(text: str) -> list[tuple[str, str]]:
    items, _ = parse_requirements(text_lines(text))
    return [(i.text, i.importance) for i in items]


def _match(cv: str, *items: tuple[str, str]) -> list[tuple[str, list[str]]]:
    profile = profile_from_text(cv)
    jd = JobDescription("jd.txt", tuple(JobItem(t, i) for t, i in items))  # type: ignore[arg-type]
    return [(r.status, r.evidence) for r in match_job_description(jd, profile).requirements]


@pytest.mark.parametrize("key_path", key_files(), ids=lambda p: p.name)
def test_fixture_requirements_are_read_as_their_key_says(key_path: Path) -> None:
    key = json.loads(key_path.read_text())
    jd = read_job_description(JDS / key["jd"])
    got = score(key_path, [{"text": i.text, "importance": i.importance} for i in jd.items])
    unfair = [m for m in got.misses if "unfair kept" in m]
    assert got.found == got.keys and got.extra == 0, got.misses
    assert got.importance == got.found, got.misses
    assert len(unfair) == len([u for u in key["unfair"] if u in "".join(i.text for i in jd.items)])


def test_fixture_statuses_score(capsys: pytest.CaptureFixture[str]) -> None:
    """The matcher against the keys: printed (`pytest -s`), and held at what it reached
    (43 of 44; the miss is "3 years in data engineering or analytics", which the analyst's
    summary only names)."""
    total = Score()
    for key_path in key_files():
        key = json.loads(key_path.read_text())
        profile = extract_profile(JDS / key["cv"])
        match = job_match_from_file(JDS / key["jd"], profile)
        total.add(score(key_path, [r.model_dump() for r in match.requirements]))
    with capsys.disabled():
        print("\n" + total.line("JD fixtures"))
    assert total.found == total.keys and total.unfair_kept == 0
    assert total.status >= 43, total.misses


def test_set_aside_fixtures_score(capsys: pytest.CaptureFixture[str]) -> None:
    """The two JDs kept unseen until the end: first run 14/14 found, 1 extra (an equal
    opportunity sentence), statuses 12/14; after the three fixes below, all right."""
    total = Score()
    for key_path in key_files(unseen=True):
        key = json.loads(key_path.read_text())
        profile = extract_profile(key_path.parent / key["cv"])
        match = job_match_from_file(key_path.parent / key["jd"], profile)
        total.add(score(key_path, [r.model_dump() for r in match.requirements]))
    with capsys.disabled():
        print("\n" + total.line("JD fixtures set aside"))
    assert total.found == total.keys and total.extra == 0 and total.unfair_kept == 0
    assert total.status == total.found, total.misses


def test_evidence_is_verbatim_cv_lines() -> None:
    profile = extract_profile(JDS / "cv-backend.md")
    text = " ".join(profile.text.split())
    for key_path in key_files():
        key = json.loads(key_path.read_text())
        if key["cv"] != "cv-backend.md":
            continue
        for requirement in job_match_from_file(JDS / key["jd"], profile).requirements:
            assert (requirement.status == "missing") == (not requirement.evidence)
            for line in requirement.evidence:
                assert line in text


def test_headings_in_other_words_set_importance() -> None:
    text = (
        "Senior Engineer\n\nAbout the role\n- You will own the billing service\n\n"
        "What we're looking for:\n- 3+ years with Go\n- Experience with gRPC\n\n"
        "Pluses\n- Rust\n\nPerks\n- Free lunch\n"
    )
    assert _items(text) == [
        ("3+ years with Go", "must"), ("Experience with gRPC", "must"), ("Rust", "nice"),
    ]


def test_wording_of_an_item_wins_over_its_section() -> None:
    text = "Requirements\n- Python\n- Kafka experience is a plus\n- Terraform (preferred)\n"
    assert _items(text) == [
        ("Python", "must"), ("Kafka experience is a plus", "nice"), ("Terraform (preferred)", "nice"),
    ]


def test_prose_without_headings_keeps_only_sentences_that_ask() -> None:
    text = (
        "We build maps for cyclists. Our team is in Ghent. You have at least 2 years of "
        "experience with TypeScript. We offer a bike lease. Knowledge of PostGIS is a plus."
    )
    assert _items(text) == [
        ("You have at least 2 years of experience with TypeScript.", "must"),
        ("Knowledge of PostGIS is a plus.", "nice"),
    ]


def test_wrapped_bullets_are_one_requirement() -> None:
    text = "Requirements\n- Experience operating Kubernetes clusters in production, with\n  upgrades and on-call\n- Go\n"
    assert _items(text) == [
        ("Experience operating Kubernetes clusters in production, with upgrades and on-call", "must"),
        ("Go", "must"),
    ]


CV = """Ana Lima
ana@example.com

Experience
Backend Engineer, Quanta, 2018 - 2020
- Built the invoicing API in Python with FastAPI.
- Ran load tests before each release.

Skills
Python, FastAPI, Docker, Kafka

Education
MSc Computer Science, University of Porto, 2018
"""


def test_a_skill_is_shown_by_work_thin_when_only_listed_missing_when_absent() -> None:
    (shown, ev), (thin, thin_ev), (missing, none) = _match(
        CV, ("Python", "must"), ("Kafka", "must"), ("Rust", "must")
    )
    assert (shown, thin, missing) == ("shown", "thin", "missing")
    assert ev == ["Built the invoicing API in Python with FastAPI."]
    assert thin_ev == ["Python, FastAPI, Docker, Kafka"] and none == []


def test_alternatives_need_one_a_list_needs_all_and_brackets_are_examples() -> None:
    got = [s for s, _ in _match(
        CV,
        ("Python or Rust", "must"),
        ("Python and Rust", "must"),
        ("Rust and Elixir", "must"),
        ("Stream processing (Kafka, Flink)", "must"),
    )]
    assert got == ["shown", "thin", "missing", "thin"]


def test_years_against_the_cvs_years_of_work() -> None:
    # 2018-2020: two years of work, whatever today's date is
    got = [s for s, _ in _match(CV, ("2+ years of Python", "must"), ("5+ years of Python", "must"),
                                ("Five years of professional experience", "must"))]
    assert got == ["shown", "thin", "thin"]


def test_degree_level_and_field() -> None:
    got = [s for s, _ in _match(
        CV,
        ("Bachelor's degree in Computer Science or a related field", "must"),
        ("Master's degree in Computer Science", "must"),
        ("PhD in Computer Science", "must"),
        ("A degree in Biology", "must"),
    )]
    assert got == ["shown", "shown", "missing", "thin"]


def test_words_without_skills_match_highlights() -> None:
    got = [s for s, _ in _match(CV, ("Experience running load tests", "must"),
                                ("Experience negotiating contracts with suppliers", "must"))]
    assert got == ["shown", "missing"]


def test_unfair_requirements_are_left_out_and_warned_of() -> None:
    jd = read_job_description(JDS / "ml-youhave.docx")
    match = match_job_description(jd, extract_profile(JDS / "cv-data.txt"))
    assert all("native" not in r.text.lower() for r in match.requirements)
    assert any("Native English speaker" in w and "native language" in w for w in match.warnings)
    assert any("young and dynamic" in w and "(age)" in w for w in match.warnings)


def test_benefits_that_name_family_are_no_warning() -> None:
    match = match_job_description(read_job_description(JDS / "data-prose.txt"), CandidateProfile())
    assert match.warnings == ()


def test_must_have_warnings() -> None:
    match = job_match_from_file(JDS / "frontend-whatyoubring.txt", extract_profile(JDS / "cv-backend.md"))
    notes = requirement_warnings(match.requirements)
    assert notes[0].startswith("5 must-have requirements are not shown in the CV: 3+ years building")
    assert notes[0].endswith("; and 2 more") and len(notes) == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty.txt is empty"),
        ("blank.md", b"  \n\n ", "blank.md is empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary.txt is not a PDF or a text file"),
        ("fake.pdf", b"hello, not a pdf", "fake.pdf is not a PDF (or is corrupt)"),
        ("fake.docx", b"hello, not a zip", "fake.docx is not a Word document (or is corrupt)"),
        ("huge.txt", b"Requirements\n" + b"- Python\n" * 200_000,
         "huge.txt is too large for a job description (1 MB of text)"),
        ("nothing.txt", b"We are a bakery in Leeds. Come and see us.\n",
         "nothing.txt holds no requirements"),
    ],
)
def test_unreadable_job_descriptions_say_why_in_one_line(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(JobDescriptionError) as err:
        read_job_description(path)
    assert err.value.message.startswith(reason)
    assert "\n" not in err.value.message


def test_a_cv_given_as_a_job_description_is_refused() -> None:
    for cv in ("cv-backend.md", "cv-data.txt"):
        with pytest.raises(JobDescriptionError, match="looks like a CV, not a job description"):
            read_job_description(JDS / cv)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(JobDescriptionError, match="does not exist"):
        read_job_description(tmp_path / "nope.pdf")
    with pytest.raises(JobDescriptionError, match="is a directory, not a job description file"):
        read_job_description(tmp_path)


def test_requirements_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Requirements\n" + "".join(f"- Skill number {i} " + "x" * 500 + "\n" for i in range(200)))
    jd = read_job_description(path)
    assert len(jd.items) == 40 and all(len(i.text) <= 300 for i in jd.items)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("About you", "must"), ("You'll thrive here if you", "must"), ("Sound like you?", "must"),
        ("Your profile", "must"), ("Minimum qualifications", "must"), ("Skills & Experience:", "must"),
        ("Preferred qualifications", "nice"), ("It would be great if you have", "nice"),
        ("Bonus points if you", "nice"), ("Even better if you", "nice"),
        ("What you will do", "skip"), ("Your day-to-day", "skip"), ("Your team", "skip"),
        ("Why you'll love working here", "skip"), ("What's in it for you", "skip"),
        ("Who you'll work with", "skip"), ("You will", "skip"), ("About the role", "skip"),
        ("Key Responsibilities:", "skip"), ("Perks & benefits", "skip"),
    ],
)
def test_heading_names(heading: str, kind: str) -> None:
    from iq_tui.engine.reading.job_description import heading_section

    assert heading_section(heading) == kind


def test_a_heading_about_the_reader_holds_requirements() -> None:
    text = (
        "## The Role\nWe're hiring a mobile engineer.\n\n## You'll thrive here if you\n"
        "- Know Swift and SwiftUI well\n- Care about accessibility\n\n## Even better if you\n"
        "- Know GraphQL\n\n## Our process\n1. A 30-minute call\n2. A take-home exercise\n"
    )
    assert _items(text) == [
        ("Know Swift and SwiftUI well", "must"), ("Care about accessibility", "must"),
        ("Know GraphQL", "nice"),
    ]


def test_work_with_a_database_shows_sql_and_a_framework_its_language() -> None:
    cv = CV.replace("- Ran load tests before each release.", "- Tuned slow PostgreSQL queries.")
    got = [s for s, _ in _match(cv, ("SQL", "must"), ("Python", "must"), ("Java", "must"))]
    assert got == ["shown", "shown", "missing"]


def test_the_activity_a_requirement_names_is_found_in_the_work() -> None:
    cv = CV.replace("- Ran load tests before each release.",
                    "- Presented findings to regional managers every month.")
    (status, evidence), = _match(cv, ("Experience presenting insights to non-technical stakeholders", "must"))
    assert status == "shown" and evidence == ["Presented findings to regional managers every month."]
    (status, _), = _match(cv, ("Experience working with stakeholders", "must"))
    assert status == "missing"  # "working" names no activity


def test_what_an_employer_says_of_itself_is_no_requirement() -> None:
    text = (
        "Qualifications:\nExpert SQL.\nExperience with Snowflake.\n\nAcme is proud to be an "
        "equal opportunity employer. To apply, send your CV to jobs@acme.example.\n"
    )
    assert _items(text) == [("Expert SQL.", "must"), ("Experience with Snowflake.", "must")]


def test_bullets_pasted_inline_and_labelled_lists() -> None:
    text = (
        "Requirements: • 3+ years of Go • PostgreSQL • Docker\n"
        "Nice to have: Kafka; Terraform\n"
        "What we offer • Free lunch • Gym\n"
    )
    assert _items(text) == [
        ("3+ years of Go", "must"), ("PostgreSQL", "must"), ("Docker", "must"),
        ("Kafka", "nice"), ("Terraform", "nice"),
    ]


def test_a_common_word_alone_shows_nothing() -> None:
    cv = CV.replace("- Ran load tests before each release.",
                    "- Built monitoring systems for the payroll team.")
    got = [s for s, _ in _match(cv, ("Experience with payment systems", "must"),
                                ("Experience building payroll systems", "must"))]
    assert got == ["missing", "shown"]


def test_every_fixture_cv_given_as_a_jd_is_refused() -> None:
    folder = JDS.parent / "cvs"
    cvs = sorted(folder.glob("*.pdf")) + [p for p in sorted(folder.glob("*.md")) if p.stem != "README"]
    assert len(cvs) >= 30
    for cv in cvs:
        with pytest.raises(JobDescriptionError, match="looks like a CV, not a job description"):
            read_job_description(cv)


def test_facts_of_the_job_in_a_requirements_list_are_no_requirement() -> None:
    text = (
        "Requirements\n- Python\nLocation: Berlin\nStart date: ASAP\nSalary: 60-70k EUR\n"
        "Languages: Go, Rust\nExperience: 3+ years with Kafka\n"
    )
    assert _items(text) == [
        ("Python", "must"), ("Languages: Go, Rust", "must"),
        ("3+ years with Kafka", "must"),  # a must-have label: its words only
    ]
