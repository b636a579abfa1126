"""Moving a lesson by hand on the demo school: how long a move check and a grid colouring take.

    python -m bench.edit_move [--moves 300] [--seed 4] [--solve SECONDS] [--markdown PATH]

Loads examples/demo-school.xlsx with `importers.inputs.load_input` and its saved timetable
(examples/demo-school.planted.json), or with `--solve` a timetable solved once. Then, over
many random moves (a random placed lesson to a random day and start of its shift, room
chosen by the check), measures:

- `check_moves` of one move and of a swap of two lessons of one class, "warm" (the same
  problem and timetable objects as the last call, as a page checking one drag after another)
  and "cold" (a new timetable object each time: the timetable is read, indexed and fully
  validated once for its cost before the local check);
- `free_cells` for the dragged lesson, plain (every cell a move) and with `swap=True`;
- for comparison, what the naive way costs: full `validate` before and after one move.

Issue 4's target: a drag-and-drop move validated and shown in < 200 ms.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from importers.inputs import load_input
from importers.solution_json import read_solution
from solver.edit import Move, check_moves, free_cells
from solver.params import SolveParams
from solver.problem import Problem
from solver.solution import Solution
from solver.solve import solve
from solver.validate import validate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TARGET_MS = 200.0


def _ms(fn: Callable[..., object], *args: object, **kwargs: object) -> float:
    """Milliseconds one call of fn(*args, **kwargs) takes."""
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def random_move(problem: Problem, rnd: random.Random) -> Move:
    """A random lesson to a random day and one of its possible starts, room left to the check."""
    lesson = rnd.choice(problem.lessons)
    return Move(lesson.id, rnd.randrange(len(problem.days)), rnd.choice(problem.starts(lesson)))


def random_swap(problem: Problem, solution: Solution, rnd: random.Random) -> list[Move]:
    """Two lessons of one class trade their starts."""
    where = {p.lesson: p for p in solution.placements}
    while True:
        a = rnd.choice(problem.lessons)
        mates = [
            b
            for b in problem.lessons
            if b.id != a.id and set(b.classes) & set(a.classes) and b.id in where
        ]
        if mates and a.id in where:
            b = rnd.choice(mates)
            pa, pb = where[a.id], where[b.id]
            return [Move(a.id, pb.day, pb.period), Move(b.id, pa.day, pa.period)]


WARM = (
    "check_moves, one move (warm)",
    "check_moves, swap (warm)",
    "free_cells (warm)",
    "free_cells, swap=True (warm)",
)
COLD = ("check_moves, one move (cold)", "free_cells (cold)")
NAIVE = "full validate before and after (naive)"


def _warm(problem: Problem, solution: Solution, move: Move, swap: list[Move]) -> list[float]:
    """The same objects as the last call: what a page checking drag after drag pays."""
    return [
        _ms(check_moves, problem, solution, [move]),
        _ms(check_moves, problem, solution, swap),
        _ms(free_cells, problem, solution, move.lesson),
        _ms(free_cells, problem, solution, move.lesson, swap=True),
    ]


def _cold(problem: Problem, solution: Solution, move: Move) -> list[float]:
    """A new timetable object each call: read, indexed and fully validated once first."""
    return [
        _ms(check_moves, problem, replace(solution), [move]),
        _ms(free_cells, problem, replace(solution), move.lesson),
    ]


def _both(problem: Problem, before: Solution, after: Solution) -> None:
    validate(problem, before)
    validate(problem, after)


def measure(problem: Problem, solution: Solution, n: int, seed: int) -> dict[str, list[float]]:
    """Milliseconds per call of each measured operation over `n` random moves."""
    rnd = random.Random(seed)
    out: dict[str, list[float]] = {k: [] for k in (*WARM, *COLD, NAIVE)}
    check_moves(problem, solution, [random_move(problem, rnd)])  # read and index once
    for i in range(n):
        move = random_move(problem, rnd)
        swap = random_swap(problem, solution, rnd)
        for name, ms in zip(WARM, _warm(problem, solution, move, swap), strict=True):
            out[name].append(ms)
        if i % 5 == 0:  # the cold ones pay a full validation each: fewer of them
            for name, ms in zip(COLD, _cold(problem, solution, move), strict=True):
                out[name].append(ms)
            moved = check_moves(problem, solution, [move]).solution
            out[NAIVE].append(_ms(_both, problem, solution, moved))
    return out


def table(results: dict[str, list[float]]) -> list[str]:
    """The results as Markdown table rows."""
    rows = ["| operation | calls | median ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for name, values in results.items():
        rows.append(
            f"| {name} | {len(values)} | {statistics.median(values):.1f} | "
            f"{_p95(values):.1f} | {max(values):.1f} |"
        )
    return rows


def load(solve_seconds: float | None) -> tuple[Problem, Solution, str]:
    """The demo school and a timetable of it (saved, or solved once)."""
    problem = load_input(EXAMPLES / "demo-school.xlsx").problem
    if solve_seconds is None:
        saved = EXAMPLES / "demo-school.planted.json"
        return problem, read_solution(saved, problem), saved.name
    sol = solve(problem, SolveParams(time_limit_s=solve_seconds, seed=1, workers=2))
    return problem, sol, f"solved in {solve_seconds:g} s ({sol.status.value})"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (or write) the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=300)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--solve", type=float, default=None, metavar="SECONDS")
    ap.add_argument("--markdown", type=Path, default=None)
    args = ap.parse_args(argv)
    problem, solution, source = load(args.solve)
    results = measure(problem, solution, args.moves, args.seed)
    worst = max(_p95(v) for k, v in results.items() if k != NAIVE)
    lines = [
        f"demo school: {len(problem.lessons)} lessons, {len(problem.teachers)} teachers, "
        f"{len(problem.classes)} classes, {len(problem.rooms)} rooms; timetable: {source}; "
        f"{args.moves} random moves, seed {args.seed}; Python {platform.python_version()}",
        "",
        *table(results),
        "",
        f"target < {TARGET_MS:.0f} ms: {'met' if worst < TARGET_MS else 'MISSED'} "
        f"(worst p95 {worst:.1f} ms)",
    ]
    text = "\n".join(lines)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
