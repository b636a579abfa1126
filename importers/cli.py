"""Commands for timetable files: template, import, solve and check (gathered by `sabaq`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from importers.inputs import load_input, load_snapshot
from importers.loaded import InputError, LoadedInput
from importers.reporting import (
    EXIT_BAD_INPUT,
    EXIT_NO_TIMETABLE,
    EXIT_OK,
    OUTPUT_TYPES,
    SOURCE_OUTPUT_TYPES,
    ProgressLine,
    print_problems,
    summary_dict,
    write_outputs,
)
from solver.messages import Msg, msg
from solver.params import SolveParams
from solver.problem import Problem
from solver.solution import Solution, Status


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this package's commands to the root `sabaq` parser."""
    p = commands.add_parser("template", help="write the blank import workbook")
    p.add_argument("out", type=Path, help="OUT.xlsx")
    p.add_argument("--roster", action="store_true", help="the students and parents roster only")
    p.set_defaults(func=cmd_template)

    p = commands.add_parser("import", help="import a school workbook into the store")
    p.add_argument("file", type=Path)
    p.add_argument("--school", help="school code (default: the one named in the workbook)")
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("solve", help="generate a timetable from a file (no store needed)")
    p.add_argument("input", type=Path, help="our .xlsx workbook")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    p.add_argument("--workers", type=int, default=0, help="search workers (0 = automatic)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "-o",
        "--out",
        type=Path,
        action="append",
        default=[],
        help="OUT.xlsx, OUT.ics or OUT.json (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="last line of stdout: a JSON summary")
    p.set_defaults(func=cmd_solve)

    p = commands.add_parser("check", help="validate a solution written by `sabaq solve`")
    p.add_argument("input", type=Path)
    p.add_argument("solution", type=Path, help="a .json solution")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)


def cmd_template(args: argparse.Namespace) -> int:
    from importers.excel import write_workbook
    from importers.roster import write_roster_workbook

    (write_roster_workbook if args.roster else write_workbook)(args.out)
    print(f"Template written: {args.out}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from models.db import session_scope
    from models.migrate import upgrade_database
    from models.school_data import apply_snapshot

    try:
        snapshot = load_snapshot(args.file)
    except InputError as exc:
        print_problems(exc.problems)
        return EXIT_BAD_INPUT
    if args.school:
        snapshot = replace(snapshot, school=replace(snapshot.school, code=args.school))
    upgrade_database()
    with session_scope() as session:
        result = apply_snapshot(session, snapshot, source=str(args.file), dry_run=args.dry_run)
    for line in result.messages():
        print(line)
    return EXIT_OK


def _load(path: Path) -> LoadedInput | int:
    try:
        return load_input(path)
    except InputError as exc:
        print_problems(exc.problems)
        return EXIT_BAD_INPUT


def cmd_solve(args: argparse.Namespace) -> int:
    from solver.checks import check_problem
    from solver.solve import solve

    known = (*OUTPUT_TYPES, *SOURCE_OUTPUT_TYPES)
    if _refuse_outputs([out for out in args.out if out.suffix.lower() not in known]):
        return EXIT_BAD_INPUT
    loaded = _load(args.input)
    if isinstance(loaded, int):
        return loaded
    wrong = [o for o in args.out if o.suffix.lower() not in (*OUTPUT_TYPES, *loaded.writers)]
    if _refuse_outputs(wrong):
        return EXIT_BAD_INPUT
    problem = loaded.problem
    findings = check_problem(problem)
    errors = [f.message for f in findings if f.severity == "error"]
    warnings = list(loaded.warnings) + [f.message for f in findings if f.severity != "error"]
    if errors:
        print("No timetable can satisfy this data:", file=sys.stderr)
        print_problems(errors)
        solution = Solution(status=Status.INFEASIBLE, unplaced=tuple(x.id for x in problem.lessons))
        if args.json:
            print(json.dumps(summary_dict(problem, solution, warnings, errors), ensure_ascii=False))
        return EXIT_NO_TIMETABLE
    params = SolveParams(time_limit_s=args.time_limit, seed=args.seed, workers=args.workers)
    progress = ProgressLine(sys.stderr)
    solution = solve(problem, params, on_progress=progress)
    progress.done()
    explanation = [] if solution.complete else _explain(problem, solution, args.time_limit)
    summary = summary_dict(problem, solution, warnings, explanation)
    summary["source_format"] = loaded.source_format
    summary["unsupported_conditions"] = dict(loaded.unsupported)
    if loaded.native_cost is not None and solution.placements:
        summary["native_cost"] = dict(loaded.native_cost(solution))
    if solution.complete:
        for out in args.out:
            write_outputs(out, loaded, solution)
    _print_solve_report(summary, explanation, args.json)
    return EXIT_OK if solution.complete else EXIT_NO_TIMETABLE


def _refuse_outputs(outs: list[Path]) -> bool:
    """Say so and return True when some output cannot be written for this input."""
    for out in outs:
        print_problems(
            [
                msg(
                    "{file}: unknown output type; use .xlsx, .ics, .json or .pdf (or .fet for "
                    "a FET input, .xml for an XHSTT or aSc input)",
                    file=str(out),
                )
            ]
        )
    return bool(outs)


def _explain(problem: Problem, solution: Solution, time_limit: float) -> list[Msg]:
    """Why there is no complete timetable: the conflicting conditions, or "not found in time"."""
    if solution.status == Status.INFEASIBLE:
        from solver.diagnose import explain_infeasible

        limit = min(60.0, max(10.0, time_limit))
        return list(explain_infeasible(problem, time_limit_s=limit))
    return [
        msg(
            "No complete timetable was found within {seconds} s; this is not a proof that none "
            "exists. Try a longer --time-limit.",
            seconds=round(time_limit),
        )
    ]


def _print_solve_report(summary: dict[str, Any], explanation: list[Msg], as_json: bool) -> None:
    """The human summary, every warning and explanation, and with --json the JSON last line."""
    out = sys.stdout
    if summary.get("source_format", "xlsx") == "xlsx":
        detail = (
            f"teacher gaps {summary['teacher_gaps']}, class gaps {summary['class_gaps']}, "
            f"building changes {summary['building_changes']}"
        )
    else:  # the school's own soft rules weigh nothing here; the file's conditions do
        counts = summary["condition_violations"]
        detail = ", ".join(f"{k} {v}" for k, v in counts.items()) or "no condition broken"
        if not summary["placed"]:
            detail = "no timetable"
    print(
        f"{summary['status']}: {summary['placed']}/{summary['lessons']} lessons placed, "
        f"{summary['hard_violations']} hard violations, soft cost {summary['soft_cost']} "
        f"({detail}) in {summary['seconds']:.1f} s",
        file=out,
    )
    if summary.get("native_cost"):
        words = ", ".join(f"{k} {v}" for k, v in summary["native_cost"].items())
        print(f"as {str(summary['source_format']).upper()} counts it: {words}", file=out)
    for w in summary["warnings"]:
        print(f"warning: {w}", file=out)
    if explanation:
        print_problems(explanation, stream=out)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False), file=out)


def cmd_check(args: argparse.Namespace) -> int:
    from importers.solution_json import SolutionFileError, read_solution
    from solver.validate import summarize, validate

    loaded = _load(args.input)
    if isinstance(loaded, int):
        return loaded
    try:
        solution = read_solution(args.solution, loaded.problem)
    except SolutionFileError as exc:
        print_problems(exc.problems)
        return EXIT_BAD_INPUT
    violations = validate(loaded.problem, solution)
    summary = summarize(violations)
    for v in violations:
        kind = "hard" if v.hard else f"soft +{v.cost}"
        print(f"[{kind}] {v.message}")
    print(f"{summary.hard_violations} hard violations, soft cost {summary.soft_cost}")
    native = dict(loaded.native_cost(solution)) if loaded.native_cost is not None else None
    if native is not None:
        words = ", ".join(f"{k} {v}" for k, v in native.items())
        print(f"as {loaded.source_format.upper()} counts it: {words}")
    if args.json:
        data = {
            "hard_violations": summary.hard_violations,
            "soft_cost": summary.soft_cost,
            "native_cost": native,
            "cost_by_rule": {str(k): v for k, v in summary.cost_by_rule.items()},
            "violations": [
                {"rule": str(v.rule), "hard": v.hard, "cost": v.cost, "message": str(v.message)}
                for v in violations
            ],
        }
        print(json.dumps(data, ensure_ascii=False))
    return EXIT_OK if summary.hard_violations == 0 else EXIT_NO_TIMETABLE
