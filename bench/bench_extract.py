"""Extraction (+ offline generation) against bare pdfplumber text extraction, same file, same run.

Printed, as medians over the runs (interleaved, so load on the machine hits both alike):
  bare       pdfplumber.open(f) and page.extract_text() for every page
  extract    iq-tui's extract_profile(f): the sandboxed child (fork, limits, hidden-text filter,
             columns, words, lines), then sections, skills, experience... in the parent
  +offline   extract_profile plus generate_offline(build_context(...), 10)
and the ratio (extract + offline) / bare; goal <= 1.3. Wall-clock times suffer from other
load on the machine, so CPU times (this process plus its children) are measured too.

Run: python bench/bench_extract.py [CV.pdf ...] [--runs 9]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CVS = [
    ROOT / "tests/fixtures/cvs/multi-degree-coursework.pdf",
    ROOT / "tests/fixtures/cvs/resume-matcher-two-column.pdf",
    ROOT / "tests/fixtures/cvs/awesome-cv-resume.pdf",
]


def cpu_seconds() -> float:
    """CPU time of this process and of its waited-for children (the sandboxed readers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def offline_step() -> Callable[[object], None] | None:
    """generate_offline on the profile, or None while that engine part does not exist."""
    try:
        from iq_tui.engine.planning.context import build_context
        from iq_tui.engine.planning.providers.offline import generate_offline
        from iq_tui.engine.planning.roles import load_roles
    except ImportError:
        return None
    role = load_roles()[0]

    def run(profile: object) -> None:
        generate_offline(build_context(role, "mid", "mixed", profile), 10)  # type: ignore[arg-type]

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cvs", nargs="*", type=Path, default=DEFAULT_CVS)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    import logging

    import pdfplumber  # noqa: F401 - both sides start with it imported

    # pdfminer's warnings about odd fonts would otherwise be printed on the bare side only
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    from iq_tui.engine.reading.extract import extract_profile
    from iq_tui.engine.reading.skills import taxonomy

    taxonomy()  # loaded once per process, like in the app
    generate = offline_step()
    if generate is None:
        print("offline generator not available: timing extraction alone")
    print(f"{'CV':<36} {'bare':>8} {'extract':>8} {'+offline':>8} {'ratio':>6} {'cpu ratio':>9}")
    ratios, cpu_ratios = [], []
    for cv in args.cvs:
        wall: dict[str, list[float]] = {"bare": [], "extract": [], "total": []}
        cpu: dict[str, list[float]] = {"bare": [], "total": []}
        bare(cv)
        extract_profile(cv)  # warm caches (files, fonts) for both sides
        for _ in range(args.runs):
            c0, t0 = cpu_seconds(), time.perf_counter()
            bare(cv)
            c1, t1 = cpu_seconds(), time.perf_counter()
            profile = extract_profile(cv)
            t2 = time.perf_counter()
            if generate is not None:
                generate(profile)
            c3, t3 = cpu_seconds(), time.perf_counter()
            wall["bare"].append(t1 - t0)
            wall["extract"].append(t2 - t1)
            wall["total"].append(t3 - t1)
            cpu["bare"].append(c1 - c0)
            cpu["total"].append(c3 - c1)
        med = {k: statistics.median(v) for k, v in wall.items()}
        cmed = {k: statistics.median(v) for k, v in cpu.items()}
        ratios.append(med["total"] / med["bare"])
        cpu_ratios.append(cmed["total"] / cmed["bare"])
        print(
            f"{cv.name[:36]:<36} {med['bare'] * 1000:6.0f}ms {med['extract'] * 1000:6.0f}ms "
            f"{med['total'] * 1000:6.0f}ms {ratios[-1]:6.2f} {cpu_ratios[-1]:9.2f}"
        )
    from iq_tui.engine.reading.sandbox import run_sandboxed

    trips = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        run_sandboxed(len, "x", timeout=10, max_memory_mb=256)
        trips.append(time.perf_counter() - t0)
    print(
        f"sandbox round trip (fork, limits, JSON, wait): {statistics.median(trips) * 1000:.1f} ms"
    )
    print(
        f"median ratio (extract + offline) / bare pdfplumber: wall {statistics.median(ratios):.2f}, "
        f"cpu {statistics.median(cpu_ratios):.2f}  (goal <= 1.3)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
