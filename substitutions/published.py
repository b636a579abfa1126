"""What people were told: the covers of published days as they stand at the last publication.

Timetable pages, calendar feeds and the journal read covers from here, never from a draft: a
cover changed after publishing shows its published form until the deputy publishes again. A
cover row is part of the published state when a publication told about it (it has a
`published_revision`) and it was not replaced before the latest publication (it is live, or it
was marked deleted after that publication, by a draft not yet published).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from models.classes import SchoolClass, Subgroup
from models.curriculum import Subject
from models.i18n import Message
from models.lessons import LessonAudience, LessonRequirement, LessonTeacher
from models.people import Teacher
from models.places import Room
from models.substitutions import COVER, STUDY, Cover, CoverPlan
from models.timetable import PlacedLesson
from substitutions.store import reason_of, role_of

REGISTER_ACTIONS = (COVER, STUDY)  # the substitute keeps the register of these lessons


@dataclass(frozen=True, slots=True)
class LessonInfo:
    """A lesson requirement as sentences name it, and who it belongs to."""

    key: str
    subject: str
    audience: str  # "7A", "7A·en1 + 7B·en1"
    classes: tuple[int, ...]  # class ids of its audience
    parts: tuple[tuple[int, int | None], ...]  # (class id, subgroup id or None: whole class)
    teachers: tuple[int, ...]  # teacher ids

    @property
    def label(self) -> str:
        """'7A English'."""
        return f"{self.audience} {self.subject}".strip()


def lesson_infos(session: Session, school_id: int, ids: Iterable[int]) -> dict[int, LessonInfo]:
    """Lesson requirement id -> its subject, audience and teachers (the school's rows only)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.exec(
        select(LessonRequirement).where(
            LessonRequirement.school_id == school_id, col(LessonRequirement.id).in_(wanted)
        )
    ).all()
    subjects = {
        s.id: s.name for s in session.exec(select(Subject).where(Subject.school_id == school_id))
    }
    classes = {
        c.id: c.code
        for c in session.exec(select(SchoolClass).where(SchoolClass.school_id == school_id))
    }
    groups = {
        g.id: g.code for g in session.exec(select(Subgroup).where(Subgroup.school_id == school_id))
    }
    parts: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for a in session.exec(
        select(LessonAudience)
        .where(LessonAudience.school_id == school_id, col(LessonAudience.lesson_id).in_(wanted))
        .order_by(col(LessonAudience.position), col(LessonAudience.id))
    ):
        parts[a.lesson_id].append((a.class_id, a.subgroup_id))
    teachers: dict[int, list[int]] = defaultdict(list)
    for t in session.exec(
        select(LessonTeacher)
        .where(LessonTeacher.school_id == school_id, col(LessonTeacher.lesson_id).in_(wanted))
        .order_by(col(LessonTeacher.position), col(LessonTeacher.id))
    ):
        teachers[t.lesson_id].append(t.teacher_id)

    def name(part: tuple[int, int | None]) -> str:
        klass = classes.get(part[0], "")
        return klass if part[1] is None else f"{klass}·{groups.get(part[1], '')}"

    out = {}
    for r in rows:
        assert r.id is not None
        mine = parts[r.id]
        out[r.id] = LessonInfo(
            r.key, subjects.get(r.subject_id, ""), " + ".join(name(p) for p in mine),
            tuple(dict.fromkeys(c for c, _ in mine)), tuple(mine), tuple(teachers[r.id]),
        )  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class PublishedCover:
    """One published change of one lesson-period on one day, with the names it is told with."""

    id: int  # the cover row (what `acknowledge_cover` takes)
    day: date
    revision: int  # the plan's revision that told it last
    lesson_id: int  # lesson requirement
    lesson: LessonInfo
    unit: int
    shift: str
    period: int  # period number in `shift`
    role: str  # affected, partner (the other lesson of a swap) or dropped
    action: str  # cover, study, merge, move, cancel, room
    absent_teacher_id: int | None
    absent_teacher: str
    substitute_id: int | None
    substitute: str
    room: str | None  # code of the room it moves to
    to_period: int | None  # period number it moves to (move)
    partner: str  # label of the lesson merged with or swapped with; "" if none
    reason: Message
    acknowledged_at: datetime | None
    where: str | None = None  # the room it takes place in: `room`, else the timetable's

    def concerns_teacher(self, teacher_id: int) -> bool:
        """True for the substitute, the absent teacher and the lesson's own teachers."""
        return teacher_id in (self.substitute_id, self.absent_teacher_id, *self.lesson.teachers)

    def concerns_class(self, class_id: int, subgroups: Iterable[int] | None = None) -> bool:
        """True when the class attends the lesson; with `subgroups` (a student's), only when the
        student does (the whole class, or one of their subgroups)."""
        mine = None if subgroups is None else set(subgroups)
        return any(
            c == class_id and (mine is None or g is None or g in mine) for c, g in self.lesson.parts
        )


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; the store writes UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _stands(cover: Cover, plan: CoverPlan) -> bool:
    """Whether a cover row is part of what the plan's last publication told."""
    if cover.published_revision is None:
        return False
    deleted, published = _aware(cover.deleted_at), _aware(plan.published_at)
    return deleted is None or (published is not None and deleted > published)


def published_covers(
    session: Session, *, school_id: int, start: date, end: date, teacher_id: int | None = None
) -> list[PublishedCover]:
    """The published changes of the school's days from `start` to `end`, as last told.

    Args:
        session: an open session.
        school_id: the school.
        start: the first day.
        end: the last day (inclusive).
        teacher_id: only the changes that concern this teacher (substitute, absent or the
            lesson's own teacher).

    Returns:
        The changes by day, shift, period and id.
    """
    rows = session.exec(
        select(Cover, CoverPlan)
        .join(CoverPlan, col(CoverPlan.id) == col(Cover.plan_id))
        .where(
            col(Cover.school_id) == school_id, col(CoverPlan.school_id) == school_id,
            col(CoverPlan.revision) >= 1, col(CoverPlan.day) >= start,
            col(CoverPlan.day) <= end, col(Cover.published_revision).is_not(None),
        )
    ).all()  # fmt: skip
    standing = [(c, p) for c, p in rows if _stands(c, p)]
    lessons = lesson_infos(
        session, school_id, [c.lesson_id for c, _ in standing] + _partners(standing)
    )
    teachers = {
        t.id: t.name for t in session.exec(select(Teacher).where(Teacher.school_id == school_id))
    }
    rooms = {r.id: r.code for r in session.exec(select(Room).where(Room.school_id == school_id))}
    placed = _timetable_rooms(session, school_id, standing)
    empty = LessonInfo("", "", "", (), (), ())
    out = []
    for c, p in standing:
        partner = lessons.get(c.merged_with or 0)
        held = c.room_id or placed.get((p.timetable_version_id, c.lesson_id, c.unit))
        out.append(
            PublishedCover(
                c.id or 0, p.day, p.revision, c.lesson_id, lessons.get(c.lesson_id, empty),
                c.unit, c.shift, c.period, role_of(c), c.action, c.absent_teacher_id,
                teachers.get(c.absent_teacher_id, ""), c.substitute_id,
                teachers.get(c.substitute_id, ""), rooms.get(c.room_id or 0), c.to_period,
                partner.label if partner else "", reason_of(c), c.acknowledged_at,
                rooms.get(held or 0),
            )
        )  # fmt: skip
    if teacher_id is not None:
        out = [x for x in out if x.concerns_teacher(teacher_id)]
    return sorted(out, key=lambda x: (x.day, x.shift, x.period, x.id))


def _timetable_rooms(
    session: Session, school_id: int, rows: list[tuple[Cover, CoverPlan]]
) -> dict[tuple[int, int, int], int | None]:
    """(timetable version, lesson, unit) -> room id, for the lessons of the covers."""
    if not rows:
        return {}
    versions = {p.timetable_version_id for _, p in rows}
    lessons = {c.lesson_id for c, _ in rows}
    placed = session.exec(
        select(PlacedLesson).where(
            PlacedLesson.school_id == school_id,
            col(PlacedLesson.timetable_version_id).in_(sorted(versions)),
            col(PlacedLesson.lesson_id).in_(sorted(lessons)),
        )
    ).all()
    return {(x.timetable_version_id, x.lesson_id, x.unit): x.room_id for x in placed}


def _partners(rows: list[tuple[Cover, CoverPlan]]) -> list[int]:
    return [c.merged_with for c, _ in rows if c.merged_with is not None]


def covers_for_teacher(
    session: Session, *, school_id: int, teacher_id: int, day: date
) -> list[PublishedCover]:
    """The lessons a teacher takes for someone else on `day` (cover or supervised study), as
    published: the journal opens their register for these.

    Args:
        session: an open session.
        school_id: the school.
        teacher_id: the substitute's teacher row.
        day: the date.

    Returns:
        The covers by shift and period; each names the lesson requirement, unit and period.
    """
    rows = published_covers(session, school_id=school_id, start=day, end=day)
    return [x for x in rows if x.substitute_id == teacher_id and x.action in REGISTER_ACTIONS]
