"""Launch-to-first-frame of iq-tui against a minimal Textual app (one Label), in the same run.

Each sample is a fresh interpreter (`bench/startup_probe.py`), timed from spawn until the
app has painted its first screen (the probe reports the wall-clock moment of that paint, so
what runs after it, exit included, is not counted); the two kinds alternate so machine
load hits both alike. Prints the medians, their ratio (goal: <= 1.5x), and which heavy modules
(pdfplumber, the SDKs) were imported by the first frame (goal: none).

    python bench/bench_startup.py [--runs 11]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROBE = Path(__file__).with_name("startup_probe.py")


def sample(kind: str) -> tuple[float, dict[str, object]]:
    started = time.time()
    out = subprocess.run(
        [sys.executable, str(PROBE), kind], capture_output=True, text=True, check=True
    ).stdout
    frame = json.loads(out.strip().splitlines()[-1])
    return float(frame["painted_at"]) - started, frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"minimal": [], "iq": []}
    frames: dict[str, dict[str, object]] = {}
    sample("minimal"), sample("iq")  # warm the OS file cache; not counted
    for _ in range(args.runs):
        for kind, samples in times.items():
            elapsed, frames[kind] = sample(kind)
            samples.append(elapsed)
    med = {kind: statistics.median(values) for kind, values in times.items()}
    for kind, values in times.items():
        print(
            f"{kind:8} median {med[kind] * 1000:7.1f} ms   min {min(values) * 1000:7.1f} ms   "
            f"max {max(values) * 1000:7.1f} ms   ({len(values)} runs)"
        )
    ratio = med["iq"] / med["minimal"]
    print(
        f"ratio iq/minimal: {ratio:.2f}x (goal <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER'}"
    )
    print(
        f"first screen: {frames['iq']['screen']}; heavy modules imported by then: "
        f"{frames['iq']['heavy'] or 'none'}"
    )


if __name__ == "__main__":
    main()
