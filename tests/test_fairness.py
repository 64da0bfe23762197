"""The fairness checker, measured: recall on questions that touch a protected characteristic,
and no false flag on questions an interviewer may ask, on the offline bank, or on offline plans.

The lists are in tests/fixtures/fairness/: dev_set.toml (written before the rules),
heldout_set.toml (written after tuning on the first) and heldout2_set.toml (written after
tuning on both). The held-out sets' first-run figures, before any tuning on them, are in their
headers: recall 0.75 and 0.78, no false flag; after tuning on them they are training data.
Run with `pytest -s tests/test_fairness.py` to see the figures.
"""

from __future__ import annotations

import re
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
    normalize,
    parse_rules,
    question_flags,
    read_as,
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


# --- blind sets 2-4 (December 1): first runs recorded, then tuned on ------------------------

FIRST_RUNS = {
    "blind_set_2": "0.726 (138/190; 142 flagged), 2/80 false flags",
    "blind_set_3": "0.463 (31/67; 33 flagged), 3/30 false flags",
    "blind_set_4": "0.744 (58/78; 60 flagged), 6/40 false flags",
    "blind_set_5": "0.672 (43/64; 44 flagged), 1/30 false flags",
    "blind_set_6": "0.750 (45/60; 48 flagged), 2/30 false flags",
    "blind_set_7": "0.560 (28/50; 32 flagged), 1/25 false flags",
    "blind_set_8": "0.700 (28/40; 29 flagged), 5/20 false flags",
}
"""Each set's first run, before any tuning on it (its header and the commit that measured it
say the same): set 2 was written before reading the rules, sets 3 and 4 after tuning on the
sets before them (held out, their first runs say how well the tuning before carried over).
After tuning on it a set is training data; what it prints now is not blind."""
BLIND_IDS = {
    "age": {"age", "date of birth"}, "family": {"family or marital status"},
    "pregnancy": {"pregnancy or children"}, "religion": {"religion"},
    "national_origin": {"national origin or citizenship"},
    "language": {"native language or accent"}, "race": {"race or ethnicity"},
    "health": {"health or disability"}, "gender": {"gender"},
    "sexual_orientation": {"sexual orientation"}, "political": {"political views"},
    "union": {"union membership"}, "criminal_record": {"criminal record"},
    "military": {"military service or discharge"}, "genetic": {"genetic information"},
}
"""The blind sets' characteristic ids, as the checker's labels."""


def _blind(name: str) -> tuple[list[tuple[set[str], str]], list[str]]:
    data = _set(name)
    asks = [(set().union(*(BLIND_IDS[key] for key in [entry["characteristic"], *entry.get("also", [])])),
             entry["text"]) for entry in data["unfair"]]
    return asks, [entry["text"] for entry in data["fair"]]


def _figures(asks: list[tuple[set[str], str]], fine: list[str]) -> tuple[int, int, list, list]:
    right, flagged, missed = 0, 0, []
    for labels, text in asks:
        found = {flag.characteristic for flag in find_protected(text)}
        flagged += bool(found)
        right += bool(found & labels)
        if not found & labels:
            missed.append((text, found))
    false = [(text, describe(find_protected(text))) for text in fine if find_protected(text)]
    return right, flagged, missed, false


@pytest.mark.parametrize("name", FIRST_RUNS)
def test_blind_sets_recall_and_no_false_flag_on_their_fair_questions(name: str) -> None:
    asks, fine = _blind(name)
    right, flagged, missed, false = _figures(asks, fine)
    print(f"\nfairness {name}: recall {right / len(asks):.3f} ({right}/{len(asks)}; {flagged} "
          f"flagged), false flags {len(false)}/{len(fine)}; first run {FIRST_RUNS[name]}")
    assert len({key for entry in _set(name)["unfair"] for key in [entry["characteristic"]]}) >= 14
    assert {text for _, text in asks}.isdisjoint(fine)
    assert right / len(asks) >= 0.95, missed
    assert not false, false


def test_figures_per_list() -> None:
    """One table: recall with the right characteristic and false flags, per list; the bank's
    texts are the offline generator's, with placeholders as written."""
    rows = []
    fresh = tomllib.loads((FIXTURES / "fairness" / "fresh_set.toml").read_text("utf-8"))
    rows.append(("fresh_set", [(set(e["labels"]), t) for e in fresh["ask"] for t in e["texts"]],
                 fresh["fine"]["texts"]))
    for name in SETS:
        rows.append((name, [({c}, t) for c, t in _asks(name)], _set(name)["fine"]["texts"]))
    rows += [(name, *_blind(name)) for name in FIRST_RUNS]
    rows.append(("fine_common", [], _set("fine_common")["fine"]["texts"]))
    rows.append(("offline bank", [], [text for _, text in _bank_texts()]))
    print("\nfairness per list: recall (right characteristic), false flags")
    for name, asks, fine in rows:
        right, _, missed, false = _figures(asks, fine)
        recall = f"{right / len(asks):.3f} ({right}/{len(asks)})" if asks else "-"
        print(f"  {name:14} recall {recall:18} false flags {len(false)}/{len(fine)}")
        assert not asks or right / len(asks) >= 0.95, (name, missed)
        assert not false, (name, false)


def _skills() -> list[str]:
    """Skill names and aliases from the taxonomy: those sharing words with the rules
    (React Native, Large Language Models, cross-functional ...) and every 25th other one."""
    data = tomllib.loads(resources.files("iq_tui.engine").joinpath("data", "skills.toml").read_text("utf-8"))
    names: set[str] = set()

    def walk(table: dict) -> None:
        for key, value in table.items():
            if key in ("case_sensitive", "section_only", "spoken_languages"):
                continue
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                names.update([key, *value])
            elif isinstance(value, dict):
                walk(value)

    walk(data)
    vocabulary = ("native", "language", "health", "child", "parent", "family", "union", "cross",
                  "transact", "trans", "nation", "citizen", "care", "life", "record", "age")
    shared = sorted(name for name in names if any(word in name.lower() for word in vocabulary))
    others = sorted(names - set(shared))[::25]
    return shared + others


def test_no_false_flag_on_the_bank_with_skills_filled_in() -> None:
    skills = _skills()
    templates = [text for _, text in _bank_texts() if "{skill}" in text]
    flagged = []
    for skill in skills:
        for template in templates:
            text = re.sub(r"\{\w+\}", "the project", template.replace("{skill}", skill))
            if find_protected(text):
                flagged.append((skill, text, describe(find_protected(text))))
    print(f"\nfairness, bank with skills: {len(flagged)} flags on {len(skills) * len(templates)} texts")
    assert any("React Native" == s for s in skills) and any("Large Language Models" == s for s in skills)
    assert len(templates) > 100 and len(skills) > 30
    assert not flagged, flagged[:10]


# --- how a text is read before the rules -----------------------------------------------------

@pytest.mark.parametrize(("typed", "read"), [
    ("r u pregant?", "are you pregnant?"),
    ("whats ur religon", "what's your religion"),
    ("do u have kidz", "do you have kids"),
    ("are u maried?", "are you married?"),
    ("do you hav any disabilitys?", "do you have any disabilities?"),
    ("When you came back from mat leave", "when you came back from maternity leave"),
])
def test_casual_spellings_and_typos_of_the_vocabulary_are_read_as_words(typed: str, read: str) -> None:
    assert read_as(typed) == read
    assert find_protected(typed)


@pytest.mark.parametrize("text", [
    "Was the launch marred by outages?",  # one letter from "married", and a word
    "Is a naive retry loop ever fine?",  # one letter from "native"
    "How do you use R for statistics?",  # "r" alone is the language, not "are"
    "What mediation did you do between the teams?",  # one letter from "medication"
])
def test_real_words_near_the_vocabulary_are_left_alone(text: str) -> None:
    assert read_as(text) == normalize(text).lower()
    assert not find_protected(text)


@pytest.mark.parametrize(("note", "read"), [
    ("Does the candidate have a disability?", "do you have a disability?"),
    ("Find out whether the candidate is married.", "find out whether are you married."),
    ("Is she likely to go on maternity leave soon?", "are you likely to go on maternity leave soon?"),
    ("How old is the applicant?", "how old are you?"),
])
def test_notes_about_the_candidate_read_as_questions_to_them(note: str, read: str) -> None:
    assert read_as(note) == read
    assert find_protected(note)


def test_he_and_she_are_someone_else_when_the_candidate_is_you() -> None:
    text = "Your report says she is pregnant and anxious about the release; how would you help her plan it?"
    assert "she" in read_as(text)
    assert read_as("How would you coach her through her first on-call week?") == (
        "how would you coach her through her first on-call week?")


def test_every_reason_is_one_short_line_naming_its_characteristic() -> None:
    data = tomllib.loads(resources.files("iq_tui.engine").joinpath("data", "fairness.toml").read_text("utf-8"))
    labels = {key: value["label"] for key, value in data["characteristic"].items()}
    for entry in data["rule"]:
        reason, label = entry["reason"], labels[entry["characteristic"]]
        words = [w[:6] for w in re.findall(r"[a-z]+", label) if w not in ("or", "of")]  # stems
        assert len(reason) <= 70 and "\n" not in reason, reason
        assert any(word in reason for word in words) or (
            label == "date of birth" and "birth" in reason), (label, reason)


def test_a_pattern_with_capitals_is_refused_since_texts_are_matched_lowercased() -> None:
    data = {"characteristic": {"age": {"label": "age", "laws": ["UK: x"]}},
            "rule": [{"characteristic": "age", "reason": "r", "patterns": ["How old"]}]}
    with pytest.raises(ValueError, match=r"age\.1: pattern 'How old' has capital letters"):
        parse_rules(data)


def test_a_work_clause_does_not_excuse_another_clause_of_the_question() -> None:
    assert describe(find_protected(
        "Describe how you would design the sharding scheme, and tell me whether you plan to "
        "stay in the country long-term.")) == "national origin or citizenship"
    assert describe(find_protected(
        "Tell me about the API you built and, separately, when you're planning to start a "
        "family.")) == "pregnancy or children"
    # in one clause the work frame still counts, and a comma alone does not end a clause
    assert not find_protected("How would you design the leave engine, and how would it model maternity leave?")
    assert not find_protected("In our HR product, how would you design maternity-leave approvals?")


def test_a_benefit_for_you_and_your_family_is_not_a_question_about_family() -> None:
    assert not find_protected("We offer health insurance for you and your family, and a yearly offsite.")
    assert describe(find_protected("Does your family mind the travel?")) == "family or marital status"


def test_caste_cites_the_laws_that_name_it() -> None:
    [flag] = find_protected("Which caste are you from?")
    assert flag.characteristic == "race or ethnicity"
    assert any("s.9(5)" in law for law in flag.laws) and "India" in flag.jurisdictions
