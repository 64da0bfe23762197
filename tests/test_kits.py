"""Kits: loading and validating kit files, and plans that open with a kit's core questions."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from llm_server import LLMServer, Reply, make_settings, questions_json

from iq_tui.engine.models import CandidateProfile, Question, Role
from iq_tui.engine.output.kit_file import (
    KitExistsError,
    cv_quotes,
    kit_from_questions,
    kit_path,
    save_kit,
)
from iq_tui.engine.planning.events import Done, QuestionReady
from iq_tui.engine.planning.generation import GenerationRequest, generate, regenerate_question
from iq_tui.engine.planning.kits import (
    KitError,
    kits_directory,
    list_kits,
    load_kit,
    near_repeat,
    parse_kit,
)
from iq_tui.engine.settings.layers import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kits" / "backend-core.toml"
SAMPLE_CV = ROOT / "examples" / "sample-cv.md"
ROLE = Role(id="backend-engineer", name="Backend Engineer", category="backend")
PROFILE = CandidateProfile(
    name="Jane Roe",
    skills=["Python", "Django", "PostgreSQL"],
    text="Jane Roe\nBackend engineer at Acme 2019 - 2023: Python, Django, PostgreSQL.\n",
)

GOOD = """\
[kit]
name = "Backend core"
role = "backend-engineer"

[[question]]
text = "How do you decide where a transaction boundary goes?"
category = "technical"
difficulty = "mid"
competency = "data consistency"
rationale = "Every backend engineer draws these lines."
follow_ups = ["What breaks if it is too wide?"]
good_answer = "Business invariants, lock scope, retries."
red_flags = ["One transaction per request, always"]

[[question]]
text = "Tell me about a time you disagreed with a design decision."
category = "behavioral"
difficulty = "mid"
"""


def write_kit(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def question(text: str, category: str = "technical", **extra: Any) -> str:
    lines = [
        "[[question]]",
        f"text = {json.dumps(text, ensure_ascii=False)}",
        f'category = "{category}"',
        'difficulty = "mid"',
    ]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


HEAD = '[kit]\nname = "K"\nrole = "backend-engineer"\n\n'


# -- loading and validation -------------------------------------------------------------------


def test_a_good_kit_loads_word_for_word_as_core_kit_questions() -> None:
    kit = parse_kit(GOOD, "good.toml")
    assert (kit.name, kit.role) == ("Backend core", "backend-engineer")
    first, second = kit.questions
    assert first.text == "How do you decide where a transaction boundary goes?"
    assert first.competency == "data consistency"
    assert first.follow_ups == ["What breaks if it is too wide?"]
    assert first.red_flags == ["One transaction per request, always"]
    assert (second.category, second.follow_ups, second.rationale) == ("behavioral", [], "")
    assert all(q.core and q.source == "kit" and q.evidence is None for q in kit.questions)


def test_the_example_kit_the_readme_points_at_loads() -> None:
    kit = load_kit(str(EXAMPLE))
    assert kit.name == "Backend core" and kit.role == "backend-engineer"
    assert len(kit.questions) == 3 and kit.path == EXAMPLE
    assert "examples/kits/backend-core.toml" in (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[kit\nname = 1", "not valid TOML: line 1"),
        (HEAD + question("Why?", category="tech"),
         "question #1: `category` 'tech' is not one of hr, technical, case_study, behavioral"),
        (HEAD + question("Why?").replace('"mid"', '"expert"'),
         "question #1: `difficulty` 'expert' is not one of junior, mid, senior"),
        (HEAD + question("   "), "question #1: `text` is empty"),
        (HEAD + question("Why?", follow_ups='"one"'),
         "question #1: `follow_ups` must be a list of texts, not str"),
        (HEAD + question("Why?", rationale="3"), "question #1: `rationale` must be text, not a number"),
        (HEAD + question("Why?", evidence='"from the CV"'),
         "question #1: unknown field `evidence`"),
        (HEAD + question("Why?") + question("why?"), "question #2 repeats question #1"),
        (HEAD, "no [[question]] tables"),
        ('[kit]\nname = ""\nrole = "x"\n' + question("Why?"), "[kit]: `name` is empty"),
        (question("Why?"), "no [kit] table"),
        (HEAD + "".join(question(f"Question {n}?") for n in range(51)),
         "51 questions, more than the 50 a plan holds"),
        (HEAD + question("Why? " * 400), "question #1: `text` is 2000 characters, more than 1500"),
    ],
    ids=["toml", "category", "difficulty", "empty-text", "list-type", "text-type", "unknown-field",
         "repeat", "no-questions", "empty-name", "no-kit-table", "too-many", "too-long"],
)
def test_a_broken_kit_says_which_file_and_what_is_wrong(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = write_kit(tmp_path, "broken.toml", text)
    with pytest.raises(KitError) as caught:
        load_kit(str(path))
    message = caught.value.message
    assert message.startswith(f"{path}: ") and reason in message, message
    assert "\n" not in message and caught.value.exit_code == 2


def test_a_kit_that_is_not_utf8_or_too_big_or_missing_is_refused(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes((HEAD + question("Qu'est-ce qu'un caf\u00e9?")).encode("latin-1"))
    with pytest.raises(KitError, match=r"latin1.toml: not UTF-8 text \(byte 0xe9"):
        load_kit(str(latin1))
    huge = tmp_path / "huge.toml"
    huge.write_text(HEAD + "# " + "x" * 600_000 + "\n" + question("Why?"), encoding="utf-8")
    with pytest.raises(KitError, match=r"huge.toml: larger than 512 KB"):
        load_kit(str(huge))
    with pytest.raises(KitError, match=r"no kit file .*missing.toml"):
        load_kit(str(tmp_path / "missing.toml"))
    with pytest.raises(KitError, match=f"cannot read .*dir.toml: {os.strerror(errno.EISDIR)}"):
        load_kit(str(write_kit(tmp_path / "dir.toml", "x.toml", GOOD).parent))


def test_kits_are_found_by_name_beside_the_settings_file(isolated_env: Path) -> None:
    folder = kits_directory()
    assert folder == Path(os.environ["IQ_TUI_CONFIG"]).parent / "kits"
    write_kit(folder, "backend-core.toml", GOOD)
    write_kit(folder, "other.toml", GOOD.replace("Backend core", "Platform & SRE"))
    write_kit(folder, "broken.toml", "[kit")
    assert load_kit("backend-core").name == "Backend core"  # the file's stem
    assert load_kit("Backend Core").name == "Backend core"
    assert load_kit("platform sre").path == folder / "other.toml"  # the [kit] name
    assert load_kit("other.toml").path == folder / "other.toml"  # not in the working dir
    (Path.cwd() / "other.toml").write_text(GOOD.replace("Backend core", "Here"), "utf-8")
    assert load_kit("other.toml").name == "Here"  # a path first
    with pytest.raises(KitError) as caught:
        load_kit("frontend")
    assert caught.value.message == (
        f"no kit named 'frontend' in {folder}; kits there: Backend core, Platform & SRE"
    )
    listed = list_kits()
    assert [(k.name, k.count, k.error is None) for k in listed] == [
        ("Backend core", 2, True), ("broken", 0, False), ("Platform & SRE", 2, True)
    ]


def test_no_kits_folder_says_it_holds_no_kits() -> None:
    with pytest.raises(KitError, match=r"no kit named 'core' in .*kits \(it holds no kits\)"):
        load_kit("core")
    assert list_kits() == []


def test_near_repeat_catches_the_same_question_in_other_words() -> None:
    kit = ["Design an API endpoint that creates a payment. How do you make it safe to retry?"]
    assert near_repeat(
        "How would you make a payment endpoint safe to retry when clients time out?", kit
    )
    assert not near_repeat("How would you design pagination for an API over a big table?", kit)


# -- plans that open with a kit -----------------------------------------------------------------


async def _plan(request: GenerationRequest, settings: Settings) -> tuple[list[Any], Any]:
    events = [event async for event in generate(request, settings)]
    ready = [e for e in events if isinstance(e, QuestionReady)]
    result = events[-1].result
    assert isinstance(events[-1], Done)
    assert [e.index for e in ready] == list(range(len(result.questions)))
    return events, result


async def test_offline_plan_opens_with_the_kit_and_never_repeats_it() -> None:
    kit = load_kit(str(EXAMPLE))
    profile = CandidateProfile.model_validate_json(
        subprocess.run(
            [sys.executable, "-m", "iq_tui", "extract", str(SAMPLE_CV), "--format", "json"],
            capture_output=True, text=True, check=True, timeout=120,
        ).stdout
    )
    request = GenerationRequest(profile, ROLE, "mid", "technical", count=10, provider="offline",
                                kit=kit)
    _, result = await _plan(request, Settings())
    assert len(result.questions) == 10
    assert result.questions[:3] == list(kit.questions)
    rest = result.questions[3:]
    assert all(q.source == "offline" and not q.core for q in rest)
    kit_texts = [q.text for q in kit.questions]
    assert not any(near_repeat(q.text, kit_texts) for q in rest)
    # without the kit the bank's own idempotent-payment question is in this plan: it is
    # dropped as a near repeat of the kit's first question, not merely as a different text
    plain = GenerationRequest(profile, ROLE, "mid", "technical", count=10, provider="offline")
    _, without = await _plan(plain, Settings())
    assert any(near_repeat(q.text, kit_texts[:1]) for q in without.questions)
    assert result.warnings == without.warnings


async def test_a_kit_with_more_questions_than_count_keeps_them_all_and_says_so() -> None:
    kit = parse_kit(GOOD, "good.toml")
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=1, provider="offline",
                                kit=kit)
    _, result = await _plan(request, Settings())
    assert result.questions == list(kit.questions)
    assert (
        "the kit 'Backend core' has 2 questions, more than the 1 asked for: all 2 are kept and "
        "no personalized question is added"
    ) in result.warnings


async def test_a_kit_for_another_role_is_a_warning() -> None:
    kit = parse_kit(GOOD.replace("backend-engineer", "frontend-developer"), "k.toml")
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=3, provider="offline",
                                kit=kit)
    _, result = await _plan(request, Settings())
    assert len(result.questions) == 3
    assert (
        "the kit 'Backend core' is for the role 'frontend-developer', not Backend Engineer "
        "(backend-engineer); its questions are used as they are"
    ) in result.warnings


async def test_a_kit_question_touching_a_protected_characteristic_stays_but_is_named() -> None:
    unfair = "How old are you, and when did you finish high school?"
    kit = parse_kit(HEAD + question("Why this team?", category="hr") + question(unfair, "hr"),
                    "k.toml")
    request = GenerationRequest(PROFILE, ROLE, "mid", "hr", count=4, provider="offline", kit=kit)
    _, result = await _plan(request, Settings())
    assert result.questions[1].text == unfair and result.questions[1].core
    (note,) = [w for w in result.warnings if w.startswith("kit question")]
    assert note.startswith(f"kit question 2 ({unfair!r}) touches protected characteristics (age")
    assert note.endswith("kept word for word, reword it in the kit")


async def test_regenerating_a_question_of_a_kit_plan_adds_no_kit_questions() -> None:
    kit = parse_kit(GOOD, "good.toml")
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=4, provider="offline",
                                kit=kit)
    _, result = await _plan(request, Settings())
    new = await regenerate_question(request, Settings(), result.questions, 3)
    assert new.source == "offline" and new.text not in {q.text for q in result.questions}


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_the_llm_is_asked_only_for_the_rest_and_told_the_kit_questions(
    llm_server: LLMServer, provider: str
) -> None:
    kit = parse_kit(GOOD, "good.toml")
    llm_server.script(Reply(content=questions_json(3)))
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=5, kit=kit)
    _, result = await _plan(request, make_settings(llm_server, provider))
    assert [q.source for q in result.questions] == ["kit", "kit", "llm", "llm", "llm"]
    assert result.provider.name == provider and not result.provider.used_fallback
    (post,) = llm_server.posts()
    body = json.dumps(post.body)
    assert "3 interview questions" in body or "3 questions" in body
    assert all(json.dumps(q.text)[1:-1] in body for q in kit.questions)


async def test_an_llm_question_asking_what_the_kit_asks_is_turned_away(
    llm_server: LLMServer,
) -> None:
    kit = parse_kit(GOOD, "good.toml")
    same = {"text": "Where do you decide a transaction boundary goes, and how do you decide?",
            "category": "technical", "difficulty": "mid"}
    answer = json.loads(questions_json(2))
    answer["questions"].insert(0, same)
    llm_server.script(Reply(content=json.dumps(answer)))
    request = GenerationRequest(PROFILE, ROLE, "mid", "technical", count=4, kit=kit)
    _, result = await _plan(request, make_settings(llm_server, "openai"))
    assert [q.source for q in result.questions] == ["kit", "kit", "llm", "llm"]
    assert same["text"] not in [q.text for q in result.questions]


# -- the command line ---------------------------------------------------------------------------


def iq(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iq_tui", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


GENERATE = ("generate", str(SAMPLE_CV), "--role", "backend-engineer", "--level", "mid",
            "--type", "technical", "--provider", "offline")


def test_generate_with_a_kit_by_name_puts_it_first_and_counts_it() -> None:
    write_kit(kits_directory(), "backend-core.toml", EXAMPLE.read_text("utf-8"))
    done = iq(*GENERATE, "--count", "7", "--kit", "backend-core", "--format", "json")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    kit = load_kit(str(EXAMPLE))
    questions = plan["questions"]
    assert len(questions) == 7
    for got, want in zip(questions[:3], kit.questions, strict=True):
        assert got["text"] == want.text and got["core"] is True and got["source"] == "kit"
        assert got["follow_ups"] == want.follow_ups and got["red_flags"] == want.red_flags
    assert all(q["core"] is False and q["source"] == "offline" for q in questions[3:])
    assert "7 questions: 3 from the kit, 4 from the offline generator" in done.stderr


def test_the_markdown_marks_the_kit_questions_as_core() -> None:
    done = iq(*GENERATE, "--count", "4", "--kit", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    blocks = done.stdout.split("### ")[1:]
    marked = [b.splitlines()[0] for b in blocks if "**core** (asked of every candidate)" in b]
    assert sorted(marked) == sorted(
        f"{n}. {q.text}" for n, q in zip((1, 2, 4), load_kit(str(EXAMPLE)).questions, strict=True)
    )
    assert done.stdout.count("**core**") == 3


def test_generate_with_a_broken_kit_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    kit = write_kit(tmp_path, "bad.toml", HEAD + question("Why?", category="tech"))
    out = tmp_path / "plan.json"
    done = iq(*GENERATE, "--kit", str(kit), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"iq-tui: {kit}: question #1: `category` 'tech' is not one of hr, technical, "
        "case_study, behavioral"
    )
    assert done.stdout == "" and not out.exists()


def test_generate_warns_on_stderr_for_a_kit_of_another_role() -> None:
    done = iq(*GENERATE[:3], "qa-test-automation-engineer", *GENERATE[4:], "--count", "3",
              "--kit", str(EXAMPLE), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "warning: the kit 'Backend core' is for the role 'backend-engineer'" in done.stderr
    assert "3 questions from the kit" in done.stderr
    assert len(json.loads(done.stdout)["questions"]) == 3


def test_kits_list_shows_the_kits_and_the_broken_ones_on_stderr() -> None:
    write_kit(kits_directory(), "backend-core.toml", EXAMPLE.read_text("utf-8"))
    write_kit(kits_directory(), "broken.toml", "[kit")
    done = iq("kits", "list")
    assert done.returncode == 0
    assert "Backend core  backend-engineer  3 questions  backend-core.toml" in done.stdout
    assert "broken.toml: not valid TOML" in done.stderr
    rows = json.loads(iq("kits", "list", "--format", "json").stdout)
    assert [(r["name"], r["questions"]) for r in rows] == [("Backend core", 3), ("broken", 0)]


# -- saving a kit (the editor's "Save as kit") ----------------------------------------------------


def _plan_questions() -> list[Question]:
    return [
        Question(text="How do you choose an index?", category="technical", difficulty="mid",
                 skills=["PostgreSQL"], competency="data storage", follow_ups=["Why not two?"],
                 red_flags=["Indexes everything"], source="offline"),
        Question(text="At Acme, you cut latency by half. How?", category="technical",
                 difficulty="senior", evidence="cut latency by half", source="offline"),
        Question(text="How do you choose  an index?", category="technical", difficulty="mid"),
        Question(text="   ", category="hr", difficulty="mid", source="manual"),
        Question(text="What would Jane Roe change first here?", category="hr",
                 difficulty="mid", source="manual"),
    ]


def test_a_saved_kit_reads_back_with_only_the_kit_fields(tmp_path: Path) -> None:
    kit, repeats = kit_from_questions("  Team   core ", "backend-engineer", _plan_questions())
    assert kit.name == "Team core" and repeats == 1  # the empty one is no question at all
    path = save_kit(kit, kit_path(kit.name, tmp_path))
    assert path == tmp_path / "team-core.toml"
    text = path.read_text("utf-8")
    assert "skills" not in text and "evidence" not in text and "source" not in text
    again = load_kit(str(path))
    assert [q.text for q in again.questions] == [
        "How do you choose an index?",
        "At Acme, you cut latency by half. How?",
        "What would Jane Roe change first here?",
    ]
    first = again.questions[0]
    assert (first.competency, first.follow_ups, first.red_flags, first.skills) == (
        "data storage", ["Why not two?"], ["Indexes everything"], [])
    assert again.questions[1].difficulty == "senior" and again.questions[1].evidence is None
    assert cv_quotes(_plan_questions(), "Jane Roe") == [2, 5]
    assert cv_quotes(_plan_questions(), "") == [2]


def test_saving_is_0600_atomic_and_replaces_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "kits"
    kit, _ = kit_from_questions("Core", "backend-engineer", _plan_questions()[:1])
    path = save_kit(kit, kit_path("Core", folder))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert os.listdir(folder) == ["core.toml"]  # no temp file left
    before = path.read_bytes()
    bigger, _ = kit_from_questions("Core", "backend-engineer", _plan_questions())
    with pytest.raises(KitExistsError):
        save_kit(bigger, path)
    assert path.read_bytes() == before
    save_kit(bigger, path, overwrite=True)
    assert len(load_kit(str(path)).questions) == 3
    assert os.listdir(folder) == ["core.toml"]


@pytest.mark.parametrize(
    "content",
    [b"[kit\nname = 1", b"[kit]\nname = \"caf\xe9\"\n", b"title = \"my notes\"\n", b""],
    ids=["bad-toml", "not-utf8", "not-a-kit", "empty"],
)
def test_a_file_that_is_not_a_kit_is_never_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "core.toml"
    path.write_bytes(content)
    kit, _ = kit_from_questions("Core", "backend-engineer", _plan_questions())
    with pytest.raises(KitError, match="it was not replaced"):
        save_kit(kit, path, overwrite=True)
    assert path.read_bytes() == content
    assert os.listdir(tmp_path) == ["core.toml"]


def test_a_kit_that_would_not_load_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    long = Question(text="Why? " * 400, category="hr", difficulty="mid")
    kit, _ = kit_from_questions("Long", "backend-engineer", [long])
    with pytest.raises(KitError, match=r"`text` is 2000 characters, more than 1500"):
        save_kit(kit, tmp_path / "long.toml")
    assert not (tmp_path / "long.toml").exists()
    with pytest.raises(KitError, match="no questions"):
        kit_from_questions("Empty", "backend-engineer", _plan_questions()[3:4])
    with pytest.raises(KitError, match="a kit needs a name"):
        kit_from_questions("  ", "backend-engineer", _plan_questions())
