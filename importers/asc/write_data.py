"""What an aSc XML file cannot carry of our data, in words."""

from __future__ import annotations

from solver.messages import Msg, msg
from solver.problem import Problem


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:5])
    return shown + (f" (+{len(items) - 5})" if len(items) > 5 else "")


def losses(problem: Problem) -> list[Msg]:
    """One sentence per kind of data the aSc file leaves out, naming whom it concerns."""
    out: list[Msg] = []
    teachers = [
        t.name
        for t in problem.teachers
        if t.unavailable
        or t.day_off is not None
        or any(x is not None for x in (t.max_per_day, t.max_per_week, t.max_days))
        or t.max_building_changes is not None
    ]
    if teachers:
        out.append(
            msg(
                "aSc XML has no time off or limits; not written for teachers {names}",
                names=_names(teachers),
            )
        )
    classes = [c.code for c in problem.classes if c.unavailable or c.max_per_day is not None]
    if classes:
        out.append(
            msg(
                "aSc XML has no time off or limits; not written for classes {names}",
                names=_names(classes),
            )
        )
    rooms = [r.name for r in problem.rooms if r.unavailable]
    if rooms:
        out.append(
            msg("aSc XML has no room time off; not written for {names}", names=_names(rooms))
        )
    if any(m for row in problem.travel for m in row):
        out.append(msg("aSc XML has no travel times between buildings; they are not written"))
    if problem.conditions:
        out.append(
            msg(
                "aSc XML cannot carry the {count} imported conditions; they are not written",
                count=len(problem.conditions),
            )
        )
    if len(problem.shifts) > 1:
        out.append(
            msg(
                "aSc has one bell schedule a day: the periods of {count} later shift(s) follow "
                "those of the first, numbered from 1 again",
                count=len(problem.shifts) - 1,
            )
        )
    return out
