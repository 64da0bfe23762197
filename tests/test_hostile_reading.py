"""Hostile files end fast, and the reader child never outlives the process that started it.

The bounds are asserted by *why* the child stopped (the decode cap names the page and the
cap; a timeout or a memory limit would say so instead), never by a timed assertion.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import hostile
import pytest
from test_cli_extract import assert_one_line_error, run_extract, set_extraction

from iq_tui.engine.errors import CVError
from iq_tui.engine.reading import sandbox
from iq_tui.engine.reading.extract import extract_profile

LINUX = sys.platform.startswith("linux") and Path("/proc/self/task").is_dir()


def _spaces_stream(megabytes: int) -> bytes:
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    return b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()


def test_inflate_bomb_is_refused_by_the_decode_cap_not_a_limit(tmp_path: Path) -> None:
    """400 MB of content from ~400 KB: refused while inflating, with the default limits (the
    15 s timeout and 1 GB of memory would have said "took longer"/"needs more than")."""
    bomb = hostile.write(tmp_path, "bomb.pdf", hostile.inflate_bomb_pdf(400))
    with pytest.raises(CVError) as caught:
        extract_profile(bomb)
    assert str(caught.value) == (
        "bomb.pdf was refused: page 1's content inflates to more than 16 MB "
        "(a real CV page needs well under 1 MB)"
    )


def test_many_streams_under_the_stream_cap_hit_the_file_cap(tmp_path: Path) -> None:
    """Six pages of 15 MB each: no stream passes 16 MB, together they pass 64 MB."""
    data = _spaces_stream(15)
    pdf = hostile.pdf_bytes([b""] * 6, raw_streams=[data] * 6)
    with pytest.raises(CVError, match="its streams inflate to more than 64 MB"):
        extract_profile(hostile.write(tmp_path, "split.pdf", pdf))


def test_a_stream_just_under_the_cap_is_still_read(tmp_path: Path) -> None:
    """The cap refuses only what passes it: a page drawing text after 15 MB of spaces reads."""
    content = b" " * (15 << 20) + hostile.text_ops(hostile.CV_LINES)
    pdf = hostile.pdf_bytes([content], compress=True)
    profile = extract_profile(hostile.write(tmp_path, "big.pdf", pdf))
    assert profile.name == "Alex Example"


def test_bomb_through_the_cli_is_one_line(tmp_path: Path) -> None:
    set_extraction(max_memory_mb=256)
    result = run_extract(hostile.write(tmp_path, "bomb.pdf", hostile.inflate_bomb_pdf(400)))
    assert_one_line_error(result, "bomb.pdf was refused: page 1's content inflates")


# -- the reader child dies with its parent --------------------------------------------------

PR_SET_CHILD_SUBREAPER = 36


@pytest.fixture
def subreaper() -> None:
    """Orphans of the processes this test starts are re-parented to the test process, so it can
    wait for them (instead of PID 1, which in a container may never reap them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        pytest.skip("no PR_SET_CHILD_SUBREAPER")
    yield
    libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _wait_for_child_of(pid: int, guard: float = 60.0) -> int:
    """The pid of the reader child `pid` forks (a hang guard, not a timing assertion)."""
    end = time.monotonic() + guard
    while time.monotonic() < end:
        kids = _children(pid)
        if kids:
            return min(kids)
        time.sleep(0.02)
    raise AssertionError("the reader child never started")


def _reap(pid: int, guard: float = 30.0) -> int:
    """Wait for `pid` (our child, or an orphan re-parented to us); its wait status."""
    end = time.monotonic() + guard
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"reader {pid} outlived its parent")


def assert_ended_with_its_parent(status: int) -> None:
    """Killed by the kernel when the parent died, or (the parent died before the child could
    ask for that) left on its own: either way not by the 30 s guard in `_reap`."""
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    left = os.WIFEXITED(status) and os.WEXITSTATUS(status) == sandbox.PARENT_GONE_EXIT
    assert killed or left, status


def _slow_cv(tmp_path: Path) -> Path:
    set_extraction(max_pages=1000, timeout=600)
    return hostile.write(tmp_path, "slow.pdf", hostile.many_pages_pdf(1000))


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_reader_dies_when_the_cli_is_terminated(tmp_path: Path, subreaper: None) -> None:
    cli = subprocess.Popen(
        [sys.executable, "-m", "iq_tui", "extract", str(_slow_cv(tmp_path))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reader = _wait_for_child_of(cli.pid)
    cli.send_signal(signal.SIGTERM)
    assert cli.wait(timeout=30) == -signal.SIGTERM
    assert_ended_with_its_parent(_reap(reader))


TUI_SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from tui_support import make_app

    async def main():
        app = make_app(Path({tmp!r}), settings={settings!r})
        async with app.run_test() as pilot:
            await pilot.pause()
            app.screen.load(Path({cv!r}))
            print("loading", flush=True)
            await asyncio.to_thread(sys.stdin.readline)  # the test saw the reader start
            await pilot.press("ctrl+q")
            await pilot.pause()
        print("quit", flush=True)

    asyncio.run(main())
    """
)


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_reader_dies_when_the_tui_quits_mid_extraction(tmp_path: Path, subreaper: None) -> None:
    cv = _slow_cv(tmp_path)
    settings = "[llm]\nenabled = false\n[extraction]\nmax_pages = 1000\ntimeout = 600\n"
    script = TUI_SCRIPT.format(
        tests=str(Path(__file__).parent), tmp=str(tmp_path), settings=settings, cv=str(cv)
    )
    tui = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert tui.stdout.readline().strip() == "loading", tui.stderr.read()
        reader = _wait_for_child_of(tui.pid)
        tui.stdin.write("\n")
        tui.stdin.flush()
        out, err = tui.communicate(timeout=60)
    finally:
        if tui.poll() is None:
            tui.kill()
    assert tui.returncode == 0, err
    assert "quit" in out
    assert_ended_with_its_parent(_reap(reader))
