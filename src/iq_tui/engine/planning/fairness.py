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
Before the rules, the text is read the way a person would (`read_as`): casual spellings ("r u",
"ur kids"), one-letter typos of the rules' own vocabulary ("pregant", "religon") and third-person
notes about the candidate ("Does the candidate have ...", "Is she ...") become plain second person.
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
    pattern: re.Pattern[str]
    """The rule's patterns as one alternation (one scan of the text instead of one each)."""
    requires: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]

    def match(self, text: str, seen: dict[tuple[re.Pattern[str], int, int], bool]) -> re.Match[str] | None:
        """Where a pattern is found, if in its clause (or clauses, for a pattern that spans
        two) a `requires` holds and no `unless` does
        (so "design the sharding scheme, and tell me whether you plan to stay in the country"
        is not excused by the design clause). Most texts are fair, so the patterns go first;
        `seen` keeps the answers of the conditions many rules share (<you>, <work>)."""
        if self.pattern.search(text) is None:
            return None
        for found in self.pattern.finditer(text):
            start = _clause(text, found.start())[0]
            end = _clause(text, max(found.start(), found.end() - 1))[1]

            def holds(condition: re.Pattern[str]) -> bool:
                key = (condition, start, end)
                if key not in seen:
                    seen[key] = condition.search(text, start, end) is not None
                return seen[key]

            if self.requires and not any(holds(p) for p in self.requires):
                continue
            if any(holds(p) for p in self.unless):
                continue
            return found
        return None


_CLAUSE_BREAK = re.compile(
    r"[.?!;]+(?=\s|$)"
    r"|,\s*and\b,?|\band\s*,"
    r"|,\s*(?:also|separately|by the way|just curious|out of interest|on another note|oh and)\b,?"
    r"|\b(?:also|separately|by the way|just curious|out of interest|on another note),"
    r"|\s[-\u2013\u2014]{1,2}\s"
)
"""Where one question's clause ends and another begins: a sentence's end, ", and", ", also",
"separately,", "by the way,", a dash. Plain commas do not end a clause ("In our HR product, how
would you ...")."""


def _clause(text: str, at: int) -> tuple[int, int]:
    """The span of the clause of `text` that holds position `at`."""
    start, end = 0, len(text)
    for cut in _CLAUSE_BREAK.finditer(text):
        if cut.end() <= at:
            start = cut.end()
        elif cut.start() > at:
            end = cut.start()
            break
    return start, end


@dataclass(frozen=True)
class _Reading:
    """How a text is read before the rules (the data file's [reading] table)."""

    spellings: dict[str, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    typos: dict[str, str]
    third_person: tuple[tuple[re.Pattern[str], str], ...]
    pronouns: tuple[tuple[re.Pattern[str], str], ...]
    agreement: tuple[tuple[re.Pattern[str], str], ...]
    second_person: re.Pattern[str]


@dataclass(frozen=True)
class _Rules:
    labels: dict[str, str]
    rules: tuple[_Rule, ...]
    reading: _Reading


def _expand(pattern: str, macros: dict[str, str]) -> str:
    pattern = _GAP.sub(lambda m: r"(?:\W+[\w'-]+){0,%s}?\W+" % m.group(1), pattern)
    for name, value in macros.items():
        pattern = pattern.replace(f"<{name}>", value)
    return pattern


_UPPER_LETTER = re.compile(r"(?<!\\)[A-Z]")


def _compile(patterns: Iterable[str], macros: dict[str, str], where: str) -> tuple[re.Pattern[str], ...]:
    """Texts are matched lowercased (faster than IGNORECASE), so a pattern's letters must be
    lowercase too."""
    compiled = []
    for pattern in patterns:
        expanded = _expand(pattern, macros)
        if _UPPER_LETTER.search(expanded):
            raise ValueError(f"{_DATA_FILE}: {where}: pattern {pattern!r} has capital letters; "
                             "texts are matched lowercased")
        try:
            compiled.append(re.compile(expanded))
        except re.error as exc:
            raise ValueError(f"{_DATA_FILE}: {where}: bad pattern {pattern!r}: {exc}") from exc
    return tuple(compiled)


def _alternation(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))


def _typo_table(vocabulary: Iterable[str], real_words: Iterable[str]) -> dict[str, str]:
    """Every spelling one slip away from a vocabulary word (a letter dropped or doubled, two
    neighbours swapped, "-ys" for "-ies"), mapped to that word. Words of six
    letters or more only, and never a real word (`real_words`) or another vocabulary word."""
    words = {word.casefold() for word in vocabulary}
    keep = words | {word.casefold() for word in real_words}
    table: dict[str, str] = {}
    for word in sorted(words):
        if len(word) < 6:
            continue
        slips = {word[:i] + word[i + 1:] for i in range(len(word))}
        slips |= {word[:i] + word[i] + word[i:] for i in range(len(word))}
        slips |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
        if word.endswith("ies"):
            slips.add(word[:-3] + "ys")
        for slip in slips - keep:
            table.setdefault(slip, word)
    return table


def _pairs(entries: Iterable[list[str]], where: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    pairs = []
    for pattern, replacement in entries:
        try:
            pairs.append((re.compile(pattern, re.IGNORECASE), replacement))
        except re.error as exc:
            raise ValueError(f"{_DATA_FILE}: reading.{where}: bad pattern {pattern!r}: {exc}") from exc
    return tuple(pairs)


def _parse_reading(data: dict[str, Any], macros: dict[str, str]) -> _Reading:
    return _Reading(
        spellings={key.casefold(): value for key, value in data.get("spellings", {}).items()},
        rewrites=_pairs(data.get("rewrites", ()), "rewrites"),
        typos=_typo_table(data.get("typo_vocabulary", ()), data.get("typo_real_words", ())),
        third_person=_pairs(data.get("third_person", ()), "third_person"),
        pronouns=_pairs(data.get("pronouns", ()), "pronouns"),
        agreement=_pairs(data.get("agreement", ()), "agreement"),
        second_person=re.compile(_expand("<you>", macros), re.IGNORECASE),
    )


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
                pattern=_alternation(_compile(entry["patterns"], macros, rule_id)),
                requires=_compile(entry.get("requires", ()), macros, rule_id),
                unless=_compile(entry.get("unless", ()), macros, rule_id),
            )
        )
    return _Rules(labels=labels, rules=tuple(rules), reading=_parse_reading(data.get("reading", {}), macros))


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


_WORD = re.compile(r"[\w']+")


def _respell(text: str, reading: _Reading) -> str:
    def word(found: re.Match[str]) -> str:
        key = found.group(0).casefold()
        return reading.spellings.get(key) or reading.typos.get(key) or found.group(0)

    text = _WORD.sub(word, text)
    for pattern, replacement in reading.rewrites:
        text = pattern.sub(replacement, text)
    return text


def _to_second_person(text: str, reading: _Reading) -> str:
    """Notes about the candidate ("Find out if the candidate is married") read as questions to
    them; he/she count as the candidate only where nobody is addressed as "you" (in "how would
    you coach her?" she is someone else)."""
    changed = text
    for pattern, replacement in reading.third_person:
        changed = pattern.sub(replacement, changed)
    if changed == text and not reading.second_person.search(text):
        for pattern, replacement in reading.pronouns:
            changed = pattern.sub(replacement, changed)
    for pattern, replacement in reading.agreement:
        changed = pattern.sub(replacement, changed)
    return changed


def read_as(text: str) -> str:
    """The text the rules match: `normalize`d, casual spellings and typos of the rules'
    vocabulary respelled, notes about the candidate turned into second person, lowercased."""
    reading = _rules().reading
    return _to_second_person(_respell(normalize(text), reading), reading).lower()


def find_protected(text: str) -> list[FairnessFlag]:
    """The protected characteristics `text` asks about or leads to: one flag per characteristic
    (the first rule that fires for it), in the data file's order; empty when the text is fair."""
    return list(_find(text))


@lru_cache(maxsize=4096)
def _find(text: str) -> tuple[FairnessFlag, ...]:
    """Cached: screens redraw the same questions often (bench/bench_fairness.py: a few ms a
    question)."""
    clean = read_as(text)
    seen: dict[tuple[re.Pattern[str], int, int], bool] = {}
    flags: dict[str, FairnessFlag] = {}
    for rule in _rules().rules:
        if rule.characteristic in flags:
            continue
        found = rule.match(clean, seen)
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
