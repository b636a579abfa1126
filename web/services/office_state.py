"""One timetable version ready to judge: its problem, its solution and what the validator says.

Built once per version and process, so that a drag over the grid and the check of a drop
only do the work of the move itself (versions never change once saved).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cached_property

from sqlmodel import Session, select

from models.errors import NotFound
from models.i18n import N_, message
from models.timetable import TimetableVersion
from solver.problem import Problem
from solver.solution import Solution, Status
from solver.validate import Summary, Violation, summarize, validate
from web.services.timetables import VersionData, version_data


class VersionState:
    """A stored version as the solver's problem and solution, judged once by the validator."""

    def __init__(self, vd: VersionData, row_id: int, data_version_id: int) -> None:
        self.vd = vd
        self.row_id = row_id
        self.data_version_id = data_version_id
        placed = {p.lesson for p in vd.timetable.placements}
        self.solution = Solution(
            Status.FEASIBLE, vd.timetable.placements,
            unplaced=tuple(x.id for x in vd.timetable.problem.lessons if x.id not in placed),
        )  # fmt: skip

    @property
    def problem(self) -> Problem:
        return self.vd.timetable.problem

    @cached_property
    def violations(self) -> tuple[Violation, ...]:
        """Every unmet condition and soft cost of the version, in the validator's words."""
        return tuple(validate(self.problem, self.solution))

    @cached_property
    def summary(self) -> Summary:
        """Hard violations and soft cost in total and per rule."""
        return summarize(self.violations)


_SIZE = 8
_states: OrderedDict[tuple[str, int], VersionState] = OrderedDict()
_lock = threading.Lock()


def version_state(session: Session, *, school_id: int, number: int) -> VersionState:
    """Version `number` of the viewer's school, judged (cached per version and process).

    Raises:
        NotFound: the school has no such version.
    """
    vd = version_data(session, school_id=school_id, number=number)
    row = session.exec(
        select(TimetableVersion).where(
            TimetableVersion.school_id == school_id, TimetableVersion.number == number
        )
    ).first()
    if row is None or row.id is None:  # removed between the two reads
        text = N_("There is no timetable version {version}.")
        raise NotFound("timetable_not_found", [message(text, version=number)])
    key = (str(session.get_bind().engine.url), row.id)  # ids repeat across stores (tests)
    with _lock:
        hit = _states.get(key)
        if hit is not None and hit.vd.timetable is vd.timetable:
            _states.move_to_end(key)
            return hit
    state = VersionState(vd, row.id, row.data_version_id)
    with _lock:
        _states[key] = state
        while len(_states) > _SIZE:
            _states.popitem(last=False)
    return state
