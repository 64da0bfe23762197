"""Extraction (+ offline generation) against bare pdfplumber text extraction, same file, same run.

Printed, as medians over the runs (interleaved, so load on the machine hits both alike):
  bare       pdfplumber.open(f) and page.extract_text() for every page
  extract    iq-tui's extract_profile(f): the sandboxed child (fork, limits, hidden-text filter,
             columns, words, lines), then sections, skills, experience... in the parent
  +offline   extract_profile plus generate_offline(build_context(...), 10)
and the ratio (extract + offline) / bare; goal <= 1.3.

Run: python bench/bench_extract.py [CV.pdf ...] [--runs 9]
"""

from __future__ import annotations

import argparse
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


def bare(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def offline_step() -> Callable[[object], None] | None:
    """generate_offline on the profile, or None while that engine part does not exist."""
    try:
        from iq_tui.engine.context import build_context
        from iq_tui.engine.providers.offline import generate_offline
        from iq_tui.engine.roles import load_roles
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

    from iq_tui.engine.extract import extract_profile
    from iq_tui.engine.skills import taxonomy

    taxonomy()  # loaded once per process, like in the app
    generate = offline_step()
    if generate is None:
        print("offline generator not available: timing extraction alone")
    print(f"{'CV':<40} {'bare':>9} {'extract':>9} {'+offline':>9} {'ratio':>6}")
    ratios = []
    for cv in args.cvs:
        times: dict[str, list[float]] = {"bare": [], "extract": [], "total": []}
        bare(cv)
        extract_profile(cv)  # warm caches (files, fonts) for both sides
        for _ in range(args.runs):
            t0 = time.perf_counter()
            bare(cv)
            t1 = time.perf_counter()
            profile = extract_profile(cv)
            t2 = time.perf_counter()
            if generate is not None:
                generate(profile)
            t3 = time.perf_counter()
            times["bare"].append(t1 - t0)
            times["extract"].append(t2 - t1)
            times["total"].append(t3 - t1)
        med = {k: statistics.median(v) for k, v in times.items()}
        ratio = med["total"] / med["bare"]
        ratios.append(ratio)
        print(
            f"{cv.name[:40]:<40} {med['bare'] * 1000:7.0f}ms {med['extract'] * 1000:7.0f}ms "
            f"{med['total'] * 1000:7.0f}ms {ratio:6.2f}"
        )
    overall = statistics.median(ratios)
    print(f"median ratio (extract + offline) / bare pdfplumber: {overall:.2f}  (goal <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
