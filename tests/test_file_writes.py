"""Where the app writes a file: private (0600), a regular file replaced atomically, and never a
device, FIFO or read-only file turned into something else."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from iq_tui.engine.output.filenames import MAX_STEM_BYTES, cut_bytes, file_stem
from iq_tui.engine.settings.fileio import atomic_write_text
from iq_tui.files import RecentCVs

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-cv.pdf"
QUICK = ("--role", "Backend Engineer", "--level", "mid", "--type", "hr", "--count", "2",
         "--provider", "offline", "-q")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """A permissive umask: 0600 must come from the app, not from the user's umask."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_files_are_private_whatever_the_umask(tmp_path: Path, loose_umask) -> None:
    target = tmp_path / "plan.md"
    atomic_write_text(target, "notes on a candidate\n")
    assert _mode(target) == 0o600


def test_replacing_a_file_never_widens_it_and_tightens_a_loose_one(
    tmp_path: Path, loose_umask
) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and _mode(target) == 0o600


def test_recent_cvs_list_is_private(tmp_path: Path, loose_umask) -> None:
    recent = RecentCVs(tmp_path / "data")
    recent.add(tmp_path / "cv.pdf")
    assert _mode(recent.path) == 0o600


def test_a_read_only_file_is_refused_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "keep.md"
    target.write_text("mine")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only"):
        atomic_write_text(target, "replaced")
    assert target.read_text() == "mine" and _mode(target) == 0o444


def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write_text(fifo, "through the pipe\n")
    reader.join(10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temp file left


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path, "x")


def iq(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iq_tui", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A character device to write to. As root, a private copy of /dev/null (1, 3): the real
    one must never be at stake (code before this fix, run as root, replaced /dev/null with a
    regular file). As another user, /dev/null itself: such a user cannot replace it."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def test_cli_output_to_a_device_writes_to_the_device(null_device: Path) -> None:
    before = os.stat(null_device)
    done = iq("generate", str(SAMPLE), *QUICK, "-o", str(null_device))
    assert done.returncode == 0, done.stderr
    after = os.stat(null_device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino  # the same node, not a new file in its place


def test_cli_output_to_a_fifo_streams_the_plan(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = iq("generate", str(SAMPLE), *QUICK, "-o", str(fifo))
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert received and received[0].startswith(b"# Interview plan: Jordan Avery Lee")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_cli_output_onto_a_read_only_file_is_one_line_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("approved plan")
    target.chmod(0o444)
    done = iq("generate", str(SAMPLE), *QUICK, "-o", str(target))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "read-only" in done.stderr
    assert target.read_text() == "approved plan"


def test_file_stem_is_cut_by_bytes_on_a_character_boundary() -> None:
    long_role = "Σ" * 300  # two bytes a letter
    stem = file_stem("Jamie Rivera", long_role, fallback="plan")
    assert len(stem.encode()) <= MAX_STEM_BYTES and stem.startswith("jamie-rivera-σσ")
    assert cut_bytes("aé", 2) == "a"  # never half of é
    assert file_stem("", "!!!", fallback="interview-plan") == "interview-plan"


def test_cli_plans_and_session_exports_are_private(tmp_path: Path, loose_umask) -> None:
    """What the CLI writes holds notes on a candidate: 0600 like sessions.db, whatever the umask."""
    from _session_data import make_session

    from iq_tui.cli import main
    from iq_tui.engine.interview.sessions import SessionStore, default_db_path

    plan = tmp_path / "plan.md"
    assert main(["generate", str(SAMPLE), *QUICK, "-o", str(plan)]) == 0
    with SessionStore(default_db_path()) as store:
        session = make_session(store, 2)
    record = tmp_path / "record.md"
    assert main(["sessions", "export", session.id, "-o", str(record)]) == 0
    assert (_mode(plan), _mode(record)) == (0o600, 0o600)
