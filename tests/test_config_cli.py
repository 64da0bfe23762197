"""`iq-tui config path|show|get|set` through `cli.main`: exit codes, masking, the file kept safe."""

from __future__ import annotations

import io
import os
import stat
import sys
import tomllib
from pathlib import Path

import pytest

from iq_tui.cli import main

KEY = "sk-fake.test.key.not.real.9c"
CORRUPT = b"[llm]\ncount = 4\ntimeout = = 3\n"


@pytest.fixture
def cfg() -> Path:
    return Path(os.environ["IQ_TUI_CONFIG"])


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["config", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_path_prints_the_settings_file(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    assert run(capsys, "path") == (0, f"{cfg}\n", "")


def test_set_then_get(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    code, _, err = run(capsys, "set", "llm.timeout", "30")
    assert code == 0 and "llm.timeout = 30.0" in err
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600
    assert tomllib.loads(cfg.read_text()) == {"llm": {"timeout": 30.0}}
    assert run(capsys, "get", "llm.timeout") == (0, "30.0\n", "")
    assert run(capsys, "set", "llm.enabled", "No")[0] == 0
    assert run(capsys, "get", "llm.enabled")[1] == "false\n"


def test_get_prints_the_effective_value(capsys: pytest.CaptureFixture[str], cfg: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "set", "openai.model", "gpt-from-file")
    monkeypatch.setenv("OPENAI_MODEL", "gpt-from-env")
    assert run(capsys, "get", "openai.model")[1] == "gpt-from-env\n"
    assert run(capsys, "get", "anthropic.base_url")[1] == "\n"


@pytest.mark.parametrize(
    ("argv", "words"),
    [(("set", "llm.timeout", "fast"), "llm.timeout: 'fast' is not valid: expected a finite number"),
     (("set", "llm.provider", "gemini"), "expected one of openai, anthropic"),
     (("set", "llm.count", "500"), "a whole number from 1 to 50"),
     (("set", "llm.timout", "3"), "unknown setting 'llm.timout'; did you mean llm.timeout"),
     (("get", "nope"), "unknown setting 'nope'")],
)
def test_bad_keys_and_values_exit_2(capsys: pytest.CaptureFixture[str], cfg: Path,
                                    argv: tuple[str, ...], words: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not cfg.exists()


def test_a_key_is_never_a_command_line_argument(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    code, out, err = run(capsys, "set", "openai.api_key", KEY)
    assert code == 2 and "OPENAI_API_KEY" in err and "config set openai.api_key -" in err
    assert KEY not in out + err and KEY[3:-2] not in out + err
    assert not cfg.exists()


def test_a_key_from_stdin_is_stored_and_only_ever_shown_masked(
    capsys: pytest.CaptureFixture[str], cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    code, out, err = run(capsys, "set", "openai.api_key", "-", stdin=KEY + "\n",
                         monkeypatch=monkeypatch)
    assert code == 0 and "sk-…9c" in err
    outputs.append(out + err)
    assert tomllib.loads(cfg.read_text())["openai"]["api_key"] == KEY
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600
    for argv in (("get", "openai.api_key"), ("show",), ("path",)):
        code, out, err = run(capsys, *argv)
        assert code == 0
        outputs.append(out + err)
    assert outputs[1] == "sk-…9c\n"
    assert 'api_key = "sk-…9c"  # from: settings file' in outputs[2]
    cfg.chmod(0o644)  # the loose-permission warning names the file, not the key
    code, out, err = run(capsys, "show")
    assert "chmod 600" in err
    outputs.append(out + err)
    for text in outputs:
        assert KEY not in text and KEY[3:-2] not in text


def test_empty_stdin_for_a_key_is_refused(capsys: pytest.CaptureFixture[str], cfg: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "set", "anthropic.api_key", "-", stdin="", monkeypatch=monkeypatch)
    assert code == 2 and "no value" in err and not cfg.exists()


def test_corrupt_file_blocks_set_but_not_reading(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    cfg.parent.mkdir(parents=True)
    cfg.write_bytes(CORRUPT)
    code, out, err = run(capsys, "set", "llm.count", "5")
    assert code == 2 and out == ""
    assert f"{cfg}: line 3, column" in err and "mv " in err and "Not saved" in err
    assert cfg.read_bytes() == CORRUPT
    for argv, expected in ((("get", "llm.count"), "10\n"), (("show",), "count = 10  # from: default")):
        code, out, err = run(capsys, *argv)
        assert code == 0 and expected in out
        assert "warning" in err and "line 3, column" in err and "using the defaults" in err
    assert cfg.read_bytes() == CORRUPT


def test_set_keeps_unknown_keys(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[llm]\nnew_in_v2 = true\n[note]\nwho = "Ann"\n')
    assert run(capsys, "set", "llm.count", "3")[0] == 0
    assert tomllib.loads(cfg.read_text()) == {
        "llm": {"new_in_v2": True, "count": 3}, "note": {"who": "Ann"}
    }
    assert "not used by this version: llm.new_in_v2, note.who" in run(capsys, "show")[1]


def test_show_says_where_each_value_comes_from(
    capsys: pytest.CaptureFixture[str], cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "set", "llm.count", "3")
    Path(".env").write_text("OPENAI_MODEL=dotenv-model\n")
    monkeypatch.setenv("LLM_TIMEOUT", "12")
    code, out, _ = run(capsys, "show")
    assert code == 0
    assert "count = 3  # from: settings file" in out
    assert 'model = "dotenv-model"  # from: .env (OPENAI_MODEL)' in out
    assert "timeout = 12.0  # from: environment (LLM_TIMEOUT)" in out
    assert "enabled = true  # from: default" in out
    assert "# How many questions a plan has by default." in out


def test_set_warns_when_the_environment_still_wins(
    capsys: pytest.CaptureFixture[str], cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "anthropic")
    code, _, err = run(capsys, "set", "llm.provider", "openai")
    assert code == 0 and "LLM_PROVIDER in the environment takes precedence" in err


def test_empty_value_returns_a_key_to_its_default(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    run(capsys, "set", "openai.base_url", "http://localhost:11434/v1")
    assert run(capsys, "get", "openai.base_url")[1] == "http://localhost:11434/v1\n"
    code, _, err = run(capsys, "set", "openai.base_url", "")
    assert code == 0 and "the default" in err
    assert tomllib.loads(cfg.read_text()) == {}


def test_a_keymap_entry_is_one_binding_id(capsys: pytest.CaptureFixture[str], cfg: Path) -> None:
    assert run(capsys, "set", "ui.keymap.app.help", "f12")[0] == 0
    assert tomllib.loads(cfg.read_text()) == {"ui": {"keymap": {"app.help": "f12"}}}
    assert run(capsys, "get", "ui.keymap.app.help")[1] == "f12\n"
    assert run(capsys, "get", "ui.keymap")[1] == '{"app.help" = "f12"}\n'


def test_config_in_a_real_process_masks_the_key_and_stays_light(tmp_path: Path) -> None:
    """The console path end to end: the key from the environment, no heavy imports."""
    import subprocess

    probe = (
        "import sys\nfrom iq_tui.cli import main\ncode = main(['config', 'show'])\n"
        "heavy = {'textual', 'pdfplumber', 'openai', 'anthropic'} & "
        "{m.split('.')[0] for m in sys.modules}\n"
        "print('HEAVY', sorted(heavy), code)"
    )
    env = {**os.environ, "OPENAI_API_KEY": KEY, "LLM_TIMEOUT": "7"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, env=env, cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == "HEAVY [] 0", result.stderr
    assert 'api_key = "sk-…9c"  # from: environment (OPENAI_API_KEY)' in result.stdout
    assert "timeout = 7.0  # from: environment (LLM_TIMEOUT)" in result.stdout
    assert KEY not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("key", "raw", "words"),
    [("llm.timeout", "0", "greater than 0"), ("llm.timeout", "fast", "greater than 0"),
     ("llm.count", "99", "from 1 to 50"), ("llm.provider", "gemini", "one of openai"),
     ("extraction.max_memory_mb", "3", "of at least 64")],
)
def test_a_refused_value_is_explained_once(
    capsys: pytest.CaptureFixture[str], key: str, raw: str, words: str
) -> None:
    code, _, err = run(capsys, "set", key, raw)
    assert code == 2 and words in err
    assert "Input should" not in err and err.count("(") == 0, err


@pytest.mark.parametrize("raw", ["1e999", "inf", "Infinity", "-inf", "nan"])
@pytest.mark.parametrize("key", ["llm.timeout", "extraction.timeout"])
def test_a_number_that_is_not_finite_is_refused(
    capsys: pytest.CaptureFixture[str], cfg: Path, key: str, raw: str
) -> None:
    """`1e999` parses as Infinity: a timeout that never ends is no timeout."""
    code, out, err = run(capsys, "set", "--", key, raw)
    assert (code, out) == (2, "")
    assert f"{key}: {raw!r} is not valid: expected a finite number" in err, err
    assert not cfg.exists()


def test_a_number_that_is_not_finite_in_the_file_or_environment_is_not_used(
    capsys: pytest.CaptureFixture[str], cfg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text("[llm]\ntimeout = inf\n[extraction]\ntimeout = nan\n")
    code, out, err = run(capsys, "get", "llm.timeout")
    assert (code, out) == (0, "90.0\n")
    assert "llm.timeout: inf is not valid: expected a finite number" in err, err
    assert run(capsys, "get", "extraction.timeout")[1] == "15.0\n"
    monkeypatch.setenv("LLM_TIMEOUT", "1e999")
    code, out, err = run(capsys, "get", "llm.timeout")
    assert out == "90.0\n" and "LLM_TIMEOUT (environment): '1e999' is not valid" in err, err


@pytest.mark.parametrize("raw", ["1e999", "inf", "-inf", "nan"])
def test_generate_refuses_a_timeout_that_is_not_finite(
    capsys: pytest.CaptureFixture[str], cfg: Path, raw: str
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's own exit, with its one line
        main(["generate", "cv.pdf", "--role", "backend", "--level", "mid", "--type", "hr",
              f"--timeout={raw}"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "--timeout takes a finite number of seconds" in err, err
