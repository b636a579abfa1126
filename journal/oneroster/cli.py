"""`sabaq oneroster --school CODE -o OUT.zip`: a school's OneRoster 1.2 CSV package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `oneroster` to the root `sabaq` parser."""
    p = commands.add_parser(
        "oneroster", help="export a school's classes, enrollments and results (OneRoster 1.2 CSV)"
    )
    p.add_argument("--school", required=True, help="the school's code")
    p.add_argument("-o", "--out", type=Path, required=True, help="OUT.zip")
    p.add_argument(
        "--demographics", action="store_true",
        help="also write demographics.csv (students' birth dates; left out by default)",
    )  # fmt: skip
    p.set_defaults(func=cmd_oneroster)


def cmd_oneroster(args: argparse.Namespace) -> int:
    from journal.oneroster import build_oneroster, package_zip
    from models.db import read_scope
    from models.errors import NotFound
    from models.migrate import upgrade_database
    from models.school_data import get_school

    upgrade_database()
    try:
        with read_scope() as session:
            school = get_school(session, code=args.school)
            assert school.id is not None
            package = build_oneroster(session, school_id=school.id, demographics=args.demographics)
    except NotFound as exc:
        for line in exc.messages:
            print(f"  - {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    args.out.write_bytes(package_zip(package))
    print(f"OneRoster 1.2 package written: {args.out}")
    for note in package.notes():
        print(note)
    return EXIT_OK
