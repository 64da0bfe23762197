"""`iq-tui roles`: list the role catalog (built-in and the user's roles.toml)."""

from __future__ import annotations

import argparse
import json

from iq_tui.commands.common import emit


def run_roles(args: argparse.Namespace) -> int:
    from iq_tui.engine.planning.roles import load_roles

    roles = load_roles()
    if args.format == "json":
        emit(json.dumps([r.model_dump() for r in roles], indent=2, ensure_ascii=False), None)
        return 0
    width = max(len(r.id) for r in roles)
    lines = []
    category = None
    for role in sorted(roles, key=lambda r: (r.category, r.name)):
        if role.category != category:
            category = role.category
            lines.append(f"\n{category}" if lines else category)
        mark = " (custom)" if role.custom else ""
        lines.append(f"  {role.id:<{width}}  {role.name}{mark}")
    emit("\n".join(lines), None)
    return 0
