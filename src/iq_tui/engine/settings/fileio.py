"""Safe file writes: a temp file in the same directory, fsync, then os.replace.

A reader never sees half a file, and the file is never, even briefly, more readable than
`mode` (the temp file is created with it). Everything the app writes holds candidate data or
keys, so the default is 0600.

Only a regular file is ever replaced. A device or a FIFO (`-o /dev/null`, `-o >(pipe)`) is
written to directly, as a shell redirection would; anything else that is not a regular file,
and a read-only file, is refused.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600


def _check_folders(path: Path) -> None:
    """Say which part of the path is in the way: mkdir's "File exists" for `notes.txt/plan.md`
    does not say that `notes.txt` is a file."""
    for folder in path.parents:
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                raise NotADirectoryError(
                    errno.ENOTDIR, f"{folder} is a file, not a folder", str(path)
                )
            return


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = PRIVATE_MODE) -> None:
    """Write `data` to `path`; a symlink is written through (the link stays a link).

    A new file gets `mode`; a file being replaced keeps its mode, narrowed to `mode`."""
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    _check_folders(path)
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        kind = existing.st_mode
        if stat.S_ISCHR(kind) or stat.S_ISBLK(kind) or stat.S_ISFIFO(kind):
            _write_in_place(path, data)
            return
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, "it is a directory", str(path))
        if not stat.S_ISREG(kind):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        if not kind & stat.S_IWUSR or not os.access(path, os.W_OK):
            # root may write anything: the mode bits are the user's "do not touch"
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
        mode &= kind
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{_short(path.name)}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode & 0o777)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(path.parent)


def _short(name: str, limit: int = 100) -> str:
    """The temp file's prefix: a name near the 255-byte limit must not push it over."""
    return name.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore")


def _write_in_place(path: Path, data: bytes) -> None:
    """A device or FIFO: open it and write, never create, truncate or replace anything."""
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()


def _fsync_directory(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def atomic_write_text(path: Path, text: str, *, mode: int = PRIVATE_MODE) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)
