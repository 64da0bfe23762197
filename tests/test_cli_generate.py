"""`iq-tui generate` end to end and offline, as a user runs the README's quick start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-cv.pdf"
QUICK_START = ("--role", "Backend Engineer", "--level", "mid", "--type", "mixed")


def iq(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def _one_clean_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_offline_json_plan_from_the_sample_cv() -> None:
    done = iq("generate", str(SAMPLE), *QUICK_START, "--provider", "offline", "--format", "json")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)  # stdout holds the result alone
    assert plan["role"] == {"id": "backend-engineer", "name": "Backend Engineer", "category": "backend"}
    assert plan["provider"] == {"name": "offline", "model": None, "used_fallback": False,
                                "fallback_reason": None}
    assert plan["candidate"]["name"] == "Jordan Avery Lee"
    questions = plan["questions"]
    assert len(questions) == 10 and len({q["text"] for q in questions}) == 10
    assert {q["category"] for q in questions} == {"hr", "technical", "case_study", "behavioral"}
    assert all(q["source"] == "offline" and q["difficulty"] == "mid" for q in questions)
    own = ["Python", "Django", "FastAPI", "PostgreSQL", "Redis", "Docker", "AWS", "Kafka",
           "Parcel Pulse", "Ledgerlite", "Brightfield Health", "Nimbus Retail",
           "Tidewater Logistics"]
    assert sum(any(s in q["text"] for s in own) for q in questions) >= 6
    assert "10 questions from the offline generator" in done.stderr


def test_quick_start_without_a_key_falls_back_and_prints_markdown() -> None:
    done = iq("generate", str(SAMPLE), *QUICK_START)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Interview plan: Jordan Avery Lee, Backend Engineer")
    assert "| Fallback | offline questions used:" in done.stdout
    assert "no OpenAI API key" in done.stderr or "no openai api key" in done.stderr.lower()
    assert done.stdout.count("**A strong answer covers:**") == 10


def test_output_file_gets_the_plan_and_stdout_stays_empty(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    done = iq("generate", str(SAMPLE), *QUICK_START, "--provider", "offline", "--format", "json",
              "--count", "3", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["questions"]) == 3
    md = tmp_path / "plan.md"
    assert iq("generate", str(SAMPLE), *QUICK_START, "--provider", "offline", "-q",
              "-o", str(md)).returncode == 0
    assert md.read_text(encoding="utf-8").startswith("# Interview plan")


def test_same_command_gives_the_same_questions() -> None:
    args = ("generate", str(SAMPLE), "--role", "data-scientist", "--level", "senior", "--type",
            "case_study", "--provider", "offline", "--format", "json", "-q")
    first, second = (json.loads(iq(*args).stdout)["questions"] for _ in range(2))
    assert first == second


def test_unknown_role_exits_2_with_close_matches() -> None:
    done = iq("generate", str(SAMPLE), "--role", "Backend Enginer", "--level", "mid",
              "--type", "mixed", "--provider", "offline")
    assert done.returncode == 2 and done.stdout == ""
    line = _one_clean_line(done.stderr)
    assert "Backend Enginer" in line and "Backend Engineer" in line


@pytest.mark.parametrize("count", ["0", "51", "ten"])
def test_count_out_of_range_exits_2(count: str) -> None:
    done = iq("generate", str(SAMPLE), *QUICK_START, "--provider", "offline", "--count", count)
    assert done.returncode == 2 and done.stdout == ""
    assert "--count" in _one_clean_line(done.stderr)


def test_count_limits_are_met() -> None:
    for count in ("1", "50"):
        done = iq("generate", str(SAMPLE), "--role", "product-manager", "--level", "junior",
                  "--type", "technical", "--provider", "offline", "--format", "json",
                  "--count", count, "-q")
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)["questions"]) == int(count)


def _sample_script():
    import importlib.util

    path = SAMPLE.parent / "make_sample_cv.py"
    spec = importlib.util.spec_from_file_location("make_sample_cv", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_sample_cv_files_match_their_script_and_extract_cleanly() -> None:
    from iq_tui.engine.reading.extract import extract_profile

    script = _sample_script()
    assert (SAMPLE.parent / "sample-cv.md").read_text(encoding="utf-8") == script.to_markdown()
    for path in (SAMPLE, SAMPLE.parent / "sample-cv.md"):
        profile = extract_profile(path)
        assert profile.name == script.NAME and profile.email == "jordan.lee@example.com"
        assert set(script.SKILLS) <= set(profile.skills)
        jobs = [(e.title, e.organization) for e in profile.experience]
        assert jobs == [(j.heading, j.detail) for j in script.EXPERIENCE]
        assert [p.name for p in profile.projects] == [p.heading for p in script.PROJECTS]
        assert [e.institution for e in profile.education] == [e.detail for e in script.EDUCATION]
