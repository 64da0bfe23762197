"""How a claim is restated to the candidate (achievements.Achievement.lead)."""

from __future__ import annotations

import pytest

from iq_tui.engine.planning.achievements import read_achievements


@pytest.mark.parametrize("employer", ["Lumaca Software S.r.l.", "Fiat S.p.A.", "Acme Inc.", "Philips B.V."])
def test_an_employer_ending_in_an_abbreviation_keeps_its_dot(employer: str) -> None:
    claim = "Cut p99 latency from 900 ms to 180 ms with query tuning and Redis caching."
    candidate = {"experience": [{"organization": employer, "title": "Engineer", "highlights": [claim]}]}
    (found,) = read_achievements(candidate, f"{employer}\n{claim}")
    assert found.lead().startswith(f"At {employer}, you cut p99 latency")


def test_a_projects_stack_line_is_not_a_claim() -> None:
    from iq_tui.engine.planning.achievements import parse_highlight

    assert parse_highlight("Built with Kafka, FastAPI, Redis.", "Parcel Pulse", on_project=True) is None
    assert parse_highlight("Built using Python and Django.", "Ledgerlite", on_project=True) is None
    claim = "Built with Kafka a pipeline that serves two million events a day."
    assert parse_highlight(claim, "Parcel Pulse", on_project=True) is not None


@pytest.mark.parametrize(
    ("claim", "metric"),
    [
        ("Cut p99 latency from 900 ms to 180 ms with query tuning and Redis caching.", "180 ms"),
        ("Reduced build time from 40 minutes to 6 minutes by caching layers.", "6 minutes"),
        ("Grew revenue from $1M to $5M in two years of enterprise sales.", "$5M"),
    ],
)
def test_from_a_to_b_the_result_is_b(claim: str, metric: str) -> None:
    from iq_tui.engine.planning.achievements import parse_highlight

    found = parse_highlight(claim, "Acme")
    assert found is not None and found.metric == metric
