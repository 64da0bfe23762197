"""The offline question bank: templates loaded from `engine/data/questions/*.toml`.

- `skills.toml`: skill kinds (which CV skills are languages, databases, design tools, ...) and
  technical templates per kind and level that name one of the candidate's skills.
- `common.toml`: HR, behavioral and case-study templates shared by every role, plus topic
  templates that fill a plan from the role's keywords when nothing more specific is left.
- `<category>.toml`: one per role category: the skill kinds that matter for it and its own
  technical and case-study questions per level. `include` borrows other categories' questions.

A template's placeholders ({skill}, {skill2}, {project}, {employer}, {role}, {topic},
{title}) are what it needs from the candidate; a template with none is a fixed bank question.
`takes` (slots.py) says which sorts of skill its {skill} accepts; `changer = true` marks a
question about a career move, asked only of a candidate changing field. Derived
placeholders ({skill_source}, {project_source}, {from_field}) are filled by the planner.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from iq_tui.engine.models import LEVELS, QUESTION_CATEGORIES
from iq_tui.engine.planning.slots import slot_types
from iq_tui.engine.reading.skills import canonical_skill, taxonomy

SLOTS = frozenset({
    "skill", "skill2", "project", "employer", "role", "topic", "title",
    "skill_source", "project_source", "from_field", "note",
})
FILLED = frozenset({"skill", "skill2", "project", "employer", "topic", "title"})
"""Slots the candidate's facts fill (the others are derived from those)."""
PERSONAL_SLOTS = frozenset({"skill", "skill2", "project"})
"""Slots that name the candidate's own skills or projects (what makes a question personal)."""
GENERAL_KIND = "general"
SOFT_KIND = "soft"
IGNORED_KIND = "ignore"
UNKNOWN_KIND = "unknown"
CONCEPT_KIND = "concept"


@dataclass(frozen=True)
class Template:
    text: str
    category: str
    levels: frozenset[str]
    rationale: str
    follow_ups: tuple[str, ...]
    good_answer: str
    skills: tuple[str, ...] = ()
    kind: str | None = None
    """For skill templates: the kind of skill {skill} must be."""
    topic: bool = False
    """A role-keyword filler template, used only when the specific bank runs dry."""
    takes: frozenset[str] = frozenset()
    """The sorts of skill {skill} accepts (slots.py); empty for a template without {skill}."""
    competency: str = ""
    red_flags: tuple[str, ...] = ()
    changer: bool = False
    """Asked only of a candidate changing field (it is about the move itself)."""
    notes: str = ""
    """The `[notes.NAME]` table of skills.toml that fills {note} for the skill."""
    origin: str = ""
    """The file it came from (`backend.toml`): which bank it belongs to."""
    for_roles: frozenset[str] = frozenset()
    """The role categories it is asked for (empty: every role)."""
    in_field: bool = False
    """Asked only of a candidate whose latest title is in the role's own line of work."""
    not_the_role: bool = False
    """{skill} may not be the role's own discipline ("the basics of data science" to a
    data scientist's new teammate)."""

    @cached_property
    def slots(self) -> frozenset[str]:
        fields = (self.text, self.rationale, self.good_answer, *self.follow_ups)
        found = {
            name
            for value in fields
            for _, name, _, _ in string.Formatter().parse(value)
            if name
        }
        return frozenset(found)

    @cached_property
    def filled(self) -> frozenset[str]:
        """The slots the candidate's facts must fill (skill, project, employer, ...)."""
        return self.slots & FILLED


@dataclass(frozen=True)
class CategoryBank:
    skill_kinds: tuple[str, ...]
    templates: tuple[Template, ...]
    borrowed: tuple[Template, ...] = ()
    """The `include`d categories' questions: used once the category's own run out."""


@dataclass(frozen=True)
class Bank:
    kinds: dict[str, str]
    """Lower-cased canonical skill name -> kind (absent: not a taxonomy skill)."""
    skill_templates: tuple[Template, ...]
    common: tuple[Template, ...]
    categories: dict[str, CategoryBank]
    default_topics: tuple[str, ...] = ()
    """Topics any role has, used after the role's own keywords."""
    kind_includes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A kind's templates also take these kinds' skills (infra templates fit cloud skills)."""

    def family(self, kind: str) -> frozenset[str]:
        return frozenset((kind, *self.kind_includes.get(kind, ())))

    def kind_of(self, skill: str) -> str:
        """The skill's kind, UNKNOWN_KIND when neither the taxonomy nor the bank knows it."""
        known = self.kinds.get(skill.casefold())
        if known is None:
            canonical = canonical_skill(skill)
            known = self.kinds.get(canonical.casefold()) if canonical else None
        return known or UNKNOWN_KIND

    competency_by_kind: dict[str, str] = field(default_factory=dict)
    red_flags: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """Category -> level -> what a weak answer sounds like, for templates with none."""
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Note table -> skill (lower-cased) -> the skill-specific part of a good answer."""

    def note(self, table: str, skill: str) -> str:
        entries = self.notes.get(table, {})
        canonical = (canonical_skill(skill) or skill).casefold()
        return entries.get(canonical, entries.get("default", ""))

    def category(self, name: str) -> CategoryBank:
        return self.categories.get(name) or self.categories["general"]


def _template(entry: dict[str, Any], origin: str) -> Template:
    level = entry.get("level", "any")
    levels = frozenset(LEVELS) if level == "any" else frozenset(
        [level] if isinstance(level, str) else level
    )
    takes = slot_types().expand(entry.get("takes", ()))
    template = Template(
        text=entry["text"].strip(),
        category=entry["category"],
        levels=levels,
        rationale=entry["rationale"].strip(),
        follow_ups=tuple(entry["follow_ups"]),
        good_answer=entry["good_answer"].strip(),
        skills=tuple(entry.get("skills", ())),
        kind=entry.get("kind"),
        topic=bool(entry.get("topic", False)),
        takes=takes,
        competency=str(entry.get("competency", "")),
        red_flags=tuple(entry.get("red_flags", ())),
        changer=bool(entry.get("changer", False)),
        notes=str(entry.get("notes", "")),
        origin=origin,
        for_roles=frozenset(entry.get("for_roles", ())),
        in_field=bool(entry.get("in_field", False)),
        not_the_role=bool(entry.get("not_the_role", False)),
    )
    # The bank is our own data: a mistake in it is a bug, caught by the tests at load time.
    if template.category not in QUESTION_CATEGORIES or not levels <= set(LEVELS):
        raise ValueError(f"{origin}: bad category or level in {template.text!r}")
    if not template.slots <= SLOTS or not 2 <= len(template.follow_ups) <= 3:
        raise ValueError(f"{origin}: bad placeholders or follow-ups in {template.text!r}")
    if ("skill" in template.slots) != bool(takes):
        raise ValueError(f"{origin}: a {{skill}} template needs `takes` (and only it): {template.text!r}")
    return template


def _read(name: str) -> dict[str, Any]:
    path = resources.files("iq_tui.engine").joinpath("data", "questions", name)
    return tomllib.loads(path.read_text("utf-8"))


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    folder = resources.files("iq_tui.engine").joinpath("data", "questions")
    skills = _read("skills.toml")
    mapped = skills["taxonomy_kinds"]
    kinds = {
        name.casefold(): mapped.get(category, GENERAL_KIND)
        for name, category in taxonomy().category.items()
    }
    kinds |= {name.casefold(): kind for kind, names in skills["kinds"].items() for name in names}
    skill_templates = tuple(_template(e, "skills.toml") for e in skills["question"])
    common = tuple(_template(e, "common.toml") for e in _read("common.toml")["question"])
    raw: dict[str, dict[str, Any]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml") and entry.name not in _NOT_CATEGORIES:
            raw[entry.name.removesuffix(".toml")] = tomllib.loads(entry.read_text("utf-8"))
    categories = {}
    for name, data in raw.items():
        own = [_template(e, f"{name}.toml") for e in data.get("question", [])]
        borrowed = [
            _template(e, f"{other}.toml")
            for other in data.get("include", [])
            for e in raw[other].get("question", [])
        ]
        categories[name] = CategoryBank(tuple(data["skill_kinds"]), tuple(own), tuple(borrowed))
    default_topics = tuple(raw["general"].get("default_topics", ()))
    includes = {k: tuple(v) for k, v in skills.get("kind_includes", {}).items()}
    rubrics = _read("rubrics.toml")
    red_flags = {
        category: {level: tuple(flags) for level, flags in levels.items()}
        for category, levels in rubrics["red_flags"].items()
    }
    return Bank(
        kinds, skill_templates, common, categories, default_topics, includes,
        dict(rubrics["competency_by_kind"]), red_flags,
        {t: {k.casefold(): v for k, v in n.items()} for t, n in skills.get("notes", {}).items()},
    )


_NOT_CATEGORIES = frozenset({
    "skills.toml", "common.toml", "slots.toml", "achievements.toml", "careers.toml",
    "rubrics.toml",
})
