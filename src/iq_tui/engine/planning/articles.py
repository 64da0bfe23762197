"""The article a CV bullet leaves out, put back when the claim is said aloud.

CVs drop articles ("Designed real-time fraud detection pipeline processing 50K events"); an
interviewer reading "you designed real-time fraud detection pipeline" stumbles. The object of
the claim's verb gets "a"/"an" or "the" only when its head is a singular countable noun this
module knows (pipeline, service, team ...); a plural, a mass noun, a name or an object that
already has a determiner is left as written. Pure.
"""

from __future__ import annotations

import re

_COUNTABLE = frozenset("""
    agent algorithm analysis api app application architecture assistant backend benchmark bot
    cache calculator campaign catalog catalogue chatbot classifier cli client cluster compiler
    component console course crawler curriculum dashboard database dataset datastore design
    detector editor emulator engine environment extension feature flow form framework frontend
    function gateway generator harness index initiative integration interface kit lab lake
    layer library limiter linter mechanism microservice model module monitor monorepo network
    notebook optimizer orchestrator overhaul page parser pipeline platform plugin plug-in policy
    portal process product program programme prototype proxy queue recommender redesign
    registry renderer report repository rewrite roadmap rollout router runtime scheduler schema
    scraper script sdk search server service simulator site solution strategy study suite
    survey system template test toolkit tool tracker warehouse website widget wizard workflow
    workshop mvp poc migration refactor upgrade launch game store job service
""".split())
"""Heads that take an article in the singular."""
_GROUPS = frozenset({"team", "group", "squad", "department", "unit"})
"""'Led team of 5': a group is always 'a team of 5'."""
_DETERMINERS = frozenset("""
    a an the our my his her their its your this that these those all each every both several
    multiple many numerous various some any no one two three four five six seven eight nine
    ten over more most up out dozens hundreds thousands millions another other such same
    entire whole own
""".split())
_BOUNDARY = frozenset("""
    for with to in on at by from into across using via that which who of as within over under
    through between per and or while when where so than against without after before during
    around behind alongside including like
""".split())
_SPOKEN_AS_WORDS = frozenset({"REST", "SOAP", "SAAS", "PAAS", "GUI", "RAG", "LAN", "NASA",
                              "SPA", "MERN", "MEAN", "JSON", "YAML", "GIF", "JPEG"})
"""Acronyms said as a word ('a REST API'), not letter by letter ('an SDK')."""
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
"""Letters whose name starts with a vowel sound: 'an SDK', 'an HTTP', 'an ML model'."""
_WORD = re.compile(r"[\w'’+#.-]+")


def indefinite(word: str) -> str:
    """'a' or 'an' before `word`, by how it is said."""
    letters = re.sub(r"[^A-Za-z]", "", word.split("-")[0]) or re.sub(r"[^A-Za-z]", "", word)
    if not letters:
        return "a"
    caps = re.match(r"[A-Z]{2,}", letters)
    if caps and caps.group(0) not in _SPOKEN_AS_WORDS:  # 'an SDK', 'an ML model', 'a GPU'
        return "an" if caps.group(0)[0] in _VOWEL_LETTERS else "a"
    low = letters.casefold()
    if low[0] in "aeio":
        return "a" if low.startswith(("one", "once", "eu", "ewe")) else "an"
    if low[0] == "u":
        # 'a user', 'a unified', 'a utility'; 'an update', 'an upgrade', 'an ultra'
        said_you = re.match(r"u[bcdfgjklmnpqrstvz][aeiouy]", low) and not low.startswith("un")
        return "a" if said_you or low.startswith(("uni", "usa", "use", "usu")) else "an"
    if low.startswith(("hour", "honest", "honour", "honor", "heir")):
        return "an"
    return "a"


def _bare(token: str) -> str:
    return token.strip(",.;:()\"'“”‘’").casefold()


def _is_past(token: str) -> bool:
    word = _bare(token)
    return word.endswith("ed") or word in {"built", "wrote", "ran", "led", "made", "drove",
                                           "set", "grew", "won", "oversaw", "rebuilt",
                                           "rewrote", "put", "cut", "sold", "taught"}


def with_article(rest: str, definite: bool) -> str:
    """`rest` (what follows the claim's verb) with the article the CV left out; `definite`
    for verbs whose object already existed ('improved the ...'), else 'a'/'an'."""
    tokens = rest.split(" ")
    start = 0
    while start + 1 < len(tokens):  # "and implemented", "built, tested and shipped"
        if tokens[start].casefold() in ("and", "&") and _is_past(tokens[start + 1]):
            start += 2
        elif start == 0 and _is_past(tokens[0]) and (
            tokens[0].endswith(",") or tokens[1].casefold() in ("and", "&")
        ):
            start += 1
        else:
            break
    if start < len(tokens) and _bare(tokens[start]) in ("up", "out"):  # "set up", "rolled out"
        start += 1
        definite = False
    if start >= len(tokens):
        return rest
    first = tokens[start]
    if not first or not _WORD.fullmatch(first.rstrip(",;:")) or _bare(first) in _DETERMINERS:
        return rest
    if first[0].isdigit() or re.search(r"['’]s$", _bare(first)):
        return rest
    head: str | None = None
    seen_noun = False
    for token in tokens[start:start + 8]:
        word = _bare(token)
        if not word or word in _BOUNDARY or not word[0].isalnum():
            break  # a preposition, or a dash: "Yoda - the admin interface"
        if head is not None and word in _DETERMINERS:
            break
        if seen_noun and (word.endswith("ing") or word.endswith("ed")):
            break  # "pipeline processing 50K events", "pipeline deployed across"
        head = word
        seen_noun = seen_noun or word in _COUNTABLE or word in _GROUPS
        if token.endswith((",", ";", ":", ")", ".")):
            break
    else:
        if len(tokens) - start > 8:
            return rest
    if head is None or not (head in _COUNTABLE or head in _GROUPS):
        return rest
    of_follows = _next_boundary(tokens[start + 1:]) == "of"
    if head in _GROUPS:
        article = indefinite(first)
    elif definite or of_follows:
        article = "the"
    else:
        article = indefinite(first)
    return " ".join([*tokens[:start], article, *tokens[start:]])


def _next_boundary(tokens: list[str]) -> str | None:
    for token in tokens:
        if _bare(token) in _BOUNDARY:
            return _bare(token)
    return None
