"""`sabaq demo`: a fresh store with the demo school imported, its timetable generated, exported."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from importers.inputs import load_snapshot
from importers.loaded import InputError, LoadedInput
from importers.reporting import (
    EXIT_BAD_INPUT,
    EXIT_NO_TIMETABLE,
    EXIT_OK,
    ProgressLine,
    print_problems,
    summary_dict,
    write_outputs,
)
from solver.params import SolveParams
from web.serve import add_server_options, serve

if TYPE_CHECKING:  # the store is imported when the demo runs, not when `sabaq` starts
    from models.snapshot import SchoolSnapshot

REPO = Path(__file__).resolve().parent.parent
DEMO_WORKBOOK = REPO / "examples" / "demo-school.xlsx"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sabaq demo` to the root parser."""
    p = commands.add_parser(
        "demo", help="import the demo school, generate and export its timetable"
    )
    p.add_argument("--workbook", type=Path, default=DEMO_WORKBOOK, help="school workbook to use")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where the demo store and exports go (default ./sabaq-demo)",
    )
    p.add_argument("--time-limit", type=float, default=30.0, help="solver seconds (default 30)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--no-serve", action="store_true", help="stop after the exports; do not serve the app"
    )
    add_server_options(p)
    p.set_defaults(func=cmd_demo)


def _fresh_store(data_dir: Path) -> str:
    """A new, empty SQLite store in `data_dir`, used by this process from here on."""
    from models.db import dispose_engines
    from models.settings import get_settings

    dispose_engines()  # an engine still open on the old file would keep it alive
    data_dir.mkdir(parents=True, exist_ok=True)
    db = data_dir / "sabaq-demo.db"
    for leftover in (db, db.with_suffix(".db-wal"), db.with_suffix(".db-shm")):
        leftover.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = url
    # files (task folders, register attachments, course media) beside the demo store
    os.environ["SABAQ_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    return url


def cmd_demo(args: argparse.Namespace) -> int:
    from lms.courses.starter import load_demo_courses
    from lms.practice.tasks import load_course_tasks
    from models.db import session_scope
    from models.migrate import upgrade_database
    from models.school_data import apply_snapshot
    from models.timetables import publish_timetable, save_timetable
    from solver.checks import check_problem
    from solver.solve import solve
    from solver.store import locked_from_solution, problem_from_snapshot
    from web.demo_accounts import DEMO_PASSWORD, create_demo_accounts
    from web.demo_guidance import create_demo_guidance
    from web.demo_olympiad import start_demo_olympiad
    from web.demo_site import create_demo_site

    data_dir = (args.data_dir or Path.cwd() / "sabaq-demo").resolve()
    url = _fresh_store(data_dir)
    print(f"Demo store: {url}")
    try:
        snapshot = load_snapshot(args.workbook)
    except InputError as exc:
        print_problems(exc.problems)
        return EXIT_BAD_INPUT
    upgrade_database(url)
    with session_scope() as session:
        result = apply_snapshot(session, snapshot, source=str(args.workbook))
    print(f"Imported {snapshot.school.name}: {_counts(snapshot)}")
    del result
    problem = problem_from_snapshot(snapshot)
    warnings = [f.message for f in check_problem(problem)]
    progress = ProgressLine(sys.stderr)
    solution = solve(
        problem, SolveParams(time_limit_s=args.time_limit, seed=args.seed), on_progress=progress
    )
    progress.done()
    summary = summary_dict(problem, solution, warnings)
    if not solution.complete:
        print(f"No complete timetable ({summary['status']}).")
        return EXIT_NO_TIMETABLE
    with session_scope() as session:
        version = save_timetable(
            session,
            school_code=snapshot.school.code,
            placements=locked_from_solution(problem, snapshot, solution),
            status=solution.status.value,
            objective=solution.objective,
            source="sabaq demo",
            meta={
                k: summary[k] for k in ("soft_cost", "teacher_gaps", "building_changes", "seconds")
            },
        )
        number = version.number
        publish_timetable(session, school_code=snapshot.school.code, version=number)
        logins = create_demo_accounts(session, school_code=snapshot.school.code)
        load_course_tasks(session, school_id=version.school_id)  # the starter course's tasks
        start_demo_olympiad(session, school_id=version.school_id)  # a running school olympiad
        # the starter courses, "Python: first steps" opened to the demo student's class
        load_demo_courses(session, school_id=version.school_id, student_login="student",
                          today=date.today())  # fmt: skip
        create_demo_site(session, school_id=version.school_id, root=data_dir)  # the website
        logins += create_demo_guidance(session, school_id=version.school_id, today=date.today())
    loaded = LoadedInput(problem, snapshot)
    exports = data_dir / "exports"
    exports.mkdir(exist_ok=True)
    for out in (exports / "timetable.xlsx", exports / "timetable.ics"):
        write_outputs(out, loaded, solution)
    _print_summary(summary, number, exports)
    if args.no_serve:
        return EXIT_OK
    print(f"\nOpen http://{args.host}:{args.port}/ and log in (password: {DEMO_PASSWORD}):")
    for login in logins:
        print(f"  {login.role:<15} {login.login:<13} {login.name}")
    print(f"The school's website: http://{args.host}:{args.port}/s/{snapshot.school.code}/")
    sys.stdout.flush()
    return serve(args.host, args.port, workers=args.workers, web_processes=args.web_processes)


def _counts(snapshot: SchoolSnapshot) -> str:
    periods = sum(req.periods_per_week for req in snapshot.lessons)
    return (
        f"{len(snapshot.classes)} classes, {len(snapshot.teachers)} teachers, "
        f"{len(snapshot.rooms)} rooms, {len(snapshot.lessons)} lesson requirements "
        f"({periods} periods a week)"
    )


def _print_summary(summary: dict[str, object], version: int, exports: Path) -> None:
    print(
        f"Timetable version {version} published: {summary['placed']}/{summary['lessons']} lessons, "
        f"{summary['hard_violations']} hard violations, soft cost {summary['soft_cost']} "
        f"(teacher gaps {summary['teacher_gaps']}, "
        f"building changes {summary['building_changes']}), "
        f"first complete after {summary['seconds_to_first']} s."
    )
    print(f"Excel: {exports / 'timetable.xlsx'}")
    print(f"iCalendar: {exports / 'timetable.ics'} and {exports / 'timetable-calendars'}/")
