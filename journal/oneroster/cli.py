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


def register_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `oneroster-import` to the root `sabaq` parser."""
    p = commands.add_parser(
        "oneroster-import",
        help="import students, their classes and parents from a OneRoster 1.2 CSV package",
    )
    p.add_argument("package", type=Path, help="a OneRoster .zip or a folder of its CSV files")
    p.add_argument("--school", required=True, help="the school's code")
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from journal.oneroster.importing import import_oneroster, read_files
    from models.db import session_scope
    from models.errors import StoreError
    from models.migrate import upgrade_database
    from models.school_data import get_school

    upgrade_database()
    try:
        files = read_files(args.package)
        with session_scope() as session:
            school = get_school(session, code=args.school)
            assert school.id is not None
            result = import_oneroster(
                session, school_id=school.id, files=files, source=f"oneroster: {args.package.name}",
                dry_run=args.dry_run, actor="cli",
            )  # fmt: skip
    except (OSError, ValueError) as exc:
        print(f"  - {args.package}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as exc:
        for line in exc.messages:
            print(f"  - {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not result.changed:
        print("Nothing changed: the package matches the school data.")
        return EXIT_OK
    verb = "would be" if result.dry_run else "is"
    added = ", ".join(result.classes_added) or "none"
    print(f"Data version {result.version} {verb} stored: {result.students} students, "
          f"{result.parents} parents; new classes: {added}.")  # fmt: skip
    return EXIT_OK
