"""Remove contact details from what is sent to an LLM, and secrets from what is shown to a user."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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
STREET = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[A-Z][\w.'-]{0,40}\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl"
    r"|Terrace|Square|Sq|Parkway|Pkwy|Highway|Hwy)\b\.?"
    r"(?:,?[ \t]+[A-Z][\w .'-]*,[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)?"  # City, ST 12345
    r"|(?<![\w-])[A-ZÄÖÜ][\wäöüß-]{0,40}(?:straße|strasse|str\.|weg|gasse|allee|platz)\s+\d{1,4}[a-z]?\b",
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


def redact_contacts(text: str, known: Iterable[str] = ()) -> str:
    """Replace emails, links, phone numbers and street addresses (plus `known` strings) by tags."""
    for item in sorted((k for k in known if k and len(k) >= 5), key=len, reverse=True):
        text = text.replace(item, "[contact]")
    text = EMAIL.sub("[email]", text)
    text = URL.sub("[link]", text)
    text = STREET.sub("[address]", text)
    return _PHONE_CANDIDATE.sub(_phone, text)


def map_strings(data: Any, change: Callable[[str], str]) -> Any:
    """`change` applied to every string inside nested dicts and lists (keys stay)."""
    if isinstance(data, str):
        return change(data)
    if isinstance(data, dict):
        return {key: map_strings(value, change) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [map_strings(value, change) for value in data]
    return data


def redact_data(data: Any, known: Iterable[str] = ()) -> Any:
    """`redact_contacts` applied to every string inside nested dicts and lists."""
    known = tuple(known)
    return map_strings(data, lambda text: redact_contacts(text, known))


# C0/C1 control characters but tab and newline, and the bidi overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Control characters as spaces. CV text and LLM output are untrusted and end on terminals:
    ESC starts colour, window-title and clipboard (OSC 52) sequences; bidi overrides reorder
    what a reader sees."""
    return _CONTROL.sub(" ", text)


def scrub_secrets(text: str, known: Iterable[str] = ()) -> str:
    """Mask anything that looks like an API key (SDK error messages can echo them), and the
    `known` secrets whatever their shape (a proxy's or Azure's key has no `sk-` prefix)."""
    for secret in known:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return _SECRET.sub("[redacted]", text)
