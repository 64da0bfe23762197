"""The offline question generator: the app's embedded default (no key, no network).

It fills a plan from the bank (`offline_bank`) in tiers, per question category:
1. templates that name the candidate's own skills, projects or employers, each used once, the
   least-used value first so that one skill does not take over the plan;
2. the role category's own questions for the level (for a career changer, tiers 1 and 2 take
   turns, so the plan still tests the role);
3. the personal templates once more with other values;
4. templates on the role's keywords, then borrowed banks; if a category is still short, the
   type's other categories, then any.

Pure and deterministic: the order within a tier is shuffled by a Random seeded from a hash of
the context, so the same CV, role, level and type always give the same plan.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from iq_tui.engine.models import LEVELS, QUESTION_CATEGORIES, Question
from iq_tui.engine.planning.providers.offline_bank import (
    CONCEPT_KIND,
    GENERAL_KIND,
    IGNORED_KIND,
    OFF_ROLE_KIND,
    PERSONAL_SLOTS,
    SOFT_KIND,
    UNKNOWN_KIND,
    Bank,
    Template,
    load_bank,
)

MAX_COUNT = 50
TYPE_MIX: dict[str, dict[str, float]] = {
    "technical": {"technical": 1.0},
    "case_study": {"case_study": 1.0},
    "hr": {"hr": 0.6, "behavioral": 0.4},
    "mixed": {"technical": 0.35, "behavioral": 0.25, "case_study": 0.2, "hr": 0.2},
}
ORDER = ("hr", "technical", "case_study", "behavioral")
"""How an interview flows: warm-up, technical depth, a case, then past behaviour."""
_MAX_VALUE_LEN = 60


def _clean(values: Iterable[Any]) -> list[str]:
    """Strip, drop empty/overlong/duplicate values (CV text is untrusted and often messy)."""
    seen: set[str] = set()
    out = []
    for value in values:
        text = re.sub(r"\s+", " ", str(value or "")).strip().strip(".,;:-–—")
        if text and len(text) <= _MAX_VALUE_LEN and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def _soft_form(skill: str) -> str:
    """'Project management' reads better mid-sentence as 'project management'."""
    return " ".join(w if w.isupper() or any(c.isupper() for c in w[1:]) else w.lower()
                    for w in skill.split())


@dataclass
class _Facts:
    """What the templates may use from the context, cleaned and ranked."""

    role: str
    level: str
    category: str
    skills: list[tuple[str, str]]
    """(skill, kind), the role's relevant skills first."""
    projects: list[str]
    employers: list[str]
    topics: list[str]
    relevant_kinds: frozenset[str]
    kind_family: Callable[[str], frozenset[str]]
    project_skills: dict[str, list[str]]
    not_tools: frozenset[str] = frozenset()
    """Skills that are disciplines, concepts or a CV's own wording: no `tool` templates."""
    is_changer: bool = False
    """Little of the role's own field on the CV: the hard skills lie mostly elsewhere."""

    def __post_init__(self) -> None:
        core = [s for s, k in self.skills if k in self.relevant_kinds and k != GENERAL_KIND]
        self.is_changer = len(core) < 3 or len(self.off_role_skills) > len(core)

    @property
    def off_role_skills(self) -> list[str]:
        outside = {SOFT_KIND, IGNORED_KIND, *self.relevant_kinds}
        return [s for s, k in self.skills if k not in outside]

    @classmethod
    def from_context(cls, context: dict[str, Any], bank: Bank) -> _Facts:
        role = context.get("role") or {}
        candidate = context.get("candidate") or {}
        category = str(role.get("category") or "general")
        wanted = [*role.get("keywords", []), *role.get("level_keywords", [])]
        keywords = {str(k).casefold() for k in wanted}
        skills = [(s, bank.kind_of(s)) for s in _clean(candidate.get("skills") or [])]
        # Skills the role asks for first, then skills the taxonomy knows (a CV's own wording,
        # "Consumer Apps", reads worse in a template); the CV's order breaks ties.
        skills.sort(key=lambda item: (item[0].casefold() not in keywords, item[1] == UNKNOWN_KIND))
        not_tools = frozenset(
            s for s, k in skills if k in (UNKNOWN_KIND, CONCEPT_KIND) or bank.is_discipline(s)
        )
        skills = [(s, GENERAL_KIND if k == UNKNOWN_KIND else k) for s, k in skills]
        experience = candidate.get("experience") or []
        projects = candidate.get("projects") or []
        level = str(context.get("level") or "mid")
        return cls(
            role=str(role.get("name") or "this"),
            level=level if level in LEVELS else "mid",
            category=category,
            skills=skills,
            projects=_clean(p.get("name") for p in projects),
            employers=_clean(e.get("organization") for e in experience),
            topics=_clean(
                [*role.get("level_keywords", []), *role.get("keywords", []), *bank.default_topics]
            ),
            relevant_kinds=frozenset(bank.category(category).skill_kinds),
            kind_family=bank.family,
            not_tools=not_tools,
            project_skills={
                str(p.get("name", "")).strip().casefold(): _clean(p.get("skills") or [])
                for p in projects
            },
        )

    def skills_for(self, template: Template) -> list[str]:
        skills = self._skills_for(template)
        return [s for s in skills if s not in self.not_tools] if template.tool else skills

    def _skills_for(self, template: Template) -> list[str]:
        if template.kind == SOFT_KIND:
            return [_soft_form(s) for s, k in self.skills if k == SOFT_KIND]
        own = [s for s, k in self.skills if k in self.relevant_kinds]
        off = self.off_role_skills
        if template.kind == OFF_ROLE_KIND:
            return off if self.is_changer else []
        if template.kind is not None:
            family = self.kind_family(template.kind)
            return [s for s, k in self.skills if k in family and k in self.relevant_kinds]
        if template.category in ("hr", "behavioral"):
            return own + off  # past experience is fair game, whatever the field
        if template.category == "case_study" and self.is_changer:
            return own + off  # generic cases (hand-over, estimates, key people) fit any field
        # A technical question about a skill from another field would test the wrong job; a
        # career changer gets the off-role bridges instead.
        return own


@dataclass
class _Planner:
    facts: _Facts
    bank: Bank
    rng: random.Random
    avoid: set[str]
    usage: Counter[str] = field(default_factory=Counter)
    """How often each skill, project, employer or topic was used: the least-used goes next."""
    uses: Counter[int] = field(default_factory=Counter)
    """How often each template (by id) was used."""
    seen: set[str] = field(default_factory=set)

    def _values(self, template: Template, value_cap: int | None = None) -> list[dict[str, str]]:
        """Every way to fill the template's slots, least-used values first; [] if it cannot be.

        With `value_cap`, a skill, project or employer already in that many questions is left
        out, so that one of them cannot take over the plan.
        """
        slots = template.slots
        facts = self.facts
        choices: dict[str, list[str]] = {}
        if slots & {"skill", "skill2"}:
            choices["skill"] = facts.skills_for(template)
        if "project" in slots:
            choices["project"] = facts.projects
        if "employer" in slots:
            choices["employer"] = facts.employers
        if "topic" in slots:
            choices["topic"] = facts.topics
        need_two = "skill2" in slots
        if any(len(v) < (2 if k == "skill" and need_two else 1) for k, v in choices.items()):
            return []
        ranked = {
            k: sorted(v, key=lambda x, k=k: (self.usage[x], v.index(x))) for k, v in choices.items()
        }
        if value_cap is not None:
            capped = ("skill", "project", "employer")
            ranked = {
                k: [x for x in v if k not in capped or self.usage[x] < value_cap]
                for k, v in ranked.items()
            }
            if any(len(v) < (2 if k == "skill" and need_two else 1) for k, v in ranked.items()):
                return []
        width = max((len(v) for v in ranked.values()), default=1)
        fills = []
        for i in range(width):
            fill = {k: v[i % len(v)] for k, v in ranked.items()}
            if need_two:
                skills = ranked["skill"]
                fill["skill2"] = skills[(i + 1) % len(skills)]
            fill["role"] = facts.role
            fills.append(fill)
        return fills

    def _make(self, template: Template, fill: dict[str, str]) -> Question | None:
        text = template.text.format(**fill)
        key = re.sub(r"\W+", " ", text.casefold()).strip()
        if key in self.seen or key in self.avoid:
            return None
        self.seen.add(key)
        woven = [fill[s] for s in ("skill", "skill2", "topic") if s in template.slots]
        if "project" in template.slots:
            woven += self.facts.project_skills.get(fill["project"].casefold(), [])[:3]
        for slot in ("skill", "skill2", "project", "employer", "topic"):
            if slot in template.slots:
                self.usage[fill[slot]] += 1
        return Question(
            text=text,
            category=template.category,  # type: ignore[arg-type]
            difficulty=self.facts.level,  # type: ignore[arg-type]
            skills=list(dict.fromkeys([*woven, *template.skills])),
            rationale=template.rationale.format(**fill),
            follow_ups=[f.format(**fill) for f in template.follow_ups],
            good_answer=template.good_answer.format(**fill),
            source="offline",
        )

    def _templates(self, category: str) -> list[Template]:
        facts = self.facts
        skill_templates = [
            t for t in self.bank.skill_templates
            if t.kind in facts.relevant_kinds or t.kind in (SOFT_KIND, OFF_ROLE_KIND)
        ]
        pool = [*skill_templates, *self.bank.category(facts.category).templates, *self.bank.common]
        return [t for t in pool if t.category == category and facts.level in t.levels]

    def _last_resort(self, category: str) -> list[Template]:
        """Borrowed banks, then the general one, for a role whose own bank ran dry."""
        own = self.bank.category(self.facts.category)
        pool = list(own.borrowed)
        if own is not self.bank.categories["general"]:
            pool += self.bank.categories["general"].templates
        return [t for t in pool if t.category == category and self.facts.level in t.levels]

    def questions(self, category: str) -> Iterator[Question]:
        """This category's questions in tier order, made lazily so rotation sees earlier picks."""
        templates = self._templates(category)
        self.rng.shuffle(templates)
        # Questions written for this level before those fit for any level: the level's substance.
        # Off-role bridges only after the role's own skills.
        # Kinds take turns (a language question, a database one, ...) rather than clustering.
        # Within a turn, the role's primary kinds (listed first in its bank) lead.
        primary = self.bank.category(self.facts.category).skill_kinds
        turn: Counter[str | None] = Counter()
        order: dict[int, tuple[bool, bool, int, int]] = {}
        for template in templates:
            turn[template.kind] += 1
            any_level = len(template.levels) > 1
            rank = primary.index(template.kind) if template.kind in primary else len(primary)
            order[id(template)] = (
                any_level, template.kind == OFF_ROLE_KIND, turn[template.kind], rank
            )
        templates.sort(key=lambda t: order[id(t)])
        # Employers count as personal here: a plan should mention where the candidate worked.
        mine = PERSONAL_SLOTS | {"employer"}
        personal = [t for t in templates if t.slots & mine and not t.topic]
        fixed = [t for t in templates if not t.slots & mine and not t.topic]
        topics = [t for t in templates if t.topic]
        # Round-robin within a tier, with a cap per template, so that a long plan does not
        # repeat one sentence shape with different fillings unless nothing else is left.
        first = self._rounds(personal, 1)  # the candidate's own skills, projects, employers
        bank = self._rounds(fixed, 1)  # the role's own bank
        if category in ("technical", "case_study"):
            # The role's own questions keep their place beside the personal ones, from the
            # second question on: one in three (one in two for a career changer, whose
            # personal questions are bridges from another field).
            yield from itertools.islice(first, 1)
            share = 1 if self.facts.is_changer else 2
            yield from _alternate(bank, *[first] * share)
        else:
            yield from first
            yield from bank
        yield from self._rounds(personal, 2)
        yield from self._rounds(topics, 2)  # the role's keywords
        yield from self._rounds(self._last_resort(category), 1)
        yield from self._rounds([*personal, *topics], MAX_COUNT, value_cap=None)

    def _rounds(
        self, templates: list[Template], cap: int, value_cap: int | None = 3
    ) -> Iterator[Question]:
        """Visit the templates in turn until none can add a question (or each hit `cap`).

        Values are ranked afresh at every visit, so the least-used skill goes next.
        """
        progress = True
        while progress:
            progress = False
            for template in templates:
                if self.uses[id(template)] >= cap:
                    continue
                for fill in self._values(template, value_cap):
                    if question := self._make(template, fill):
                        self.uses[id(template)] += 1
                        progress = True
                        yield question
                        break


def _alternate(*streams: Iterator[Question]) -> Iterator[Question]:
    """One from each stream in turn; a stream that runs dry drops out."""
    live = list(streams)
    while live:
        for stream in list(live):
            if stream not in live:  # the same stream may be listed twice: twice the turns
                continue
            question = next(stream, None)
            if question is None:
                live = [s for s in live if s is not stream]
            else:
                yield question


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


def _seed(context: dict[str, Any], count: int) -> int:
    payload = json.dumps([context, count], sort_keys=True, default=str, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(payload.encode("utf-8")).digest()[:8], "big")


def generate_offline(
    context: dict[str, Any],
    count: int,
    *,
    avoid: Iterable[str] = (),
    category: str | None = None,
) -> list[Question]:
    """`count` (1-50) distinct questions for `context` (see `context.build_context`).

    `avoid`: question texts not to produce (a question being regenerated, or questions an LLM
    already gave). `category`: only questions of that category (regenerating one slot), other
    categories only if its bank runs dry. Deterministic for the same arguments.
    """
    count = max(0, min(count, MAX_COUNT))
    bank = load_bank()
    facts = _Facts.from_context(context, bank)
    avoid_keys = {re.sub(r"\W+", " ", a.casefold()).strip() for a in avoid}
    planner = _Planner(facts, bank, random.Random(_seed(context, count)), avoid_keys)
    interview_type = str(context.get("interview_type") or "mixed")
    interview_type = interview_type if interview_type in TYPE_MIX else "mixed"
    if category in QUESTION_CATEGORIES:
        alloc = {category: count}
    else:  # in weight order: technical picks skills first
        alloc = _allocate(interview_type, count)
    streams = {c: planner.questions(c) for c in QUESTION_CATEGORIES}
    picked: dict[str, list[Question]] = {c: [] for c in QUESTION_CATEGORIES}
    for name, n in alloc.items():
        picked[name] += _take(streams[name], n)
    # A category that ran dry is topped up from the type's other categories, then from any.
    borrow = [*alloc, *(c for c in ORDER if c not in alloc)]
    for name in borrow:
        missing = count - sum(len(v) for v in picked.values())
        if missing <= 0:
            break
        picked[name] += _take(streams[name], missing)
    return [q for c in ORDER for q in picked[c]]


def is_career_changer(context: dict[str, Any]) -> bool:
    """Whether the CV holds little of the role's own field (its hard skills lie elsewhere).

    Such a plan's technical and case questions alternate bridges from the candidate's own
    field with the role's own questions, instead of quizzing skills from another job.
    """
    return _Facts.from_context(context, load_bank()).is_changer


def _take(stream: Iterator[Question], n: int) -> list[Question]:
    return list(itertools.islice(stream, max(n, 0)))
