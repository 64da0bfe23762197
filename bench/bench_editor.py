"""Editor responsiveness: a 500-question session against a 10-question one (goal: <= 2x).

For each size the real EditorScreen runs headless under Textual's Pilot. Timed, from the key
press to the screen updated (the press processed, then `pilot.pause()`, which waits until
the app is idle again, repaint included):
  move down     `down` on the question list
  cycle cat.    `c`, an in-place edit of the selected question
  form commit   ctrl+s in the edit form (the form itself is opened untimed): the edit is
                applied, the modal closes and the list and detail redraw
and, off the key path, `store.save` of the whole session (the debounced write).
Printed: median and worst in ms per size, and the 500/10 ratio of the medians; as wall time
(which includes Pilot's own idle waits, the same for both sizes) and as the process's CPU time.

Run: python bench/bench_editor.py [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _session_data import editor_app, make_session
from textual.pilot import Pilot
from textual.widgets import TextArea

from iq_tui.engine.interview.sessions import SessionStore
from iq_tui.screens.editor import EditorScreen

SIZES = (10, 500)


async def timed(
    step: Callable[[], Awaitable[None]], pilot: Pilot
) -> tuple[float, float]:
    """(wall ms, CPU ms): wall includes Pilot's idle waits; CPU is the app's own work."""
    started, cpu = time.perf_counter(), time.process_time()
    await step()
    await pilot.pause()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


async def measure(size: int, runs: int, directory: Path) -> dict[str, list[float]]:
    store = SessionStore(directory / f"bench-{size}.db")
    session = make_session(store, size)
    app = editor_app(store, session.id)
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await pilot.pause()
        for run in range(runs):
            if screen.index == size - 1:
                await pilot.press("home")
            record(times, "move down", await timed(lambda: pilot.press("down"), pilot))
            record(times, "cycle cat.", await timed(lambda: pilot.press("c"), pilot))
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#text", TextArea).load_text(f"Edited in run {run}")
            index = screen.index
            record(
                times, "form commit", await timed(lambda: pilot.press("ctrl+s"), pilot)
            )
            assert (
                app.screen is screen
                and screen.editor.questions[index].text == f"Edited in run {run}"
            )
            started = time.perf_counter()
            assert screen.save()  # the pending debounced write, done now and timed
            times.setdefault("save (wall)", []).append(
                (time.perf_counter() - started) * 1000
            )
    store.close()
    return times


def record(
    times: dict[str, list[float]], action: str, wall_cpu: tuple[float, float]
) -> None:
    times.setdefault(f"{action} (wall)", []).append(wall_cpu[0])
    times.setdefault(f"{action} (cpu)", []).append(wall_cpu[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {
            size: asyncio.run(measure(size, args.runs, Path(tmp))) for size in SIZES
        }
    small, large = SIZES
    print(f"editor, {args.runs} runs per action; ms: median / worst")
    print(
        f"{'action':<19} {small:>5} questions     {large:>5} questions     ratio (goal <= 2x)"
    )
    for action in results[small]:
        a, b = results[small][action], results[large][action]
        ratio = statistics.median(b) / statistics.median(a)
        goal = "" if action.startswith("save") else ("  ok" if ratio <= 2 else "  OVER")
        print(
            f"{action:<19} {statistics.median(a):7.2f} / {max(a):7.2f}   "
            f"{statistics.median(b):7.2f} / {max(b):7.2f}   {ratio:5.2f}x{goal}"
        )
    print("(save runs 0.5 s after the last change, off the key path)")


if __name__ == "__main__":
    main()
