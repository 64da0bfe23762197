"""The TUI's small non-screen helpers: paths as shown, recent CVs, export names, role filter,
path completion."""

from __future__ import annotations

from pathlib import Path

from iq_tui.engine.models import (
    CandidateRef,
    GenerationResult,
    ProviderInfo,
    Role,
    RoleRef,
)
from iq_tui.files import RECENT_MAX, RecentCVs, display_path
from iq_tui.flow import default_export_path, role_matches
from iq_tui.widgets.paths import PathSuggester


def test_display_path_is_relative_under_cwd_and_home(tmp_path: Path) -> None:
    assert display_path(Path.cwd() / "a" / "cv.pdf") == "a/cv.pdf"
    assert display_path(Path.home() / "cv.pdf") == "~/cv.pdf"
    assert display_path(Path("/opt/x.pdf")) == "/opt/x.pdf"


def test_recent_cvs_newest_first_no_duplicates_capped(tmp_path: Path) -> None:
    recent = RecentCVs(tmp_path / "data")
    assert recent.load() == []
    paths = [tmp_path / f"cv{i}.pdf" for i in range(RECENT_MAX + 2)]
    for path in paths:
        recent.add(path)
    recent.add(paths[3])
    loaded = RecentCVs(tmp_path / "data").load()
    assert loaded[0] == paths[3].resolve()
    assert len(loaded) == RECENT_MAX and len(set(loaded)) == RECENT_MAX
    (tmp_path / "data" / "recent.json").write_text("{not json", encoding="utf-8")
    assert recent.load() == []


def test_default_export_path_names_candidate_and_role(tmp_path: Path) -> None:
    result = GenerationResult(
        role=RoleRef(
            id="backend-engineer", name="Backend Engineer", category="backend"
        ),
        level="mid",
        interview_type="technical",
        candidate=CandidateRef(name="Zoë O'Neil"),
        provider=ProviderInfo(name="offline"),
    )
    assert (
        default_export_path(result, "json", tmp_path)
        == tmp_path / "zoë-o-neil-backend-engineer.json"
    )
    result.candidate.name = ""
    assert (
        default_export_path(result, "markdown", tmp_path).name == "backend-engineer.md"
    )


def test_role_filter_matches_every_word_anywhere() -> None:
    role = Role(
        id="data-engineer",
        name="Data Engineer",
        category="data",
        keywords=["Spark", "ETL"],
    )
    assert role_matches(role, "")
    assert role_matches(role, "data spark")
    assert role_matches(role, "ENGINEER")
    assert not role_matches(role, "data frontend")


async def test_path_suggester_completes_cv_files_and_dirs(tmp_path: Path) -> None:
    (tmp_path / "resumes").mkdir()
    (tmp_path / "resume.pdf").write_bytes(b"")
    (tmp_path / "resume.docx").write_bytes(b"")
    (tmp_path / "resume.odt").write_bytes(b"")
    (tmp_path / ".resume-hidden.pdf").write_bytes(b"")
    suggester = PathSuggester()
    assert (
        await suggester.get_suggestion(f"{tmp_path}/resume.")
        == f"{tmp_path}/resume.docx"
    )
    assert (
        await suggester.get_suggestion(f"{tmp_path}/resume.p")
        == f"{tmp_path}/resume.pdf"
    )
    assert (
        await suggester.get_suggestion(f"{tmp_path}/resumes") == f"{tmp_path}/resumes/"
    )
    assert await suggester.get_suggestion(f"{tmp_path}/resume.o") is None
    assert await suggester.get_suggestion(f"{tmp_path}/.resume") is None
    assert await suggester.get_suggestion(f"{tmp_path}/nothing") is None
