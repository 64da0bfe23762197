"""Scores job-description reading and matching against the answer keys in
`tests/fixtures/jds/*.key.json` (written before the code ran on them).

A key's requirement is found when a parsed requirement has the same words (case, punctuation
and spacing aside) or one holds the other's words with at most two words more."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

JDS = Path(__file__).parent / "fixtures" / "jds"


def words(text: str) -> list[str]:
    return re.findall(r"[\w+#]+", text.casefold())


def same_requirement(key: str, got: str) -> bool:
    a, b = words(key), words(got)
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    joined_long = " ".join(long)
    return bool(short) and " ".join(short) in joined_long and len(long) - len(short) <= 2


@dataclass
class Score:
    keys: int = 0
    found: int = 0
    extra: int = 0
    importance: int = 0
    status: int = 0
    unfair_kept: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("keys", "found", "extra", "importance", "status", "unfair_kept"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def line(self, label: str) -> str:
        return (
            f"{label}: found {self.found}/{self.keys}, extra {self.extra}, importance "
            f"{self.importance}/{self.found}, status {self.status}/{self.found}, unfair kept "
            f"{self.unfair_kept}"
        )


def key_files(unseen: bool = False) -> list[Path]:
    folder = JDS / "unseen" if unseen else JDS
    return sorted(folder.glob("*.key.json"))


def score(key_path: Path, requirements: list[dict]) -> Score:
    """`requirements`: dicts with `text`, `importance` and (when matched) `status`."""
    key = json.loads(key_path.read_text())
    s = Score(keys=len(key["requirements"]))
    used: set[int] = set()
    for want in key["requirements"]:
        hit = next(
            (i for i, got in enumerate(requirements)
             if i not in used and same_requirement(want["text"], got["text"])),
            None,
        )
        if hit is None:
            s.misses.append(f"{key_path.name}: not found: {want['text']}")
            continue
        used.add(hit)
        s.found += 1
        got = requirements[hit]
        if got["importance"] == want["importance"]:
            s.importance += 1
        else:
            s.misses.append(f"{key_path.name}: importance {got['importance']}: {want['text']}")
        if got.get("status") == want["status"]:
            s.status += 1
        else:
            s.misses.append(
                f"{key_path.name}: status {got.get('status')} (key {want['status']}): {want['text']}"
            )
    for i, got in enumerate(requirements):
        if i in used:
            continue
        if any(same_requirement(u, got["text"]) for u in key.get("unfair", [])):
            s.unfair_kept += 1
            s.misses.append(f"{key_path.name}: unfair kept: {got['text']}")
        else:
            s.extra += 1
            s.misses.append(f"{key_path.name}: extra: {got['text']}")
    return s
