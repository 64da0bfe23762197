"""Text a CV template left in place ("Summarize your key responsibilities…", "20XX").

Such lines say nothing about the candidate: they are kept out of highlights, summaries and
skills, and the profile warns that the CV still holds them.
"""

from __future__ import annotations

import re

# Instructions to the template's user, and filler: written to "you", never by the candidate.
_INSTRUCTION = re.compile(
    r"\b(?:summari[sz]e|describe|list|insert|enter|type|add|include|highlight|mention) "
    r"(?:your|the candidate's|here your)\b|"
    r"\b(?:replace|delete|edit) (?:this|these|the) (?:text|line|section|placeholder)\b|"
    r"\btake any opportunity to\b|\bclick (?:here|to (?:add|edit|enter))\b|"
    r"\blorem ipsum\b|\bdolor sit amet\b|"
    r"\[(?:your |company |job |school |degree )?(?:name|company|title|position|school|"
    r"degree|dates?|city|location|e-?mail|phone)(?: name| here)?\]",
    re.IGNORECASE,
)
_PLACEHOLDER_YEAR = re.compile(r"\b(?:19|20)XX\b", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    """Whether a line is template instruction or filler rather than the candidate's words."""
    return bool(_INSTRUCTION.search(text))


def placeholder_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are placeholders, with the lines that carry one on."""
    marked: set[int] = set()
    for i, text in enumerate(lines):
        carries_on = (
            i - 1 in marked
            and (text[:1].islower() or not lines[i - 1].rstrip().endswith((".", "!", "?")))
        )
        if is_placeholder(text) or carries_on:
            marked.add(i)
    return marked


def placeholder_warning(lines: list[str]) -> str | None:
    """One warning naming the first placeholder found, or None when there is none."""
    sample = next((t for t in lines if is_placeholder(t)), None)
    years = any(_PLACEHOLDER_YEAR.search(t) for t in lines)
    if sample is None and not years:
        return None
    parts = []
    if sample is not None:
        words = sample.split()
        quote = " ".join(words[:5]) + ("…" if len(words) > 5 else "")
        count = len(placeholder_lines(lines))
        parts.append(
            f"template placeholder text found (\"{quote}\"): {count} line"
            f"{'s' if count != 1 else ''} left out of highlights and skills"
        )
    if years:
        parts.append("dates are placeholders (20XX): years of experience not counted")
    return "; ".join(parts)
