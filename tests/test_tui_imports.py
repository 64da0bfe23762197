"""The TUI's first frame imports neither pdfplumber nor the LLM SDKs (checked in a fresh process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).resolve().parent.parent / "bench" / "startup_probe.py"


def test_first_frame_imports_no_heavy_modules(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(PROBE), "iq"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=True,
    ).stdout
    frame = json.loads(out.strip().splitlines()[-1])
    assert frame["screen"] == "PickerScreen"
    assert frame["heavy"] == []
