"""The prompt: fair by construction, each fact once, at the standard of the seed's questions;
and what redaction takes out of the CV before it is sent."""

from __future__ import annotations

import pytest

from iq_tui.engine.models import CandidateProfile, Experience, Role
from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.prompts import build_prompt
from iq_tui.engine.planning.redact import redact_cv

CV = """Jane Roe
US Citizen | Date of birth: 12/03/1990 | Age: 34 | Python
Married with two children
Photo: Jane smiling at the camera
EXPERIENCE
Backend engineer at Acme, 2019 - 2023.
• Cut checkout latency from 900 ms to 200 ms with a Redis cache
• Built health checks and an age field validated from 18 to 65 in the signup form
Single-page app in React for family members of patients
Hobbies & Interests
Chess, hiking, church choir, marathon running
EDUCATION
BSc Computer Science, 2016
Interests: sailing, football
Nationality: French. Requires visa sponsorship.
"""

PERSONAL = (
    "US Citizen", "12/03/1990", "Age: 34", "Married", "two children", "smiling", "Chess",
    "church", "marathon", "sailing", "French", "sponsorship",
)
WORK = (
    "Python", "Backend engineer at Acme, 2019 - 2023", "Redis cache", "health checks",
    "age field validated from 18 to 65", "Single-page app in React for family members",
    "EDUCATION", "BSc Computer Science, 2016",
)


def test_redaction_removes_personal_details_and_keeps_the_work() -> None:
    out = redact_cv(CV)
    for personal in PERSONAL:
        assert personal not in out, personal
    for work in WORK:
        assert work in out, work


@pytest.mark.parametrize(
    "spelled", ["Jane Roe", "JANE ROE", "jane  roe", "J A N E   R O E", "Jane\nRoe"]
)
def test_the_candidates_name_is_redacted_however_the_cv_spells_it(spelled: str) -> None:
    out = redact_cv(f"{spelled}\nBackend engineer at Janeroe Labs", ["Jane Roe"])
    assert out == "[contact]\nBackend engineer at Janeroe Labs"


@pytest.mark.parametrize(
    "address",
    [
        "221B Baker St",
        "12 rue de la Paix",
        "5, avenue Foch",
        "Calle Mayor 12",
        "Via Giuseppe Garibaldi, 10",
        "Rua das Flores 7",
        "Hauptstraße 5",
        "ул. Ленина, д. 5, кв. 12",
        "проспект Мира 12",
        "北京市朝阳区建国路88号",
        "〒150-0041",
        "渋谷区神南1丁目2番3号",
    ],
)
def test_street_addresses_in_many_languages_are_redacted(address: str) -> None:
    out = redact_cv(f"Jane Roe\n{address}, Springfield\nPython developer")
    assert "[address]" in out and "Python developer" in out
    assert not any(ch.isdigit() for ch in out.split("\n")[1].split(",")[0].replace("[address]", ""))


@pytest.mark.parametrize(
    "work",
    ["Via the API we shipped 3 features", "Python 3 rue", "Led a team of 12 via Slack",
     "Rewrote 2 routes in Go"],
)
def test_work_that_looks_like_an_address_is_kept(work: str) -> None:
    assert redact_cv(work) == work


def _prompt(kind: str = "technical", count: int = 5, **kwargs):
    role = Role(
        id="backend-engineer", name="Backend Engineer", category="backend",
        keywords=["REST APIs", "PostgreSQL"], level_keywords={"mid": ["ownership"]},
    )
    profile = CandidateProfile(
        name="Jane Roe", skills=["Python", "Redis", "AWS Lambda"], languages=["English", "Korean"],
        years_experience=4.0, text=CV,
        experience=[Experience(
            title="Backend engineer", organization="Acme", start="2019", end="2023",
            highlights=["Cut checkout latency from 900 ms to 200 ms with a Redis cache"],
        )],
    )
    context = build_context(role, "mid", kind, profile)
    return build_prompt(context, count, known_contacts=[profile.name], **kwargs)


def test_the_prompt_says_what_never_to_ask_and_asks_about_the_work() -> None:
    system = _prompt("hr").system
    for never in ("age", "marital status", "pregnancy", "religion", "citizenship", "accent",
                  "disability", "sexual orientation", "union membership"):
        assert never in system
    assert "values and ways of working" in system
    assert system.count("culture fit") == 1 and 'never "culture fit"' in system


def test_each_fact_is_sent_once_and_the_profile_is_labelled_machine_extracted() -> None:
    prompt = _prompt()
    user = prompt.user
    assert user.count("Cut checkout latency from 900 ms to 200 ms") == 1  # the CV's, not again
    assert '"experience"' not in user and '"highlights"' not in user  # no profile JSON
    assert "<profile> is machine-extracted" in prompt.system and "the CV text wins" in prompt.system
    assert user.startswith("<profile>") and "</profile>\n<candidate_cv>" in user
    # skills the CV text spells out are not listed again; a name extraction gave is
    assert "skills as named: AWS Lambda;" in user and "<profile>4 years of work;" in user
    assert "never a question topic): English, Korean" in user
    assert "Jane Roe" not in user  # the name is no part of the work
    for personal in PERSONAL:
        assert personal not in user, personal


def test_the_prompt_asks_for_the_seeds_standard() -> None:
    prompt = _prompt()
    assert '"evidence"' in prompt.system and '"red_flags"' in prompt.system
    assert "highlight" in prompt.system and "never copy it" in prompt.system
    keywords = "must-have keywords the CV allows: REST APIs, PostgreSQL, ownership."
    assert keywords in prompt.system and "PostgreSQL" not in prompt.user  # once, in the rules
    # the example shows the standard; the schema (or, without one, the fields' line) the rest
    assert '"competency"' not in prompt.system and "competency" in prompt.system_without_schema


def test_a_mixed_plan_is_told_the_count_per_category() -> None:
    user = _prompt("mixed", 5, mix={"technical": 2, "behavioral": 1, "case_study": 1, "hr": 1}).user
    assert user.endswith(
        "Write exactly 5 questions: 2 technical, 1 behavioral, 1 case_study and 1 hr."
    )


def test_no_redact_keeps_the_cv_whole() -> None:
    user = _prompt(redact=False).user
    # every word, in order: only the layout changes (wrapped lines joined, bullet glyphs,
    # a heading's capitals)
    words = " ".join(word for word in CV.split() if word != "•")
    assert words.casefold() in " ".join(user.split()).casefold()
