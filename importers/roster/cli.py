"""`sabaq roster FILE [--school CODE] [--dry-run]`: students and parents from a roster workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from importers.reporting import EXIT_BAD_INPUT, EXIT_OK, print_problems


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `roster` to the root `sabaq` parser."""
    p = commands.add_parser("roster", help="import students and parents from a roster workbook")
    p.add_argument("file", type=Path, help="the roster workbook (.xlsx), or a school workbook")
    p.add_argument("--school", help="school code (default: the only school in the store)")
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    p.set_defaults(func=cmd_roster)


def _school_id(session: object, code: str | None) -> int | list[str]:
    """The school's id, or the sentence why there is none to choose."""
    from sqlmodel import Session, col, select

    from models.errors import NotFound
    from models.school import School
    from models.school_data import get_school

    assert isinstance(session, Session)
    if code:
        try:
            school = get_school(session, code=code)
        except NotFound as exc:
            return [str(m) for m in exc.messages]
    else:
        schools = session.exec(select(School).where(col(School.deleted_at).is_(None))).all()
        if len(schools) != 1:
            codes = ", ".join(sorted(s.code for s in schools)) or "-"
            return [f"Name the school with --school (schools in the store: {codes})."]
        school = schools[0]
    assert school.id is not None
    return school.id


def cmd_roster(args: argparse.Namespace) -> int:
    from importers.excel.errors import WorkbookError
    from importers.roster.service import import_roster
    from models.db import session_scope
    from models.migrate import upgrade_database

    upgrade_database()
    try:
        with session_scope() as session:
            school_id = _school_id(session, args.school)
            if isinstance(school_id, list):
                print_problems(school_id)
                return EXIT_BAD_INPUT
            result = import_roster(
                session, school_id=school_id, path=args.file, dry_run=args.dry_run,
                source=f"roster: {args.file.name}", actor="cli",
            )  # fmt: skip
    except WorkbookError as exc:
        print(exc.render())
        return EXIT_BAD_INPUT
    print(result.summary())
    for note in result.notes:
        print(note)
    for change in result.changes:
        print(f"  {change.message()}")
    return EXIT_OK
