"""Nothing typed is lost: edit in the real app under tmux, SIGKILL it, restart, find the edit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _session_data import make_session

from iq_tui.engine.interview.sessions import SessionStore, default_db_path

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed"
)


class Tmux:
    """One tmux server on a private socket, so a developer's own sessions are never touched."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, command: str) -> int:
        self.run("new-session", "-d", "-s", name, "-x", "110", "-y", "32", command)
        return int(self.run("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen(name)
            if needle in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared; screen:\n{text}")

    def kill_server(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True
        )


def _app_command(home: Path, session_id: str) -> str:
    env = " ".join(
        f"{k}={os.environ[k]}"
        for k in (
            "HOME",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_STATE_HOME",
            "XDG_CACHE_HOME",
            "IQ_TUI_CONFIG",
            "PATH",
        )
    )
    return f"cd {home} && exec env {env} TERM=xterm-256color {sys.executable} -m iq_tui --session {session_id}"


def test_edit_survives_sigkill(isolated_env: Path) -> None:
    with SessionStore(default_db_path()) as store:
        session = make_session(store, 4)
    tmux = Tmux(f"iqtest-{os.getpid()}")
    try:
        pid = tmux.start("a", _app_command(isolated_env, session.id))
        tmux.wait_for("a", "Question 0: tell me")
        time.sleep(0.5)  # let the first screen settle (focus) as a person would
        tmux.run("send-keys", "-t", "a", "space")  # mark question 1 asked
        tmux.wait_for("a", "✓ asked")
        tmux.run("send-keys", "-t", "a", "N")  # into the answer notes
        # the typing starts only once the notes box has focus (its footer shows), or under
        # load the text's "e" would reach the list and open the edit dialog
        tmux.wait_for("a", "\n esc Back")
        tmux.run("send-keys", "-t", "a", "-l", "typed before the kill")
        tmux.wait_for("a", "typed before the kill")
        time.sleep(1.5)  # the promise: saved within a second of the last keystroke
        os.kill(pid, signal.SIGKILL)
        with SessionStore(default_db_path()) as store:
            saved = store.get(session.id).questions[0]
        assert saved.asked and saved.answer_notes == "typed before the kill"

        # The killed app's pane closes and its tmux server exits on its own; a new server on
        # the same socket could race that exit, so the restart gets a socket of its own.
        tmux.kill_server()
        tmux = Tmux(f"iqtest-{os.getpid()}-restart")
        tmux.start("b", _app_command(isolated_env, session.id))
        text = tmux.wait_for("b", "typed before the kill")
        assert "✓ asked" in text
    finally:
        tmux.kill_server()
