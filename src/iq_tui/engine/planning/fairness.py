"""Fairness: find interview questions that ask about, or lead to, a protected characteristic.

The rules are data (`engine/data/fairness.toml`), each tied to a characteristic and the laws
it comes from (US EEOC, UK Equality Act 2010, EU directives and Charter, Canada, Australia, ...).
They are contextual, not keywords: a rule fires on a question about the *candidate* ("are you
planning a family?", "when did you finish high school?"), not on work that shares the words
("health checks", "a family of services", "the age of the data").

    find_protected("Where is your accent from?")   # -> [FairnessFlag(characteristic="native
                                                   #     language or accent", reason=..., ...)]
    question_flags(question)                        # the same over a Question's text and follow-ups

The API takes plain text so that any source (model, offline bank, kit, typed) can be checked.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

_DATA_FILE = "fairness.toml"
_GAP = re.compile(r"<gap(\d)>")


@dataclass(frozen=True)
class FairnessFlag:
    """One protected characteristic a text touches, and why."""

    characteristic: str
    """The characteristic's label, as the contract names it ("age", "family or marital status")."""
    reason: str
    """What the text does, in words ("asks when the candidate left school, ...")."""
    laws: tuple[str, ...]
    """Where the protection comes from, each "jurisdiction: instrument"."""
    rule: str
    """Which rule fired (characteristic id and position), for tests and reports."""
    excerpt: str
    """The words that made the rule fire."""

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """The jurisdictions alone ("US EEOC", "UK", "EU", ...)."""
        return tuple(dict.fromkeys(law.split(":", 1)[0] for law in self.laws))

    @property
    def summary(self) -> str:
        """One line for a screen or a warning: characteristic, reason, jurisdictions."""
        return f"{self.characteristic}: {self.reason} ({', '.join(self.jurisdictions)})"


class _HasQuestionText(Protocol):
    text: str
    follow_ups: list[str]


@dataclass(frozen=True)
class _Rule:
    id: str
    characteristic: str
    reason: str
    laws: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]

    def match(self, text: str) -> re.Match[str] | None:
        if self.requires and not any(p.search(text) for p in self.requires):
            return None
        if any(p.search(text) for p in self.unless):
            return None
        for pattern in self.patterns:
            found = pattern.search(text)
            if found:
                return found
        return None


@dataclass(frozen=True)
class _Rules:
    labels: dict[str, str]
    rules: tuple[_Rule, ...]


def _expand(pattern: str, macros: dict[str, str]) -> str:
    pattern = _GAP.sub(lambda m: r"(?:\W+[\w'-]+){0,%s}?\W+" % m.group(1), pattern)
    for name, value in macros.items():
        pattern = pattern.replace(f"<{name}>", value)
    return pattern


def _compile(patterns: Iterable[str], macros: dict[str, str], where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(_expand(pattern, macros), re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"{_DATA_FILE}: {where}: bad pattern {pattern!r}: {exc}") from exc
    return tuple(compiled)


def parse_rules(data: dict[str, Any]) -> _Rules:
    """Build the rule set from the parsed TOML (also used by tests on their own data)."""
    characteristics: dict[str, Any] = data["characteristic"]
    macros: dict[str, str] = data.get("macros", {})
    labels = {key: value["label"] for key, value in characteristics.items()}
    rules = []
    counts: dict[str, int] = {}
    for entry in data["rule"]:
        key = entry["characteristic"]
        if key not in characteristics:
            raise ValueError(f"{_DATA_FILE}: a rule names an unknown characteristic {key!r}")
        counts[key] = counts.get(key, 0) + 1
        rule_id = f"{key}.{counts[key]}"
        laws = tuple(characteristics[key]["laws"]) + tuple(entry.get("laws", ()))
        rules.append(
            _Rule(
                id=rule_id,
                characteristic=labels[key],
                reason=entry["reason"],
                laws=laws,
                patterns=_compile(entry["patterns"], macros, rule_id),
                requires=_compile(entry.get("requires", ()), macros, rule_id),
                unless=_compile(entry.get("unless", ()), macros, rule_id),
            )
        )
    return _Rules(labels=labels, rules=tuple(rules))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    text = resources.files("iq_tui.engine").joinpath("data", _DATA_FILE).read_text("utf-8")
    return parse_rules(tomllib.loads(text))


def characteristics() -> tuple[str, ...]:
    """Every protected characteristic the rules know, by label, in the data file's order."""
    return tuple(_rules().labels.values())


def normalize(text: str) -> str:
    """What the rules match against: NFKC, straight quotes, one space between words."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return " ".join(text.split())


def find_protected(text: str) -> list[FairnessFlag]:
    """The protected characteristics `text` asks about or leads to: one flag per characteristic
    (the first rule that fires for it), in the data file's order; empty when the text is fair."""
    return list(_find(text))


@lru_cache(maxsize=4096)
def _find(text: str) -> tuple[FairnessFlag, ...]:
    """Cached: screens redraw the same questions often (a check is about 1.5 ms)."""
    clean = normalize(text)
    flags: dict[str, FairnessFlag] = {}
    for rule in _rules().rules:
        if rule.characteristic in flags:
            continue
        found = rule.match(clean)
        if found:
            flags[rule.characteristic] = FairnessFlag(
                characteristic=rule.characteristic,
                reason=rule.reason,
                laws=rule.laws,
                rule=rule.id,
                excerpt=found.group(0).strip(),
            )
    return tuple(flags.values())


def question_flags(question: _HasQuestionText) -> list[FairnessFlag]:
    """`find_protected` over a question's text and each follow-up, one flag per characteristic."""
    flags: dict[str, FairnessFlag] = {}
    for text in (question.text, *question.follow_ups):
        for flag in find_protected(text):
            flags.setdefault(flag.characteristic, flag)
    return list(flags.values())


def describe(flags: Iterable[FairnessFlag]) -> str:
    """The characteristics as a short phrase for warnings: "age, family or marital status"."""
    return ", ".join(dict.fromkeys(flag.characteristic for flag in flags))
