"""The skill taxonomy (`data/skills.toml`): canonical names, aliases, word-boundary matching.

`find_skills(text)` finds taxonomy skills in free text; `canonical_skill(name)` maps one name
("Postgres", "k8s", "JS") to its canonical form. Both are pure and cached.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from importlib import resources

# A match may not start or end inside a word, nor split "C++", "C#", ".NET", "Node.js", an
# e-mail address or a URL's host name.
_BEFORE = r"(?<![\w+#@.])"
_AFTER = r"(?![\w+#@])(?!\.\w)"
# One- and two-letter names ("C", "R", "Go", "JS") are also not part of "C-level", "R&D",
# "Go-to-market" or "C's".
_SHORT_BEFORE = r"(?<![\w+#@.&\-])"
_SHORT_AFTER = r"(?![\w+#@&'’\-])(?!\.\w)(?!\.\s?[A-Z])"


@dataclass(frozen=True)
class Taxonomy:
    canonical: dict[str, str]  # lower-cased name or alias -> canonical name
    exact: dict[str, str]  # case-sensitive name or alias -> canonical name
    category: dict[str, str]  # canonical name -> category
    section_only: frozenset[str]
    pattern_ci: re.Pattern[str]
    pattern_cs: re.Pattern[str]


def _trie(names: list[str]) -> str:
    """The names as one regex shaped like a trie ("java(?:script)?"): at each position of a
    text the engine follows one branch per character instead of trying every name in turn,
    which made a megabyte of text take seconds. The longer name is tried first, as in an
    alternation sorted by length."""
    root: dict[str, Any] = {}
    for name in set(names):
        node = root
        for ch in name:
            node = node.setdefault(r"\s+" if ch == " " else re.escape(ch), {})
        node[""] = {}  # a name ends here

    def emit(node: dict[str, Any]) -> str:
        alts = [tok + emit(child) for tok, child in sorted(node.items()) if tok]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(root)


def _alternation(names: list[str]) -> str:
    """One regex for many names: the boundary checks are factored out of the alternation."""

    def alts(group: list[str]) -> str:
        return _trie(group)

    long = [n for n in names if len(n) > 2]
    short = [n for n in names if len(n) <= 2]
    parts = []
    if long:
        parts.append(f"{_BEFORE}(?:{alts(long)}){_AFTER}")
    if short:
        parts.append(f"{_SHORT_BEFORE}(?:{alts(short)}){_SHORT_AFTER}")
    return "|".join(parts) or r"(?!x)x"


SPOKEN = "spoken_languages"  # the table of spoken languages: not a skill category


@lru_cache(maxsize=1)
def _raw() -> dict[str, object]:
    return tomllib.loads(
        resources.files("iq_tui.engine").joinpath("data/skills.toml").read_text("utf-8")
    )


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    raw = _raw()
    case_sensitive = set(raw.get("case_sensitive", []))
    canonical: dict[str, str] = {}
    exact: dict[str, str] = {}
    category: dict[str, str] = {}
    for cat, entries in raw.items():
        if not isinstance(entries, dict) or cat == SPOKEN:
            continue
        for name, aliases in entries.items():
            category[name] = cat
            for alias in (name, *aliases):
                if alias in case_sensitive:
                    exact[alias] = name
                else:
                    canonical.setdefault(alias.lower(), name)
    return Taxonomy(
        canonical=canonical,
        exact=exact,
        category=category,
        section_only=frozenset(raw.get("section_only", [])),
        pattern_ci=re.compile(_alternation(list(canonical)), re.IGNORECASE),
        pattern_cs=re.compile(_alternation(list(exact))),
    )


def _norm(name: str) -> str:
    return " ".join(name.split())


def canonical_skill(name: str) -> str | None:
    """The canonical name of a skill given by name or alias, or None when it is not known."""
    tax = taxonomy()
    key = _norm(name).strip(" .,;:")
    if not key:
        return None
    if key in tax.exact:
        return tax.exact[key]
    found = tax.canonical.get(key.lower())
    if found:
        return found
    # a name spelled in other case than the case-sensitive list ("GO", "golang")
    for alias, canon in tax.exact.items():
        if alias.lower() == key.lower():
            return canon
    return None


def skill_category(name: str) -> str | None:
    """The taxonomy category of a canonical skill ("languages", "databases", ...)."""
    return taxonomy().category.get(name)


_PRODUCT_NOUN = re.compile(
    r"[\s-]*(?:apps?|applications?|platforms?|software|tools?|systems?|websites?|services?|"
    r"products?|startups?)\b",
    re.IGNORECASE,
)
_DOMAIN_CATEGORIES = frozenset({"product_design", "management"})
"""Business and design skills: in running text, one naming what a product is for ("a
bookkeeping app", "a CRM system", "a project management tool") is no evidence of the skill."""


def find_skills(text: str, *, prose: bool = False) -> list[str]:
    """Canonical names of the taxonomy skills named in `text`, in order of first mention.

    `prose`: `text` is running text, where a business or design word right before a product
    noun names the product's domain, not a skill of the writer's."""
    tax = taxonomy()
    spans: list[tuple[int, int, str]] = []
    for pattern, lookup in ((tax.pattern_ci, None), (tax.pattern_cs, tax.exact)):
        for m in pattern.finditer(text):
            found = _norm(m.group(0))
            canon = lookup[found] if lookup is not None else tax.canonical[found.lower()]
            spans.append((m.start(), m.end(), canon))
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    seen: dict[str, None] = {}
    last_end = -1
    for start, end, canon in spans:
        if start < last_end:  # inside a longer match ("Spring" in "Spring Boot")
            continue
        last_end = end
        if canon in tax.section_only:
            continue
        if prose and tax.category.get(canon) in _DOMAIN_CATEGORIES and _PRODUCT_NOUN.match(text, end):
            continue
        seen.setdefault(canon, None)
    return list(seen)


@lru_cache(maxsize=1)
def _spoken() -> tuple[dict[str, str], re.Pattern[str]]:
    table = _raw().get(SPOKEN, {})
    assert isinstance(table, dict)
    names = {alias.casefold(): name for name, aliases in table.items() for alias in (name, *aliases)}
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return names, re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


# What may stand beside a language's name in a list: its level, never another noun
# ("Spanish (fluent)", "Native English", "French – B2", "German: conversational").
_LEVEL = re.compile(
    r"^(?:(?:native|mother tongue|first language|bilingual|fluent|fluency|proficient|"
    r"proficiency|professional|full|working|advanced|upper|intermediate|conversational|"
    r"basic|beginner|elementary|limited|business|level|reading|written|spoken|certified|"
    r"[abc][12]|cefr|hsk|jlpt|n[1-5]|topik|ielts|toefl|toeic|delf|dalf|dele|goethe|"
    r"in|and|or|score)\b|[-–—:,/&()]|\d+(?:\.\d)?|\s)+$",
    re.IGNORECASE,
)


def spoken_language(item: str) -> str | None:
    """The language a list item names ("Spanish (fluent)" -> "Spanish"), or None when the
    item is anything more than a language and its level ("Spanish literature")."""
    names, pattern = _spoken()
    m = pattern.search(item)
    if not m:
        return None
    rest = (item[: m.start()] + " " + item[m.end() :]).strip()
    if rest and not _LEVEL.match(rest):
        return None
    return names[m.group(0).casefold()]


_ITEM_SPLIT = re.compile(r"\s*(?:[,;|•·▪●◦‣∙]|\s[-–—]\s)\s*")
_LABEL = re.compile(r"^\s*([A-Za-z][\w &/+.-]{0,40}?)\s*:\s*")


_PAREN_LIST = re.compile(r"\(([^()]{1,200})\)")


def _open_paren_list(m: re.Match[str]) -> str:
    """ "AWS (EC2, S3, RDS)" -> "AWS, EC2, S3, RDS": a list in brackets is more items; a
    note in brackets ("Spanish (fluent)", "(CKA)") stays with its item."""
    inner = m.group(1)
    parts = [p.strip() for p in re.split(r"[,;/]", inner) if p.strip()]
    if len(parts) >= 2 or (parts and all(canonical_skill(p) for p in parts)):
        return ", " + ", ".join(parts)
    return m.group(0)


# A sidebar's row labels, which fuse with the values beside them ("CircleCI Back-end Koa").
_ROW_LABELS = re.compile(
    r"(?:back[- ]?end|front[- ]?end|full[- ]?stack|languages?|frameworks?|libraries|tools?|"
    r"databases?|cloud|infrastructure|platforms?|testing|mobile|data|other|web)",
    re.IGNORECASE,
)


def _label_gap(text: str) -> bool:
    words = text.strip(" &+-/.").split()
    return all(_ROW_LABELS.fullmatch(w.strip(":")) for w in words)


def cover_skills(item: str) -> list[str] | None:
    """The known skills an item is made of when they are all of it ("DevOps AWS", fused by a
    sidebar; "Communication Organization"), else None."""
    tax = taxonomy()
    spans: list[tuple[int, int, str]] = []
    for pattern, lookup in ((tax.pattern_ci, None), (tax.pattern_cs, tax.exact)):
        for m in pattern.finditer(item):
            found = _norm(m.group(0))
            canon = lookup[found] if lookup is not None else tax.canonical[found.lower()]
            spans.append((m.start(), m.end(), canon))
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    chosen: list[str] = []
    last = 0
    for start, end, canon in spans:
        if start < last:
            continue
        if not _label_gap(item[last:start]):
            return None
        chosen.append(canon)
        last = end
    if len(chosen) < 2 or not _label_gap(item[last:]):
        return None
    return list(dict.fromkeys(chosen))


def _strip_symbols(item: str) -> str:
    """ "🐍 Python" -> "Python": emoji and other pictographs around an item are decoration."""
    def deco(ch: str) -> bool:
        return unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf", "Co") or ch.isspace()

    start, end = 0, len(item)
    while start < end and deco(item[start]):
        start += 1
    while end > start and deco(item[end - 1]):
        end -= 1
    return item[start:end]


def slash_parts(item: str) -> list[str]:
    """ "SQL/CQL" -> ["SQL", "CQL"]; "Unit/Perf/E2E Testing" -> ["Unit Testing", "Perf
    Testing", "E2E Testing"] (one-word parts share the last part's head noun); [] when the
    item has no slash or is one known skill ("CI/CD", "A/B Testing", "PL/SQL")."""
    if "/" not in item or canonical_skill(item) or "://" in item:
        return []
    parts = [p.strip(" .") for p in item.split("/") if p.strip(" .")]
    if len(parts) < 2:
        return []
    *heads, last = parts
    tail = last.split()
    if len(tail) == 2 and all(len(h.split()) == 1 for h in heads):
        return [f"{h} {tail[1]}" for h in heads] + [last]
    return parts


def known_skill_or_parts(item: str) -> bool:
    """A known skill, or a slash compound with a known part ("SQL/CQL")."""
    return bool(canonical_skill(item)) or any(canonical_skill(p) for p in slash_parts(item))


_ENUM_TAIL = re.compile(r"^(?:and|or|&)\s+", re.IGNORECASE)


def prose_row(line: str) -> bool:
    """A row written as one sentence ("Design and edit documents for tone, style, grammar,
    and citation"): its commas enumerate inside the phrase, they do not separate skills."""
    parts = [p for p in _ITEM_SPLIT.split(line) if p.strip()]
    if len(parts) < 3:
        return False
    first = parts[0].split()
    lower = sum(1 for w in first[1:] if w.islower())
    return len(first) >= 4 and lower >= 2 and any(_ENUM_TAIL.match(p) for p in parts[1:])


# Emoji and other pictographs, with what joins and varies them (ZWJ, VS16, skin tones).
_PICTOGRAPHS = re.compile(
    "(?:[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff"
    "\U0001f000-\U0001faff][\ufe0f\u200d\U0001f3fb-\U0001f3ff]*)+"
)


def skill_items(line: str) -> tuple[str | None, list[str]]:
    """One line of a skills section -> (its label, e.g. "Languages", or None; the items).

    Items are split at commas, bullets and bars. A slash compound ("SQL/CQL",
    "Javascript/React") is kept as written, followed by its parts; a row that is one
    sentence stays one item.
    """
    label = None
    m = _LABEL.match(line)
    if m:
        label = m.group(1).strip()
        line = line[m.end() :]
    line = _PICTOGRAPHS.sub(", ", line)  # "✅ Git ✅ Linux", "🐍Python 🐳Docker": separators
    if prose_row(line):
        return label, [line.strip(" .")]
    line = _PAREN_LIST.sub(_open_paren_list, line)
    items: list[str] = []
    for part in _ITEM_SPLIT.split(line):
        part = _ENUM_TAIL.sub("", _strip_symbols(part).strip(" .:*-–—"))
        if not part:
            continue
        items.append(part)
        items.extend(slash_parts(part))
    return label, items
