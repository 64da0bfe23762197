"""Achievement questions: read a CV's highlights (bullets) and ask about the candidate's claims.

`read_achievements` picks the highlights worth asking about (an action with a result, a
metric, a tool, a hard problem) and parses their shape: the action class of the first verb,
the metric, the tools it names. `Probe`s (`data/questions/achievements.toml`) are the
questions asked about one claim, per category and level. The question restates the claim with
the candidate's own words and quotes the highlight verbatim as its `evidence`. Pure.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from iq_tui.engine.models import LEVELS
from iq_tui.engine.planning.articles import with_article
from iq_tui.engine.planning.slots import slot_types
from iq_tui.engine.reading.skills import canonical_skill, find_skills

MAX_HIGHLIGHTS = 80
"""Highlights read per CV at most (the first entries, the most recent): a bound on work."""
MAX_CHARS = 400
"""A longer 'highlight' is a paragraph the layout merged, not a claim to quote."""
_LEAD_CHARS = 130

_METRIC = re.compile(
    r"(?:\$|€|£)\s?\d[\d,.]*\s?(?:[KMB]|bn|k)?\+?"
    r"|\b\d[\d,.]*\s?(?:%|percent\b|per cent\b|x\b|×|[KMB]\+?(?!\w)|k\+?(?!\w)|\+)"
    r"|\b\d[\d,.]*\s?(?:ms|milliseconds|seconds|minutes|hours|days|weeks|users|customers|"
    r"requests|transactions|events|messages|engineers|people|services|servers|nodes|"
    r"countries|TB|GB|PB|stars|downloads|clients|teams|devices)\b",
)
_FROM_TO = re.compile(
    r"\bfrom\s+\$?\d[\d,.]*\s?(?:[A-Za-z%]{1,12}\s+)?to\s+(\$?\d[\d,.]*\s?(?:%|x\b|×|ms\b|s\b|"
    r"seconds\b|minutes\b|hours\b|days\b|weeks\b|[KMB]\b|GB\b|TB\b)?)",
    re.IGNORECASE,
)
"""'from 900 ms to 180 ms': the result is the figure after 'to' (with its unit)."""
_STACK_LINE = re.compile(r"^(?:built|made|written|developed|implemented)\s+(?:with|using|in|on)\s+(.+)$", re.I)
"""'Built with Kafka, FastAPI, Redis.': a project's stack, not a claim to ask about."""
_METRIC_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("team", r"\b(team|engineers|hires?|hired|headcount|reports|people)\b"),
        ("latency", r"latency|response time|load time|p9\d|\bms\b|milliseconds"),
        ("uptime", r"uptime|downtime|availability|\bSLA|\bSLO|99\.9"),
        ("cost", r"\bcost|\bspend|\bbill\b|\bbills\b|saving|budget"),
        ("efficiency", r"memory|footprint|model size|storage|\bCPU|\bGPU|compute|bandwidth"),
        ("accuracy", r"accuracy|precision|recall|\bF1\b|\bAUC\b|error rate|false positive"),
        ("business", r"revenue|\bARR\b|sales|conversion|retention|churn|activation|engagement|NPS"),
        ("volume", r"request|transaction|event|message|users|customers|traffic|\bQPS\b|\bRPS\b"
                   r"|per second|daily|monthly|records|rows|devices|downloads"),
        ("speed", r"faster|speed|build time|\bdeploy|\brelease|\b(?:hours|days|weeks|minutes)\b|time to|turnaround"),
    )
)
_HARD_WORDS = re.compile(
    r"migrat|scal|latency|outage|incident|legacy|concurren|distributed|real-time|realtime|"
    r"security|fraud|performance|reliab|throughput|optimi|million|billion|zero-downtime|"
    r"failover|consisten|compliance|accessib",
    re.IGNORECASE,
)
_DUTY = re.compile(
    r"^(responsible for|worked on|worked in|worked with|assisted|helped|participated|involved in|"
    r"duties|was part of|were part of|contributed to|attended|supported)\b",
    re.IGNORECASE,
)
_NOT_A_CLAIM = re.compile(
    r"\b(GPA|coursework|relevant courses|references available|dean's list)\b", re.IGNORECASE
)
_PROTECTED = re.compile(
    r"\b(church|mosque|synagogue|temple|religio\w*|faith|bible|quran|pregnan\w*|maternity|"
    r"paternity|parental|children|kids|family|married|marriage|spouse|wife|husband|"
    r"disabilit\w*|disabled|illness|diagnosed with|born|nationality|citizen\w*|visa|"
    r"immigra\w*|native speaker|accent|gender|women in|lgbt\w*|ethnic\w*|racial|veteran|"
    r"trade union|union member|political|party member|age(?:d)? \d+)\b",
    re.IGNORECASE,
)
"""A highlight touching protected characteristics is never the subject of a question."""
WORTH_ASKING = 3.0
"""A highlight below this score (no action and no result) is not worth a question."""
DUTY_SCORE = -10.0
"""A duty's score: asked about (to make it concrete) only once the claims run out."""
_GENERIC_SORTS = ("cloud", "cloud_service", "language")
"""Sorts whose hard part is the least specific: a highlight's other tools go first."""
_LABEL = re.compile(r"^[\w /&+-]{3,40}? [-–—:] (?=[A-Z])")
_STRIP = " \t•·▪◦●○■□►▶–—-*•.;,"


@dataclass(frozen=True)
class Achievement:
    """One highlight, read for its shape."""

    text: str
    """The highlight, whitespace collapsed (the `evidence`)."""
    where: str
    """The employer or project it belongs to ('' when unknown)."""
    on_project: bool
    verb: str
    action: str
    """Action class (build, improve, lead, ...); 'act' for a past-tense verb of no class,
    'none' when the highlight does not start with a verb."""
    metric: str | None
    metric_kind: str | None
    tools: tuple[str, ...]
    sorts: tuple[str, ...]
    score: float
    order: int
    title: str = ""
    """The job title of the entry it belongs to ('' for a project or no title)."""

    @property
    def metric_in_lead(self) -> bool:
        return bool(self.metric) and self.metric in self.lead()

    @property
    def starts_with_verb(self) -> bool:
        return self.action != "none"

    def _object_existed(self) -> bool:
        """'improved the ...', 'redesigned the ...'; 'built a ...'."""
        verb = self.verb.strip(",.;:")
        past = _as_past(verb, achievement_bank().action_of_verb) or verb
        action = achievement_bank().action_of_verb.get(past)
        return action not in _MADE_NEW or past.startswith("re")

    def lead(self) -> str:
        """The claim restated to the candidate: 'At Stripe, you built ...'."""
        keep = self.text.find(self.metric) + len(self.metric) if self.metric else 0
        body = _shorten(self.text, keep if 0 < keep <= _LEAD_CHARS + 60 else 0)
        if self.starts_with_verb:
            first, _, rest = body.partition(" ")
            verb = first if first.isupper() and len(first) > 1 else first[:1].lower() + first[1:]
            verb = _AS_SAID.get(verb, verb)
            if self.verb in _PASSIVE:  # "Promoted to team lead" -> "you were promoted to"
                verb = f"were {verb}"
            if self.verb.endswith("ing"):  # "Conducting design sessions": a current role
                verb = f"are {verb}"
            if self.verb not in _PASSIVE and not self.verb.endswith("ing"):
                rest = with_article(rest, definite=self._object_existed())
            claim = f"you {verb} {rest}".rstrip()
            if self.where:
                prep = "On" if self.on_project else "At"
                return f"{prep} {self.where}, {claim}."
            return f"Your CV says {claim}."
        if self.where:
            prep = "on" if self.on_project else "at"
            return f"About your work {prep} {self.where}, your CV says: \u201c{body}.\u201d"
        return f"Your CV says: \u201c{body}.\u201d"


_MADE_NEW = frozenset({"build", "design", "launch", "analyse"})
"""Actions whose object the candidate brought into being: 'built a ...', not 'built the ...'."""

_PASSIVE = frozenset({
    "featured", "selected", "nominated", "invited", "accepted", "recognized", "recognised",
    "honored", "honoured", "shortlisted", "promoted",
})
"""Past participles a CV uses for what was done to the candidate (or their project)."""
_AS_SAID = {"was": "were", "is": "are", "has": "have"}
"""A highlight's first verb as said to the candidate: 'Was part of' -> 'you were part of'."""
_IRREGULAR_ING = {
    "leading": "led", "building": "built", "running": "ran", "writing": "wrote",
    "making": "made", "driving": "drove", "setting": "set", "putting": "put",
    "cutting": "cut", "shipping": "shipped", "planning": "planned",
}
_PRESENT = {"lead": "led", "build": "built", "run": "ran", "write": "wrote", "make": "made",
            "drive": "drove", "grow": "grew", "win": "won", "oversee": "oversaw"}


def _as_past(word: str, known: dict[str, str]) -> str | None:
    """The past tense of a highlight's first word in the bank's verb list, for the present
    ('Develop', 'Manage') and -ing ('Conducting') forms CVs use for a current role."""
    if word in known:
        return word
    if word in _IRREGULAR_ING:
        return _IRREGULAR_ING[word]
    if word in _PRESENT:
        return _PRESENT[word]
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        for past in (stem + "ed", stem + "d", stem[:-1] + "ied"):
            if past in known:
                return past
        return None
    for past in (word + "ed", word + "d", word[:-1] + "ied" if word.endswith("y") else ""):
        if past and past in known:
            return past
    return None


def _shorten(text: str, keep_to: int = 0) -> str:
    """Cut a long claim so it can be read aloud: its first sentence (a metric in a later one
    is left out, and no probe asks about it), then at a clause boundary, never before
    `keep_to` (the end of the metric a probe may ask about)."""
    text = text.rstrip(" .;,")
    first = re.search(r"\.\s+[A-Z(]", text)
    if first and 40 <= first.start():
        text = text[: first.start()]
        keep_to = keep_to if keep_to <= len(text) else 0
    if len(text) <= _LEAD_CHARS:
        return text
    cuts = [
        m.start() for m in re.finditer(r",\s|;\s|\s[–—-]\s|\s\(", text)
        if max(60, keep_to) <= m.start() <= max(_LEAD_CHARS, keep_to + 40)
    ]
    return text[: cuts[0]].rstrip(" ,;") if cuts else text


@dataclass(frozen=True)
class Probe:
    id: int
    category: str
    levels: frozenset[str]
    actions: frozenset[str]
    needs: frozenset[str]
    text: str
    rationale: str
    follow_ups: tuple[str, ...]
    good_answer: str
    red_flags: tuple[str, ...]
    competency: str | None
    changer: bool = False
    """A bridge: asked only of a career changer, about work from their former field."""


@dataclass(frozen=True)
class AchievementBank:
    action_of_verb: dict[str, str]
    categories: dict[str, frozenset[str]]
    competency: dict[str, str]
    hard_by_sort: dict[str, str]
    hard_by_metric: dict[str, str]
    probes: tuple[Probe, ...]
    led_nouns: dict[str, str]

    def hard_part(self, achievement: Achievement) -> tuple[str, str] | None:
        """(hard question, the tool it is about) for the highlight, or None."""
        pairs = sorted(
            zip(achievement.tools, achievement.sorts, strict=True),
            key=lambda pair: _GENERIC_SORTS.index(pair[1]) if pair[1] in _GENERIC_SORTS else -1,
        )
        for tool, sort in pairs:
            if sort in self.hard_by_sort and _fits(sort, achievement.text):
                return self.hard_by_sort[sort], tool
        if achievement.metric_kind in self.hard_by_metric:
            return self.hard_by_metric[achievement.metric_kind], ""
        return None


_SORT_CONTEXT = {"test_tool": re.compile(r"\btest|\bQA\b|quality|regression|coverage", re.IGNORECASE)}
"""A tool whose hard part is asked only when the claim uses it for that (Selenium can scrape)."""


def _fits(sort: str, text: str) -> bool:
    pattern = _SORT_CONTEXT.get(sort)
    return pattern is None or pattern.search(text) is not None


@lru_cache(maxsize=1)
def achievement_bank() -> AchievementBank:
    raw = tomllib.loads(
        resources.files("iq_tui.engine")
        .joinpath("data", "questions", "achievements.toml")
        .read_text("utf-8")
    )
    action_of_verb = {
        verb: action for action, verbs in raw["actions"].items() for verb in verbs
    }
    probes = []
    for i, entry in enumerate(raw["probe"]):
        level = entry.get("level", "any")
        probes.append(Probe(
            id=i,
            category=entry["category"],
            levels=frozenset(LEVELS) if level == "any" else frozenset([level]),
            actions=frozenset(entry.get("actions", ())),
            needs=frozenset(entry.get("needs", ())),
            text=entry["text"],
            rationale=entry["rationale"],
            follow_ups=tuple(entry["follow_ups"]),
            good_answer=entry["good_answer"],
            red_flags=tuple(entry["red_flags"]),
            competency=entry.get("competency"),
            changer=bool(entry.get("changer", False)),
        ))
    return AchievementBank(
        action_of_verb=action_of_verb,
        categories={k: frozenset(v) for k, v in raw["categories"].items()},
        competency=dict(raw["competency"]),
        hard_by_sort=dict(raw["hard_by_sort"]),
        hard_by_metric=dict(raw["hard_by_metric"]),
        probes=tuple(probes),
        led_nouns=dict(raw["led_nouns"]),
    )


def _collapse(text: Any) -> str:
    return " ".join(str(text or "").split()).strip(_STRIP)


_ABBREVIATED = re.compile(r"(?:\b\w\.(?:\w{1,3}\.)+|\b(?:Inc|Ltd|Co|Corp|Bros|Cia|Pty)\.)$", re.IGNORECASE)
"""A name that ends in an abbreviation keeps its dot ("Lumaca S.r.l.", "Acme Inc.")."""


def _organization(text: Any) -> str:
    name = _collapse(text)
    whole = " ".join(str(text or "").split()).rstrip(" ,;")
    return whole if _ABBREVIATED.search(whole) and whole.startswith(name) else name


def _metric(text: str) -> str | None:
    found = _FROM_TO.search(text)
    if found:
        return found.group(1).strip().rstrip(".,;)")
    found = _METRIC.search(text)
    return found.group(0).strip().rstrip(".,;)") if found else None


def _is_stack_line(text: str) -> bool:
    stack = _STACK_LINE.match(text.rstrip(" ."))
    if not stack:
        return False
    items = [i.strip() for i in re.split(r",|/|&|\band\b", stack.group(1)) if i.strip()]
    return all(canonical_skill(item) for item in items)


def _metric_kind(text: str) -> str | None:
    return next((kind for kind, pattern in _METRIC_KINDS if pattern.search(text)), None)


def parse_highlight(
    text: str, where: str = "", *, on_project: bool = False, order: int = 0,
    relevant_sorts: frozenset[str] = frozenset(),
) -> Achievement | None:
    """The highlight's shape, or None when it is not a claim worth asking about."""
    raw = _parse(text, where, on_project, order, "")
    return _scored(raw, relevant_sorts) if raw is not None else None


def _scored(raw: Achievement, relevant_sorts: frozenset[str]) -> Achievement | None:
    """`raw` (scored without the role) scored for the role's sorts, or None below the bar."""
    if raw.action == "duty":
        return replace(raw, score=raw.score - min(raw.order, 20) * 0.05)
    score = raw.score + (1 if relevant_sorts & set(raw.sorts) else 0)
    if score < WORTH_ASKING:
        return None
    score -= min(raw.order, 20) * 0.05  # the CV's order: recent work first breaks ties
    return replace(raw, score=score)


def _parse(text: str, where: str, on_project: bool, order: int, title: str) -> Achievement | None:
    """The highlight's shape, its score without the role's bonus; None when it can never
    reach the bar."""
    text = _collapse(text)
    if text[:2] == "I " and len(text) > 2:  # "I created the Meme generator" reads as a claim too
        text = text[2:]
    label = _LABEL.match(text)
    if label:  # "Full-stack developer - Wrote and reviewed code ...": the claim is the tail
        text = text[label.end():]
    words = text.split()
    if len(words) < 4 or len(text) > MAX_CHARS or _NOT_A_CLAIM.search(text):
        return None
    if _is_stack_line(text):
        return None
    if _PROTECTED.search(text):
        return None
    bank = achievement_bank()
    first = words[0].strip(",:;").casefold()
    second = words[1].casefold()
    # "Research integrated into ...": a noun before a past tense is the subject, not a verb.
    present = first in bank.action_of_verb or first.endswith("ing") or not second.endswith("ed")
    past = _as_past(first, bank.action_of_verb) if present else None
    action = bank.action_of_verb.get(past) if past else None
    if action is None:
        action = "act" if first.endswith("ed") and first.isalpha() and len(first) > 4 else "none"
    if second == "by" or (first in _PASSIVE and on_project):
        action = "none"  # "Adopted by 3 labs", a project "Featured in ...": quoted, not 'you ...'
    metric = _metric(text)
    kind = _metric_kind(text) if metric else None
    if action == "scale" and kind == "team":
        action = "lead"
    if action == "lead" and len(words) > 2 and words[1].casefold() == "and":
        action = bank.action_of_verb.get(words[2].strip(",.;:").casefold(), action)
    elif action == "lead" and len(words) > 2:
        noun = (words[2] if words[1].casefold() in ("the", "a", "an") else words[1]).casefold()
        action = bank.led_nouns.get(noun.strip(",.;:"), action)
    types = slot_types()
    tools, sorts = [], []
    for skill in find_skills(text):
        sort = types.sort_of(skill)
        if sort and types.nature[sort] == "tool" and sort != "ignore":
            tools.append(skill)
            sorts.append(sort)
    score = 0.0
    score += 3 if action not in ("none", "collaborate") else (1 if action == "collaborate" else 0)
    score += 2 if metric else 0
    score += 1 if tools else 0
    score += 1 if _HARD_WORDS.search(text) else 0
    duty = bool(_DUTY.search(text))
    score -= 1.5 if duty else 0
    score -= 1 if len(words) > 45 else 0
    if score + (1 if sorts else 0) < WORTH_ASKING:
        if not (duty or action == "collaborate" or first in _AS_SAID) or len(words) > 30:
            return None
        # A duty ("Worked on the platform team", "Was part of the backend team"): not a
        # claim, but the thing to make concrete when a CV has little else.
        action, score = "duty", DUTY_SCORE
    return Achievement(
        text=text, where=where, on_project=on_project, verb=first, action=action,
        metric=metric, metric_kind=kind, tools=tuple(tools), sorts=tuple(sorts),
        score=score, order=order, title=title,
    )


def read_achievements(
    candidate: dict[str, Any], cv_text: str, relevant_sorts: frozenset[str] = frozenset()
) -> list[Achievement]:
    """The candidate's highlights worth asking about, best first (CV order breaks ties).

    Only highlights found verbatim in the CV text are kept, so `evidence` is always a
    substring of it (after whitespace is collapsed).
    """
    collapsed = " ".join(cv_text.split()) if cv_text else ""
    return rank_achievements(parse_achievements(candidate, collapsed), relevant_sorts)


def parse_achievements(candidate: dict[str, Any], collapsed_cv: str) -> tuple[Achievement, ...]:
    """Every highlight that may be worth asking about, parsed once per CV (the role's part
    of the score is added by `rank_achievements`). `collapsed_cv`: the CV's text with
    whitespace collapsed ('' when there is none to check against)."""
    entries: list[tuple[str, bool, Any, str]] = []
    for job in (candidate.get("experience") or [])[:MAX_HIGHLIGHTS]:
        entries.append((
            _organization(job.get("organization")), False, job.get("highlights") or [],
            _collapse(job.get("title"))[:80],
        ))
    for project in (candidate.get("projects") or [])[:MAX_HIGHLIGHTS]:
        entries.append((_collapse(project.get("name")), True, project.get("highlights") or [], ""))
    found: list[Achievement] = []
    seen: set[str] = set()
    order = 0
    for where, on_project, highlights, title in entries:
        if len(where) > 60 or not any(c.isalnum() for c in where):
            where = ""  # an overlong or stray 'employer' ("&") is no place to name
        for highlight in list(highlights)[:MAX_HIGHLIGHTS]:
            if order >= MAX_HIGHLIGHTS:
                break
            item = _parse(str(highlight), where, on_project, order, title)
            order += 1
            if item is None or item.text.casefold() in seen:
                continue
            if collapsed_cv and item.text not in collapsed_cv:
                continue
            seen.add(item.text.casefold())
            found.append(item)
    return tuple(found)


def rank_achievements(
    parsed: tuple[Achievement, ...], relevant_sorts: frozenset[str]
) -> list[Achievement]:
    """Those of `parsed` worth asking about for a role using `relevant_sorts`, best first."""
    found = [a for a in (_scored(raw, relevant_sorts) for raw in parsed) if a is not None]
    found.sort(key=lambda a: (-a.score, a.order))
    return found


def highlight_count(candidate: dict[str, Any]) -> int:
    jobs = candidate.get("experience") or []
    projects = candidate.get("projects") or []
    return sum(len(e.get("highlights") or []) for e in [*jobs, *projects])
