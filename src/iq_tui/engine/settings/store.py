"""The settings file on disk: read it (with the bad line's position), write it safely, mask keys.

Knows nothing of the settings model (that is `settings.py`): this is TOML, paths and modes.
A file that does not parse, or cannot be read, is never written over: `read_document` raises
`SettingsFileError` and every writer reads first.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from iq_tui.engine.errors import SettingsError

FILE_MODE = 0o600
MAX_FILE_BYTES = 1 << 20
"""A settings or roles file is a few kilobytes: more is not one (`IQ_TUI_CONFIG=/dev/zero`)."""
DIR_MODE = 0o700
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class SettingsFileError(SettingsError):
    """The settings file exists but cannot be read or parsed; it must not be overwritten."""

    def __init__(self, message: str, *, path: Path, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column


def default_settings_path() -> Path:
    """`IQ_TUI_CONFIG`, else settings.toml in platformdirs' user config dir.

    Here rather than in `settings.py` so the TUI can find the file (theme, keymap) before
    its first frame without importing pydantic.
    """
    env = os.environ.get("IQ_TUI_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("iq-tui") / "settings.toml"


def read_small_text(path: Path, limit: int = MAX_FILE_BYTES) -> str | None:
    """A small UTF-8 file's text, None when it does not exist. Only a regular file is read,
    and at most `limit` bytes of it: `/dev/zero` or a FIFO there must not hang or fill memory.
    Raises OSError (with a `strerror` in words) or UnicodeDecodeError."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit >> 20} MB, which no such file is", str(path))
    return data.decode("utf-8")


def read_document(path: Path) -> dict[str, Any]:
    """The parsed TOML document, `{}` when the file does not exist."""
    try:
        text = read_small_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SettingsFileError(f"cannot read {path}: {reason}", path=path) from exc
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except RecursionError as exc:  # tomllib recurses; one deep value must not stop every command
        raise SettingsFileError(f"{path}: not valid TOML: nested too deeply", path=path) from exc
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        match = _POSITION.search(detail)
        if match is None:
            raise SettingsFileError(f"{path}: not valid TOML: {detail}", path=path) from exc
        line, column = int(match[1]), int(match[2])
        reason = detail[: match.start()]
        raise SettingsFileError(
            f"{path}: line {line}, column {column}: {reason}",
            path=path, line=line, column=column,
        ) from exc


def has_comments(path: Path) -> bool:
    """Whether the file has comment lines (which a rewrite with tomli-w cannot keep)."""
    try:
        text = read_small_text(path) or ""
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.lstrip().startswith("#") for line in text.splitlines())


def write_document(path: Path, document: dict[str, Any]) -> None:
    """Write atomically with mode 0600 from the start; a new directory is made 0700.

    A symlinked file (dotfiles) is written where the link points, so the link stays.
    """
    import tomli_w

    from iq_tui.engine.settings.fileio import atomic_write_text

    if path.is_symlink():
        path = path.resolve()
    try:
        text = tomli_w.dumps(document)
    except RecursionError as exc:  # a deep table that tomllib read: refused, not a crash
        raise SettingsFileError(f"{path}: a value is nested too deeply to write back", path=path) from exc
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    atomic_write_text(path, text, mode=FILE_MODE)


def _parts(key: str | Sequence[str]) -> list[str]:
    return key.split(".") if isinstance(key, str) else list(key)


def get_dotted(document: dict[str, Any], key: str | Sequence[str]) -> Any:
    """`document["a"]["b"]` for "a.b" (or ["a", "b"]); None when any part is missing."""
    node: Any = document
    for part in _parts(key):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_dotted(document: dict[str, Any], key: str | Sequence[str], value: Any) -> None:
    """Set "a.b" (or ["a", "b"]) in place, making tables on the way; None removes the key
    (and the tables it empties)."""
    parts = _parts(key)
    if value is None:
        _delete_dotted(document, parts)
        return
    node = document
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def _delete_dotted(node: dict[str, Any], parts: list[str]) -> None:
    head, rest = parts[0], parts[1:]
    if not rest:
        node.pop(head, None)
        return
    child = node.get(head)
    if isinstance(child, dict):
        _delete_dotted(child, rest)
        if not child:
            del node[head]


def mask_secret(value: str | None) -> str:
    """`sk-…9c` (first 3 and last 2 characters); just "set" when the key is too short to hint at."""
    if not value:
        return "not set"
    if len(value) < 12:
        return "set"
    return f"{value[:3]}…{value[-2:]}"


def url_password(url: str | None) -> str | None:
    """The password in a URL's user part ("https://user:secret@proxy/v1"), if any."""
    if not url or "@" not in url:
        return None
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).password or None
    except ValueError:
        return None


def url_host(url: str) -> str:
    """The host (with a port other than the scheme's) a URL points at, for naming an endpoint;
    never its user part."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return "an invalid address"
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port is not None and port != default else host or "an unnamed host"


def mask_url(url: str) -> str:
    """The URL with a password in its user part masked, as `mask_secret` masks a key."""
    password = url_password(url)
    return url.replace(f":{password}@", f":{mask_secret(password)}@", 1) if password else url


def unmask_url(edited: str, original: str | None) -> str:
    """`edited` (a field that showed `mask_url(original)`) with the mask put back to the real
    password: editing the path must not save `Sup…23` over the password."""
    password = url_password(original)
    if not password:
        return edited
    return edited.replace(f":{mask_secret(password)}@", f":{password}@", 1)


def loose_permissions(path: Path) -> int | None:
    """The file's mode when group or others may access it, else None (also when it is missing)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return mode if mode & 0o077 else None
