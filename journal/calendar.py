"""Which lessons happen on a date: the published timetable, the term calendar and published covers.

The journal reads these from the store tables (it does not import the solver or substitutions):
a date is a school day when it falls in a term, outside the term's holidays, on one of the
school's working weekdays; its lessons are the published timetable's placements of that weekday,
changed by the covers that the day's last publication told people about. The calendar and the
published placements come from the school's frame (`journal.frame`), read once per data version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from journal.frame import Calendar, school_frame
from models.journal import TermClosure
from models.substitutions import CANCEL, COVER, MERGE, MOVE, STUDY, Cover, CoverPlan

__all__ = [
    "Calendar",
    "HeldLesson",
    "held_lesson",
    "held_lessons",
    "published_day_covers",
    "school_calendar",
    "term_closed",
]


@dataclass(frozen=True, slots=True)
class HeldLesson:
    """One unit of a lesson requirement as held on a date, and who keeps its register."""

    day: date
    lesson_id: int
    unit: int
    shift: str
    period: int  # as held: a moved lesson has its new period here
    room_id: int | None
    teachers: tuple[int, ...]  # the lesson's own teachers
    keepers: tuple[int, ...]  # who keeps the register that day (a substitute, when covered)
    cover_id: int | None = None  # the published cover that changed it
    action: str = ""  # "" as planned, else the cover's action (cover, study, merge, move, room)


def school_calendar(session: Session, *, school_id: int) -> Calendar:
    """The school's calendar (terms and holidays that are not deleted), as of this data version."""
    return school_frame(session, school_id=school_id).calendar


def term_closed(session: Session, *, school_id: int, term: str) -> bool:
    """Whether the named term is closed: it has a closure row not reopened (as grades read it)."""
    row = session.exec(
        select(TermClosure.id).where(
            TermClosure.school_id == school_id, TermClosure.term == term,
            col(TermClosure.reopened_at).is_(None),
        )
    ).first()  # fmt: skip
    return row is not None


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back; the store writes UTC
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _told(cover: Cover, plan: CoverPlan) -> bool:
    """Part of what the plan's last publication told: published, and not replaced before it."""
    if cover.published_revision is None:
        return False
    deleted, published = _aware(cover.deleted_at), _aware(plan.published_at)
    return deleted is None or (published is not None and deleted > published)


def published_day_covers(
    session: Session, *, school_id: int, start: date, end: date
) -> dict[tuple[date, int, int], Cover]:
    """(day, lesson id, unit) -> the published cover of that lesson, for days in the range."""
    rows = session.exec(
        select(Cover, CoverPlan)
        .join(CoverPlan, col(CoverPlan.id) == col(Cover.plan_id))
        .where(
            Cover.school_id == school_id, CoverPlan.school_id == school_id,
            col(CoverPlan.revision) >= 1, col(CoverPlan.day) >= start, col(CoverPlan.day) <= end,
            col(Cover.published_revision).is_not(None),
        )
        .order_by(col(Cover.id))
    ).all()  # fmt: skip
    return {(p.day, c.lesson_id, c.unit): c for c, p in rows if _told(c, p)}


def _with_cover(
    held: HeldLesson, cover: Cover | None, teachers: Mapping[int, tuple[int, ...]]
) -> HeldLesson:
    """The lesson as the cover changes it (a cancelled one keeps action "cancel" and no keepers)."""
    if cover is None:
        return held
    changed = replace(held, cover_id=cover.id, action=cover.action)
    if cover.action in (COVER, STUDY):
        keepers = (cover.substitute_id,) if cover.substitute_id is not None else ()
        return replace(changed, keepers=keepers, room_id=cover.room_id or held.room_id)
    if cover.action == MERGE:
        # the group sits in the other lesson: its teacher sees them and keeps this register too
        return replace(changed, keepers=teachers.get(cover.merged_with or 0, ()))
    if cover.action == MOVE and cover.to_period is not None:
        return replace(changed, period=cover.to_period, room_id=cover.room_id or held.room_id)
    if cover.action == CANCEL:
        return replace(changed, keepers=())
    return replace(changed, room_id=cover.room_id or held.room_id)


def held_lessons(
    session: Session,
    *,
    school_id: int,
    start: date,
    end: date,
    teacher_id: int | None = None,
    lesson_ids: Iterable[int] | None = None,
    calendar: Calendar | None = None,
) -> list[HeldLesson]:
    """The lessons held on the school days from `start` to `end`, covers applied.

    Args:
        session: an open session.
        school_id: the school.
        start: the first day.
        end: the last day (inclusive).
        teacher_id: only the lessons this teacher keeps the register of (their own, minus those
            a substitute covers, plus the covers they took).
        lesson_ids: only these lesson requirements (a student's, a class's); None: all.
        calendar: the school's calendar, when the caller has read it already.

    Returns:
        The lessons by day, shift, period, lesson and unit; cancelled lessons are left out.
    """
    frame = school_frame(session, school_id=school_id)
    calendar = calendar or frame.calendar
    days = list(calendar.school_days(start, end))
    if not days or frame.version is None:
        return []
    covers = published_day_covers(session, school_id=school_id, start=start, end=end)
    wanted: set[int] | frozenset[int] | None = None if lesson_ids is None else set(lesson_ids)
    if teacher_id is not None:
        own = frame.lessons_of_teacher.get(teacher_id, frozenset())
        merged_into_own = {c.lesson_id for c in covers.values() if c.merged_with in own}
        taken = {c.lesson_id for c in covers.values() if c.substitute_id == teacher_id}
        mine = own | taken | merged_into_own
        wanted = mine if wanted is None else wanted & mine
    out = []
    for day in days:
        for lesson, unit, _, shift, period, room in frame.by_weekday.get(day.weekday(), ()):
            if wanted is not None and lesson not in wanted:
                continue
            own_teachers = frame.teachers.get(lesson, ())
            held = HeldLesson(day, lesson, unit, shift, period, room, own_teachers, own_teachers)
            held = _with_cover(held, covers.get((day, lesson, unit)), frame.teachers)
            if held.action == CANCEL or (teacher_id is not None and teacher_id not in held.keepers):
                continue
            out.append(held)
    return sorted(out, key=lambda h: (h.day, h.shift, h.period, h.lesson_id, h.unit))


def held_lesson(
    session: Session,
    *,
    school_id: int,
    day: date,
    lesson_id: int,
    unit: int,
    calendar: Calendar | None = None,
) -> HeldLesson | None:
    """One lesson unit as held on a date (covers applied), or None when it is not held then."""
    frame = school_frame(session, school_id=school_id)
    calendar = calendar or frame.calendar
    placed = frame.placement(lesson_id, unit, day.weekday())
    if frame.version is None or placed is None or not calendar.is_school_day(day):
        return None
    cover = published_day_covers(session, school_id=school_id, start=day, end=day).get(
        (day, lesson_id, unit)
    )
    own = frame.teachers.get(lesson_id, ())
    _, _, _, shift, period, room = placed
    held = HeldLesson(day, lesson_id, unit, shift, period, room, own, own)
    held = _with_cover(held, cover, frame.teachers)
    return None if held.action == CANCEL else held
