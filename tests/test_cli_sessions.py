"""`iq-tui sessions list|show|export|delete` through the real CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _session_data import make_session

from iq_tui.cli import main
from iq_tui.engine.interview.sessions import SessionStore, default_db_path


@pytest.fixture
def sessions():
    with SessionStore(default_db_path()) as store:
        ada = make_session(store, 3, name="Ada Lovelace")
        ada.questions[1] = ada.questions[1].model_copy(
            update={"asked": True, "answer_notes": "great"}
        )
        store.save(ada)
        grace = make_session(store, 2, name="Grace Hopper")
    return ada, grace


def test_list_text_and_json_and_search(sessions, capsys) -> None:
    ada, grace = sessions
    assert main(["sessions", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["ID", "CANDIDATE", "ROLE"]
    assert (
        out[1].startswith(grace.id)
        and "Grace Hopper" in out[1]
        and "just now" in out[1]
    )
    assert out[2].startswith(ada.id)
    assert main(["sessions", "list", "--search", "lovelace", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data] == [ada.id] and data[0]["question_count"] == 3


def test_show_and_export(sessions, capsys, tmp_path: Path) -> None:
    ada, _ = sessions
    assert main(["sessions", "show", ada.id[:6]]) == 0
    out = capsys.readouterr().out
    assert "  2. [x] (behavioral, mid) Question 1" in out and "> great" in out
    assert "1/3 asked" in out
    target = tmp_path / "plan.json"
    assert (
        main(["sessions", "export", ada.id, "--format", "json", "-o", str(target)]) == 0
    )
    data = json.loads(target.read_text())
    assert (
        data["questions"][1]["answer_notes"] == "great"
        and data["session"]["id"] == ada.id
    )
    assert main(["sessions", "export", ada.id]) == 0
    assert "- [x] 2. Question 1" in capsys.readouterr().out


def test_unknown_id_is_one_line_and_exit_2(sessions, capsys) -> None:
    for command in (
        ["show", "zzzzzzzz"],
        ["export", "zzzzzzzz"],
        ["delete", "-y", "zzzzzzzz"],
    ):
        assert main(["sessions", *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no saved session with id 'zzzzzzzz'" in err


def test_delete_needs_confirmation_without_a_tty(sessions, capsys, monkeypatch) -> None:
    ada, grace = sessions
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert main(["sessions", "delete", ada.id]) == 2
    err = capsys.readouterr().err
    assert "pass -y" in err and err.count("\n") == 1
    assert main(["sessions", "delete", "-y", ada.id]) == 0
    with SessionStore(default_db_path()) as store:
        assert [s.id for s in store.list()] == [grace.id]


def test_delete_asks_on_a_terminal(sessions, monkeypatch, capsys) -> None:
    ada, grace = sessions
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["sessions", "delete", grace.id]) == 2
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["sessions", "delete", grace.id]) == 0
    with SessionStore(default_db_path()) as store:
        assert [s.id for s in store.list()] == [ada.id]


def test_corrupt_database_from_the_shell(capsys) -> None:
    path = default_db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    result = subprocess.run(
        [sys.executable, "-m", "iq_tui", "sessions", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "damaged" in result.stderr and result.stderr.count("\n") == 1
    assert path.read_bytes() == b"garbage" * 1000


def test_list_is_not_padded_out_to_the_longest_role(capsys) -> None:
    from rich.cells import cell_len

    from _session_data import make_profile, make_result
    from iq_tui.engine.models import RoleRef

    with SessionStore(default_db_path()) as store:
        long = make_result(2, "Priya Natarajan-Okonkwo")
        long.role = RoleRef(id="custom", name="Principal Systems Engineer " * 10, category="backend")
        store.create_from_result(long, make_profile("Priya"), None)
        short = make_session(store, 3, name="Jamie Rivera")
    assert main(["sessions", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in out) <= 140
    (row,) = [line for line in out if line.startswith(short.id)]
    assert row.split("  ")[1] == "Jamie Rivera"
    (long_row,) = [line for line in out if "Principal" in line]
    assert "Principal Systems Engineer Pr…" in long_row and "mid" in long_row
