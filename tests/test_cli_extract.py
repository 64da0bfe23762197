"""`iq-tui extract` through the real CLI: good CVs, and hostile or broken files that must end
with exit status 2 and one line on stderr, never a traceback, within a bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import hostile
import pytest
from conftest import CVS

CONTRACT_KEYS = {
    "name",
    "email",
    "skills",
    "experience",
    "education",
    "projects",
    "years_experience",
    "pages",
    "text",
    "warnings",
}


def run_extract(path: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", "extract", str(path), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a guard against a hang, not a timing assertion
    )


def set_extraction(**values: object) -> None:
    """Write extraction settings to the isolated settings file the CLI reads."""
    path = Path(os.environ["IQ_TUI_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"{k} = {v}" for k, v in values.items())
    path.write_text(f"[extraction]\n{body}\n", "utf-8")


def assert_one_line_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def test_json_output_has_the_contract_shape() -> None:
    result = run_extract(CVS / "multi-degree-coursework.pdf", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert CONTRACT_KEYS <= set(data)
    assert data["name"] == "Jordan Bennett"
    assert data["email"] == "jordan.bennett@example.com"
    assert {"Python", "C++", "Docker"} <= set(data["skills"])
    assert set(data["experience"][0]) == {
        "title", "organization", "start", "end", "summary", "highlights", "confidence"
    }
    assert data["experience"][0]["organization"] == "Northwind Labs"
    assert set(data["education"][0]) == {"degree", "institution", "year"}
    assert data["pages"] == 1
    assert data["warnings"] == []


def test_text_output_is_readable() -> None:
    result = run_extract(CVS / "single-word-name-mononym.pdf")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Etta\n")
    assert "Senior Software Engineer at Northwind Labs (Jan 2021 – present)" in out
    assert "University of Illinois Urbana-Champaign" in out
    assert "Distributed Systems" in out


def test_markdown_cv(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text(
        "# Sam Rivers\nsam@example.org\n\n## Skills\n- Go, Postgres, k8s\n\n"
        "## Experience\n**Platform Engineer**, Hooli — 2018 - 2022\n- Ran the clusters\n",
        "utf-8",
    )
    data = json.loads(run_extract(cv, "--format", "json").stdout)
    assert data["name"] == "Sam Rivers"
    assert {"Go", "PostgreSQL", "Kubernetes"} <= set(data["skills"])
    assert data["experience"][0]["title"] == "Platform Engineer"
    assert data["experience"][0]["organization"] == "Hooli"


def test_hidden_text_warning_goes_to_stderr(tmp_path: Path) -> None:
    result = run_extract(hostile.write(tmp_path, "cv.pdf", hostile.hidden_text_pdf()))
    assert result.returncode == 0
    assert "hidden text found: 99 characters" in result.stderr
    assert "IGNORE" not in result.stdout


@pytest.mark.parametrize(
    ("name", "data", "phrases"),
    [
        ("cv.pdf", b"", ("cv.pdf is empty",)),
        ("cv.pdf", b"Just some words, no PDF at all.\n", ("cv.pdf is not a PDF (or is corrupt)",)),
        ("cv.pdf", hostile.corrupt_pdf(), ("cv.pdf is not a PDF (or is corrupt)",)),
        ("cv.pdf", hostile.encrypted_pdf(), ("cv.pdf is password-protected",)),
        ("cv.pdf", hostile.scanned_pdf(3), ("cv.pdf has no text layer: it looks scanned",)),
        ("cv.docx", b"PK\x03\x04\x00\x00binary\x00zip", ("cv.docx is not a Word document (or is corrupt)",)),
        ("cv.bin", b"\x00\x01binary\x00data", ("cv.bin is not a PDF or a text file",)),
    ],
    ids=["empty", "not-a-pdf", "corrupt", "encrypted", "scanned", "broken-docx", "binary"],
)
def test_unreadable_files(tmp_path: Path, name: str, data: bytes, phrases: tuple[str, ...]) -> None:
    assert_one_line_error(run_extract(hostile.write(tmp_path, name, data)), *phrases)


def test_truncated_real_cv(tmp_path: Path) -> None:
    data = hostile.truncated_pdf(CVS / "deedy-resume-openfonts.pdf")
    assert_one_line_error(run_extract(hostile.write(tmp_path, "cv.pdf", data)), "cv.pdf")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert_one_line_error(run_extract(tmp_path / "nope.pdf"), "nope.pdf does not exist")
    assert_one_line_error(run_extract(tmp_path), "is a directory")


def test_slow_file_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    set_extraction(timeout=0.2, max_pages=1000)
    result = run_extract(hostile.write(tmp_path, "slow.pdf", hostile.many_pages_pdf(1000)))
    assert_one_line_error(result, "slow.pdf took longer than 0.2 s to read and was stopped")


def test_thousands_of_pages_are_capped_with_a_warning(tmp_path: Path) -> None:
    set_extraction(timeout=120)  # the page cap is under test, not the time limit (a loaded CI)
    result = run_extract(hostile.write(tmp_path, "cv.pdf", hostile.many_pages_pdf(3000)))
    assert result.returncode == 0, result.stderr
    assert "only the first 30 of 3000 pages were read" in result.stderr
    assert "Alex Example" in result.stdout


def test_deeply_nested_objects_never_leak_a_traceback(tmp_path: Path) -> None:
    result = run_extract(hostile.write(tmp_path, "cv.pdf", hostile.nested_pdf()))
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2)
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1


def test_deep_page_tree_is_a_corrupt_file(tmp_path: Path) -> None:
    result = run_extract(hostile.write(tmp_path, "deep.pdf", hostile.deep_page_tree_pdf()))
    assert_one_line_error(result, "deep.pdf is not a PDF (or is corrupt)")
