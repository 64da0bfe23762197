"""The offline question generator: the app's embedded default (no key, no network).

A plan is composed per question category from four sources:
- the role's own bank (fixed questions written per role category and level): at least half
  of the technical and case-study questions;
- achievement questions (achievements.py): the candidate's own highlights, restated and
  probed at the level asked for, each quoting its highlight in `evidence`: about a third;
- personal templates that name the candidate's skills (typed slots: slots.py), projects,
  employers or titles; a career changer (career.py) is asked about the move itself;
- HR plans first cover motivation, why this move, way of working, and expectations.
Each template shape appears at most once in a plan, whatever the values.

Pure and deterministic: the order within a source is shuffled by a Random seeded from a hash
of the context, so the same CV, role, level and type always give the same plan. The facts a
plan reads are capped (skills, entries, highlights, text), so the work is bounded whatever
the size of the CV.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import re
import string
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from iq_tui.engine.models import LEVELS, QUESTION_CATEGORIES, Question
from iq_tui.engine.planning.achievements import (
    Achievement,
    Probe,
    achievement_bank,
    highlight_count,
    parse_achievements,
    rank_achievements,
)
from iq_tui.engine.planning.career import CareerReading, read_career, title_in_field
from iq_tui.engine.planning.providers.offline_bank import (
    CONCEPT_KIND,
    GENERAL_KIND,
    IGNORED_KIND,
    SOFT_KIND,
    Bank,
    Template,
    load_bank,
)
from iq_tui.engine.planning.slots import slot_types
from iq_tui.engine.reading.skills import canonical_skill, taxonomy

MAX_COUNT = 50
TYPE_MIX: dict[str, dict[str, float]] = {
    "technical": {"technical": 1.0},
    "case_study": {"case_study": 1.0},
    "hr": {"hr": 0.6, "behavioral": 0.4},
    "mixed": {"technical": 0.35, "behavioral": 0.25, "case_study": 0.2, "hr": 0.2},
}
ORDER = ("hr", "technical", "case_study", "behavioral")
"""How an interview flows: warm-up, technical depth, a case, then past behaviour."""
HR_CORE = ("motivation", "career move", "way of working", "expectations")
"""What every HR plan covers, in the order an interviewer would ask it."""
MIXED_HR_CORE = ("motivation", "career move")

# Caps on what a plan reads from a CV (issue 10: work must not grow with the CV's size).
MAX_SKILLS = 40
MAX_ENTRIES = 12
MAX_TEXT = 100_000
MAX_LISTED_TEXT = 30_000
"""How much of the CV is searched for a skills section naming a skill."""
_MAX_VALUE_LEN = 60


def _clean(values: Iterable[Any], limit: int) -> list[str]:
    """Strip, drop empty/overlong/duplicate values (CV text is untrusted and often messy)."""
    seen: set[str] = set()
    out = []
    for value in itertools.islice(values, limit * 4):
        text = re.sub(r"\s+", " ", str(value or "")).strip().strip(".,;:-–—")
        if text and len(text) <= _MAX_VALUE_LEN and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
            if len(out) >= limit:
                break
    return out


def _collapse(text: Any) -> str:
    return " ".join(str(text or "").split())


@dataclass(frozen=True)
class _Skill:
    name: str
    kind: str
    """Coarse kind (the role banks' `skill_kinds`)."""
    sort: str
    """Fine sort (slots.py): what sentences it fits."""
    listed: bool
    """Named outside running text (a skills section, a project's tools)."""
    where: str
    """Where the CV shows it in use ('at Stripe', 'on Ledger API'), or ''."""
    shown_in: str | None = None
    """The highlight that shows it in use, verbatim (a question's `evidence`)."""


@dataclass
class _Facts:
    """What the templates may use from the context, cleaned, typed, ranked and capped."""

    role: str
    level: str
    category: str
    interview_type: str
    skills: tuple[_Skill, ...]
    projects: tuple[str, ...]
    employers: tuple[str, ...]
    topics: tuple[str, ...]
    relevant_kinds: frozenset[str]
    career: CareerReading
    achievements: tuple[Achievement, ...]
    highlights: int
    cv: str
    """The CV's text, whitespace collapsed (capped): evidence must be found in it."""
    digest: bytes = b""
    """A hash of the capped candidate and CV text (the plan's seed is made from it)."""

    @property
    def changer(self) -> bool:
        return self.career.changer

    @classmethod
    def from_context(cls, context: dict[str, Any], bank: Bank) -> _Facts:
        role = context.get("role") or {}
        level = str(context.get("level") or "mid")
        reading = _read_cv(context, bank)
        for_role = reading.for_role(context, bank)
        return cls(
            role=str(role.get("name") or "open"),
            level=level if level in LEVELS else "mid",
            category=for_role.category,
            interview_type=str(context.get("interview_type") or "mixed"),
            skills=for_role.skills,
            projects=reading.projects,
            employers=reading.employers,
            topics=for_role.topics,
            relevant_kinds=for_role.relevant_kinds,
            career=for_role.career,
            achievements=for_role.achievements,
            highlights=reading.highlights,
            cv=reading.cv,
            digest=reading.digest,
        )

    def in_cv(self, words: str) -> bool:
        return bool(words) and (not self.cv or words in self.cv)


@dataclass(frozen=True)
class _CvReading:
    """What a plan reads from the candidate whatever the role, level or type: read once per
    CV (the costly part: typing skills, finding them in the text, parsing highlights)."""

    skills: tuple[_Skill, ...]
    projects: tuple[str, ...]
    employers: tuple[str, ...]
    achievements: tuple[Achievement, ...]
    highlights: int
    cv: str
    digest: bytes
    _roles: dict[str, _RoleReading] = field(default_factory=dict, compare=False, repr=False)

    def for_role(self, context: dict[str, Any], bank: Bank) -> _RoleReading:
        """The CV read for the context's role (kept: a sweep asks each role many times)."""
        role = context.get("role") or {}
        key = repr(role)
        found = self._roles.get(key)
        if found is None:
            found = _RoleReading.make(self, context, bank)
            if len(self._roles) < 64:
                self._roles[key] = found
        return found


@dataclass(frozen=True)
class _RoleReading:
    """The part of the facts that depends on the role (not on the level asked or the type)."""

    category: str
    skills: tuple[_Skill, ...]
    topics: tuple[str, ...]
    relevant_kinds: frozenset[str]
    career: CareerReading
    achievements: tuple[Achievement, ...]

    @classmethod
    def make(cls, reading: _CvReading, context: dict[str, Any], bank: Bank) -> _RoleReading:
        role = context.get("role") or {}
        category = str(role.get("category") or "general")
        keywords = {
            str(k).casefold() for k in [*role.get("keywords", []), *role.get("level_keywords", [])]
        }
        relevant = frozenset(bank.category(category).skill_kinds)
        skills = list(reading.skills)
        order = {s.name: i for i, s in enumerate(skills)}
        skills.sort(key=lambda s: (s.name.casefold() not in keywords, order[s.name]))
        relevant_sorts = frozenset(s.sort for s in skills if s.kind in relevant)
        return cls(
            category=category,
            skills=tuple(skills),
            topics=tuple(_clean(
                [*role.get("level_keywords", []), *role.get("keywords", []), *bank.default_topics],
                MAX_SKILLS,
            )),
            relevant_kinds=relevant,
            career=read_career(context, _skills_say_changer(skills, relevant)),
            achievements=tuple(rank_achievements(reading.achievements, relevant_sorts)),
        )


_READINGS: OrderedDict[str, _CvReading] = OrderedDict()
_READINGS_LOCK = threading.Lock()
_READINGS_KEPT = 16
"""CVs whose reading is kept: a TUI session or a sweep plans one CV many times in a row."""


def _read_cv(context: dict[str, Any], bank: Bank) -> _CvReading:
    candidate, cv_text = _capped_candidate(context)
    key = repr((candidate, cv_text))
    with _READINGS_LOCK:
        found = _READINGS.get(key)
        if found is not None:
            _READINGS.move_to_end(key)
            return found
    reading = _new_reading(candidate, cv_text, bank)
    with _READINGS_LOCK:
        _READINGS[key] = reading
        while len(_READINGS) > _READINGS_KEPT:
            _READINGS.popitem(last=False)
    return reading


def _capped_candidate(context: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The candidate and CV text as far as a plan reads them (a huge CV costs no more)."""
    candidate = dict(context.get("candidate") or {})
    for key in ("experience", "projects", "education"):
        candidate[key] = list(candidate.get(key) or [])[:MAX_ENTRIES]
    candidate["skills"] = list(candidate.get("skills") or [])[: MAX_SKILLS * 2]
    candidate["languages"] = list(candidate.get("languages") or [])[:MAX_SKILLS]
    return candidate, str(context.get("cv_text") or "")[:MAX_TEXT]


def _new_reading(candidate: dict[str, Any], cv_text: str, bank: Bank) -> _CvReading:
    types = slot_types()
    experience = [e for e in candidate["experience"] if isinstance(e, dict)]
    projects = [p for p in candidate["projects"] if isinstance(p, dict)]
    cv = _collapse(cv_text)
    spoken = {str(s).casefold() for s in candidate["languages"]}
    prose = [
        (f"at {_collapse(e.get('organization'))}" if e.get("organization") else "", _prose(e))
        for e in experience
    ] + [
        (f"on {_collapse(p.get('name'))}" if p.get("name") else "", _prose(p))
        for p in projects
    ]
    raw_skills = _clean(candidate["skills"], MAX_SKILLS * 2)
    listed_names = _listed_skills(cv, [*experience, *projects], projects, raw_skills)
    # A skill that is also an employer's name ("Figma", "Notion") is the employer here.
    employer_names = {_collapse(e.get("organization")).casefold() for e in experience}
    highlights = [
        _collapse(h)[:2000]
        for entry in [*experience, *projects]
        for h in list(entry.get("highlights") or [])[: MAX_ENTRIES * 4]
    ]
    skills: list[_Skill] = []
    for name in raw_skills:
        sort = types.sort_of(name)
        if sort is None or types.nature[sort] in ("ignore", "business"):
            continue  # a CV's own wording, or too generic, or not this kind of question
        if name.casefold() in spoken or types.is_spoken_language(name):
            continue
        if name.casefold() in employer_names or _only_a_season(name, cv):
            continue
        kind = bank.kind_of(name)
        if kind == IGNORED_KIND:
            continue
        where = next((w for w, text in prose if w and _mentions(text, name)), "")
        listed = listed_names is None or name.casefold() in listed_names
        shown_in = next(
            (h for h in highlights if _mentions(h, name) and (not cv or h in cv)), None
        )
        skills.append(_Skill(name, kind, sort, listed, where, shown_in))
        if len(skills) >= MAX_SKILLS:
            break
    entries = {"experience": experience, "projects": projects}
    payload = json.dumps([candidate, cv_text], sort_keys=True, default=str, ensure_ascii=False)
    return _CvReading(
        skills=tuple(skills),
        projects=tuple(_clean((p.get("name") for p in projects), MAX_ENTRIES)),
        employers=tuple(_clean((e.get("organization") for e in experience), MAX_ENTRIES)),
        achievements=parse_achievements(entries, cv),
        highlights=highlight_count(entries),
        cv=cv,
        digest=hashlib.sha256(payload.encode("utf-8")).digest(),
    )


_SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter"})


def _only_a_season(name: str, cv: str) -> bool:
    """'Spring' found in 'Spring 2021' is a term, not the framework."""
    if name.casefold() not in _SEASONS:
        return False
    return re.search(rf"\b{re.escape(name)}\b(?!\s+'?\d)", cv) is None


def _mentions(text: str, name: str) -> bool:
    # the substring test first: cheap, and most names are not in most texts
    return name.casefold() in text.casefold() and _mention_pattern(name).search(text) is not None


@lru_cache(maxsize=4096)
def _mention_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def _pieces(entry: dict[str, Any]) -> list[str]:
    """An entry's running text: its summary and each highlight, whitespace collapsed."""
    highlights = list(entry.get("highlights") or [])[:MAX_ENTRIES * 4]
    return [_collapse(t)[:2000] for t in [entry.get("summary"), *highlights] if t]


def _prose(entry: dict[str, Any]) -> str:
    return " ".join(_pieces(entry))


def _listed_skills(
    cv: str, entries: list[dict[str, Any]], projects: list[dict[str, Any]], names: list[str]
) -> set[str] | None:
    """Those of `names` the CV names outside running text (a skills section, a project's
    tools); None when there is no text to tell, so all count."""
    if not cv:
        return None
    rest = cv[:MAX_LISTED_TEXT]
    for entry in entries:
        for text in _pieces(entry):
            if len(text) > 20:
                rest = rest.replace(text, " ")
    folded = rest.casefold()
    listed = {
        n.casefold() for n in names
        if any(a.casefold() in folded and _mentions(rest, a) for a in _spellings(n))
    }
    for project in projects:
        listed |= {str(s).casefold() for s in (project.get("skills") or [])[:MAX_SKILLS]}
    return listed


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for alias, canonical in taxonomy().canonical.items():
        out.setdefault(canonical.casefold(), []).append(alias)
    return {k: tuple(v) for k, v in out.items()}


def _spellings(name: str) -> tuple[str, ...]:
    canonical = canonical_skill(name) or name
    return (name, canonical, *_aliases().get(canonical.casefold(), ()))


def _skills_say_changer(skills: list[_Skill], relevant: frozenset[str]) -> bool:
    own = [s for s in skills if s.kind in relevant and s.kind not in (GENERAL_KIND, CONCEPT_KIND)]
    off = [s for s in skills if s.kind not in relevant and s.kind != SOFT_KIND]
    return len(own) < 3 and len(off) > len(own)


# --------------------------------------------------------------------------- shapes


@lru_cache(maxsize=1)
def _shape_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each template and probe as a regex over rendered text, the most literal first: to
    recognise the shape a question was made from."""
    bank = load_bank()
    probes = achievement_bank()
    hard = "|".join(
        re.escape(h) for h in sorted(
            {*probes.hard_by_sort.values(), *probes.hard_by_metric.values()}, key=len, reverse=True
        )
    )
    special = {"hard": f"(?:{hard})", "lead": r"(?:At|On|About|Your CV) .+?"}
    found = [(_template_shape(t), t.text) for t in _all_templates(bank)]
    found += [(f"p{p.id}", p.text) for p in probes.probes]
    found.sort(key=lambda item: -len(re.sub(r"\{[a-z_0-9]+\}", "", item[1])))
    return tuple((shape, _pattern(text, special)) for shape, text in found)


def _pattern(text: str, special: dict[str, str]) -> re.Pattern[str]:
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(re.escape(literal))
        if name:
            out.append(special.get(name, ".+?"))
    return re.compile("(?s)^" + "".join(out) + "$")


def _all_templates(bank: Bank) -> list[Template]:
    seen: dict[int, Template] = {}
    pools = [bank.skill_templates, bank.common]
    for cat in bank.categories.values():
        pools += [cat.templates, cat.borrowed]
    for pool in pools:
        for template in pool:
            seen.setdefault(id(template), template)
    return list(seen.values())


def _template_shape(template: Template) -> str:
    return "t:" + template.text


def shape_of(text: str) -> str | None:
    """The shape (template or probe) a question's text was made from, if it was made here."""
    text = " ".join(text.split())
    for shape, pattern in _shape_patterns():
        if pattern.match(text):
            return shape
    return None


# --------------------------------------------------------------------------- planner


@lru_cache(maxsize=512)
def _pool(
    role_category: str, relevant_kinds: frozenset[str], level: str, category: str
) -> tuple[Template, ...]:
    """The templates a role category's plan may use for `category` at `level` (the skill
    templates of the role's kinds, the role bank's, the common ones)."""
    bank = load_bank()
    skill_templates = [
        t for t in bank.skill_templates if t.kind in relevant_kinds or t.kind == SOFT_KIND
    ]
    pool = [*skill_templates, *bank.category(role_category).templates, *bank.common]
    return tuple(
        t for t in pool
        if t.category == category and level in t.levels
        and (not t.for_roles or role_category in t.for_roles)
    )


@dataclass
class _Made:
    question: Question
    shape: str
    kind: str
    """What sort of question it is ('bank', 'achievement', 'personal', 'move', 'hr:<competency>'):
    regenerating one question keeps the kind."""


@dataclass
class _Planner:
    facts: _Facts
    bank: Bank
    rng: random.Random
    avoid: set[str]
    used_shapes: set[str] = field(default_factory=set)
    usage: Counter[str] = field(default_factory=Counter)
    used_highlights: set[str] = field(default_factory=set)
    where_used: Counter[str] = field(default_factory=Counter)
    highlight_uses: Counter[str] = field(default_factory=Counter)
    seen: set[str] = field(default_factory=set)
    hr_asked: set[str] = field(default_factory=set)
    """Competencies an HR question of the plan already assesses."""
    work: int = 0
    """Fill attempts made: a bound on work that tests can check."""
    reuse_highlights: bool = False
    """Pair each highlight with several probes and each probe with several highlights: the
    cycle `r` walks through (a plan itself uses each at most once)."""

    # ----------------------------------------------------------------- pools

    def _pool(self, category: str) -> tuple[Template, ...]:
        """Templates of this category fit for the level."""
        facts = self.facts
        return _pool(facts.category, facts.relevant_kinds, facts.level, category)

    def _ordered(self, templates: list[Template], *, by_level: bool = True) -> list[Template]:
        """Shuffled (seeded), then those written for this level before those for any level
        (unless `by_level` is off); skill kinds take turns so one kind does not cluster."""
        templates = list(templates)
        self.rng.shuffle(templates)
        if not by_level:
            return templates
        turn: Counter[str | None] = Counter()
        rank: dict[int, tuple[bool, int]] = {}
        for template in templates:
            turn[template.kind] += 1
            rank[id(template)] = (len(template.levels) > 1, turn[template.kind])
        return sorted(templates, key=lambda t: rank[id(t)])

    def bank_fixed(self, category: str) -> list[Template]:
        """The role bank's own questions: this level first, then the neighbouring levels,
        then the banks it borrows from."""
        facts = self.facts
        own = self.bank.category(facts.category)
        fixed = [t for t in own.templates if t.category == category and not t.filled]
        here = [t for t in fixed if facts.level in t.levels]
        index = LEVELS.index(facts.level)
        near = [
            t for t in fixed if facts.level not in t.levels
            and any(abs(LEVELS.index(lv) - index) == 1 for lv in t.levels)
        ]
        borrowed = [
            t for t in own.borrowed
            if t.category == category and not t.filled and facts.level in t.levels
        ]
        return [*self._ordered(here), *self._ordered(borrowed), *self._ordered(near)]

    def personal(self, category: str) -> list[Template]:
        # Behavioural questions rotate freely, so that a few do not sit in most plans.
        behavioural = category == "behavioral"
        return self._ordered([
            t for t in self._pool(category)
            if (t.filled or behavioural) and not t.topic and not t.changer
            and t.competency not in HR_CORE
        ], by_level=not behavioural)

    def own_work(self, category: str) -> list[Template]:
        """Personal templates that name the candidate's title, employer or project."""
        return [
            t for t in self.personal(category) if t.filled & {"title", "employer", "project"}
        ]

    def moves(self, category: str) -> list[Template]:
        if not self.facts.changer:
            return []
        return self._ordered([t for t in self._pool(category) if t.changer])

    def topics(self, category: str) -> list[Template]:
        return self._ordered([t for t in self._pool(category) if t.topic])

    def last_resort(self, category: str) -> list[Template]:
        """The general bank, and any other fixed question of the category, for long plans."""
        facts = self.facts
        general = self.bank.categories["general"].templates
        pool = [
            t for t in [*general, *self.bank.common]
            if t.category == category and facts.level in t.levels and not t.filled
            and not t.changer
        ]
        return self._ordered(pool)

    # ----------------------------------------------------------------- making questions

    def _key(self, text: str) -> str:
        return _text_key(text)

    def _accept(self, text: str, shape: str) -> bool:
        key = self._key(text)
        repeat_ok = self.reuse_highlights and shape.startswith("p")
        if key in self.seen or key in self.avoid or (shape in self.used_shapes and not repeat_ok):
            return False
        self.seen.add(key)
        self.used_shapes.add(shape)
        return True

    def _skill_options(self, template: Template) -> list[_Skill]:
        facts = self.facts
        options = [s for s in facts.skills if s.listed and s.sort in template.takes]
        if template.not_the_role:
            options = [s for s in options if not _names_the_role(s.name, facts.role)]
        if template.kind == SOFT_KIND:
            return [s for s in options if s.kind == SOFT_KIND]
        if template.kind is not None:
            family = self.bank.family(template.kind)
            return [s for s in options if s.kind in family and s.kind in facts.relevant_kinds]
        if template.category in ("technical", "case_study"):
            return [s for s in options if s.kind in facts.relevant_kinds and s.kind != SOFT_KIND]
        return [s for s in options if s.kind != SOFT_KIND]

    def _least_used(self, values: list[str], cap: int) -> list[str]:
        ranked = sorted(enumerate(values), key=lambda iv: (self.usage[iv[1]], iv[0]))
        return [v for _, v in ranked if self.usage[v] < cap]

    def fill(self, template: Template, cap: int = 2) -> _Made | None:
        """The template filled with the least-used fitting values, or None."""
        self.work += 1
        shape = _template_shape(template)
        if shape in self.used_shapes:
            return None  # the cheap test first: most templates tried are used already
        if template.category == "hr" and template.filled and template.competency in self.hr_asked:
            return None  # "how did you learn X", then "how do you keep Y current": one is enough
        facts = self.facts
        slots = template.filled
        values: dict[str, str] = {"role": facts.role}
        skill: _Skill | None = None
        if slots & {"skill", "skill2"}:
            options = self._skill_options(template)
            names = self._least_used([s.name for s in options], cap)
            need = 2 if "skill2" in slots else 1
            if len(names) < need:
                return None
            by_name = {s.name: s for s in options}
            skill = by_name[names[0]]
            values["skill"] = slot_types().mid_sentence(skill.name)
            if need == 2:
                values["skill2"] = slot_types().mid_sentence(names[1])
            names_by_display = {slot_types().mid_sentence(n): n for n in names[:2]}
        for slot, pool in (("project", facts.projects), ("employer", facts.employers),
                           ("topic", facts.topics)):
            if slot in slots:
                choice = self._least_used(pool, cap if slot != "topic" or cap > 2 else 1)
                if not choice:
                    return None
                values[slot] = choice[0]
        if template.in_field and not (facts.career.in_field and not facts.changer):
            return None
        if "title" in slots:
            if not facts.career.latest_title:
                return None
            values["title"] = facts.career.latest_title
        if "employer" in slots and "title" in slots:
            # "{title} at {employer}": the employer of that very job, or no question.
            if not facts.career.title_employer:
                return None
            values["employer"] = facts.career.title_employer
        elif "employer" in slots and facts.career.latest_employer and (
            template.competency in _LATEST_EMPLOYER
        ):
            # "move on from X", "your time at X": only the current employer is right.
            values["employer"] = facts.career.latest_employer
        values["from_field"] = facts.career.from_label
        values["skill_source"] = _skill_source(skill) if skill else ""
        values["project_source"] = (
            f"{values['project']} is one of the candidate's own projects"
            if "project" in values else ""
        )
        values["note"] = self.bank.note(template.notes, skill.name) if skill and template.notes else ""
        text = _tidy(template.text.format(**values))
        if not self._accept(text, shape):
            return None
        for slot in ("skill", "skill2", "project", "employer", "topic"):
            if slot in values and slot in slots:
                raw = skill.name if slot == "skill" and skill else values[slot]
                self.usage[raw] += 1
        rationale = _tidy(template.rationale.format(**values))
        if not template.filled and facts.level not in template.levels:
            written = "/".join(lv for lv in LEVELS if lv in template.levels)
            stretch = "a stretch" if LEVELS.index(facts.level) < LEVELS.index(written.split("/")[0]) else "a baseline"
            rationale = f"Written for {written} level: {stretch} for a {facts.level} candidate. {rationale}"
        if skill and "skill_source" not in template.rationale:
            rationale = f"{values['skill_source']}. {rationale}"
        woven = [skill.name] if skill else []
        if "skill2" in values:
            woven.append(names_by_display[values["skill2"]])
        if "topic" in slots:
            woven.append(values["topic"])
        evidence = next(
            (values[s] for s in ("title", "project", "employer") if s in slots and facts.in_cv(values[s])),
            skill.shown_in if skill else None,
        )
        if template.category == "hr":
            self.hr_asked.add(template.competency)
        kind = (
            "move" if template.changer
            else f"hr:{template.competency}" if template.competency in HR_CORE
            else "bank" if not template.filled
            else "personal"
        )
        question = Question(
            text=text,
            category=template.category,  # type: ignore[arg-type]
            difficulty=facts.level,  # type: ignore[arg-type]
            skills=list(dict.fromkeys([*woven, *template.skills])),
            rationale=rationale,
            follow_ups=[_tidy(f.format(**values)) for f in template.follow_ups],
            good_answer=_tidy(template.good_answer.format(**values)),
            competency=self._competency(template),
            evidence=evidence,
            red_flags=list(template.red_flags) or self._default_flags(template.category),
            source="offline",
        )
        return _Made(question, shape, kind)

    def _competency(self, template: Template) -> str:
        if template.competency:
            return template.competency
        if template.kind:
            return self.bank.competency_by_kind.get(template.kind, "technical depth")
        if template.skills:
            return template.skills[0]
        return {"hr": "motivation", "behavioral": "ownership", "case_study": "problem solving"}.get(
            template.category, "technical depth"
        )

    def _default_flags(self, category: str) -> list[str]:
        return list(self.bank.red_flags.get(category, {}).get(self.facts.level, ()))

    def achieved(self, category: str) -> Iterator[_Made]:
        """Questions on the candidate's highlights, one per highlight, spread over employers."""
        facts = self.facts
        bank = achievement_bank()
        probes = [p for p in bank.probes if p.category == category and facts.level in p.levels]
        self.rng.shuffle(probes)
        # This level's probes first; the most particular first, so that the general ones are
        # left for highlights that only they fit.
        probes.sort(key=lambda p: (len(p.actions) or len(bank.categories), len(p.levels) > 1))
        while True:
            fresh = [
                a for a in facts.achievements
                if self.reuse_highlights or a.text not in self.used_highlights
            ]
            fresh.sort(key=lambda a: (
                self.highlight_uses[a.text], a.action == "duty", self.where_used[a.where],
                -a.score, a.order,
            ))
            made = None
            for achievement in fresh:
                allowed = bank.categories.get(achievement.action, _QUOTE_CATEGORIES)
                leading = achievement.action == "lead" and facts.category in _LEADING_ROLES
                if category not in allowed and not (leading and category == "technical"):
                    continue
                bridge = category in ("technical", "case_study") and not self._relevant(achievement)
                if bridge and not facts.changer:
                    continue
                if category == "hr" and not self._relevant(achievement):
                    continue  # "more of that work in this role?" only of work in its field
                for probe in probes:
                    if probe.changer != bridge:
                        continue
                    self.work += 1
                    made = self._probe(probe, achievement)
                    if made is not None:
                        break
                if made is not None:
                    break
            if made is None:
                return
            self.used_highlights.add(made.question.evidence or "")
            self.highlight_uses[made.question.evidence or ""] += 1
            self.where_used[achievement.where] += 1
            yield made

    def _relevant(self, achievement: Achievement) -> bool:
        """Whether a technical question can probe the highlight as it is: work with this
        role's own tools, or work in a job (or a project of a candidate) in the role's line
        of work; a career changer's other work is asked about as a bridge."""
        facts = self.facts
        if any(self.bank.kind_of(t) in facts.relevant_kinds for t in achievement.tools):
            return True
        if facts.changer:
            return False
        if achievement.title:  # a composer's score is no backend work, whatever the verb
            return title_in_field(achievement.title, facts.category) is not False
        return facts.career.in_field or not facts.career.titles

    def _probe(self, probe: Probe, achievement: Achievement) -> _Made | None:
        if probe.actions and achievement.action not in probe.actions:
            return None
        if not probe.actions and achievement.action == "duty":
            return None  # a duty is asked about only to make it concrete
        if f"p{probe.id}" in self.used_shapes and not self.reuse_highlights:
            return None
        bank = achievement_bank()
        hard = bank.hard_part(achievement)
        fields = (probe.text, probe.rationale, probe.good_answer, *probe.follow_ups, *probe.red_flags)
        needs = set(probe.needs) | {
            n for n in ("hard", "tool", "metric") if any("{" + n + "}" in f for f in fields)
        }
        if "metric" in needs and not achievement.metric_in_lead:
            return None
        if "job" in needs and achievement.on_project:
            return None  # running costs, another year of investment: a job's system, not a side project
        if "hard" in needs and hard is None:
            return None
        if "tool" in needs and not (hard and hard[1]):
            return None
        values = {
            "lead": achievement.lead(),
            "hard": hard[0] if hard else "",
            "tool": hard[1] if hard else "",
            "metric": achievement.metric or "",
            "where": achievement.where or "a past role",
            "role": self.facts.role,
        }
        text = probe.text.format(**values)
        if not self._accept(text, f"p{probe.id}"):
            return None
        competency = probe.competency or bank.competency.get(achievement.action, "ownership")
        question = Question(
            text=text,
            category=probe.category,  # type: ignore[arg-type]
            difficulty=self.facts.level,  # type: ignore[arg-type]
            skills=[] if probe.changer else list(achievement.tools[:3]),
            rationale=probe.rationale.format(**values),
            follow_ups=[f.format(**values) for f in probe.follow_ups],
            good_answer=probe.good_answer.format(**values),
            competency=competency,
            evidence=achievement.text,
            red_flags=[f.format(**values) for f in probe.red_flags],
            source="offline",
        )
        return _Made(question, f"p{probe.id}", "achievement")

    def from_templates(self, templates: list[Template], cap: int = 2) -> Iterator[_Made]:
        for template in templates:
            made = self.fill(template, cap)
            if made is not None:
                yield made

    def hr_core(self, wanted: tuple[str, ...]) -> Iterator[_Made]:
        """One question per required HR competency; a career changer's 'move' is the move."""
        pool = self._pool("hr")
        for competency in wanted:
            options = self._ordered([t for t in pool if t.competency == competency])
            if competency == "career move":
                movers = [t for t in options if t.changer]
                others = [t for t in options if not t.changer]
                options = movers + others if self.facts.changer else others
            else:
                options = [t for t in options if not t.changer]
            # Those naming an employer first: more specific to this candidate.
            options.sort(key=lambda t: "employer" not in t.filled and "title" not in t.filled)
            made = next(self.from_templates(options), None)
            if made is not None:
                yield made

    # ----------------------------------------------------------------- composition

    def category_plan(self, category: str, n: int) -> list[_Made]:
        if n <= 0:
            return []
        facts = self.facts
        if category in ("technical", "case_study"):
            quotas = [
                (iter(self.from_templates(self.bank_fixed(category))), math.ceil(n / 2)),
                (self.achieved(category), math.ceil(n / 3)),
                (self.from_templates(self.moves(category)), _moves_quota(facts, n)),
            ]
        elif category == "behavioral":
            quotas = [
                (self.achieved(category), math.ceil(n / 2)),
                (self.from_templates(self.moves(category)), 1 if facts.changer and n >= 2 else 0),
            ]
        else:
            core = HR_CORE if facts.interview_type == "hr" else MIXED_HR_CORE
            quotas = [
                (self.hr_core(core), min(n, len(core))),
                (self.achieved(category), 1 if n > len(core) else 0),
            ]
        groups: list[list[_Made]] = []
        taken = 0
        for stream, quota in quotas:
            got = list(itertools.islice(stream, max(0, min(quota, n - taken))))
            taken += len(got)
            groups.append(got)
        if category in ("technical", "case_study") and facts.highlights:
            # Highlights too few or too vague to ask about: the candidate's own work in their
            # latest job. (A CV without any leaves the personal part to its skills.)
            quoted = sum(m.question.evidence is not None for g in groups for m in g)
            want = min(math.ceil(n / 3) - quoted, n - taken)
            got = list(itertools.islice(self.from_templates(self.own_work(category)), max(0, want)))
            taken += len(got)
            groups.append(got)
        rest = self._fill_rest(category, n - taken)
        groups.append(rest)
        return _interleave(groups)

    def _fill_rest(self, category: str, missing: int) -> list[_Made]:
        """The rest of a category: personal templates, then the sources again, then fillers."""
        if missing <= 0:
            return []
        # Each source is built only when the ones before it ran dry.
        streams: list[Callable[[], Iterator[_Made]]] = [
            lambda: self.from_templates(self.personal(category)),
            lambda: self.achieved(category),
            lambda: self.from_templates(self.bank_fixed(category)),
            lambda: self.from_templates(self.moves(category)),
            lambda: self.from_templates(self.topics(category)),
            lambda: self.from_templates(self.last_resort(category)),
            lambda: self.from_templates(self.personal(category), cap=4),
            lambda: self.from_templates(self.topics(category), cap=4),
        ]
        out: list[_Made] = []
        for stream in streams:
            out += itertools.islice(stream(), missing - len(out))
            if len(out) >= missing:
                break
        return out

    def overflow(self, category: str, missing: int) -> list[_Made]:
        """Only for very long plans: a shape may repeat once every other shape is used."""
        out: list[_Made] = []
        while len(out) < missing:
            self.used_shapes = {s for s in self.used_shapes if not s.startswith("t:")}
            got = self._fill_rest(category, missing - len(out))
            if not got:
                break
            out += got
        return out


_LEADING_ROLES = frozenset({"management", "program"})
"""Role categories whose technical questions are about leading the work."""
_LATEST_EMPLOYER = frozenset({"career move", "motivation"})
_QUOTE_CATEGORIES = frozenset({"behavioral", "hr"})
"""A highlight that does not start with a verb is quoted, and asked about only in these."""


_NON_WORD = re.compile(r"\W+")


def _text_key(text: str) -> str:
    """A question's text as compared for repeats: case and punctuation ignored."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _tidy(text: str) -> str:
    """A value ending with a full stop ("Acme Cloud, Inc.") before the template's own:
    "Inc.." becomes "Inc." (an ellipsis is left alone)."""
    return _DOUBLE_STOP.sub(".", text) if ".." in text else text


def _names_the_role(skill: str, role: str) -> bool:
    """'Data Science' for a Data Scientist, 'Machine Learning' for an ML Engineer: every word
    of the skill starts like a word of the role's name."""
    stems = {w[:5] for w in re.findall(r"[a-z]+", role.casefold())}
    words = [w for w in re.findall(r"[a-z]+", skill.casefold()) if len(w) > 2]
    return bool(words) and all(w[:5] in stems for w in words)


def _moves_quota(facts: _Facts, n: int) -> int:
    """Questions about the move itself in a career changer's technical or case plan."""
    if not facts.changer or n < 3:
        return 0
    return 2 if n >= 8 else 1


def _skill_source(skill: _Skill) -> str:
    if skill.where:
        return f"{skill.name} shows up in the candidate's work {skill.where}"
    return f"{skill.name} is in the CV's skills, with no role on it showing its use"


def _interleave(groups: list[list[_Made]]) -> list[_Made]:
    """One from each group in turn, so a plan alternates the bank, the CV and the rest."""
    out = []
    for row in itertools.zip_longest(*groups):
        out += [m for m in row if m is not None]
    return out


def _allocate(interview_type: str, count: int) -> dict[str, int]:
    """Split `count` over the type's categories by weight (largest remainder, each ≥ 1)."""
    mix = TYPE_MIX.get(interview_type, TYPE_MIX["mixed"])
    if count >= len(mix):
        base = {c: 1 for c in mix}
        rest = count - len(mix)
    else:
        base = {c: 0 for c in mix}
        rest = count
    shares = {c: rest * w for c, w in mix.items()}
    alloc = {c: base[c] + int(shares[c]) for c in mix}
    leftover = count - sum(alloc.values())
    for c in sorted(mix, key=lambda c: (-(shares[c] - int(shares[c])), -mix[c])):
        if leftover <= 0:
            break
        alloc[c] += 1
        leftover -= 1
    return alloc


def _seed(context: dict[str, Any], facts: _Facts, count: int) -> int:
    """From the whole context: the CV's part is hashed once per CV (`_CvReading.digest`)."""
    rest = {k: v for k, v in context.items() if k not in ("candidate", "cv_text")}
    payload = json.dumps([rest, count], sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(payload.encode("utf-8") + facts.digest).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass
class OfflinePlan:
    """A plan and what it cost to make (for tests and the bench)."""

    questions: list[Question]
    shapes: list[str]
    kinds: list[str]
    work: int


def plan_offline(
    context: dict[str, Any],
    count: int,
    *,
    avoid: Iterable[str] = (),
    category: str | None = None,
    _cycle: bool = False,
) -> OfflinePlan:
    """`generate_offline`, with each question's shape and kind, and the work it took."""
    count = max(0, min(count, MAX_COUNT))
    bank = load_bank()
    facts = _Facts.from_context(context, bank)
    avoid = list(avoid)[: MAX_COUNT * 4]
    avoid_keys = {_text_key(a) for a in avoid}
    planner = _Planner(facts, bank, random.Random(_seed(context, facts, count)), avoid_keys)
    planner.used_shapes |= {s for s in map(shape_of, avoid) if s}
    planner.reuse_highlights = _cycle
    interview_type = facts.interview_type if facts.interview_type in TYPE_MIX else "mixed"
    facts.interview_type = interview_type
    if category in QUESTION_CATEGORIES:
        alloc = {category: count}
    else:  # in weight order: technical picks skills first
        alloc = _allocate(interview_type, count)
        if interview_type == "hr" and alloc["hr"] < min(count, len(HR_CORE)):
            alloc = {"hr": min(count, len(HR_CORE)), "behavioral": count - min(count, len(HR_CORE))}
    picked: dict[str, list[_Made]] = {c: [] for c in QUESTION_CATEGORIES}
    for name, n in alloc.items():
        picked[name] += planner.category_plan(name, n)
    # A category that ran dry is topped up from the type's other categories, then from any;
    # a very long plan may then repeat a shape.
    borrow = [*alloc, *(c for c in ORDER if c not in alloc)]
    for fill in (planner._fill_rest, planner.overflow):
        for name in borrow:
            missing = count - sum(len(v) for v in picked.values())
            if missing <= 0:
                break
            picked[name] += fill(name, missing)
    made = [m for c in ORDER for m in picked[c]][:count]
    return OfflinePlan(
        questions=[m.question for m in made],
        shapes=[m.shape for m in made],
        kinds=[m.kind for m in made],
        work=planner.work,
    )


def generate_offline(
    context: dict[str, Any],
    count: int,
    *,
    avoid: Iterable[str] = (),
    category: str | None = None,
    replacing: str | None = None,
) -> list[Question]:
    """`count` (1-50) distinct questions for `context` (see `context.build_context`).

    `avoid`: question texts not to produce, nor their template shapes (the rest of a plan, or
    questions an LLM already gave). `category`: only questions of that category (regenerating
    one slot), other categories only if its bank runs dry. `replacing`: the text of the
    question being regenerated: the answer is the next question of the same kind after it in
    a fixed cycle, so pressing `r` again walks on instead of flipping back. Deterministic.
    """
    if replacing is None:
        return plan_offline(context, count, avoid=avoid, category=category).questions
    return _regenerate(context, count, list(avoid), category, replacing)


def _regenerate(
    context: dict[str, Any], count: int, avoid: list[str], category: str | None, replacing: str
) -> list[Question]:
    cycle = plan_offline(context, MAX_COUNT, category=category, _cycle=True)
    keys = {_text_key(a) for a in [*avoid, replacing]}
    taken = {s for s in map(shape_of, [*avoid, replacing]) if s}
    old_shape = shape_of(replacing)
    old_kind = next(
        (k for s, k in zip(cycle.shapes, cycle.kinds, strict=True) if s == old_shape), None
    )
    texts = [q.text for q in cycle.questions]
    if replacing in texts:
        start = texts.index(replacing) + 1
    else:
        start = cycle.shapes.index(old_shape) + 1 if old_shape in cycle.shapes else 0
    n = len(cycle.questions)
    order = [(start + i) % n for i in range(n)] if n else []
    fresh = [
        i for i in order
        if (category is None or cycle.questions[i].category == category)
        and cycle.shapes[i] not in taken
        and _text_key(cycle.questions[i].text) not in keys
        and not _asked_elsewhere(cycle.questions[i], [a for a in avoid if a != replacing])
    ]
    # Walk the cycle forward from the replaced question, its kind first: pressing `r` again
    # visits every fresh question of the kind before any comes back.
    ahead = [i for i in fresh if i >= start] if start else fresh
    behind = [i for i in fresh if i < start] if start else []
    same_ahead = [i for i in ahead if cycle.kinds[i] == old_kind]
    same_behind = [i for i in behind if cycle.kinds[i] == old_kind]
    others = [i for i in [*ahead, *behind] if cycle.kinds[i] != old_kind]
    if len(same_ahead) + len(same_behind) >= 2 or same_ahead:
        ranked = [*same_ahead, *same_behind, *others]
    else:  # the one left of the kind is the question `r` came from: no flipping back to it
        ranked = [*others, *same_behind]
    if not ranked:  # a sparse CV: every shape of the category is in the plan already
        ranked = [
            i for i in order
            if (category is None or cycle.questions[i].category == category)
            and cycle.shapes[i] != old_shape
            and _text_key(cycle.questions[i].text) not in keys
        ]
    return [cycle.questions[i] for i in ranked[: max(count, 0)]]


def _asked_elsewhere(question: Question, others: list[str]) -> bool:
    """Whether another question of the plan already builds on this one's highlight."""
    if not question.evidence:
        return False
    probe = question.evidence[:60]
    return any(probe in " ".join(o.split()) or probe[:1].lower() + probe[1:] in o for o in others)


def is_career_changer(context: dict[str, Any]) -> bool:
    """Whether the CV's recent titles lie in another field than the role's (see career.py)."""
    return _Facts.from_context(context, load_bank()).changer
