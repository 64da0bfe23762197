"""`iq-tui kits list`: the kits in the kits folder (beside the settings file)."""

from __future__ import annotations

import argparse
import json

from iq_tui.commands.common import emit, warn


def run_kits(args: argparse.Namespace) -> int:
    from iq_tui.engine.planning.kits import kits_directory, list_kits

    folder = kits_directory()
    kits = list_kits(folder)
    if args.format == "json":
        rows = [
            {"name": k.name, "role": k.role, "questions": k.count, "path": str(k.path),
             "error": k.error}
            for k in kits
        ]
        emit(json.dumps(rows, indent=2, ensure_ascii=False), None)
        return 0
    good = [k for k in kits if k.error is None]
    for kit in kits:
        if kit.error is not None:
            warn(kit.error)
    if not good:
        emit(f"no kits in {folder}", None)
        return 0
    width = max(len(k.name) for k in good)
    lines = [f"{k.name:<{width}}  {k.role}  {k.count} questions  {k.path.name}" for k in good]
    emit("\n".join([f"kits in {folder}:", *lines]), None)
    return 0
