"""Large CVs: work that grows with the text, not with the text times its jobs (no timings here;
`bench/bench_large_cv.py` measures the time per MB at growing sizes)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from iq_tui.engine.reading import profile as profile_module
from iq_tui.engine.reading import skills as skills_module
from iq_tui.engine.reading.profile import mask_names, profile_from_text


def many_jobs(n: int) -> str:
    out = ["Jane Doe", "jane@example.com", "", "Experience"]
    for i in range(n):
        out += [
            f"Senior Engineer, Company{i} Labs",
            f"Jan {2000 + i % 20} - Dec {2001 + i % 20}",
            f"- Built service number {i} in Python and Go",
        ]
    return "\n".join(out) + "\n"


class _CountingRe:
    """Stands in for the `re` module inside profile.py: counts the calls that search a long
    string (the whole CV) and passes every call on."""

    def __init__(self) -> None:
        self.whole_text_scans = 0

    def __getattr__(self, name: str) -> Any:
        real = getattr(re, name)
        if name not in ("sub", "subn", "search", "finditer", "findall", "match", "split"):
            return real

        def counted(pattern: Any, *args: Any, **kwargs: Any) -> Any:
            strings = [a for a in args if isinstance(a, str)]
            if strings and len(strings[-1]) > 20_000:
                self.whole_text_scans += 1
            return real(pattern, *args, **kwargs)

        return counted


def test_the_text_is_scanned_a_bounded_number_of_times_however_many_employers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counting = _CountingRe()
    monkeypatch.setattr(profile_module, "re", counting)
    cv = profile_from_text(many_jobs(600))
    assert len(cv.experience) == 600
    # one blanking pass over the text per employer made a 2 MB CV quadratic (94 s)
    assert counting.whole_text_scans <= 5, counting.whole_text_scans


def test_employer_names_are_blanked_as_whole_words_longest_first() -> None:
    text = "Engineer, Figma Labs; Figma fan; Figmatic; a Figma Labs tool\nAcme"
    assert mask_names(text, ["Figma", "Figma Labs", "Acme", ""]) == (
        "Engineer,  ;   fan; Figmatic; a   tool\n "
    )
    assert mask_names("C++ at Nine (C++)", ["(C++)"]) == "C++ at Nine  "


def test_a_bullet_wrapped_over_thousands_of_lines_is_read_without_recursion() -> None:
    lines = "".join(f"part {i} of the work, and\n" for i in range(5000))
    cv = profile_from_text(
        "Jane Doe\njane@example.com\n\nProjects\nBigThing\n- started the work on\n" + lines
    )
    assert [p.name for p in cv.projects] == ["BigThing"]  # was a RecursionError


def test_the_taxonomy_trie_matches_what_a_plain_alternation_of_its_names_matches() -> None:
    tax = skills_module.taxonomy()

    def plain(names: list[str]) -> str:
        ordered = sorted(set(names), key=len, reverse=True)
        return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)

    text = (
        "Java, JavaScript and TypeScript; Go at Google; C, C++, C# and .NET; node.js; CI/CD; "
        "A/B testing; go-to-market; R&D; C-level; Spring Boot in Spring 2023; React Native, "
        "react; Postgres and PostgreSQL 14; k8s;   Machine   Learning; scikit-learn; GCP."
    )
    names = list(tax.canonical)
    flat = re.compile(plain(names), re.IGNORECASE)
    trie = re.compile(skills_module._trie(names), re.IGNORECASE)
    for start in range(len(text)):
        a, b = flat.match(text, start), trie.match(text, start)
        assert (a and a.group(0)) == (b and b.group(0)), text[start : start + 20]
