"""Incremental JSON: find each complete question object while the answer is still streaming.

`QuestionScanner.feed` looks only at the new text and keeps only the object being written, so a
whole answer costs O(n) however it is chunked (re-parsing the buffer per chunk would be O(n²)).
It accepts `{"questions": [{...}, ...]}` (any array directly inside the root object) and a bare
`[{...}, ...]`, with prose or a Markdown fence before it.
"""

from __future__ import annotations

import json
import re
from typing import Any

_STRUCTURE = re.compile(r'[{}\[\]"]')
_STRING_END = re.compile(r'["\\]')
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)(?:```|$)", re.DOTALL)


class QuestionScanner:
    """Yields each question object of the streamed document as soon as its `}` arrives."""

    def __init__(self) -> None:
        self._buf = ""
        self._pos = 0
        self._stack: list[str] = []
        self._in_string = False
        self._object_start: int | None = None
        self.done = False
        """The root value is complete: anything after it is ignored."""
        self.found = 0

    def _at_item_level(self) -> bool:
        stack = self._stack
        return stack == ["["] or (
            len(stack) == 2 and stack[0] == "{" and stack[1] == "["
        )

    def feed(self, chunk: str) -> list[dict[str, Any]]:
        """Add `chunk`; return the question objects it completed."""
        if self.done:
            return []
        self._buf += chunk
        buf, pos, found = self._buf, self._pos, []
        while True:
            if self._in_string:
                match = _STRING_END.search(buf, pos)
                if match is None:
                    pos = len(buf)
                    break
                if match.group() == "\\":
                    if match.end() >= len(buf):
                        pos = match.start()  # the escaped character has not arrived yet
                        break
                    pos = match.end() + 1
                    continue
                self._in_string = False
                pos = match.end()
                continue
            match = _STRUCTURE.search(buf, pos)
            if match is None:
                pos = len(buf)
                break
            char, start, pos = match.group(), match.start(), match.end()
            if char == '"':
                self._in_string = bool(
                    self._stack
                )  # quotes in prose before the JSON: ignore
            elif char in "{[":
                if char == "{" and self._at_item_level():
                    self._object_start = start
                self._stack.append(char)
            elif self._stack:
                self._stack.pop()
                if (
                    char == "}"
                    and self._object_start is not None
                    and self._at_item_level()
                ):
                    item = _loads_object(buf[self._object_start : pos])
                    self._object_start = None
                    if item is not None:
                        found.append(item)
                if not self._stack:
                    self.done = True
                    break
        keep_from = pos if self._object_start is None else self._object_start
        self._buf = buf[keep_from:]
        self._pos = pos - keep_from
        if self._object_start is not None:
            self._object_start -= keep_from
        self.found += len(found)
        return found


def _loads_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        return None
    return value if isinstance(value, dict) else None


def parse_questions_document(text: str) -> list[dict[str, Any]]:
    """The question objects of a whole answer: bare, fenced or surrounded by prose.

    Raises ValueError when no JSON document with a list of questions can be found.
    """
    text = text.strip()
    candidates = [text]
    fenced = _FENCE.search(text)
    if fenced:
        candidates.append(fenced.group(1).strip())
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if starts:
        start = min(starts)
        end = max(text.rfind("}"), text.rfind("]"))
        if end > start:
            candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        items = _question_list(value)
        if items is not None:
            return items
    raise ValueError("no JSON list of questions found")


def _question_list(value: Any) -> list[dict[str, Any]] | None:
    if isinstance(value, dict):
        if isinstance(value.get("questions"), list):
            value = value["questions"]
        else:
            lists = [v for v in value.values() if isinstance(v, list)]
            if not lists:
                return [value] if "text" in value else None
            value = lists[0]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return None
