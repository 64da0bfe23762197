"""The app in a real pseudo-terminal, as a user starts it: `iq-tui CV.pdf` goes on to the
form by itself once the CV is read, and the picker does not ask for a key meanwhile (on a
loaded machine the form took seconds to open, the picker said "Press n", and the n the user
pressed landed in the form's role filter)."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-cv.pdf"
DEADLINE = 60.0
"""Seconds to wait for the form: generous for a loaded machine; the app needs about two."""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def _read_until(fd: int, wanted: bytes, deadline: float) -> bytes:
    seen = b""
    while time.monotonic() < deadline and wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
    return seen


def test_a_cv_given_on_the_command_line_opens_the_form_without_a_key() -> None:
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "iq_tui", str(SAMPLE)],
        stdin=child, stdout=child, stderr=child, env=env, close_fds=True,
        start_new_session=True,
    )
    os.close(child)
    try:
        seen = _read_until(main, b"custom role", time.monotonic() + DEADLINE)
        assert b"custom role" in seen, "the form's role filter never appeared"
        assert b"Press n" not in seen
    finally:
        proc.kill()
        proc.wait(timeout=30)
        os.close(main)
