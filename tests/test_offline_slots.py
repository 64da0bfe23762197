"""Typed slots: every template, rendered with a sample of every sort it takes, is a sentence
a person would say (mechanical checks), and no sort a template takes reads wrong in it."""

from __future__ import annotations

import re
import string

import pytest

from iq_tui.engine.planning.achievements import achievement_bank
from iq_tui.engine.planning.providers.offline_bank import Template, load_bank
from iq_tui.engine.planning.slots import slot_types, untyped_taxonomy_skills

ROLES = ("Backend Engineer", "Product Designer (UX/UI)", "DevOps / SRE Engineer")
TOPICS = ("backfills", "REST APIs", "stakeholder management", "design systems")
VALUES = {
    "project": "Ledger API",
    "employer": "Northwind Labs",
    "title": "Office manager",
    "from_field": "software engineering",
    "skill_source": "X shows up in the candidate's work at Northwind Labs",
    "project_source": "Ledger API is one of the candidate's own projects",
    "note": "a note",
}
# Collocations that only some natures can stand in ("standardise on Agile" is fine,
# "standardise on Management" is not); a template using one must take only those natures.
TOOL_ONLY = re.compile(
    r"(built|made|designed|deployed|written|tested|analyse|analysed|test|done|you made|working) "
    r"(with|in|using) \{skill\}|standardise on \{skill\}|\{skill\} (code|query|database|bill|"
    r"suite|endpoint|service|app|codebase|application|automation)\b|"
    r"(never used|you may choose to use|weighed) \{skill\}|using \{skill\}|Using \{skill\}|"
    r"\b(use|uses|used) \{skill\}|^With \{skill\},|the \{skill\} app|\{skill\}-based|onto \{skill\}",
)
TOOLISH = {"tool", "method"}
# A verb that agrees with the slot's number ("{skill} is" fails for "Design Systems").
AGREEING = re.compile(
    r"(?:^|[.;:!?]\s|\b(?:where|when|whether|if|and|but|what|how)\s)"
    r"\{(skill|skill2|topic|project)\} (is|was|has|does|isn't|wasn't|hasn't|doesn't|seems|"
    r"looks|needs|goes|works|helps|makes|gives|comes|went wrong)\b"
)
ARTICLE = re.compile(r"\b(a|an|A|An) \{(skill|skill2|topic|role|project|employer|title)\}")


def _templates() -> list[Template]:
    bank = load_bank()
    seen: dict[str, Template] = {}
    for pool in [bank.skill_templates, bank.common,
                 *(c.templates for c in bank.categories.values())]:
        for t in pool:
            seen.setdefault(t.text, t)
    return list(seen.values())


def _samples(sort: str) -> list[str]:
    """The sort's first skill, and a plural-looking one if it has one."""
    skills = slot_types().samples[sort]
    plural = [s for s in skills if s.endswith("s") and not s.endswith("ss")]
    return list(dict.fromkeys([skills[0], *plural[:1]]))


def _fields(template: Template) -> list[str]:
    return [template.text, template.rationale, template.good_answer, *template.follow_ups,
            *template.red_flags]


def _problems(sentence: str) -> list[str]:
    """What a person would not say. Red flags are list items: no closing stop needed."""
    found = []
    if re.search(r"[{}]", sentence):
        found.append("unfilled placeholder")
    if re.search(r"  |\s[,.?;:]", sentence):
        found.append("stray space")
    if re.search(r"\b(\w+) \1\b", sentence, re.IGNORECASE):
        found.append("doubled word")
    if sentence[:1].islower():
        found.append("starts in lower case")
    if sentence.rstrip()[-1:] not in ".?!\u201d)" and sentence not in _RED_FLAGS:
        found.append("no closing punctuation")
    if re.search(r"\b[Aa] (?!one|use|uni|euro|usu)[aeiou]\w", sentence):
        found.append("'a' before a vowel")
    if re.search(r"\bthis this\b|\bthe the\b|\bAs [A-Z][a-z]+ [A-Z]", sentence):
        found.append("broken phrase")
    return found


_RED_FLAGS: set[str] = set()


def test_every_taxonomy_skill_has_a_sort() -> None:
    assert untyped_taxonomy_skills() == []


def test_spoken_languages_are_known_and_never_a_sort() -> None:
    types = slot_types()
    for name in ("Japanese", "English (native)", "French", "Mandarin Chinese"):
        assert types.is_spoken_language(name), name
        assert types.sort_of(name) is None, name
    assert not types.is_spoken_language("Python")


def test_template_sources_follow_the_grammar_rules() -> None:
    """No article before a slot, no agreeing verb after one, no sentence starting with one."""
    bad = []
    for template in _templates():
        for text in _fields(template):
            if ARTICLE.search(text) or AGREEING.search(text):
                bad.append(text)
        if template.text.startswith("{"):
            bad.append(template.text)
    for probe in achievement_bank().probes:
        for text in (probe.text, probe.rationale, probe.good_answer, *probe.follow_ups):
            if ARTICLE.search(text) or AGREEING.search(text):
                bad.append(text)
    assert bad == []


def test_tool_collocations_take_only_tools_and_methods() -> None:
    types = slot_types()
    bad = []
    for template in _templates():
        if TOOL_ONLY.search(template.text):
            natures = {types.nature[s] for s in template.takes}
            if not natures <= TOOLISH:
                bad.append((template.text[:70], sorted(natures - TOOLISH)))
    assert bad == [], "\n".join(map(str, bad))


def _render(template: Template) -> list[str]:
    types = slot_types()
    sentences = []
    skills = [s for sort in sorted(template.takes) for s in _samples(sort)] or [""]
    for i, skill in enumerate(skills):
        values = dict(VALUES)
        values["role"] = ROLES[i % len(ROLES)]
        values["topic"] = TOPICS[i % len(TOPICS)]
        values["skill"] = types.mid_sentence(skill)
        values["skill2"] = types.mid_sentence(skills[(i + 1) % len(skills)] or "Python")
        for text in _fields(template):
            sentences.append(text.format(**values))
        _RED_FLAGS.update(f.format(**values) for f in template.red_flags)
    return sentences


@pytest.mark.parametrize("template", _templates(), ids=lambda t: t.text[:50])
def test_every_template_reads_right_with_every_sort_it_takes(template: Template) -> None:
    bad = [(s, p) for s in _render(template) for p in _problems(s)]
    assert bad == []


def test_every_probe_reads_right() -> None:
    bank = achievement_bank()
    lead = "At Northwind Labs, you built a payment service in Go handling 5K requests a second."
    bad = []
    for probe in bank.probes:
        for hard in [*bank.hard_by_sort.values(), *bank.hard_by_metric.values()]:
            values = {"lead": lead, "hard": hard, "tool": "Kafka", "metric": "40%",
                      "where": "Northwind Labs", "role": ROLES[probe.id % len(ROLES)]}
            for text in (probe.text, probe.rationale, probe.good_answer, *probe.follow_ups,
                         *probe.red_flags):
                rendered = text.format(**values)
                if text in probe.red_flags:
                    _RED_FLAGS.add(rendered)
                bad += [(rendered, p) for p in _problems(rendered)]
    assert bad == []


def test_templates_take_known_sorts_and_name_their_slots() -> None:
    types = slot_types()
    for template in _templates():
        names = {n for f in _fields(template) for _, n, _, _ in string.Formatter().parse(f) if n}
        assert ("skill" in names) == bool(template.takes), template.text
        assert template.takes <= set(types.nature), template.text
