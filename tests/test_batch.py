"""`iq-tui batch DIR ... -o OUTDIR`: one plan per CV, an index, resumable, nothing lost."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, questions_json

from iq_tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "cvs"
ARGS = ("--role", "Backend Engineer", "--level", "senior", "--type", "technical", "--count", "4")
CV_A = "Ana Lima\nana@example.com\nSkills: Python, Django, PostgreSQL\n\nExperience\nBackend Engineer, Shopline, 2018 - 2024\n- Built the order API in Django serving 2M requests a day\n"
CV_B = "Bo Chen\nbo@example.com\nSkills: Go, Kafka, Kubernetes\n\nExperience\nSoftware Engineer, Parcelo, 2019 - present\n- Moved the billing jobs from cron to Kafka consumers\n"


def batch(*args: str) -> int:
    return main(["batch", *args])


def folder(tmp_path: Path, **files: str | bytes) -> Path:
    cvs = tmp_path / "cvs"
    cvs.mkdir(exist_ok=True)
    for name, data in files.items():
        path = cvs / name.replace("__", ".")
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return cvs


def index(out: Path) -> list[dict[str, object]]:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def test_one_plan_per_cv_an_index_and_exit_3_when_one_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cvs = folder(tmp_path, a__txt=CV_A, b__md=CV_B, broken__pdf="not a pdf", notes__rtf="x")
    (cvs / ".hidden.txt").write_text(CV_A, encoding="utf-8")
    (cvs / "sub").mkdir()
    out = tmp_path / "out"
    assert batch(str(cvs), *ARGS, "-o", str(out)) == 3
    assert index(out) == [
        {"cv": "a.txt", "status": "ok", "reason": None, "plan": "a.json"},
        {"cv": "b.md", "status": "ok", "reason": None, "plan": "b.json"},
        {"cv": "broken.pdf", "status": "failed",
         "reason": "broken.pdf is not a PDF (or is corrupt)", "plan": None},
        {"cv": "notes.rtf", "status": "skipped",
         "reason": "not a CV file (.pdf, .docx, .txt, .md)", "plan": None},
    ]
    plan = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert plan["candidate"]["name"] == "Ana Lima" and len(plan["questions"]) == 4
    assert (out / "b.md").read_text(encoding="utf-8").startswith("# ")
    err = capsys.readouterr().err
    assert "[3/3]" in err and "Traceback" not in err
    assert "iq-tui: warning: failed: broken.pdf is not a PDF (or is corrupt)" in err
    assert "2 plans made, 0 already done, 1 failed" in err
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_every_cv_planned_exits_0_and_a_pdf_is_read(tmp_path: Path) -> None:
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "cv.pdf").write_bytes((FIXTURES / "rendercv-classic.pdf").read_bytes())
    out = tmp_path / "out"
    assert batch(str(cvs), *ARGS, "-o", str(out), "-q") == 0
    assert index(out) == [{"cv": "cv.pdf", "status": "ok", "reason": None, "plan": "cv.json"}]
    assert json.loads((out / "cv.json").read_text())["candidate"]["skills"]


def test_a_second_run_skips_what_is_done_and_retries_what_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cvs = folder(tmp_path, a__txt=CV_A, b__txt="")
    out = tmp_path / "out"
    assert batch(str(cvs), *ARGS, "-o", str(out)) == 3
    made = (out / "a.json").stat().st_mtime_ns
    (cvs / "b.txt").write_text(CV_B, encoding="utf-8")
    capsys.readouterr()
    assert batch(str(cvs), *ARGS, "-o", str(out)) == 0
    assert index(out) == [
        {"cv": "a.txt", "status": "skipped", "reason": "already done with the same inputs",
         "plan": "a.json"},
        {"cv": "b.txt", "status": "ok", "reason": None, "plan": "b.json"},
    ]
    assert (out / "a.json").stat().st_mtime_ns == made
    assert "1 plans made, 1 already done, 0 failed" in capsys.readouterr().err


def test_other_inputs_or_a_changed_cv_make_the_plan_again(tmp_path: Path) -> None:
    cvs = folder(tmp_path, a__txt=CV_A, b__txt=CV_B)
    out = tmp_path / "out"
    assert batch(str(cvs), *ARGS, "-o", str(out), "-q") == 0
    (cvs / "b.txt").write_text(CV_B + "- Cut deploy time by half\n", encoding="utf-8")
    assert batch(str(cvs), *ARGS, "-o", str(out), "-q") == 0
    assert [e["status"] for e in index(out)] == ["skipped", "ok"]
    assert batch(str(cvs), *ARGS, "--level", "mid", "-o", str(out), "-q") == 0
    assert [e["status"] for e in index(out)] == ["ok", "ok"]
    assert json.loads((out / "a.json").read_text())["level"] == "mid"
    (out / "a.md").unlink()  # a plan file gone: the CV is not done
    assert batch(str(cvs), *ARGS, "--level", "mid", "-o", str(out), "-q") == 0
    assert [e["status"] for e in index(out)] == ["ok", "skipped"]


def test_a_file_batch_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    cvs = folder(tmp_path, a__txt=CV_A, b__txt=CV_B)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("my own notes", encoding="utf-8")
    assert batch(str(cvs), *ARGS, "-o", str(out), "-q") == 3
    assert (out / "a.md").read_text(encoding="utf-8") == "my own notes"
    assert not (out / "a.json").exists()
    entry = index(out)[0]
    assert entry["status"] == "failed" and "a.md exists and was not written by batch" in str(entry["reason"])
    assert index(out)[1]["status"] == "ok"


def test_cvs_sharing_a_name_get_plans_named_in_full(tmp_path: Path) -> None:
    cvs = folder(tmp_path, cv__txt=CV_A, cv__md=CV_B)
    out = tmp_path / "out"
    assert batch(str(cvs), *ARGS, "-o", str(out), "-q") == 0
    assert [(e["cv"], e["plan"]) for e in index(out)] == [
        ("cv.md", "cv.md.json"), ("cv.txt", "cv.txt.json")]
    assert json.loads((out / "cv.md.json").read_text())["candidate"]["name"] == "Bo Chen"


def test_an_unreadable_record_stops_the_run_and_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cvs = folder(tmp_path, a__txt=CV_A)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".iq-batch.json").write_text("{broken", encoding="utf-8")
    assert batch(str(cvs), *ARGS, "-o", str(out)) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("cannot be read (not a batch record): move it away to start the batch afresh")
    assert len(err.splitlines()) == 1
    assert (out / ".iq-batch.json").read_text(encoding="utf-8") == "{broken"
    assert sorted(p.name for p in out.iterdir()) == [".iq-batch.json"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing", "does not exist"),
        ("file", "is a file, not a folder of CVs"),
        ("empty", "has no CV files (.pdf, .docx, .txt, .md); nothing to do"),
        ("same", "-o must not be the CV folder"),
        ("out-is-file", "is a file, not a folder"),
    ],
)
def test_bad_folders_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, message: str
) -> None:
    cvs = folder(tmp_path, a__txt=CV_A)
    out = tmp_path / "out"
    if case == "missing":
        cvs = tmp_path / "nowhere"
    elif case == "file":
        cvs = cvs / "a.txt"
    elif case == "empty":
        (cvs / "a.txt").unlink()
    elif case == "same":
        out = cvs
    else:
        out.write_text("x", encoding="utf-8")
    assert batch(str(cvs), *ARGS, "-o", str(out)) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert (tmp_path / "out").exists() == (case == "out-is-file")  # nothing made
    assert not (tmp_path / "cvs" / "index.json").exists()


@pytest.mark.parametrize("jobs", ["0", "17", "two"])
def test_bad_jobs_is_a_usage_error(tmp_path: Path, jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        batch(str(tmp_path), *ARGS, "--jobs", jobs, "-o", str(tmp_path / "out"))
    assert exit_.value.code == 2
    assert "--jobs takes a whole number from 1 to 16" in capsys.readouterr().err


def test_plans_from_the_model_with_two_jobs_and_no_key_on_stderr(
    llm_server: LLMServer, tmp_path: Path
) -> None:
    """The real openai SDK against the fake server, two CVs at once, in a real process."""
    llm_server.default = Reply(content=questions_json(4))
    cvs = folder(tmp_path, a__txt=CV_A, b__txt=CV_B)
    out = tmp_path / "out"
    env = {**os.environ, "OPENAI_BASE_URL": llm_server.openai_url,
           "OPENAI_API_KEY": "sk-batch-secret-998877", "USE_LLM_FOR_QUESTIONS": "true",
           "LLM_PROVIDER": "openai", "LLM_TIMEOUT": "20"}
    done = subprocess.run(
        [sys.executable, "-m", "iq_tui", "batch", str(cvs), *ARGS, "--jobs", "2", "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [e["status"] for e in index(out)] == ["ok", "ok"]
    for name in ("a.json", "b.json"):
        plan = json.loads((out / name).read_text(encoding="utf-8"))
        assert plan["provider"]["name"] == "openai" and plan["provider"]["used_fallback"] is False
        assert [q["source"] for q in plan["questions"]] == ["llm"] * 4
    assert len(llm_server.posts()) == 2
    assert "sk-batch-secret" not in done.stderr + done.stdout
    assert "ana@example.com" not in json.dumps([p.body for p in llm_server.posts()])
    # the same inputs again: nothing is asked of the model
    again = subprocess.run(
        [sys.executable, "-m", "iq_tui", "batch", str(cvs), *ARGS, "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert again.returncode == 0, again.stderr
    assert len(llm_server.posts()) == 2
    assert [e["status"] for e in index(out)] == ["skipped", "skipped"]


def test_a_job_description_and_a_kit_reach_every_plan_and_are_part_of_the_inputs(
    tmp_path: Path,
) -> None:
    root = Path(__file__).resolve().parent.parent
    jd = tmp_path / "jd.md"
    jd.write_bytes((Path(__file__).parent / "fixtures" / "jds" / "backend-bullets.md").read_bytes())
    kit = root / "examples" / "kits" / "backend-core.toml"
    cvs = folder(tmp_path, a__txt=CV_A, b__txt=CV_B)
    out = tmp_path / "out"
    common = (str(cvs), *ARGS[:-2], "--count", "8", "--jd", str(jd), "--kit", str(kit), "-o", str(out), "-q")
    assert batch(*common) == 0
    for name in ("a.json", "b.json"):
        plan = json.loads((out / name).read_text(encoding="utf-8"))
        assert plan["requirements"], name
        assert plan["questions"][0]["core"] is True and plan["questions"][0]["source"] == "kit"
        assert len(plan["questions"]) == 8
    assert batch(*common) == 0
    assert [e["status"] for e in index(out)] == ["skipped", "skipped"]
    jd.write_text(jd.read_text(encoding="utf-8") + "\n- Experience with GraphQL\n", encoding="utf-8")
    assert batch(*common) == 0  # an edited JD is another input: both plans again
    assert [e["status"] for e in index(out)] == ["ok", "ok"]


@pytest.mark.parametrize("option", ["--jd", "--kit"])
def test_an_unusable_jd_or_kit_stops_before_any_plan(
    tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cvs = folder(tmp_path, a__txt=CV_A)
    bad = tmp_path / ("jd.pdf" if option == "--jd" else "kit.toml")
    bad.write_text("[kit\nbroken" if option == "--kit" else "not a pdf", encoding="utf-8")
    out = tmp_path / "out"
    assert batch(str(cvs), *ARGS, option, str(bad), "-o", str(out)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and bad.name in err, err
    assert not out.exists()
