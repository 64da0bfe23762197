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
