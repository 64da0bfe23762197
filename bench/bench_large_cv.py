"""A large text CV through the profile builder: does the time grow with the size, not faster?

A CV of N jobs, each with its own employer, two bullets and dates (about 180 bytes a job),
built at 1/8, 1/4, 1/2 and all of 2 MB (the largest text CV `extract` reads). Printed per size:
the median wall and CPU time of `profile_from_text` over the runs, and its CPU time per MB
relative to the smallest size (1.0 = linear; a quadratic step doubles it at each doubling of
the size). CPU time is what load from other processes on the machine does not inflate.

Measured here (2 shared cores, CPU seconds, median): before the fix (one search of the
whole text per employer, the taxonomy a flat alternation) 0.06/0.12/0.25/0.5 MB took
1.5/4.7/17/63 s, ratio 1.0/1.6/2.9/5.3 (quadratic); after it 0.25/0.5/1/2 MB take
1.2/2.4/5.0/10 s, ratio 1.0/1.0/1.04/1.04.

Run: python bench/bench_large_cv.py [--runs 3] [--mb 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

from iq_tui.engine.reading.profile import profile_from_text


def large_cv(target_bytes: int) -> str:
    out = ["Jane Doe", "jane@example.com", "", "Experience"]
    size, i = 0, 0
    while size < target_bytes:
        job = [
            f"Senior Engineer, Company{i} Labs",
            f"Jan {2000 + i % 20} - Dec {2001 + i % 20}",
            f"- Built service number {i} in Python and Go, serving {i} requests per second",
            f"- Cut costs by {i % 90}% with Kubernetes autoscaling",
        ]
        out += job
        size += sum(len(line) + 1 for line in job)
        i += 1
    out += ["Education", "B.S. Computer Science, State University", "Skills", "Python, Go"]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mb", type=float, default=2.0)
    args = parser.parse_args()
    full = int(args.mb * 1024 * 1024) - 4096
    sizes = [full // 8, full // 4, full // 2, full]
    texts = [large_cv(n) for n in sizes]
    wall: list[list[float]] = [[] for _ in sizes]
    cpu: list[list[float]] = [[] for _ in sizes]
    for _ in range(args.runs):
        for k, text in enumerate(texts):  # interleaved: load on the machine hits all alike
            start, start_cpu = time.perf_counter(), time.process_time()
            profile_from_text(text)
            wall[k].append(time.perf_counter() - start)
            cpu[k].append(time.process_time() - start_cpu)
    base = None
    print(f"{'size':>10} {'wall s':>8} {'cpu s':>8} {'cpu s/MB':>9} {'ratio':>6}")
    for text, w, c in zip(texts, wall, cpu):
        mb = len(text.encode()) / 1024 / 1024
        per_mb = statistics.median(c) / mb
        base = base or per_mb
        print(
            f"{mb:9.2f}M {statistics.median(w):8.2f} {statistics.median(c):8.2f} "
            f"{per_mb:9.2f} {per_mb / base:6.2f}"
        )


if __name__ == "__main__":
    main()
