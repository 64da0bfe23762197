"""Command line: argument parsing and dispatch only. Work happens in `iq_tui.commands.*`.

Every `IqError` ends as one line on stderr and exit status 2; nothing shows a traceback.
Heavy modules (pdfplumber, the SDKs, Textual) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

from iq_tui import __version__

COMMANDS = ("generate", "extract", "roles", "config", "sessions", "batch", "kits")
LEVEL_CHOICES = ("junior", "mid", "senior")
TYPE_CHOICES = ("hr", "technical", "case_study", "mixed")
PROVIDER_CHOICES = ("openai", "anthropic", "offline")
FORMAT_CHOICES = ("markdown", "json")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--count takes a whole number from 1 to 50, not {value!r}")
    if not 1 <= n <= 50:
        raise argparse.ArgumentTypeError(f"--count takes a whole number from 1 to 50, not {n}")
    return n


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not (seconds > 0 and math.isfinite(seconds)):  # also NaN, inf and 1e999
        raise argparse.ArgumentTypeError(
            f"--timeout takes a finite number of seconds greater than 0, not {value!r}")
    return seconds


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 16:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number from 1 to 16, not {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="iq-tui",
        description="Turn a candidate's CV into a personalized interview plan.",
        epilog="Run without a command to start the TUI: iq-tui [CV]",
    )
    parser.add_argument("--version", action="version", version=f"iq-tui {__version__}")
    parser.add_argument(
        "--session", metavar="ID", default=None, help="open the TUI on a saved session"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gen = sub.add_parser("generate", help="extract a CV and generate an interview plan (headless)")
    gen.add_argument("cv", metavar="CV", help="the CV file (.pdf, .docx, .txt or .md)")
    gen.add_argument("--role", required=True, help="role name or id from `iq-tui roles`")
    gen.add_argument("--level", required=True, choices=LEVEL_CHOICES)
    gen.add_argument("--type", dest="interview_type", required=True, choices=TYPE_CHOICES)
    gen.add_argument("--count", type=_count, default=None, help="number of questions, 1-50")
    gen.add_argument("--provider", choices=PROVIDER_CHOICES, default=None)
    gen.add_argument(
        "--kit", metavar="NAME|FILE", default=None, help="open the plan with a kit's core questions"
    )
    gen.add_argument(
        "--jd", metavar="FILE", default=None, help="aim the plan at a job description (.pdf, .docx, .txt, .md)"
    )
    gen.add_argument("--format", choices=FORMAT_CHOICES, default=None)
    gen.add_argument("-o", "--output", metavar="FILE", default=None, help="write to FILE")
    gen.add_argument("--timeout", type=_seconds, default=None, help="seconds for the LLM phase")
    gen.add_argument("--no-redact", action="store_true", help="send contact details to the LLM")
    gen.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    bat = sub.add_parser("batch", help="one plan per CV file in a folder (resumable)")
    bat.add_argument("folder", metavar="DIR", help="the folder of CVs (.pdf, .docx, .txt, .md)")
    bat.add_argument("--role", required=True, help="role name or id from `iq-tui roles`")
    bat.add_argument("--level", required=True, choices=LEVEL_CHOICES)
    bat.add_argument("--type", dest="interview_type", required=True, choices=TYPE_CHOICES)
    bat.add_argument("--jd", metavar="FILE", default=None,
                     help="aim every plan at a job description (.pdf, .docx, .txt, .md)")
    bat.add_argument("--kit", metavar="NAME|FILE", default=None,
                     help="open every plan with a kit's core questions")
    bat.add_argument("--count", type=_count, default=None, help="questions per plan, 1-50")
    bat.add_argument("--provider", choices=PROVIDER_CHOICES, default=None)
    bat.add_argument("--jobs", type=_jobs, default=1, help="CVs planned at once, 1-16 (default 1)")
    bat.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                     help="folder for the plans and index.json")
    bat.add_argument("--timeout", type=_seconds, default=None, help="seconds for each LLM phase")
    bat.add_argument("--no-redact", action="store_true", help="send contact details to the LLM")
    bat.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    ext = sub.add_parser("extract", help="print the candidate profile extracted from a CV")
    ext.add_argument("cv", metavar="CV")
    ext.add_argument("--format", choices=FORMAT_CHOICES, default=None)

    roles = sub.add_parser("roles", help="list the role catalog")
    roles.add_argument("--format", choices=("text", "json"), default="text")

    cfg = sub.add_parser("config", help="the settings file: path, show, get, set")
    cfg_sub = cfg.add_subparsers(dest="config_command", metavar="ACTION", parser_class=_Parser)
    cfg_sub.required = True
    cfg_sub.add_parser("path", help="print the settings file's path")
    cfg_sub.add_parser("show", help="print the effective settings (secrets masked)")
    get = cfg_sub.add_parser("get", help="print one setting")
    get.add_argument("key")
    set_ = cfg_sub.add_parser("set", help="change one setting in the file")
    set_.add_argument("key")
    set_.add_argument("value")

    ses = sub.add_parser("sessions", help="saved interview sessions")
    ses_sub = ses.add_subparsers(dest="sessions_command", metavar="ACTION", parser_class=_Parser)
    ses_sub.required = True
    ls = ses_sub.add_parser("list", help="list saved sessions")
    ls.add_argument("--search", default=None, help="filter by candidate or role")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    show = ses_sub.add_parser("show", help="print one session")
    show.add_argument("id")
    exp = ses_sub.add_parser("export", help="export one session")
    exp.add_argument("id")
    exp.add_argument("--format", choices=FORMAT_CHOICES, default="markdown")
    exp.add_argument("-o", "--output", metavar="FILE", default=None)
    cmp_ = ses_sub.add_parser(
        "compare",
        help="candidates side by side: recommendation and mean rating per competency",
    )
    cmp_.add_argument("--role", default=None, help="only this role (its name or id)")
    cmp_.add_argument(
        "--sort", choices=("name", "date"), default="name",
        help="order of the candidates (never by rating)",
    )
    cmp_.add_argument("--format", choices=("text", "json"), default="text")
    dele = ses_sub.add_parser("delete", help="delete one session")
    dele.add_argument("id")
    dele.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    kits = sub.add_parser("kits", help="kits: core questions asked of every candidate of a role")
    kits_sub = kits.add_subparsers(dest="kits_command", metavar="ACTION", parser_class=_Parser)
    kits_sub.required = True
    kits_ls = kits_sub.add_parser("list", help="list the kits in the kits folder")
    kits_ls.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _run(args: argparse.Namespace, tui_cv: str | None) -> int:
    if args.command is None:
        from iq_tui.commands.tui import run_tui

        return run_tui(tui_cv, session_id=args.session)
    if args.command == "generate":
        from iq_tui.commands.generate import run_generate

        return run_generate(args)
    if args.command == "batch":
        from iq_tui.commands.batch import run_batch_command

        return run_batch_command(args)
    if args.command == "extract":
        from iq_tui.commands.extract import run_extract

        return run_extract(args)
    if args.command == "roles":
        from iq_tui.commands.roles import run_roles

        return run_roles(args)
    if args.command == "config":
        from iq_tui.commands.config import run_config

        return run_config(args)
    if args.command == "sessions":
        from iq_tui.commands.sessions import run_sessions

        return run_sessions(args)
    if args.command == "kits":
        from iq_tui.commands.kits import run_kits

        return run_kits(args)
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    tui_cv = None
    # `iq-tui CV.pdf` opens the TUI on that CV; anything else goes through argparse.
    if (
        argv
        and not argv[-1].startswith("-")
        and not any(a in COMMANDS for a in argv)
        and (len(argv) < 2 or argv[-2] != "--session")
    ):
        tui_cv, argv = argv[-1], argv[:-1]
    args = build_parser().parse_args(argv)
    from iq_tui.engine.errors import IqError
    from iq_tui.engine.text import strip_controls

    try:
        return _run(args, tui_cv)
    except IqError as exc:
        # a file name or a server's words may hold escape sequences
        print(f"iq-tui: {strip_controls(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("iq-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last guard: a user never sees a traceback
        print(f"iq-tui: internal error: {type(exc).__name__}: {strip_controls(str(exc))}",
              file=sys.stderr)
        return 1
