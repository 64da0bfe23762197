"""'2019 - present' in the languages the reader knows: one list for the reader and the planner."""

from __future__ import annotations

import datetime as dt

import pytest

from iq_tui.engine.models import Experience
from iq_tui.engine.reading.profile import DATE_RANGE
from iq_tui.engine.reading.years import is_ongoing, years_of_experience

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    "end", ["Present", "heute", "actuel", "presente", "至今", "現在", "по настоящее время", "to date"]
)
def test_a_range_ending_in_an_ongoing_word_is_one_range_and_counts_to_today(end: str) -> None:
    line = f"Jan 2020 - {end}" if end != "to date" else "Jan 2020 to date"
    found = DATE_RANGE.search(line)
    assert found is not None and found.group(0) == line
    job = Experience(title="Engineer", organization="Acme", start="Jan 2020",
                     end=end.removeprefix("to "))
    assert years_of_experience([job], TODAY) == 6.5


@pytest.mark.parametrize("end", ["2021", "Dec 2021", "known issues", "Nowhere Ltd", None, ""])
def test_other_ends_are_not_ongoing(end: str | None) -> None:
    assert not is_ongoing(end)


def test_the_planner_names_the_current_employer_with_the_same_words() -> None:
    from iq_tui.engine.planning.career import read_career

    jobs = [
        {"title": "Werkstudent", "organization": "Alt GmbH", "start": "2015", "end": "2017"},
        {"title": "Backend Engineer", "organization": "Neu AG", "start": "2019", "end": "至今"},
    ]
    context = {"candidate": {"experience": jobs}, "role": {"category": "engineering"}}
    assert read_career(context).latest_employer == "Neu AG"
