"""What `sabaq solve` and `check` print: exit codes, the live progress line, the JSON summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from importers.loaded import LoadedInput
from solver.messages import Msg
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.solution import Solution

EXIT_OK = 0
EXIT_NO_TIMETABLE = 1
EXIT_BAD_INPUT = 2
OUTPUT_TYPES = (".xlsx", ".ics", ".json", ".pdf")
SOURCE_OUTPUT_TYPES = (".fet", ".xml")  # written back in the input's own format, when it has one


def print_problems(problems: Iterable[object], stream: IO[str] | None = None) -> None:
    """One problem per line, each a full sentence (`str()` of a Msg or a workbook problem)."""
    out = stream or sys.stderr
    for p in problems:
        print(f"  - {p}", file=out)


class ProgressLine:
    """The live progress line: elapsed seconds, best cost and proven bound, rewritten in place.

    On a terminal every improvement shows at once; into a file or pipe (a log) one line is
    written at most every `log_interval` seconds, so that a long solve logs a few dozen lines.
    """

    def __init__(
        self, stream: IO[str], min_interval: float = 0.5, log_interval: float = 5.0
    ) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.min_interval = min_interval if self.tty else log_interval
        self.last = -1.0
        self.shown = False

    def __call__(self, elapsed: float, best: float | None, bound: float | None) -> None:
        now = time.monotonic()
        if now - self.last < self.min_interval and (best is None or not self.tty):
            return
        self.last = now
        text = f"solving {elapsed:6.1f} s"
        if best is not None:
            text += f"  best cost {best:g}"
        if bound is not None:
            text += f"  bound {bound:g}"
        if self.tty:
            self.stream.write("\r" + text.ljust(60))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """End the line so later output starts on a fresh one."""
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def summary_dict(
    problem: Problem,
    solution: Solution,
    warnings: Sequence[Msg | str],
    explanation: Sequence[Msg | str] = (),
) -> dict[str, Any]:
    """The `--json` summary: the solver's status with the independent validator's counts."""
    from solver.validate import summarize, validate

    violations = validate(problem, solution)
    summary = summarize(violations)
    counts = summary.count_by_rule
    by_condition: dict[str, int] = {}
    for v in violations:
        if v.source:
            by_condition[v.source] = by_condition.get(v.source, 0) + v.count
    placed = {p.lesson for p in solution.placements}
    status = solution.status.value
    if summary.hard_violations and solution.complete:
        status = "unknown"  # never call a timetable with broken hard rules complete
    return {
        "status": status,
        "hard_violations": summary.hard_violations,
        "soft_cost": summary.soft_cost,
        "objective": solution.objective,
        "bound": solution.bound,
        "lessons": len(problem.lessons),
        "placed": len(placed),
        "seconds": round(solution.meta.seconds, 3),
        "seconds_to_first": (
            None
            if solution.meta.seconds_to_first is None
            else round(solution.meta.seconds_to_first, 3)
        ),
        "teacher_gaps": counts.get(RuleId.TEACHER_GAP, 0),
        "class_gaps": counts.get(RuleId.CLASS_GAP, 0) + counts.get(RuleId.CLASS_NO_GAPS, 0),
        "building_changes": counts.get(RuleId.BUILDING_CHANGE, 0),
        "cost_by_rule": {str(k): v for k, v in summary.cost_by_rule.items() if v},
        "condition_violations": dict(sorted(by_condition.items())),
        "unplaced": [
            problem.lessons[i].label for i in sorted(set(range(len(problem.lessons))) - placed)
        ],
        "warnings": [str(w) for w in warnings],
        "explanation": [str(e) for e in explanation],
        "seed": solution.meta.seed,
        "workers": solution.meta.workers,
    }


def write_outputs(out: Path, loaded: LoadedInput, solution: Solution) -> None:
    """Write the timetable to OUT by its extension: .xlsx, .ics (+ one per person), .json, .pdf, or
    the input's own format (.fet, .xml) when its reader gave a writer for it."""
    suffix = out.suffix.lower()
    problem = loaded.problem
    if suffix == ".json":
        from importers.solution_json import write_solution

        write_solution(out, problem, solution)
    elif suffix == ".xlsx":
        from importers.export_xlsx import export_timetable_xlsx

        export_timetable_xlsx(problem, solution, out, title=problem.name)
    elif suffix == ".ics":
        _write_ical(out, loaded, solution)
    elif suffix == ".pdf":
        from importers.export_pdf import export_timetable_pdf

        export_timetable_pdf(problem, solution, out, snapshot=loaded.snapshot)
    elif suffix in loaded.writers:
        loaded.writers[suffix](solution, out)
    else:
        raise ValueError(f"{out}: unknown output type; use .xlsx, .ics, .json or .pdf")
    print(f"written: {out}", file=sys.stderr)


def _write_ical(out: Path, loaded: LoadedInput, solution: Solution) -> None:
    """The whole school in OUT.ics and one calendar per teacher, class and room beside it."""
    from importers.ical import export_ical, export_ical_combined

    terms = loaded.snapshot.terms if loaded.snapshot else ()
    out.write_bytes(export_ical_combined(loaded.problem, solution, terms))
    folder = out.with_name(out.stem + "-calendars")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in export_ical(loaded.problem, solution, terms).items():
        (folder / f"{name}.ics").write_bytes(data)
