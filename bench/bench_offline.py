"""The offline generator's budget: about a millisecond a plan, and bounded on a huge CV.

Times `generate_offline` (10 questions) for every role x level x type over the fixture CVs
(extracted once, untimed), and the same plans for a 2 MB text-like CV with 13,000 employers.
Printed: median and 90th percentile in ms per plan, and the huge/typical ratio of medians.
A CV is read once (skills typed, highlights parsed) and kept for its next plans: "first
plan" times the plan that pays for that reading, one per CV.

Run: python bench/bench_offline.py [--cvs 8] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from iq_tui.engine.models import INTERVIEW_TYPES, LEVELS, CandidateProfile, Experience
from iq_tui.engine.planning.context import build_context
from iq_tui.engine.planning.providers import offline
from iq_tui.engine.planning.providers.offline import generate_offline
from iq_tui.engine.planning.roles import load_roles
from iq_tui.engine.reading.extract import extract_profile

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "cvs"


def huge_cv(employers: int = 13_000) -> CandidateProfile:
    jobs = [
        Experience(title="Backend Engineer", organization=f"Company {i} Ltd",
                   highlights=[f"Built a payment service in Go handling {i}K requests per second",
                               f"Cut latency by {i % 90 + 1}% by caching sessions in Redis"])
        for i in range(employers)
    ]
    text = "\n".join(f"{j.title}, {j.organization}\n" + "\n".join(j.highlights) for j in jobs)
    return CandidateProfile(name="Jane Roe", skills=["Python", "Go", "PostgreSQL", "Kafka"],
                            experience=jobs, text=text)


def time_plans(profiles: list[CandidateProfile], runs: int) -> list[float]:
    roles = load_roles()
    contexts = [
        build_context(role, level, itype, profile)  # type: ignore[arg-type]
        for profile in profiles for role in roles for level in LEVELS for itype in INTERVIEW_TYPES
    ]
    times = []
    for context in contexts:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            generate_offline(context, 10)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    return times


def time_first_plans(profiles: list[CandidateProfile]) -> list[float]:
    role = load_roles()[0]
    generate_offline(build_context(role, "mid", "mixed", huge_cv(2)), 10)  # loads the banks
    times = []
    for profile in profiles:
        context = build_context(role, "mid", "mixed", profile)
        offline._READINGS.clear()
        start = time.perf_counter()
        generate_offline(context, 10)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"{label:>10}: {len(times)} plans, median {median:.2f} ms, p90 {p90:.2f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cvs", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(FIXTURES.glob("*.pdf"))[: args.cvs]
    if not paths:
        sys.exit("no fixture CVs")
    profiles = [extract_profile(p) for p in paths]
    report("first plan", time_first_plans(profiles))
    typical = report("fixtures", time_plans(profiles, args.runs))
    huge = report("2 MB CV", time_plans([huge_cv()], 1))
    print(f"huge/typical median ratio: {huge / typical:.1f}x")


if __name__ == "__main__":
    main()
