"""Run a function on untrusted input in a forked child with time and memory limits.

A PDF can be built to exhaust a reader (a stream that inflates to gigabytes, millions of
pages, objects nested thousands deep). The child sets `RLIMIT_AS` to what the caller already
uses plus `max_memory_mb`, and is killed when `timeout` passes; the caller waits on a pipe
with `select`, so it is never frozen, whether it is the CLI or a Textual worker thread.

The child is forked from the caller, so modules the caller has imported (pdfplumber) cost
nothing to start: a round trip measured ~3 ms, against ~19 ms a call (after ~220 ms to start)
for a multiprocessing forkserver with pdfplumber preloaded. The result crosses the process
boundary as JSON: plain data only.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

# Python 3.12+ warns when a process with threads forks. The child here only runs the given
# function and leaves with os._exit, never touching locks the other threads may hold.
warnings.filterwarnings("ignore", message=r".*fork\(\) may lead to deadlocks.*")

MAX_RESULT_BYTES = 64 * 1024 * 1024


class SandboxError(Exception):
    """Base for the ways a sandboxed call can fail."""


class SandboxTimeout(SandboxError):
    pass


class SandboxMemoryError(SandboxError):
    pass


class SandboxCrash(SandboxError):
    """The child raised an unexpected exception or died; the message says how."""


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_GONE_EXIT = 5
"""The child's exit status when it finds its parent gone before the kernel could be told."""


def _die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this child when its parent dies (SIGTERM to the CLI, the TUI
    quitting mid-read), so no reader is left running under PID 1. Elsewhere than Linux, a
    thread polls for the parent instead."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(PARENT_GONE_EXIT)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(PARENT_GONE_EXIT)

    threading.Thread(target=watch, daemon=True).start()


def _child(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    w: int,
    max_memory_mb: int,
    timeout: float,
    parent: int,
) -> None:
    """The child's whole life: limits, the call, the answer on the pipe, `os._exit`."""
    code = 0
    try:
        _die_with_parent(parent)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:  # an event loop's wake-up pipe (Textual, asyncio) is the parent's, not ours
            signal.set_wakeup_fd(-1)
        except (ValueError, OSError):
            pass
        # The inherited objects are never freed here: keep the collector off them (no
        # copy-on-write of their pages) and let it run rarely, the child being short-lived.
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)
        import resource

        limit = _vm_bytes() + max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = int(timeout) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        try:
            answer: dict[str, Any] = {"ok": fn(*args)}
        except MemoryError:
            answer = {"memory": True}
        except RecursionError:
            answer = {"crash": "RecursionError: nested too deeply"}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            answer = {"crash": f"{type(exc).__name__}: {exc}"[:500]}
        try:
            data = json.dumps(answer).encode()
        except MemoryError:
            data = b'{"memory": true}'
        view = memoryview(data)
        while view:
            n = os.write(w, view)
            view = view[n:]
    except MemoryError:
        code = 3
    except BaseException:  # noqa: BLE001 - the child must never return into the caller's code
        code = 4
    finally:
        os._exit(code)


def run_sandboxed(fn: Callable[..., Any], *args: Any, timeout: float, max_memory_mb: int) -> Any:
    """`fn(*args)` in a forked child; its JSON-able result, or a `SandboxError`."""
    if not hasattr(os, "fork"):  # no fork (Windows): run in-process, without limits
        return fn(*args)
    r, w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(r)
        _child(fn, args, w, max_memory_mb, timeout, parent)
    os.close(w)
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SandboxTimeout(f"took longer than {timeout:g} s")
            ready, _, _ = select.select([r], [], [], min(left, 0.5))
            if not ready:
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_RESULT_BYTES:
                raise SandboxMemoryError("result too large")
        _, status, usage = os.wait4(pid, 0)
        finished = True
    finally:
        os.close(r)
        if not finished:
            _kill(pid)
    raw = b"".join(chunks)
    if not raw:
        # died without an answer: out of memory (allocation failed in C) or a crash
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise SandboxTimeout(f"used more than {timeout:g} s of CPU")
        if os.WEXITSTATUS(status) == 3 or peak >= 0.8 * max_memory_mb * 1024 * 1024:
            raise SandboxMemoryError(f"needs more than {max_memory_mb} MB")
        raise SandboxCrash(f"the reader stopped unexpectedly (status {status})")
    try:
        answer = json.loads(raw)
    except ValueError:  # cut short: the child died while writing
        raise SandboxCrash("the reader's answer was cut short") from None
    if "ok" in answer:
        return answer["ok"]
    if answer.get("memory"):
        raise SandboxMemoryError(f"needs more than {max_memory_mb} MB")
    raise SandboxCrash(answer.get("crash", "unknown failure"))


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
