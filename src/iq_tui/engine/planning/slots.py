"""Typed slots: the sort of thing each CV skill is (`data/questions/slots.toml`).

A template says which sorts its `{skill}` takes ("standardise on {skill}" a tool, "a slow
{skill} query" a datastore); a skill of no known sort (a CV's own wording), a spoken language
or a skill named only in running text fills no template. Pure and cached.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from iq_tui.engine.reading.skills import canonical_skill, taxonomy

NATURES = ("tool", "method", "activity", "discipline", "concept", "soft", "business", "ignore")
LOWER_NATURES = frozenset({"activity", "discipline", "concept", "soft"})
"""Sorts that are common nouns mid-sentence ("your work in machine learning")."""


@dataclass(frozen=True)
class SlotTypes:
    sort_of_name: dict[str, str]
    """Lower-cased canonical skill -> sort."""
    nature: dict[str, str]
    """Sort -> grammar class (one of NATURES)."""
    groups: dict[str, frozenset[str]]
    samples: dict[str, tuple[str, ...]]
    """Sort -> its skills in file order (the first is the sample a test renders)."""
    spoken: frozenset[str]

    def sort_of(self, skill: str) -> str | None:
        """The skill's sort, or None for wording no list knows."""
        found = self.sort_of_name.get(skill.casefold())
        if found is None:
            canonical = canonical_skill(skill)
            found = self.sort_of_name.get(canonical.casefold()) if canonical else None
        return found

    def is_spoken_language(self, skill: str) -> bool:
        words = skill.casefold().replace("(", " ").split()
        return skill.casefold() in self.spoken or (bool(words) and words[0] in self.spoken)

    def expand(self, names: list[str] | tuple[str, ...]) -> frozenset[str]:
        """Sort names and `@group` references -> the set of sorts."""
        out: set[str] = set()
        for name in names:
            if name.startswith("@"):
                out |= self.groups[name[1:]]
            elif name in self.nature:
                out.add(name)
            else:
                raise ValueError(f"unknown slot sort {name!r}")
        return frozenset(out)

    def mid_sentence(self, skill: str) -> str:
        """How the skill reads inside a sentence: 'machine learning', but 'NLP' and 'Figma'."""
        sort = self.sort_of(skill)
        if sort is None or self.nature[sort] not in LOWER_NATURES:
            return skill
        return " ".join(
            w if w.isupper() or any(c.isupper() for c in w[1:]) else w.lower()
            for w in skill.split()
        )


@lru_cache(maxsize=1)
def slot_types() -> SlotTypes:
    raw = tomllib.loads(
        resources.files("iq_tui.engine")
        .joinpath("data", "questions", "slots.toml")
        .read_text("utf-8")
    )
    sort_of_name: dict[str, str] = {}
    nature: dict[str, str] = {}
    samples: dict[str, tuple[str, ...]] = {}
    for sort, entry in raw["sort"].items():
        if entry["nature"] not in NATURES:
            raise ValueError(f"slots.toml: bad nature for {sort}")
        nature[sort] = entry["nature"]
        samples[sort] = tuple(entry["skills"])
        for name in entry["skills"]:
            if name.casefold() in sort_of_name:
                raise ValueError(f"slots.toml: {name} has two sorts")
            sort_of_name[name.casefold()] = sort
    groups: dict[str, frozenset[str]] = {}
    for name, members in raw["groups"].items():  # groups may name earlier groups
        expanded: set[str] = set()
        for member in members:
            expanded |= groups[member[1:]] if member.startswith("@") else {member}
        groups[name] = frozenset(expanded)
    spoken = frozenset(s.casefold() for s in raw.get("spoken_languages", ()))
    return SlotTypes(sort_of_name, nature, groups, samples, spoken)


def untyped_taxonomy_skills() -> list[str]:
    """Taxonomy skills with no sort (a test keeps this empty)."""
    types = slot_types()
    return [name for name in taxonomy().category if types.sort_of(name) is None]
