"""Commands for absences and cover plans: `sabaq absence add|list|remove`, `sabaq substitute`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from models.i18n import Message

if TYPE_CHECKING:  # the store and the engine load when a command runs, not when `sabaq` starts
    from sqlmodel import Session

    from substitutions.plan import CoverPlanResult
    from substitutions.problem import CoverProblem

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2


class _BadInput(Exception):
    def __init__(self, messages: list[Message] | tuple[Message, ...]) -> None:
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = list(messages)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `absence` and `substitute` to the root `sabaq` parser."""
    p = commands.add_parser("absence", help="enter, list or remove absences")
    sub = p.add_subparsers(dest="absence_command", required=True, metavar="ACTION")
    a = sub.add_parser("add", help="a teacher away (or a room closed, a class away, a short day)")
    a.add_argument("teacher", help="the teacher's code or name (room or class code with --kind)")
    a.add_argument("--from", dest="start", required=True, type=_date, help="first day, YYYY-MM-DD")
    a.add_argument("--to", dest="end", type=_date, help="last day (default: the first day)")
    a.add_argument("--periods", type=_periods, default=(), help="e.g. 1-3 or 2,4 (default: all)")
    a.add_argument("--shift", default="", help="the shift of --periods (default: every shift)")
    a.add_argument("--reason", default="", help="illness, training, trip, ...")
    a.add_argument(
        "--kind", default="teacher", choices=("teacher", "room", "class", "short_day"),
        help="what is away (default: a teacher)",
    )  # fmt: skip
    a.add_argument("--school", help="school code (default: the only school in the store)")
    a.set_defaults(func=cmd_absence_add)
    lst = sub.add_parser("list", help="absences, all or of one date")
    lst.add_argument("--date", type=_date)
    lst.add_argument("--school")
    lst.set_defaults(func=cmd_absence_list)
    rm = sub.add_parser("remove", help="remove an absence (kept in history)")
    rm.add_argument("id", type=int)
    rm.add_argument("--school")
    rm.set_defaults(func=cmd_absence_remove)

    s = commands.add_parser("substitute", help="propose the cover plan of a day")
    s.add_argument("--date", required=True, type=_date, help="YYYY-MM-DD")
    s.add_argument(
        "--absent", nargs="+", default=None, metavar="NAME",
        help="teachers away all day (instead of the stored absences; nothing is stored)",
    )  # fmt: skip
    s.add_argument("--json", action="store_true", help="last line of stdout: a JSON summary")
    s.add_argument("--save", action="store_true", help="store the plan as the day's draft")
    s.add_argument("--time-limit", type=float, default=2.0, help="seconds (default 2)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--school")
    s.set_defaults(func=cmd_substitute)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _periods(text: str) -> tuple[int, ...]:
    out: list[int] = []
    try:
        for part in text.replace(" ", "").split(","):
            low, _, high = part.partition("-")
            out.extend(range(int(low), int(high or low) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not periods (e.g. 1-3 or 2,4): {text}") from None
    return tuple(out)


def _school_id(session: Session, code: str | None) -> int:
    from sqlmodel import col, select

    from models.school import School
    from models.school_data import get_school

    if code:
        school = get_school(session, code=code)
    else:
        schools = session.exec(select(School).where(col(School.deleted_at).is_(None))).all()
        if len(schools) != 1:
            from models.i18n import N_, message

            codes = ", ".join(sorted(s.code for s in schools)) or "-"
            text = N_("Name the school with --school (schools in the store: {codes}).")
            raise _BadInput([message(text, codes=codes)])
        school = schools[0]
    assert school.id is not None
    return school.id


def _run(body: Any) -> int:
    """Runs a command body in a session; store errors become sentences and exit code 2."""
    from models.db import session_scope
    from models.errors import StoreError
    from models.migrate import upgrade_database
    from substitutions.build import CoverBuildError

    upgrade_database()
    try:
        with session_scope() as session:
            code: int = body(session)
            return code
    except (StoreError, _BadInput) as exc:
        for m in exc.messages:
            print(str(m), file=sys.stderr)
    except CoverBuildError as exc:
        for m in exc.problems:
            print(str(m), file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_absence_add(args: argparse.Namespace) -> int:
    from substitutions.absences import add_absence

    def body(session: Session) -> int:
        row = add_absence(
            session, school_id=_school_id(session, args.school), ref=args.teacher,
            starts_on=args.start, ends_on=args.end, kind=args.kind, periods=args.periods,
            shift=args.shift, reason=args.reason, actor="cli",
        )  # fmt: skip
        periods = ",".join(str(p) for p in row.periods) or "all"
        if row.shift:
            periods += f" of shift {row.shift}"
        span = f"{row.starts_on}..{row.ends_on}"
        print(f"Absence {row.id}: {row.kind} {row.ref}, {span}, periods {periods}")
        return EXIT_OK

    return _run(body)


def cmd_absence_list(args: argparse.Namespace) -> int:
    from substitutions.absences import list_absences

    def body(session: Session) -> int:
        rows = list_absences(session, school_id=_school_id(session, args.school), day=args.date)
        for r in rows:
            periods = ",".join(str(p) for p in r.periods) or "all"
            if r.shift:
                periods += f"/{r.shift}"
            print(
                f"{r.id:>5}  {r.kind:<9} {r.name:<30} {r.starts_on}..{r.ends_on}  "
                f"periods {periods:<8} {r.reason}"
            )
        if not rows:
            print("No absences.")
        return EXIT_OK

    return _run(body)


def cmd_absence_remove(args: argparse.Namespace) -> int:
    from substitutions.absences import remove_absence

    def body(session: Session) -> int:
        school_id = _school_id(session, args.school)
        remove_absence(session, school_id=school_id, absence_id=args.id, actor="cli")
        print(f"Absence {args.id} removed.")
        return EXIT_OK

    return _run(body)


def cmd_substitute(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from models.substitutions import TEACHER_ABSENT
    from substitutions.absences import find_teacher
    from substitutions.build import AbsenceInfo
    from substitutions.engine import plan_day
    from substitutions.params import CoverParams
    from substitutions.store import load_day
    from substitutions.store_plan import save_plan

    def body(session: Session) -> int:
        t0 = time.monotonic()
        school_id = _school_id(session, args.school)
        absences = None
        if args.absent is not None:
            codes = [find_teacher(session, school_id=school_id, name=n).code for n in args.absent]
            absences = [AbsenceInfo(TEACHER_ABSENT, c) for c in codes]
        d = load_day(session, school_id=school_id, day=args.date, absences=absences)
        d.problem = replace(d.problem, previous=())
        result = plan_day(d.problem, CoverParams(time_limit_s=args.time_limit, seed=args.seed))
        if args.save and absences is None and result.complete:
            save_plan(session, d, result)
        seconds = time.monotonic() - t0
        _print_plan(d.problem, result)
        if args.json:
            print(json.dumps(summary(d.problem, result, seconds), ensure_ascii=False))
        return EXIT_OK if result.complete else EXIT_NO_PLAN

    return _run(body)


def _print_plan(cp: CoverProblem, result: CoverPlanResult) -> None:
    from substitutions.explain import dropped_reason, period_name

    print(
        f"Cover plan for {cp.day} ({cp.school}): {len(cp.affected)} lessons affected, "
        f"{len(cp.affected) - result.uncovered} covered, {result.uncovered} cancelled "
        f"({result.status.value}, {result.seconds:.2f} s)."
    )
    for p in result.proposals:
        ls = cp.lesson_of(p.choice.affected)
        print(
            f"  {period_name(cp, ls.period)!s:<22} {ls.label:<32} {p.choice.action:<6} {p.reason}"
        )
    for d in cp.dropped:
        print(f"  {period_name(cp, cp.lessons[d.lesson].period)!s:<22} {dropped_reason(cp, d)}")
    for m in result.messages:
        print(str(m))


def summary(cp: CoverProblem, result: CoverPlanResult, seconds: float) -> dict[str, Any]:
    """The JSON summary: counts as the validator finds them, and covers per teacher."""
    from substitutions.validate import summarize, validate

    counts = summarize(validate(cp, result.choices)) if result.complete else None
    today = Counter(
        p.choice.teacher
        for p in result.proposals
        if p.choice.teacher is not None and p.choice.action in ("cover", "study")
    )
    covers = {
        t.code: {
            "name": t.name, "today": today[t.id], "week": t.covers_week + today[t.id],
            "month": t.covers_month + today[t.id], "term": t.covers_term + today[t.id],
        }
        for t in cp.teachers
        if today[t.id] or t.covers_term or t.covers_week or t.covers_month
    }  # fmt: skip
    return {
        "date": cp.day.isoformat(),
        "status": result.status.value,
        "lessons_affected": len(cp.affected),
        "covered": len(cp.affected) - result.uncovered if result.complete else 0,
        "uncovered": result.uncovered if result.complete else len(cp.affected),
        "dropped": len(cp.dropped),
        "double_bookings": None if counts is None else counts["double_bookings"],
        "violations": None
        if counts is None
        else sum(v for k, v in counts.items() if k != "double_bookings"),
        "actions": dict(Counter(p.choice.action for p in result.proposals)),
        "seconds": round(seconds, 3),
        "solve_seconds": round(result.seconds, 3),
        "covers": covers,
    }
