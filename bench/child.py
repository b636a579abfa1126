"""One benchmark run in its own process: solve one instance, print one JSON line.

    python -m bench.child INSTANCE TIME_LIMIT SEED WORKERS

INSTANCE is `gen:CLASSES:BUILDINGS:SEED[:PROFILE]` (a generated school, profile `tight` or
`real`, see `bench.generate.PROFILES`) or a path to an input file
(our workbook, or anything `sabaq solve` reads). The parent (`bench.run`) measures the peak
memory of this process; this process reports the solver's own times and costs and what the
independent validator says about the timetable.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from solver.params import SolveParams
from solver.problem import Problem


def load(instance: str) -> Problem:
    """The problem an instance names."""
    from solver.store import problem_from_snapshot

    if instance.startswith("gen:"):
        from bench.generate import PROFILES, generate_school

        _, classes, buildings, seed, *profile = instance.split(":")
        knobs = PROFILES[profile[0] if profile else "tight"]
        snapshot, _ = generate_school(int(classes), int(buildings), int(seed), knobs)
        return problem_from_snapshot(snapshot)
    from importers.inputs import load_input

    return load_input(Path(instance)).problem


def run(instance: str, time_limit: float, seed: int, workers: int) -> dict[str, Any]:
    """Solve and validate; every time in seconds from the start of the solve."""
    from solver.solve import solve
    from solver.validate import summarize, validate

    t0 = time.monotonic()
    problem = load(instance)
    load_s = time.monotonic() - t0
    trace: list[tuple[float, float]] = []

    def progress(elapsed: float, best: float | None, bound: float | None) -> None:
        if best is not None and (not trace or best < trace[-1][1]):
            trace.append((round(elapsed, 2), best))

    params = SolveParams(time_limit_s=time_limit, seed=seed, workers=workers)
    solution = solve(problem, params, on_progress=progress)
    found = summarize(validate(problem, solution)) if solution.complete else None
    return {
        "instance": instance,
        "classes": len(problem.classes),
        "teachers": len(problem.teachers),
        "rooms": len(problem.rooms),
        "buildings": len(problem.buildings),
        "lessons": len(problem.lessons),
        "periods": sum(x.length for x in problem.lessons),
        "load_s": round(load_s, 2),
        "status": str(solution.status),
        "complete": solution.complete,
        "placed": len(solution.placements),
        "seconds": round(solution.meta.seconds, 2),
        "seconds_to_first": solution.meta.seconds_to_first,
        "seconds_to_best": trace[-1][0] if trace else None,
        "cost": solution.objective,
        "bound": solution.bound,
        "hard_violations": found.hard_violations if found else None,
        "soft_cost": found.soft_cost if found else None,
        "trace": trace,
    }


def main(argv: list[str] | None = None) -> int:
    """Run one instance and print its result as the last line of stdout."""
    args = sys.argv[1:] if argv is None else argv
    instance, time_limit, seed, workers = args[0], float(args[1]), int(args[2]), int(args[3])
    print(json.dumps(run(instance, time_limit, seed, workers), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
