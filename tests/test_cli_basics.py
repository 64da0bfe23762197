"""The CLI's frame: version, lazy imports, usage errors as one line with exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pdfplumber", "pdfminer", "openai", "anthropic", "textual")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", *args], capture_output=True, text=True, timeout=60
    )


def _loaded_modules(code: str) -> set[str]:
    probe = (
        f"{code}\nimport sys\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return set(out.strip().splitlines()[-1].split(","))


def test_version_prints_and_exits_zero() -> None:
    from iq_tui import __version__

    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"iq-tui {__version__}"


@pytest.mark.parametrize(
    "code",
    [
        "import iq_tui",
        "import iq_tui.cli",
        "import sys; from iq_tui.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass",
    ],
)
def test_heavy_modules_are_not_imported_up_front(code: str) -> None:
    loaded = _loaded_modules(code)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["generate", "cv.pdf", "--role", "x", "--level", "expert", "--type", "hr"], "--level"),
        (["generate", "cv.pdf", "--role", "x", "--level", "mid", "--type", "chat"], "--type"),
        (["generate", "cv.pdf", "--role", "x", "--level", "mid", "--type", "hr", "--count", "0"], "--count"),
        (["generate", "cv.pdf", "--role", "x", "--level", "mid", "--type", "hr", "--count", "51"], "--count"),
        (["generate", "cv.pdf", "--level", "mid", "--type", "hr"], "--role"),
        (["frobnicate", "x", "y"], "frobnicate"),
    ],
)
def test_bad_options_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_output_under_a_file_names_the_file_in_the_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from iq_tui.engine.settings.fileio import atomic_write_text

    (tmp_path / "notes.txt").write_text("mine\n")
    for target in ("notes.txt/plan.md", "notes.txt/sub/plan.md"):
        with pytest.raises(NotADirectoryError, match="notes.txt is a file, not a folder"):
            atomic_write_text(tmp_path / target, "plan")
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
