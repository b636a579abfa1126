"""The root `sabaq` command: gathers each package's commands and adds demo and migrate."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence

from importers import cli as importers_cli

FILE_COMMANDS = ("solve", "check", "template", "import")
"""The importers' commands: their parser leaves the journal, the LMS and the web app
unimported (the store only when `import` opens it), because `sabaq solve` is timed as a whole
process against fet-cl and importing every package took 1.4 s of CPU (4.5 s on a loaded
machine)."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `sabaq` parser: every package's subcommands, or only the importers' when `argv`
    names one of theirs."""
    parser = argparse.ArgumentParser(
        prog="sabaq", description="Sabaq: timetables and the school day, from one store."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = [a for a in argv or () if not a.startswith("-")]
    if named and named[0] in FILE_COMMANDS:
        importers_cli.register(commands)
        return parser
    _register_all(commands)
    return parser


def _register_all(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from importers.roster import cli as roster_cli
    from journal.oneroster import cli as oneroster_cli
    from lms.judge import cli as judge_cli
    from lms.lti import cli as lti_cli  # lti_tool
    from lms.quizimport import cli as quizimport_cli
    from substitutions import cli as substitutions_cli
    from web import backup_cli, demo, serve, worker

    demo.register(commands)
    serve.register(commands)
    worker.register(commands)
    p = commands.add_parser("migrate", help="bring the store's schema up to date")
    p.set_defaults(func=cmd_migrate)
    importers_cli.register(commands)
    substitutions_cli.register(commands)
    judge_cli.register(commands)
    quizimport_cli.register(commands)
    roster_cli.register(commands)
    oneroster_cli.register(commands)
    oneroster_cli.register_import(commands)  # oneroster_import
    lti_cli.register(commands)  # lti_tool
    backup_cli.register(commands)


def cmd_migrate(args: argparse.Namespace) -> int:
    from models.migrate import upgrade_database

    upgrade_database()
    print("The store is up to date.")
    return 0


SERVERS = ("serve", "demo", "worker")  # long-running: they keep Python's own SIGPIPE handling


def main(argv: Sequence[str] | None = None) -> int:
    """Run `sabaq`; returns the exit code (0 done, 1 no complete timetable, 2 bad input,
    3 the store cannot save or be reached: disk full, read-only, connection lost)."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    # `sabaq import x | head` ends quietly, as CLIs do; never a server: a phone that drops a
    # request mid-answer would kill the web process that was writing to it (seen: exit -13)
    if hasattr(signal, "SIGPIPE") and args.command not in SERVERS:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    try:
        code: int = args.func(args)
    except Exception as exc:  # a store fault: a sentence and exit code 3, not a traceback
        said = _store_fault(exc)
        if said is None:
            raise
        print(f"sabaq: {said}", file=sys.stderr)
        return 3
    return code


def _store_fault(exc: Exception) -> str | None:
    """The sentence for a store that cannot save or be reached, or None for other errors."""
    if "sqlalchemy" not in sys.modules:  # no store was opened (file commands)
        return None
    from sqlalchemy.exc import DBAPIError

    from models.db import STORE_FAULTS, store_fault
    from models.i18n import message

    fault = store_fault(exc) if isinstance(exc, DBAPIError) else None
    if fault is None:
        return None
    return f"{message(STORE_FAULTS[fault])} ({exc.orig})"  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
