"""The fairness checker, measured: recall on questions that touch a protected characteristic,
and no false flag on questions an interviewer may ask, on the offline bank, or on offline plans.

The lists are in tests/fixtures/fairness/: dev_set.toml (written before the rules),
heldout_set.toml (written after tuning on the first) and heldout2_set.toml (written after
tuning on both). The held-out sets' first-run figures, before any tuning on them, are in their
headers: recall 0.75 and 0.78, no false flag; after tuning on them they are training data.
Run with `pytest -s tests/test_fairness.py` to see the figures.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from iq_tui.engine.models import INTERVIEW_TYPES, LEVELS, Question
from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.fairness import (
    FairnessFlag,
    characteristics,
    describe,
    find_protected,
    parse_rules,
    question_flags,
)
from iq_tui.engine.planning.providers.offline import generate_offline
from iq_tui.engine.planning.roles import load_roles
from iq_tui.engine.reading.extract import extract_profile

FIXTURES = Path(__file__).parent / "fixtures"
SETS = ("dev_set", "heldout_set", "heldout2_set")
CONTRACT = (
    "age", "date of birth", "family or marital status", "pregnancy or children", "religion",
    "national origin or citizenship", "native language or accent", "race or ethnicity",
    "health or disability", "gender", "sexual orientation", "political views", "union membership",
)
BEYOND_CONTRACT = ("criminal record", "military service or discharge", "genetic information")
"""Also protected in the laws the rules cite (fair-chance laws, EEOC guidance, GINA)."""


@cache
def _set(name: str) -> dict:
    return tomllib.loads((FIXTURES / "fairness" / f"{name}.toml").read_text("utf-8"))


def _asks(name: str) -> list[tuple[str, str]]:
    return [(entry["characteristic"], text) for entry in _set(name)["ask"] for text in entry["texts"]]


def _caught(expected: str, text: str) -> bool:
    return expected in {flag.characteristic for flag in find_protected(text)}


def test_the_rules_name_every_characteristic_of_the_contract() -> None:
    assert characteristics() == CONTRACT + BEYOND_CONTRACT
    for name in SETS:
        assert {expected for expected, _ in _asks(name)} == set(CONTRACT), name


@pytest.mark.parametrize("name", SETS)
def test_recall_on_each_list_and_no_false_flag_on_its_fine_questions(name: str) -> None:
    asks = _asks(name)
    missed = [(expected, text) for expected, text in asks if not _caught(expected, text)]
    fine = _set(name)["fine"]["texts"]
    false = [(text, describe(find_protected(text))) for text in fine if find_protected(text)]
    recall = 1 - len(missed) / len(asks)
    print(f"\nfairness {name}: recall {recall:.3f} ({len(asks) - len(missed)}/{len(asks)}), "
          f"false flags {len(false)}/{len(fine)}")
    assert recall >= 0.95, missed
    assert not false, false


def test_no_false_flag_on_ordinary_interview_questions() -> None:
    fine = _set("fine_common")["fine"]["texts"]
    false = [(text, describe(find_protected(text))) for text in fine if find_protected(text)]
    print(f"\nfairness fine_common: false flags {len(false)}/{len(fine)}")
    assert len(fine) >= 30
    assert not false, false


def test_recall_over_all_lists_per_characteristic() -> None:
    asks = [pair for name in SETS for pair in _asks(name)]
    per: dict[str, list[bool]] = {}
    for expected, text in asks:
        per.setdefault(expected, []).append(_caught(expected, text))
    lines = [f"  {key}: {sum(hits)}/{len(hits)}" for key, hits in per.items()]
    total = sum(sum(hits) for hits in per.values())
    print(f"\nfairness, all lists: recall {total / len(asks):.3f} ({total}/{len(asks)})")
    print("\n".join(lines))
    assert len(asks) >= 80
    assert total / len(asks) >= 0.95


def _bank_texts() -> list[tuple[str, str]]:
    folder = resources.files("iq_tui.engine").joinpath("data", "questions")
    texts = []
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not item.name.endswith(".toml"):
            continue
        for entry in tomllib.loads(item.read_text("utf-8")).get("question", []):
            for field in ("text", "follow_ups", "rationale", "good_answer"):
                value = entry.get(field, [])
                for text in [value] if isinstance(value, str) else value:
                    texts.append((f"{item.name} {field}", text))
    return texts


def test_no_false_flag_on_the_offline_bank() -> None:
    texts = _bank_texts()
    flagged = [(where, text, describe(find_protected(text))) for where, text in texts
               if find_protected(text)]
    print(f"\nfairness, offline bank: {len(flagged)} flags on {len(texts)} texts")
    assert len(texts) > 1000  # the whole bank was read, not an empty folder
    assert any("health checks" in text for _, text in texts)
    assert any("an age from 18 to 65" in text for _, text in texts)
    assert any("family members" in text for _, text in texts)
    assert not flagged, flagged


def test_fresh_set_recall_and_tricky_questions_with_the_whole_bank() -> None:
    """fresh_set.toml was written without reading the rules and committed before the first run
    (46/66 flagged, 44/66 with the right label: its header); what this prints is after tuning
    on it. False flags: on its tricky work questions and on the whole offline bank."""
    data = tomllib.loads((FIXTURES / "fairness" / "fresh_set.toml").read_text("utf-8"))
    asks = [(set(entry["labels"]), text) for entry in data["ask"] for text in entry["texts"]]
    flags = [({f.characteristic for f in find_protected(text)}, labels, text)
             for labels, text in asks]
    flagged = sum(1 for found, _, _ in flags if found)
    right = [(text, found) for found, labels, text in flags if found & labels]
    missed = [(text, found) for found, labels, text in flags if not found & labels]
    fine = data["fine"]["texts"]
    false = [(text, describe(find_protected(text))) for text in fine if find_protected(text)]
    bank = [text for _, text in _bank_texts()]
    bank_false = [text for text in bank if find_protected(text)]
    print(f"\nfairness fresh_set: recall {len(right) / len(asks):.3f} ({len(right)}/{len(asks)} "
          f"with the right characteristic; {flagged} flagged at all); first run before tuning "
          f"0.667 (44/66; 46 flagged)")
    print(f"  false flags: {len(false)}/{len(fine)} tricky work questions, "
          f"{len(bank_false)}/{len(bank)} offline bank texts")
    for text in ("health checks", "age field", "family members", "native app", "mother board",
                 "single sign-on", "retire a legacy service"):
        assert any(text in question for question in fine), text
    assert len(asks) >= 60 and {t for _, t in asks}.isdisjoint(fine)
    assert len(right) / len(asks) >= 0.95, missed
    assert not false, false
    assert not bank_false, bank_false


def test_no_false_flag_on_offline_plans_for_the_fixture_cvs() -> None:
    """Every fixture CV against every role, each level and type in turn (the full grid is
    test_offline_real_cvs' job; here the filled templates are what matters)."""
    cvs = sorted((FIXTURES / "cvs").glob("*.pdf"))
    roles = load_roles()
    checked, flagged = 0, []
    for i, cv in enumerate(cvs):
        profile = extract_profile(cv)
        for j, role in enumerate(roles):
            level = LEVELS[(i + j) % len(LEVELS)]
            itype = INTERVIEW_TYPES[(i + 2 * j) % len(INTERVIEW_TYPES)]
            for question in generate_offline(build_context(role, level, itype, profile), 10):
                checked += 1
                if flags := question_flags(question):
                    flagged.append((cv.name, question.text, describe(flags)))
    print(f"\nfairness, offline plans: {len(flagged)} flags on {checked} questions")
    assert checked >= 10 * len(cvs) * len(roles)
    assert not flagged, flagged


def test_a_flag_says_what_why_and_where_the_rule_comes_from() -> None:
    [flag] = find_protected("When did you finish high school?")
    assert isinstance(flag, FairnessFlag)
    assert flag.characteristic == "age"
    assert "school" in flag.reason and "age" in flag.reason
    assert "US EEOC" in flag.jurisdictions and "UK" in flag.jurisdictions and "EU" in flag.jurisdictions
    assert any("Equality Act 2010" in law for law in flag.laws)
    assert "finish high school" in flag.excerpt
    assert flag.summary.startswith("age: asks when the candidate left school")


def test_question_flags_reads_the_follow_ups_too() -> None:
    question = Question(
        text="Tell me about your last role.", category="hr", difficulty="mid",
        follow_ups=["How did it fit around your childcare?", "What would you change?"],
    )
    assert describe(question_flags(question)) == "family or marital status"
    assert question_flags(question.model_copy(update={"follow_ups": []})) == []


def test_curly_quotes_and_spacing_do_not_hide_a_question() -> None:
    assert describe(find_protected("What\u2019s   your\nnationality?")) == "national origin or citizenship"


def test_a_bad_pattern_in_the_data_names_the_rule() -> None:
    data = {"characteristic": {"age": {"label": "age", "laws": ["UK: x"]}},
            "rule": [{"characteristic": "age", "reason": "r", "patterns": ["(unclosed"]}]}
    with pytest.raises(ValueError, match=r"age\.1: bad pattern"):
        parse_rules(data)
    data["rule"][0]["characteristic"] = "height"
    with pytest.raises(ValueError, match="unknown characteristic 'height'"):
        parse_rules(data)
