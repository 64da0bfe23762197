"""The prompt's size: each fact once, against the original prompt (profile JSON + CV text).

`tests/fixtures/prompt_baseline.json` holds the original's sizes, recorded by
`python bench/bench_prompt.py --record` from the source tree at the baseline commit (that bench
also measures tokens on a real llama-server). Prints, per CV, the original size, now, and the
change; run with `-s` to see it.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.prompts import build_prompt, compact_cv
from iq_tui.engine.planning.redact import redact_cv
from iq_tui.engine.planning.roles import find_role, load_roles
from iq_tui.engine.reading.extract import extract_profile

FIXTURES = Path(__file__).parent / "fixtures"
BASELINE = json.loads((FIXTURES / "prompt_baseline.json").read_text())
OVERHEAD_CHARS = 1_400
"""All the prompt beyond the CV text: rules, example, role, keywords, profile additions."""


def _prompts() -> dict[str, tuple[int, int]]:
    """{cv: (prompt chars, CV chars as sent)} as bench/bench_prompt.py builds them."""
    role = find_role("backend-engineer", load_roles(Path("/nonexistent/roles.toml")))
    out = {}
    for name in BASELINE["chars"]:
        profile = extract_profile(FIXTURES / "cvs" / name)
        prompt = build_prompt(
            build_context(role, "mid", "technical", profile), 5, known_contacts=[profile.name]
        )
        cv = compact_cv(redact_cv(profile.text, [profile.name]))
        out[name] = (len(prompt.system) + len(prompt.user), len(cv))
    return out


@pytest.fixture(scope="module")
def sizes() -> dict[str, tuple[int, int]]:
    return _prompts()


def test_the_prompt_is_the_cv_text_plus_a_small_fixed_part(sizes) -> None:
    over = {name: total - cv for name, (total, cv) in sizes.items()}
    print(f"\nprompt beyond the CV text: median {statistics.median(over.values()):.0f} chars, "
          f"most {max(over.values())} ({max(over, key=over.get)})")
    assert all(0 < extra <= OVERHEAD_CHARS for extra in over.values()), over


def test_the_prompt_shrank_against_the_original(sizes) -> None:
    changes = []
    print(f"\nprompt chars, original ({BASELINE['baseline']}) -> now:")
    for name, old in BASELINE["chars"].items():
        new = sizes[name][0]
        changes.append(new / old - 1)
        print(f"  {name[:50]:50} {old:6} -> {new:6}  {new / old - 1:+.0%}")
    old_total, new_total = sum(BASELINE["chars"].values()), sum(s[0] for s in sizes.values())
    print(f"  total {old_total} -> {new_total} ({new_total / old_total - 1:+.0%}), "
          f"median {statistics.median(changes):+.0%}, worst {max(changes):+.0%}")
    # in chars, a stand-in for the tokens bench_prompt.py --real counts (there: -50% in total)
    assert new_total <= 0.53 * old_total and max(changes) <= -0.40


def test_compact_cv_drops_what_carries_no_fact_and_keeps_quotes_matching() -> None:
    text = (
        "JANE ROE\n[email] , [phone] , Lyon, France , [link]\n\ue0a1 \ue0b2\n"
        "• Cut checkout latency from 900 ms to 200 ms with a Redis\ncache   and    a queue\n\n\n"
        "[personal detail removed]\n"
        "• Led the migration of the billing service to Kubernetes across three\n"
        "Regions and Two Data Centres, with no downtime for the 40 teams using\n"
        "It\nSKILLS\nPython, Go"
    )
    out = compact_cv(text)
    assert out == (
        "JANE ROE\nLyon, France\n"
        "Cut checkout latency from 900 ms to 200 ms with a Redis cache and a queue\n"
        "[personal detail removed]\n"
        "Led the migration of the billing service to Kubernetes across three Regions and "
        "Two Data Centres, with no downtime for the 40 teams using It\n"
        "Skills\nPython, Go"
    )
    # a quote spanning a joined line still matches the CV once whitespace is collapsed
    assert "with a Redis cache and a queue" in " ".join(text.split())
    assert "three Regions and Two Data Centres" in " ".join(text.split())


@pytest.mark.parametrize(
    ("line", "compacted"),
    [
        ("Data science training [email] Dublin", "Data science training | Dublin"),
        ("Berlin [link] Python", "Berlin | Python"),
        ("Jane | [email] | [phone] | Dublin, Ireland", "Jane | Dublin, Ireland"),
        ("[email] | [phone]", ""),
    ],
)
def test_words_either_side_of_a_removed_contact_stay_apart(line: str, compacted: str) -> None:
    assert compact_cv(line) == compacted


def test_compact_cv_drops_page_furniture_and_keeps_the_lines_like_it() -> None:
    text = (
        "Last updated in Mar 2026\nEXPERIENCE\nAcme, Backend engineer\n- Built the billing API\n"
        "June 3, 2026 Résumé 1\n– 1/2\nSoftware Engineering Intern Jun. 2024\n09/19\n"
        "Page 2 of 2\nSoftware Engineering Intern Jun. 2023\nPython 3\nJune 3, 2026 Résumé 2\n"
        "UNDERGRADUATE RESEARCH\nPython 2"
    )
    assert compact_cv(text) == (
        "Experience\nAcme, Backend engineer\nBuilt the billing API\n"
        "Software Engineering Intern Jun. 2024\n09/19\nSoftware Engineering Intern Jun. 2023\n"
        "Python 3\nUNDERGRADUATE RESEARCH\nPython 2"
    )


def test_a_skill_spelt_out_in_the_text_is_not_listed_again() -> None:
    from iq_tui.engine.models import CandidateProfile, Role

    role = Role(id="backend-engineer", name="Backend Engineer", category="backend")
    profile = CandidateProfile(
        skills=["Python", "PostgreSQL", "AWS Lambda"], years_experience=3.0,
        text="Built a Python service on postgresql and Lambda",
    )
    user = build_prompt(build_context(role, "mid", "technical", profile), 1).user
    assert "skills as named: AWS Lambda</profile>" in user
