"""Extraction scored against the hand-written answer keys beside the real CVs.

Each figure is computed over ALL `*.truth.json` keys, printed (run with `-s` to see it), and
held to the issue's threshold. CVs without a key must still extract a name and some skills.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import CVS

from iq_tui.engine.reading.extract import extract_profile
from iq_tui.engine.models import CandidateProfile
from iq_tui.engine.reading.skills import canonical_skill

KEYS = sorted(CVS.glob("*.truth.json"))
UNKEYED = sorted(p for p in CVS.glob("*.pdf") if not p.with_suffix(".truth.json").exists())
THRESHOLDS = {
    "name": 0.9,
    "email": 1.0,
    "phone": 0.9,  # not asked by the issue, but the keys have it: digits compared
    "skills": 0.9,
    "experience": 0.8,
    "education": 0.8,
}


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w+#]+", " ", text.casefold()).split())


def same(a: str, b: str, ratio: float = 0.85) -> bool:
    """Case- and whitespace-insensitive, tolerant of a small difference or a containment."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= ratio


@cache
def profile_of(pdf: Path) -> CandidateProfile:
    return extract_profile(pdf)


def _skill_found(skill: str, found: set[str]) -> bool:
    canon = canonical_skill(skill)
    return norm(skill) in found or (canon is not None and norm(canon) in found)


def score() -> tuple[dict[str, float], list[str]]:
    hits = {k: 0 for k in THRESHOLDS}
    totals = {k: 0 for k in THRESHOLDS}
    misses: list[str] = []
    for key_path in KEYS:
        key = json.loads(key_path.read_text("utf-8"))
        pdf = key_path.with_name(key_path.name.replace(".truth.json", ".pdf"))
        profile = profile_of(pdf)

        def tally(kind: str, ok: bool, what: str, cv: str = pdf.stem) -> None:
            totals[kind] += 1
            hits[kind] += ok
            if not ok:
                misses.append(f"{cv}: {kind} {what!r}")

        contact = key["contact"]
        tally("name", same(profile.name, contact["full_name"], 0.9), contact["full_name"])
        tally("email", profile.email.casefold() == contact["email"].casefold(), contact["email"])
        digits = re.sub(r"\D", "", contact.get("phone", ""))
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
    figures = {k: hits[k] / totals[k] for k in THRESHOLDS if totals[k]}
    return figures, misses


def test_answer_keys_exist() -> None:
    assert len(KEYS) >= 5


def test_scores_meet_thresholds() -> None:
    figures, misses = score()
    print("\nextraction scores over", len(KEYS), "answer keys:")
    for kind, value in figures.items():
        print(f"  {kind:<11} {value:6.3f}  (threshold {THRESHOLDS[kind]})")
    for miss in misses:
        print("  miss:", miss)
    assert set(figures) == set(THRESHOLDS), "every figure needs at least one key entry"
    for kind, value in figures.items():
        assert value >= THRESHOLDS[kind], f"{kind}: {value:.3f} < {THRESHOLDS[kind]} ({misses})"


@pytest.mark.parametrize("pdf", UNKEYED, ids=lambda p: p.stem)
def test_cvs_without_a_key_still_extract(pdf: Path) -> None:
    profile = profile_of(pdf)
    assert profile.name.strip()
    assert len(profile.name.split()) <= 4
    assert profile.skills
    assert profile.experience or profile.education
    assert profile.pages >= 1
    assert profile.text.strip()
