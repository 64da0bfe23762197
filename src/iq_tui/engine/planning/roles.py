"""The role catalog: built-in roles shipped as data, plus the user's own `roles.toml`.

The user's file sits beside the settings file and has the built-in file's shape
(`[[role]]` tables); a role with a built-in id replaces the built-in one.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from iq_tui.engine.errors import RoleNotFoundError, SettingsError
from iq_tui.engine.models import Role
from iq_tui.engine.settings.store import read_small_text

GENERAL_CATEGORY = "general"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def user_roles_path() -> Path:
    """Where the user's `roles.toml` lives: beside the settings file."""
    from iq_tui.engine.settings.layers import default_settings_path

    return default_settings_path().parent / "roles.toml"


def _parse_roles(text: str, origin: str, *, custom: bool) -> list[Role]:
    try:
        data = tomllib.loads(text)
    except RecursionError as exc:
        raise SettingsError(f"{origin}: nested too deeply") from exc
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        match = _TOML_POSITION.search(detail)
        where = f"line {match[1]}, column {match[2]}" if match else "unknown position"
        reason = _TOML_POSITION.sub("", detail).strip()
        raise SettingsError(f"{origin}: {where}: {reason}") from exc
    tables: Any = data.get("role", [])
    if not isinstance(tables, list):
        raise SettingsError(f"{origin}: `role` must be a list of [[role]] tables")
    roles = []
    for number, table in enumerate(tables, start=1):
        try:
            role = Role.model_validate({**table, "custom": custom})
        except (ValidationError, TypeError) as exc:
            errors = exc.errors() if isinstance(exc, ValidationError) else []
            first = errors[0] if errors else {"loc": (), "msg": str(exc)}
            field = ".".join(str(p) for p in first["loc"]) or "role"
            raise SettingsError(f"{origin}: role #{number}: {field}: {first['msg']}") from exc
        if not role.id.strip() or not role.name.strip():
            raise SettingsError(f"{origin}: role #{number}: id and name must not be empty")
        roles.append(role)
    return roles


@lru_cache(maxsize=1)
def _builtin_roles() -> tuple[Role, ...]:
    text = resources.files("iq_tui.engine").joinpath("data", "roles.toml").read_text("utf-8")
    return tuple(_parse_roles(text, "built-in roles.toml", custom=False))


def load_roles(user_roles: Path | None = None) -> list[Role]:
    """The built-in catalog, then the user's roles (a user role replaces a built-in of same id).

    Raises SettingsError naming the file, line and column when the user's file is malformed.
    """
    path = user_roles if user_roles is not None else user_roles_path()
    roles = {role.id: role.model_copy(deep=True) for role in _builtin_roles()}
    try:
        text = read_small_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SettingsError(f"cannot read {path}: {reason}") from exc
    if text is not None:
        for role in _parse_roles(text, str(path), custom=True):
            roles[role.id] = role
    return list(roles.values())


def _key(text: str) -> str:
    """Compare names and ids alike: case, spaces, hyphens and slashes do not matter."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def find_role(query: str, roles: list[Role]) -> Role:
    """The role whose name or id matches `query` case-insensitively, else RoleNotFoundError."""
    wanted = _key(query)
    for role in roles:
        if wanted and wanted in (_key(role.id), _key(role.name)):
            return role
    names = {_key(r.name): r.name for r in roles} | {_key(r.id): r.name for r in roles}
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.5)
    # Also suggest roles whose name contains a word of the query ("backend" -> Backend Engineer).
    words = [w for w in wanted.split("-") if len(w) > 2]
    close += [k for k in names if any(w in k.split("-") for w in words)]
    suggestions = list(dict.fromkeys(names[k] for k in close))[:5]
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise RoleNotFoundError(
        f"unknown role {query!r}{hint} (`iq-tui roles` lists them all)"
    )


_GENERIC_WORDS = {
    "engineer", "developer", "specialist", "lead", "senior", "junior", "staff", "principal",
    "head", "of", "and", "the", "a", "an", "for", "in", "with", "to",
}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9+#/]+", text.casefold()))


def custom_role(name: str, description: str = "") -> Role:
    """A role typed by the user that is not in the catalog.

    Its category (which picks the offline question bank), keywords and level keywords come
    from the built-in role it shares most words with; with no overlap it is "general".
    """
    name = name.strip()
    words = _words(f"{name} {description}") - _GENERIC_WORDS
    best: Role | None = None
    best_score = 0
    for role in _builtin_roles():
        named = _words(role.name) | set(role.category.split("_"))
        vocabulary = named | _words(" ".join(role.keywords))
        score = len(words & vocabulary) + len(words & named)
        if score > best_score:
            best, best_score = role, score
    return Role(
        id=_key(name) or "custom-role",
        name=name or "Custom role",
        category=best.category if best else GENERAL_CATEGORY,
        description=description.strip(),
        keywords=list(best.keywords) if best else [],
        level_keywords=dict(best.level_keywords) if best else {},
        custom=True,
    )
