"""Published covers on people's own timetables: which changes each grid shows, and where."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from importers.grids import week_of
from models.i18n import Message
from models.people import Student, StudentSubgroup, Teacher
from substitutions.published import REGISTER_ACTIONS, PublishedCover, published_covers
from web.services.timetables import MyGrid, VersionData

Slot = tuple[int, str, int]  # (weekday, shift code, period number)


@dataclass(frozen=True)
class GridChanges:
    """The published changes one grid of a person's page shows."""

    teacher_id: int | None  # the grid's teacher (a teacher's own page), else None
    items: tuple[PublishedCover, ...] = ()
    marks: dict[Slot, list[PublishedCover]] = field(default_factory=dict)

    def takes(self, item: PublishedCover) -> bool:
        """True when this grid's teacher takes the lesson for someone else (their register)."""
        return (
            self.teacher_id is not None
            and item.substitute_id == self.teacher_id
            and item.action in REGISTER_ACTIONS
        )


def _marks(items: Sequence[PublishedCover]) -> dict[Slot, list[PublishedCover]]:
    out: dict[Slot, list[PublishedCover]] = defaultdict(list)
    for x in items:
        out[(x.day.weekday(), x.shift, x.period)].append(x)
    return dict(out)


def _student(session: Session, school_id: int, code: str) -> tuple[int, list[int]] | None:
    """A student's class id and subgroup ids, by code (this school's live row)."""
    row = session.exec(
        select(Student).where(
            Student.school_id == school_id, Student.code == code, col(Student.deleted_at).is_(None)
        )
    ).first()
    if row is None or row.id is None:
        return None
    groups = session.exec(
        select(StudentSubgroup.subgroup_id).where(
            StudentSubgroup.school_id == school_id, StudentSubgroup.student_id == row.id
        )
    ).all()
    return row.class_id, list(groups)


def grid_changes(
    session: Session, *, school_id: int, grids: Sequence[MyGrid], start: date, end: date
) -> list[GridChanges]:
    """Per grid of a person's page (same order), the published changes from `start` to `end`
    that concern it: a teacher's covers, lessons given away or moved; a student's lessons."""
    if not grids:
        return []
    told = published_covers(session, school_id=school_id, start=start, end=end)
    out = []
    for g in grids:
        if g.kind == "teacher":
            teacher = session.exec(
                select(Teacher).where(Teacher.school_id == school_id, Teacher.code == g.code)
            ).first()
            tid = None if teacher is None else teacher.id
            items = [x for x in told if tid is not None and x.concerns_teacher(tid)]
            out.append(GridChanges(tid, tuple(items), _marks(items)))
            continue
        student = _student(session, school_id, g.student) if g.student else None
        items = [] if student is None else [x for x in told if x.concerns_class(*student)]
        out.append(GridChanges(None, tuple(items), _marks(items)))
    return out


def change_json(
    item: PublishedCover, grid: GridChanges, render: Callable[[Message], str]
) -> dict[str, Any]:
    """One change as the classroom page's JSON gives it (`render` puts the reason into words)."""
    return {
        "cover": item.id, "date": item.day.isoformat(), "shift": item.shift,
        "period": item.period, "action": item.action, "role": item.role,
        "lesson": item.lesson.label, "lesson_id": item.lesson_id, "unit": item.unit,
        "substitute": item.substitute or None, "instead_of": item.absent_teacher or None,
        "room": item.room, "where": item.where, "to_period": item.to_period,
        "partner": item.partner or None,
        "reason": render(item.reason), "mine": grid.takes(item),
        "acknowledged": item.acknowledged_at is not None,
    }  # fmt: skip


def with_cover_rows(
    grids: Sequence[MyGrid], changes: Sequence[GridChanges], vd: VersionData
) -> list[MyGrid]:
    """The grids, a teacher's widened to every shift when a change of theirs falls in a shift
    their week does not show (a cover in the other shift)."""
    out = []
    for g, gc in zip(grids, changes, strict=True):
        shown = {(r.shift, r.period) for r in g.grid.rows}
        if g.kind == "teacher" and any((s, p) not in shown for _, s, p in gc.marks):
            g = replace(g, grid=week_of(vd.timetable, "teacher", g.code, all_shifts=True))
        out.append(g)
    return out
