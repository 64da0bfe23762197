"""The role catalog: built-in data, the user's roles.toml, matching and custom roles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from iq_tui.engine.errors import RoleNotFoundError, SettingsError
from iq_tui.engine.planning.roles import custom_role, find_role, load_roles, user_roles_path

REQUIRED_IDS = {
    "backend-engineer", "frontend-developer", "fullstack-engineer", "mobile-developer",
    "devops-sre", "data-scientist", "data-engineer", "ml-engineer", "qa-engineer",
    "security-engineer", "product-manager", "product-designer", "engineering-manager",
}


def test_builtin_catalog_covers_the_families_with_complete_entries() -> None:
    roles = load_roles()
    assert len(roles) >= 12
    assert REQUIRED_IDS <= {r.id for r in roles}
    assert len({r.id for r in roles}) == len(roles)
    categories = {r.category for r in roles}
    assert {"backend", "data_science", "product", "design", "management"} <= categories
    for role in roles:
        assert role.name and role.description and len(role.keywords) >= 3, role.id
        assert set(role.level_keywords) == {"junior", "mid", "senior"}, role.id
        assert all(role.level_keywords[level] for level in role.level_keywords), role.id
        assert not role.custom


@pytest.mark.parametrize("query", ["Backend Engineer", "backend-engineer", "BACKEND engineer"])
def test_find_role_matches_name_or_id_case_insensitively(query: str) -> None:
    assert find_role(query, load_roles()).id == "backend-engineer"


def test_unknown_role_lists_close_matches() -> None:
    with pytest.raises(RoleNotFoundError) as info:
        find_role("Data Sciencist", load_roles())
    assert "Data Scientist" in info.value.message
    with pytest.raises(RoleNotFoundError) as info:
        find_role("zzqx", load_roles())
    assert "did you mean" not in info.value.message


def test_user_roles_file_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(
        '[[role]]\nid = "backend-engineer"\nname = "Backend Engineer"\ncategory = "backend"\n'
        'description = "Ours"\n\n'
        '[[role]]\nid = "game-dev"\nname = "Game Developer"\ncategory = "general"\n'
        'keywords = ["Unity"]\n',
        encoding="utf-8",
    )
    roles = load_roles(path)
    by_id = {r.id: r for r in roles}
    assert by_id["backend-engineer"].description == "Ours" and by_id["backend-engineer"].custom
    assert find_role("game developer", roles).keywords == ["Unity"]
    assert len(roles) == len(load_roles(tmp_path / "missing.toml")) + 1


def test_default_user_roles_path_is_beside_the_settings_file(isolated_env: Path) -> None:
    path = user_roles_path()
    assert path.parent == isolated_env / ".config" / "iq-tui"
    path.parent.mkdir(parents=True)
    path.write_text('[[role]]\nid = "x"\nname = "Xylophonist"\ncategory = "general"\n')
    assert find_role("xylophonist", load_roles()).custom


def test_malformed_user_roles_file_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('[[role]]\nid = "x"\nname = = "X"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_roles(path)
    assert str(path) in info.value.message and "line 3, column" in info.value.message


def test_user_role_missing_a_field_is_a_settings_error(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('[[role]]\nid = "x"\nname = "X"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="role #1: category"):
        load_roles(path)


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Product Owner", "product"),
        ("Site Reliability Engineer", "devops"),
        ("iOS Engineer", "mobile"),
        ("UX Researcher", "design"),
        ("Pastry Chef", "general"),
    ],
)
def test_custom_role_infers_category(name: str, category: str) -> None:
    role = custom_role(name, "")
    assert role.category == category and role.custom and role.name == name


def test_roles_command_json_lists_the_catalog() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "iq_tui", "roles", "--format", "json"],
        capture_output=True, text=True, check=True,
    ).stdout
    ids = {r["id"] for r in json.loads(out)}
    assert REQUIRED_IDS <= ids
