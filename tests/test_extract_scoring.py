"""Extraction scored against the hand-written answer keys beside the real CVs.

Each figure is computed over ALL `*.truth.json` keys in `tests/fixtures/cvs/`, printed (run
with `-s` to see it), and held to the issue's goal. The figures are also printed for the keys
held out while the extractor was being tuned (`HELD_OUT`), for the self-made "fresh" CVs
written after that tuning (`self-made-*`, keys first) and for the rest, so a gap between
them (overfitting) shows. `python tests/test_extract_scoring.py [--all]` prints the same table
and the misses (of the tuned keys only, unless `--all` or `--fresh`).

How each figure matches (case, punctuation and spacing never count):
- name: the same text, or nearly (similarity >= 0.9), never a longer line holding it;
- email: equal; phone: the last ten digits;
- skills: recall of the key's skills list, a skill found when its name or its canonical
  taxonomy name is in `skills`;
- experience: a key entry is found when one extracted entry has the title AND the employer;
- education: a key institution is found when one extracted entry names it;
- highlights: a key achievement is found when one extracted highlight (of any experience or
  project entry) is the same bullet: nearly equal (similarity >= 0.9), or one holds the other
  with at least 80% of its length (a line-wrap or a trailing "(link)" of difference). A
  highlight that fused two bullets, or only half of one, does not count.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import CVS, cv_of_key  # noqa: E402

from iq_tui.engine.models import CandidateProfile  # noqa: E402
from iq_tui.engine.reading.extract import extract_profile  # noqa: E402
from iq_tui.engine.reading.skills import canonical_skill  # noqa: E402

KEYS = sorted(CVS.glob("*.truth.json"))
UNKEYED = sorted(p for p in CVS.glob("*.pdf") if not p.with_suffix("").with_suffix(".truth.json").exists())
# Chosen at random (seed 13) among the December keys whose CVs the code had never seen, and
# not looked at while the extractor was tuned: their figures estimate unseen CVs.
HELD_OUT = frozenset(
    {
        "deedy-resume-macfonts",
        "google-docs-skia-proxy-achievements-oneline",
        "google-docs-skia-proxy-multiline-bullets-coursework",
        "google-docs-skia-proxy-programs-skills-software",
        "letter-spaced-name-heading",
        "synthetic-degreeless-two-programs",
    }
)
# Written by this team for these tests, in layouts the fixtures lack (`make_self_made.py`
# there), their keys before the extractor ran on them: the "fresh" column.
FRESH_PREFIX = "self-made-"
GOALS = {
    "name": 0.97,
    "email": 1.0,
    "phone": 0.9,  # not asked by the issue, but the keys have it
    "skills": 0.95,
    "experience": 0.9,
    "education": 0.9,
    "highlights": 0.85,
}
# What the test holds extraction to: the goals where they are met, else the figure reached
# so far (a regression fails; the printed table shows the way to the goal).
FLOORS = dict(GOALS)


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w+#%$.]+|(?<!\d)\.|\.(?!\d)", " ", text.casefold()).split())


def same(a: str, b: str, ratio: float = 0.85) -> bool:
    """Nearly equal, or one holds the other as whole words with at least a third of its length
    ("Software Engineer II" for the key's "Software Engineer II, Payments Platform")."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if a == b or (len(short) * 3 >= len(long) and f" {short} " in f" {long} "):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= ratio


def same_name(found: str, key: str) -> bool:
    """The same name, or nearly (similarity >= 0.9): never a line that only holds it."""
    a, b = norm(found), norm(key)
    return bool(a) and difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def same_bullet(key: str, found: str) -> bool:
    a, b = norm(key), norm(found)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if short in long and len(short) >= 0.8 * len(long):
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


@cache
def profile_of(pdf: Path) -> CandidateProfile:
    return extract_profile(pdf)


def _skill_found(skill: str, found: set[str]) -> bool:
    """Found by its name or canonical name; a key item with a list in brackets ("AWS (EC2,
    S3, RDS)") is also found as its head and every item of the list."""
    canon = canonical_skill(skill)
    if norm(skill) in found or (canon is not None and norm(canon) in found):
        return True
    m = re.fullmatch(r"\s*([^()]+?)\s*\(([^()]+)\)\s*", skill)
    if not m or "," not in m.group(2):
        return False
    parts = [m.group(1), *m.group(2).split(",")]
    return all(_skill_found(p.strip(), found) for p in parts if p.strip())


_pdf_of = cv_of_key


def score(keys: Iterable[Path]) -> tuple[dict[str, float], dict[str, int], list[str]]:
    """(figure per kind, number of key entries per kind, the misses as readable lines)."""
    hits = {k: 0 for k in GOALS}
    totals = {k: 0 for k in GOALS}
    misses: list[str] = []
    for key_path in keys:
        key = json.loads(key_path.read_text("utf-8"))
        pdf = _pdf_of(key_path)
        profile = profile_of(pdf)

        def tally(kind: str, ok: bool, what: str, cv: str = pdf.stem) -> None:
            totals[kind] += 1
            hits[kind] += ok
            if not ok:
                misses.append(f"{cv}: {kind} {what!r}")

        contact = key["contact"]
        tally("name", same_name(profile.name, contact["full_name"]), contact["full_name"])
        tally("email", profile.email.casefold() == contact["email"].casefold(), contact["email"])
        digits = re.sub(r"\D", "", contact.get("phone") or "")
        if digits:
            tally("phone", re.sub(r"\D", "", profile.phone).endswith(digits[-10:]), digits)
        found = {norm(s) for s in profile.skills}
        for skill in key.get("skills", []):
            tally("skills", _skill_found(skill, found), skill)
        for job in key.get("experience", []):
            ok = any(
                same(e.title, job["title"]) and same(e.organization, job["company"])
                for e in profile.experience
            )
            tally("experience", ok, f"{job['title']} / {job['company']}")
        for edu in key.get("education", []):
            ok = any(same(e.institution, edu["institution"]) for e in profile.education)
            tally("education", ok, edu["institution"])
        bullets = [h for e in [*profile.experience, *profile.projects] for h in e.highlights]
        for achievement in key.get("achievements", []):
            ok = any(same_bullet(achievement, h) for h in bullets)
            tally("highlights", ok, achievement)
    figures = {k: hits[k] / totals[k] for k in GOALS if totals[k]}
    return figures, totals, misses


def is_held_out(key_path: Path) -> bool:
    return key_path.name.replace(".truth.json", "") in HELD_OUT


def is_fresh(key_path: Path) -> bool:
    return key_path.name.startswith(FRESH_PREFIX)


def report(show_misses: str = "tuned") -> tuple[dict[str, float], list[str]]:
    """Print the figures over all keys, the tuned ones, the held-out ones and the fresh
    self-made ones; return the first."""
    held = [k for k in KEYS if is_held_out(k)]
    fresh = [k for k in KEYS if is_fresh(k)]
    tuned = [k for k in KEYS if k not in held and k not in fresh]
    every, totals, misses = score(KEYS)
    tuned_fig, _, tuned_misses = score(tuned)
    held_fig, _, _ = score(held)
    fresh_fig, _, fresh_misses = score(fresh)
    print(
        f"\nextraction scores ({len(KEYS)} keys; tuned {len(tuned)}, held out {len(held)}, "
        f"fresh {len(fresh)}):"
    )
    print(f"  {'':<11} {'all':>6} {'tuned':>6} {'held':>6} {'fresh':>6}  goal  (entries)")
    for kind in GOALS:
        figs = (every, tuned_fig, held_fig, fresh_fig)
        cells = [f"{f[kind]:6.3f}" if kind in f else "     -" for f in figs]
        print(f"  {kind:<11} {' '.join(cells)}  {GOALS[kind]:<4}  ({totals[kind]})")
    shown = {"tuned": tuned_misses, "all": misses, "fresh": fresh_misses}.get(show_misses, [])
    for miss in shown:
        print("  miss:", miss)
    return every, misses


def test_answer_keys_exist() -> None:
    assert len(KEYS) >= 30 and sum(map(is_fresh, KEYS)) >= 6
    assert all(_pdf_of(k).exists() for k in KEYS)
    assert HELD_OUT <= {k.name.replace(".truth.json", "") for k in KEYS}


def test_bullet_match_is_neither_too_strict_nor_too_loose() -> None:
    bullet = "Reduced ingest lag from 3 minutes to under 10 seconds"
    assert same_bullet(bullet, "Reduced ingest lag from 3 minutes to under 10 seconds.")
    assert same_bullet(bullet, "• Reduced ingest lag from 3 minutes to under 10 sec- onds")
    assert not same_bullet(bullet, "Reduced ingest lag from 3 minutes")  # half a bullet
    fused = bullet + " Prototyped a Redis-backed feature-flag service"
    assert not same_bullet(bullet, fused)  # two bullets run together


def test_scores_meet_the_goals() -> None:
    figures, misses = report(show_misses="all")
    assert set(figures) == set(GOALS), "every figure needs at least one key entry"
    failing = {k: round(v, 3) for k, v in figures.items() if v < FLOORS[k]}
    assert not failing, f"below the floor: {failing}"


@pytest.mark.parametrize("pdf", UNKEYED, ids=lambda p: p.stem)
def test_cvs_without_a_key_still_extract(pdf: Path) -> None:
    profile = profile_of(pdf)
    assert profile.name.strip()
    assert len(profile.name.split()) <= 4
    assert profile.skills
    assert profile.experience or profile.education
    assert profile.pages >= 1
    assert profile.text.strip()


if __name__ == "__main__":
    report(next((a[2:] for a in sys.argv[1:] if a in ("--all", "--fresh")), "tuned"))
