"""The fairness checker on a 50-question plan, against making that plan offline.

Every question of a plan is checked (model, offline, kit or typed), and the editor checks
them all when a plan opens; the cache (`fairness._find`) is cleared before each run so each
text is read and matched in full. The plan: 50 offline questions for the first fixture CV (five
roles, ten each). Also timed: 50 questions of the blind sets that touch a protected
characteristic (they reach more rules' conditions). Prints medians of RUNS runs, per question
and per plan, and the check as a ratio of the plan's offline generation.

Run: python bench/bench_fairness.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from iq_tui.engine.models import Question  # noqa: E402
from iq_tui.engine.planning import fairness  # noqa: E402
from iq_tui.engine.planning.context import build_context  # noqa: E402
from iq_tui.engine.planning.providers.offline import generate_offline  # noqa: E402
from iq_tui.engine.planning.roles import load_roles  # noqa: E402
from iq_tui.engine.reading.extract import extract_profile  # noqa: E402

RUNS = 7
PLAN = 50


def _median(work) -> float:
    times = []
    for _ in range(RUNS):
        fairness._find.cache_clear()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    cv = sorted((ROOT / "tests" / "fixtures" / "cvs").glob("*.pdf"))[0]
    profile = extract_profile(cv)
    roles = load_roles()[:5]
    contexts = [build_context(role, "mid", "technical", profile) for role in roles]

    def make_plan() -> list[Question]:
        return [q for context in contexts for q in generate_offline(context, PLAN // len(contexts))]

    plan = make_plan()
    unfair = []
    for name in ("blind_set_2", "blind_set_3", "blind_set_4"):
        data = tomllib.loads((ROOT / "tests" / "fixtures" / "fairness" / f"{name}.toml").read_text("utf-8"))
        unfair += [entry["text"] for entry in data["unfair"]]
    step = max(1, len(unfair) // PLAN)
    touched = [Question(text=text, category="hr", difficulty="mid") for text in unfair[::step][:PLAN]]

    fairness.find_protected("warm up: the rules are read and compiled once")
    generate = _median(make_plan)
    check = _median(lambda: [fairness.question_flags(q) for q in plan])
    check_unfair = _median(lambda: [fairness.question_flags(q) for q in touched])
    print(f"fairness on a {len(plan)}-question offline plan ({cv.name}), medians of {RUNS}:")
    print(f"  offline generation       {generate * 1000:7.1f} ms")
    print(f"  check, offline plan      {check * 1000:7.1f} ms  ({check / len(plan) * 1000:.2f} ms a question; "
          f"{check / generate:.2f}x generation)")
    print(f"  check, {len(touched)} unfair questions {check_unfair * 1000:6.1f} ms  "
          f"({check_unfair / len(touched) * 1000:.2f} ms a question)")


if __name__ == "__main__":
    main()
