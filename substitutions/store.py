"""The only bridge between the store and the cover engine: a day read in, its plan written out."""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from models.errors import NotFound
from models.history import DataVersion
from models.i18n import N_, message
from models.lessons import LessonRequirement
from models.people import Teacher
from models.places import Room
from models.school import School, Term
from models.school_data import read_snapshot
from models.substitutions import (
    COVER,
    STUDY,
    Absence,
    Cover,
    CoverPlan,
)
from models.timetable import TimetableVersion
from models.timetables import load_timetable
from substitutions.build import (
    AbsenceInfo,
    CoverCounts,
    StoredChoice,
    build_day,
    prepare,
)
from substitutions.build import School as Prepared
from substitutions.messages import from_json
from substitutions.params import CoverWeights
from substitutions.problem import CoverProblem
from substitutions.settings import school_weights

AFFECTED, PARTNER, DROPPED = "affected", "partner", "dropped"  # Cover.role
COUNTED = (COVER, STUDY)  # actions that count as a cover for the substitute


@dataclass(frozen=True)
class Ids:
    """Codes and keys of the school's rows, both ways."""

    teacher: dict[str, int]
    teacher_code: dict[int, str]
    room: dict[str, int]
    room_code: dict[int, str]
    lesson: dict[str, int]
    lesson_key: dict[int, str]


@dataclass
class Day:
    """One school day read from the store: the problem, its plan and the ids to write it back."""

    school: School
    version: TimetableVersion
    prepared: Prepared
    problem: CoverProblem
    plan: CoverPlan | None
    covers: list[Cover]
    ids: Ids


def school_row(session: Session, school_id: int) -> School:
    """The live school with this id.

    Raises:
        NotFound: no such school.
    """
    school = session.get(School, school_id)
    if school is None or school.deleted_at is not None:
        text = message(N_("There is no school with id {id}."), id=school_id)
        raise NotFound("school_not_found", [text])
    return school


def published_version(session: Session, school: School) -> TimetableVersion:
    """The school's published timetable version.

    Raises:
        NotFound: the school has published no timetable.
    """
    row = session.exec(
        select(TimetableVersion).where(
            TimetableVersion.school_id == school.id, col(TimetableVersion.published).is_(True)
        )
    ).first()
    if row is None:
        text = message(
            N_("{school} has no published timetable to plan covers on."), school=school.name
        )
        raise NotFound("no_published_timetable", [text])
    return row


_PREPARED_KEPT = 8
# by (database, timetable_version.id): a saved version and its data version never change
_prepared: OrderedDict[tuple[str, int], Prepared] = OrderedDict()
_prepared_lock = threading.Lock()


def prepared_school(session: Session, school: School, version: TimetableVersion) -> Prepared:
    """The school's data as of its timetable's data version, with that timetable, in solver ids.

    Kept for the last few versions: every page of the deputy's board reads the day anew, and
    reading and preparing the school is most of that read.
    """
    key = (str(session.get_bind().engine.url), version.id or 0)
    with _prepared_lock:
        if key in _prepared:
            _prepared.move_to_end(key)
            return _prepared[key]
    data = session.get(DataVersion, version.data_version_id)
    assert data is not None
    snapshot = read_snapshot(session, school_code=school.code, version=data.number)
    placements = load_timetable(session, school_code=school.code, version=version.number)
    built = prepare(snapshot, placements)
    with _prepared_lock:
        _prepared[key] = built
        while len(_prepared) > _PREPARED_KEPT:
            _prepared.popitem(last=False)
    return built


def load_ids(session: Session, school_id: int) -> Ids:
    """Codes and keys of the school's teachers, rooms and lessons (live rows win over deleted)."""

    def pairs(model: Any, name: str) -> list[tuple[str, int]]:
        rows = session.exec(select(model).where(model.school_id == school_id)).all()
        rows = sorted(rows, key=lambda r: (r.deleted_at is None, r.id))  # live last, so they win
        return [(getattr(r, name), r.id) for r in rows]

    teachers, rooms, lessons = (
        pairs(Teacher, "code"), pairs(Room, "code"), pairs(LessonRequirement, "key")
    )  # fmt: skip
    return Ids(
        dict(teachers), {i: c for c, i in teachers}, dict(rooms), {i: c for c, i in rooms},
        dict(lessons), {i: k for k, i in lessons},
    )  # fmt: skip


def stored_absences(session: Session, school_id: int, day: date) -> list[AbsenceInfo]:
    """The live absences of the school that include `day`."""
    rows = session.exec(
        select(Absence).where(
            Absence.school_id == school_id,
            col(Absence.deleted_at).is_(None),
            col(Absence.starts_on) <= day,
            col(Absence.ends_on) >= day,
        )
    ).all()
    return [AbsenceInfo(r.kind, r.ref, tuple(r.periods), r.reason, r.shift) for r in rows]


def count_ranges(session: Session, school_id: int, day: date) -> dict[str, tuple[date, date]]:
    """The ISO week, month and term (the month when no term holds the date) around `day`."""
    week = day - timedelta(days=day.weekday())
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    term = session.exec(
        select(Term).where(
            Term.school_id == school_id,
            col(Term.deleted_at).is_(None),
            col(Term.starts_on) <= day,
            col(Term.ends_on) >= day,
        )
    ).first()
    return {
        "week": (week, week + timedelta(days=6)),
        "month": (first, last),
        "term": (term.starts_on, term.ends_on) if term else (first, last),
    }


def cover_counts(
    session: Session, school_id: int, day: date, *, include_day: bool = False
) -> dict[int, CoverCounts]:
    """Covers per teacher row id in the week, month and term of `day`, on published days.

    A day counts once its plan has been published (revision 1 or more), with its covers as
    they stand. The plan's own day is left out unless `include_day`.
    """
    ranges = count_ranges(session, school_id, day)
    low = min(r[0] for r in ranges.values())
    high = max(r[1] for r in ranges.values())
    query = (
        select(col(Cover.substitute_id), col(CoverPlan.day), func.count())
        .join(CoverPlan, col(CoverPlan.id) == col(Cover.plan_id))
        .where(*published_covers(school_id, low, high))
        .group_by(col(Cover.substitute_id), col(CoverPlan.day))
    )
    totals: dict[int, dict[str, int]] = defaultdict(lambda: {"week": 0, "month": 0, "term": 0})
    for teacher, when, n in session.exec(query).all():
        if teacher is None or (when == day and not include_day):
            continue
        for name, (a, b) in ranges.items():
            if a <= when <= b:
                totals[teacher][name] += int(n)
    return {t: CoverCounts(**c) for t, c in totals.items()}


def published_covers(school_id: int, low: date, high: date) -> list[ColumnElement[bool]]:
    """Conditions (on Cover joined with CoverPlan) for the live covers and studies of the
    school's published days from `low` to `high`: what counts for counters and payroll."""
    return [
        col(Cover.school_id) == school_id,
        col(CoverPlan.school_id) == school_id,
        col(CoverPlan.revision) >= 1,
        col(CoverPlan.day) >= low,
        col(CoverPlan.day) <= high,
        col(Cover.deleted_at).is_(None),
        col(Cover.action).in_(COUNTED),
        col(Cover.substitute_id).is_not(None),
    ]


def day_plan(session: Session, school_id: int, day: date) -> CoverPlan | None:
    """The school's cover plan row of `day`, if any."""
    return session.exec(
        select(CoverPlan).where(CoverPlan.school_id == school_id, CoverPlan.day == day)
    ).first()


def live_covers(session: Session, plan: CoverPlan | None) -> list[Cover]:
    """The plan's covers that stand (not deleted), in id order."""
    if plan is None:
        return []
    return list(
        session.exec(
            select(Cover)
            .where(
                Cover.school_id == plan.school_id,
                Cover.plan_id == plan.id,
                col(Cover.deleted_at).is_(None),
            )
            .order_by(col(Cover.id))
        ).all()
    )


def load_day(
    session: Session,
    *,
    school_id: int,
    day: date,
    absences: Sequence[AbsenceInfo] | None = None,
    weights: CoverWeights | None = None,
    keep: bool = True,
) -> Day:
    """The day as the engine needs it.

    Args:
        session: an open session.
        school_id: the school.
        day: the date.
        absences: given absences instead of the stored ones (then the stored plan is ignored).
        weights: weights instead of the school's own (`SchoolSettings.cover`).
        keep: pass the stored plan's locked covers as locks and the others as the previous plan.

    Returns:
        The day.

    Raises:
        NotFound: no such school, or no published timetable.
        substitutions.build.CoverBuildError: an absence names an unknown teacher, room or class.
    """
    school = school_row(session, school_id)
    version = published_version(session, school)
    weights = weights or school_weights(session, school_id)
    prepared = prepared_school(session, school, version)
    ids = load_ids(session, school_id)
    plan = day_plan(session, school_id, day) if absences is None else None
    covers = live_covers(session, plan)
    counts = {
        ids.teacher_code[t]: c
        for t, c in cover_counts(session, school_id, day).items()
        if t in ids.teacher_code
    }
    found = stored_absences(session, school_id, day) if absences is None else list(absences)
    stored = [_stored_choice(c, ids) for c in covers if role_of(c) == AFFECTED] if keep else []
    problem = build_day(
        prepared, day, found, counts,
        locks=[s for s, c in stored if c.locked], previous=[s for s, c in stored if not c.locked],
        weights=weights,
    )  # fmt: skip
    return Day(school, version, prepared, problem, plan, covers, ids)


def role_of(cover: Cover) -> str:
    """What a stored cover is: the answer to an affected lesson, a swap's partner, or dropped.

    Rows written before the `role` column (migration 0004 gave them "affected") kept their
    role in the reason, which still tells.
    """
    if cover.role == AFFECTED:
        return str(cover.reason.get("role", AFFECTED))
    return cover.role


def _stored_choice(cover: Cover, ids: Ids) -> tuple[StoredChoice, Cover]:
    choice = StoredChoice(
        key=ids.lesson_key.get(cover.lesson_id, ""),
        unit=cover.unit,
        shift=cover.shift,
        period=cover.period,
        action=cover.action,
        teacher=None if cover.substitute_id is None else ids.teacher_code.get(cover.substitute_id),
        room=None if cover.room_id is None else ids.room_code.get(cover.room_id),
        to_period=cover.to_period,
        partner=None if cover.merged_with is None else ids.lesson_key.get(cover.merged_with),
    )
    return choice, cover


def reason_of(cover: Cover) -> Any:
    """A stored cover's sentence as a Message."""
    return from_json(cover.reason)
