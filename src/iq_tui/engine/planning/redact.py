"""Remove contact and personal details from what is sent to an LLM, and secrets from what is
shown to a user."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

# Bounded parts starting only where a run begins: linear time on a megabyte of one word.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:linkedin|github|gitlab|twitter|x|medium|behance|dribbble|stackoverflow|kaggle)"
    r"\.com\b\S*"
    r"|(?<![\w.-])[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,6}/[^\s,;]+",
    re.IGNORECASE,
)
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])\+?\(?\d[\d\s().\-/\u2010-\u2014]{6,}\d(?!\w)"
)
_YEARS_ONLY = re.compile(r"^(?:(?:19|20)\d{2}\D*)+$")
_NUM = r"\d{1,5}[A-Za-z]?"
_WORDS = r"(?:[A-Z\u00c0-\u024f][\w.'\u2019-]{0,40}[ \t]{1,3}){1,4}"
STREET = re.compile(
    # English: "221B Baker St", "12 Main Street, Springfield, IL 62701"
    r"\b" + _NUM + r"[ \t]{1,3}" + _WORDS
    + r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl"
    r"|Terrace|Square|Sq|Parkway|Pkwy|Highway|Hwy|Close|Crescent|Gardens|Mews|Row|Walk)\b\.?"
    r"(?:,?[ \t]{1,3}[A-Z][\w .'-]{0,60},[ \t]{1,3}[A-Z]{2}[ \t]{1,3}\d{5}(?:-\d{4})?)?"
    # German: "Hauptstraße 5", "Am Ring 3" is too vague to catch
    r"|(?<![\w-])[A-ZÄÖÜ][\wäöüß-]{0,40}(?:straße|strasse|str\.|weg|gasse|allee|platz)[ \t]{1,3}\d{1,4}[a-z]?\b"
    # French, number first: "12 rue de la Paix", "5, avenue Foch", "3 bis boulevard Haussmann"
    r"|(?i:\b\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]{1,3}(?:rue|avenue|av\.|boulevard|bd|place|chemin"
    r"|allée|allee|impasse|quai|route|cours|passage)\b)[^\n,;|]{1,60}"
    # Spanish, Italian, Portuguese, name first: "Calle Mayor 12", "Via Roma, 10", "Rua das Flores 7"
    r"|(?<![\w/])(?:Calle|C/|Avenida|Avda\.|Paseo|Plaza|Carrera|Camino|Via|Viale|Piazza|Corso"
    r"|Vicolo|Largo|Rua|Travessa|Praça)[ \t]{1,3}"
    r"(?:(?:de|del|della|delle|dei|di|da|das|dos|do|la|las|los|el)[ \t]{1,2}){0,3}"
    r"[A-ZÀ-ÖØ-Þ][^\n,;|\d]{0,48}?,?[ \t]{0,3}(?:n\.?[ºo°]?[ \t]?)?\d{1,4}\b"
    # Russian: "ул. Ленина, д. 5", "проспект Мира 12"
    r"|(?i:(?<![\w])(?:ул\.|улица|проспект|просп\.|пр-т|пер\.|переулок|шоссе|бульвар|б-р|наб\."
    r"|набережная|площадь|пл\.))[ \t]{0,3}[^\n,;|\d]{1,40}?,?[ \t]{0,3}(?:(?:д\.|дом)[ \t]{0,2})?\d{1,4}"
    r"(?:[ \t]{0,2}(?:,[ \t]{0,2})?(?:кв\.|корп\.|стр\.)[ \t]{0,2}\d{1,4})*"
    # Chinese: "朝阳区建国路88号", Japanese: "〒150-0041", "渋谷区神南1丁目2番3号", "神南1-2-3"
    r"|[\u4e00-\u9fff]{0,20}(?:路|街|大道|巷|弄|道)[ \t]{0,2}[\d０-９]{1,5}[ \t]{0,2}号(?:[\d０-９]{1,5}室)?"
    r"|〒[ \t]{0,2}\d{3}-?\d{4}"
    r"|[\u4e00-\u9fff\u3040-\u30ff]{1,20}?[\d０-９]{1,4}[ \t]{0,2}(?:丁目|－|-)[ \t]{0,2}[\d０-９]{1,4}"
    r"[ \t]{0,2}(?:番地?|－|-)[ \t]{0,2}[\d０-９]{1,4}号?"
)
_SECRET = re.compile(
    r"\b(?:sk|rk|pk)-[A-Za-z0-9_\-]{6,}"
    r"|(?i:\bbearer\s+)[A-Za-z0-9._\-]{8,}"
    r"|(?i:\b(?:x-api-key|api[_-]?key)\b[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{6,}"
)


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if not 9 <= digits <= 15 or _YEARS_ONLY.match(text):
        return text
    return "[phone]"


@lru_cache(maxsize=64)
def _spelled(item: str) -> re.Pattern[str]:
    """`item` as a CV may spell it: any case, any spacing between words, and letter-spaced
    ("JOHN DOE", "J O H N  D O E" for "John Doe")."""
    words = [r"[ \t]?".join(map(re.escape, word)) for word in item.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def redact_contacts(text: str, known: Iterable[str] = ()) -> str:
    """Replace emails, links, phone numbers and street addresses (plus `known` strings) by tags."""
    for item in sorted((k for k in known if k and len(k) >= 5), key=len, reverse=True):
        text = _spelled(item).sub("[contact]", text)
    text = EMAIL.sub("[email]", text)
    text = URL.sub("[link]", text)
    text = STREET.sub("[address]", text)
    return _PHONE_CANDIDATE.sub(_phone, text)


# Personal details no interview question may use (contract: protected characteristics).
_PERSONAL_LABEL = re.compile(
    r"(?im)(?:^|(?<=[|•·;,]))[ \t•·*\-]{0,4}(?:date[ \t]of[ \t]birth|birth[ \t]?date|d\.?[ \t]?o\.?[ \t]?b\.?|born"
    r"|place[ \t]of[ \t]birth|age|nationality|citizenship|citizen(?:ship)?[ \t]status"
    r"|visa(?:[ \t]status)?|immigration[ \t]status|work[ \t](?:permit|authori[sz]ation)"
    r"|residency(?:[ \t]status)?|marital[ \t]status|family[ \t]status|civil[ \t]status"
    r"|relationship[ \t]status|children|dependants|dependents|gender|sex|religion|ethnicity"
    r"|race|national[ \t]origin|health|disability|photo(?:graph)?|picture|headshot)"
    r"(?:[ \t]{0,3}[:：]|[ \t]{1,3}[\-–][ \t])[^\n|•·;]{0,120}"
)
_PERSONAL_PHRASE = re.compile(
    r"(?i)\b(?:(?:U\.?S\.?|US|American|British|UK|EU|Canadian|Australian|Indian|German|French"
    r"|[A-Z][a-z]{2,20}an)[ \t]{1,2}(?:citizen|national)(?:ship)?\b"
    r"|green[ \t]card(?:[ \t]holder)?|permanent[ \t]resident|(?:requires?|need(?:s|ing)?|no)[ \t]"
    r"(?:visa[ \t])?sponsorship|H-?1B(?:[ \t]visa)?|Tier[ \t]2[ \t]visa|work[ \t]visa"
    r"|\d{1,2}[ \t]years[ \t]old|aged[ \t]\d{1,2}\b"
    r"|born[ \t](?:on[ \t]|in[ \t])?(?:\d{1,2}[ \t./-])?(?:[A-Z][a-z]{2,8}[ \t,]{1,2})?(?:\d{1,2}[ ./-])?(?:19|20)\d{2}"
    r"|(?:married|divorced|widowed|engaged)(?:,?[ \t](?:with[ \t])?(?:\w{1,8}[ \t])?"
    r"(?:kids?|children|child|sons?|daughters?))?"
    r"|(?:father|mother|parent)[ \t]of[ \t](?:\w{1,8}[ \t])?(?:kids?|children|sons?|daughters?))\b"
)
_PHOTO_LINE = re.compile(
    r"(?im)^[ \t\[(]{0,3}(?:photo(?:graph)?|picture|headshot|portrait|profile[ \t](?:photo|picture|image)"
    r"|image[ \t]of)\b[^\n]{0,80}$"
)
_INTERESTS_HEADING = re.compile(
    r"(?im)^[ \t#*_]{0,4}(?:(?:personal[ \t])?(?:hobbies|interests)(?:[ \t](?:and|&)[ \t](?:hobbies|interests))?"
    r"|hobbies[ \t]?/[ \t]?interests|interests[ \t]?/[ \t]?hobbies|leisure|pastimes|free[ \t]time)"
    r"[ \t:#*_]{0,4}(?P<inline>[:：\-–][ \t]*\S[^\n]*)?$"
)


def _is_next_heading(line: str) -> bool:
    from iq_tui.engine.reading.sections import heading_kind

    text = line.strip()
    if not text:
        return False
    if heading_kind(text.rstrip(":")) is not None:
        return True
    letters = [c for c in text if c.isalpha()]
    return len(text) <= 40 and len(letters) >= 3 and all(c.isupper() for c in letters)


def _drop_interests(text: str) -> str:
    """The hobbies / interests section, heading to the next heading, as one tag."""
    out: list[str] = []
    skipping = False
    for line in text.split("\n"):
        heading = _INTERESTS_HEADING.match(line)
        if heading and heading.group("inline"):  # "Interests: chess, sailing": that line only
            out.append("[interests removed]")
            continue
        if heading:
            if not skipping:
                out.append("[interests removed]")
            skipping = True
            continue
        if skipping and _is_next_heading(line):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def redact_personal(text: str) -> str:
    """Remove what no question may build on: citizenship and visa status, date of birth and age,
    family and marital status, photo captions, hobbies and interests (the section or a line)."""
    if _INTERESTS_HEADING.search(text):
        text = _drop_interests(text)
    text = _PHOTO_LINE.sub("[photo removed]", text)
    text = _PERSONAL_LABEL.sub("[personal detail removed]", text)
    return _PERSONAL_PHRASE.sub("[personal detail removed]", text)


def map_strings(data: Any, change: Callable[[str], str]) -> Any:
    """`change` applied to every string inside nested dicts and lists (keys stay)."""
    if isinstance(data, str):
        return change(data)
    if isinstance(data, dict):
        return {key: map_strings(value, change) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [map_strings(value, change) for value in data]
    return data


def redact_cv(text: str, known: Iterable[str] = ()) -> str:
    """Contacts and personal details out of CV text (what redaction removes before a prompt)."""
    return redact_personal(redact_contacts(text, known))


def redact_data(data: Any, known: Iterable[str] = ()) -> Any:
    """`redact_cv` applied to every string inside nested dicts and lists."""
    known = tuple(known)
    return map_strings(data, lambda text: redact_cv(text, known))


def scrub_secrets(text: str, known: Iterable[str] = ()) -> str:
    """Mask anything that looks like an API key (SDK error messages can echo them), and the
    `known` secrets whatever their shape (a proxy's or Azure's key has no `sk-` prefix)."""
    for secret in known:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return _SECRET.sub("[redacted]", text)
