"""XHSTT (ITC 2011 / XHSTT-2014) archives: reader, evaluator, writer, import into our Problem.

archive = read_archive(path)                 # importers.xhstt.instance
evaluation = evaluate(instance, solution)    # importers.xhstt.evaluate
loaded = load_xhstt(path)                    # a LoadedInput, writers={".xml": ...}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from importers.loaded import InputError, LoadedInput
from importers.xhstt.convert import to_xhstt
from importers.xhstt.evaluate import Evaluation, evaluate
from importers.xhstt.instance import Archive, Instance, read_archive
from importers.xhstt.instance import Solution as XhsttSolution
from importers.xhstt.mapping import Mapped, map_instance
from importers.xhstt.write import write_solution_group
from importers.xhstt.xmltree import XhsttError
from solver.messages import msg
from solver.solution import Solution

__all__ = [
    "Archive",
    "Evaluation",
    "Instance",
    "XhsttError",
    "XhsttInput",
    "XhsttSolution",
    "evaluate",
    "evaluate_file",
    "load_xhstt",
    "read_archive",
    "to_xhstt",
    "write_solution_group",
]


@dataclass(frozen=True)
class XhsttInput(LoadedInput):
    """A loaded XHSTT instance: the problem plus the way back to the instance.

    `mapped.offset` is the part of the XHSTT objective that no timetable changes;
    `mapped.exact` says whether our objective + offset is the XHSTT objective.
    """

    source: Path = Path()
    instance: Instance | None = None
    mapped: Mapped | None = field(default=None, repr=False)

    def xhstt_solution(self, solution: Solution) -> XhsttSolution:
        """Our timetable as a solution of the instance."""
        assert self.mapped is not None and self.instance is not None
        return to_xhstt(self.mapped, self.instance, solution)

    def evaluate(self, solution: Solution) -> Evaluation:
        """The XHSTT (infeasibility, objective) of our timetable."""
        assert self.instance is not None
        return evaluate(self.instance, self.xhstt_solution(solution))


def evaluate_file(
    solutions: Path, instances: Path | None = None
) -> list[tuple[str, str, Evaluation]]:
    """Price every solution in an archive file (what `sabaq check` reports for XHSTT).

    Args:
        solutions: a file with SolutionGroups (and, usually, their instances).
        instances: the archive holding the instances, when `solutions` does not.

    Returns:
        (solution group Id, instance Id, evaluation) per solution, in file order.

    Raises:
        InputError: either file cannot be read; every problem listed with file and line.
    """
    try:
        known = read_archive(instances).instances if instances is not None else ()
        archive = read_archive(solutions, known)
    except XhsttError as exc:
        raise InputError(exc.problems) from exc
    by_id = {i.id: i for i in (*known, *archive.instances)}
    return [
        (group.id, sol.instance, evaluate(by_id[sol.instance], sol))
        for group in archive.solution_groups
        for sol in group.solutions
    ]


def load_xhstt(path: Path, *, instance: str | None = None) -> XhsttInput:
    """Read an XHSTT archive and translate one of its instances into our Problem.

    Args:
        path: the archive file.
        instance: the Id of the instance to load (needed when the file holds several).

    Returns:
        The loaded input: every constraint we cannot express exactly is named in
        `warnings`, and those we cannot express at all are counted in `unsupported`.

    Raises:
        InputError: the file cannot be read, or is not an XHSTT archive, or the instance
            is missing; every problem found is listed with file, line and element.
    """
    try:
        archive = read_archive(path)
        inst = archive.instance(instance)
    except XhsttError as exc:
        raise InputError(exc.problems) from exc
    mapped = map_instance(inst)
    warnings = list(mapped.warnings)
    if mapped.offset or mapped.hard_offset:
        warnings.append(
            msg(
                "XHSTT costs no timetable changes: objective {soft}, infeasibility {hard} "
                "(fixed splits and preassignments)",
                soft=mapped.offset,
                hard=mapped.hard_offset,
            )
        )

    def write(solution: Solution, out: Path) -> None:
        sol = to_xhstt(mapped, inst, solution)
        write_solution_group(out, inst, sol, source=path, report=evaluate(inst, sol))

    def cost(solution: Solution) -> dict[str, int]:
        ev = evaluate(inst, to_xhstt(mapped, inst, solution))
        return {"infeasibility": ev.infeasibility, "objective": ev.objective}

    return XhsttInput(
        problem=mapped.problem,
        snapshot=None,
        warnings=tuple(warnings),
        source_format="xhstt",
        unsupported=dict(mapped.unsupported),
        writers={".xml": write},
        native_cost=cost,
        source=path,
        instance=inst,
        mapped=mapped,
    )
