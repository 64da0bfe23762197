"""How far the extraction bounds are from what real CVs need, and how fast a bomb is refused.

Printed: the median and the slowest wall time of `extract_profile` over the real CVs (default
/work/shared/cvs, else tests/fixtures/cvs), the default `extraction.timeout` as a multiple of
the slowest, and the time a 400 MB inflate bomb takes to be refused as a ratio of the slowest.

Run: python bench/bench_hostile.py [DIR]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - the bomb is refused with a CVError
        pass
    return time.perf_counter() - start


def main() -> None:
    import hostile

    from iq_tui.engine.reading.extract import extract_profile
    from iq_tui.engine.settings.layers import ExtractionSettings

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/cvs")
    if not folder.is_dir():
        folder = ROOT / "tests/fixtures/cvs"
    cvs = sorted(folder.glob("*.pdf")) + sorted(folder.glob("*.docx"))
    times = [timed(extract_profile, cv) for cv in cvs]
    slowest = max(times)
    timeout = ExtractionSettings().timeout
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.pdf"
        bomb.write_bytes(hostile.inflate_bomb_pdf(400))
        refused = statistics.median(timed(extract_profile, bomb) for _ in range(3))
    print(f"{len(cvs)} CVs: median {statistics.median(times):.3f} s, slowest {slowest:.3f} s")
    print(f"default timeout {timeout:g} s = {timeout / slowest:.1f}x the slowest CV")
    print(f"400 MB inflate bomb refused in {refused:.3f} s = {refused / slowest:.2f}x the slowest CV")


if __name__ == "__main__":
    main()
