"""A deliberately plain CP-SAT model, to calibrate how hard an instance is for any solver.

It keeps only: each lesson once at an allowed start (shift, length, teacher availability),
teachers and student atoms at most once at a time, teachers' max per day, atoms' days without
gaps, and for lessons sharing the same candidate rooms no more at once than there are rooms.
No travel, no exact room choice, no soft costs. When this model cannot find a week quickly,
the instance is hard; when it can and the real solver cannot, the real model has work to do.

    python -m bench.baseline INSTANCE TIME_LIMIT
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from solver.problem import Problem

Occupancy = dict[tuple[Any, int, int], list[cp_model.IntVar]]


def _starts(m: cp_model.CpModel, p: Problem) -> tuple[Occupancy, Occupancy, Occupancy]:
    """One boolean per allowed (lesson, day, start); who and what each one occupies."""
    teacher: Occupancy = defaultdict(list)
    atom: Occupancy = defaultdict(list)
    rooms: Occupancy = defaultdict(list)
    for lesson in p.lessons:
        options = []
        atoms = p.lesson_atoms(lesson)
        for d in range(len(p.days)):
            for s in p.starts(lesson):
                cover = p.covered(lesson, s)
                if any((d, q) in p.teachers[t].unavailable for t in lesson.teachers for q in cover):
                    continue
                v = m.new_bool_var(f"l{lesson.id}d{d}s{s}")
                options.append(v)
                for q in cover:
                    for t in lesson.teachers:
                        teacher[t, d, q].append(v)
                    for a in atoms:
                        atom[a, d, q].append(v)
                    if lesson.rooms:
                        rooms[lesson.rooms, d, q].append(v)
        m.add_exactly_one(options)
    return teacher, atom, rooms


def _teachers(m: cp_model.CpModel, p: Problem, occ: Occupancy) -> None:
    for t in p.teachers:
        for d in range(len(p.days)):
            for point in p.time_points:
                vs = [v for q in point for v in occ[t.id, d, q]]
                if len(vs) > 1:
                    m.add_at_most_one(vs)
            if t.max_per_day is not None:
                m.add(
                    sum(v for q in range(len(p.periods)) for v in occ[t.id, d, q]) <= t.max_per_day
                )


def _atoms(m: cp_model.CpModel, p: Problem, occ: Occupancy) -> None:
    for a, (c, _) in enumerate(p.atoms):
        periods = p.shifts[p.classes[c].shift].periods
        for d in range(len(p.days)):
            busy = []
            for q in periods:
                b = m.new_bool_var("")
                m.add(sum(occ[a, d, q]) == b)
                busy.append(b)
            if not p.settings.class_no_gaps:
                continue
            for i in range(len(busy)):
                for j in range(i + 2, len(busy)):
                    for k in range(i + 1, j):
                        m.add_bool_or([busy[i].Not(), busy[j].Not(), busy[k]])


def solve_plain(problem: Problem, time_limit: float, workers: int = 0) -> dict[str, Any]:
    """Build and solve the plain model; status and seconds."""
    t0 = time.monotonic()
    m = cp_model.CpModel()
    teacher, atom, rooms = _starts(m, problem)
    _teachers(m, problem, teacher)
    _atoms(m, problem, atom)
    for (candidates, _, _), vs in rooms.items():
        if len(vs) > len(candidates):
            m.add(sum(vs) <= len(candidates))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    build = time.monotonic() - t0
    status = solver.solve(m)
    return {
        "status": solver.status_name(status).lower(),
        "build_s": round(build, 2),
        "seconds": round(solver.wall_time, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Solve one instance with the plain model and print one JSON line."""
    from bench.child import load

    args = sys.argv[1:] if argv is None else argv
    result = solve_plain(load(args[0]), float(args[1]))
    print(json.dumps({"instance": args[0], **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
