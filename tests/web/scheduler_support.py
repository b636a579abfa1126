"""The scheduler tests' helpers: a day published on the demo store, the school clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from models.accounts import UserAccount
from models.db import session_scope
from models.outbox import Notice
from models.people import Student, Teacher
from models.school_data import get_school
from models.substitutions import Cover, CoverPlan
from substitutions.absences import add_absence
from substitutions.publish import publish_day
from substitutions.services import plan_day
from substitutions.store import load_day
from tests.web.conftest import DemoStore
from web.i18n import translator
from web.jobs.digest import lesson_starts
from web.scheduler import ScheduleSettings

ALMATY = ZoneInfo("Asia/Almaty")


def cfg(tick_s: float = 30.0) -> ScheduleSettings:
    return ScheduleSettings(ALMATY, time(7, 0), time(12, 0), 15, tick_s)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ALMATY)


def school_id_of(store: DemoStore) -> int:
    with session_scope() as db:
        school_id = get_school(db, code=store.school_code).id
    assert school_id is not None
    return school_id


def account(db: Session, login: str) -> UserAccount:
    return db.exec(select(UserAccount).where(UserAccount.login == login)).one()


def student_class_teacher(db: Session, school_id: int, day: date) -> str:
    """A teacher of a whole-class lesson the demo student has on `day` (so the class, the
    student and the parent are told)."""
    from models.classes import SchoolClass

    student = db.get(Student, account(db, "student").student_id)
    klass = db.get(SchoolClass, student.class_id if student else 0)
    assert klass is not None
    cp = load_day(db, school_id=school_id, day=day).problem
    class_id = next(c.id for c in cp.classes if c.code == klass.code)
    lesson = next(ls for ls in cp.lessons if ls.audience == ((class_id, None),))
    return cp.teachers[lesson.teachers[0]].code


def publish(store: DemoStore, day: date) -> int:
    """Two teachers absent on `day` (the demo teacher's and a teacher of the demo student's
    class), planned and published the evening before; every teacher has an e-mail address."""
    school_id = school_id_of(store)
    with session_scope() as db:
        for t in db.exec(select(Teacher).where(Teacher.school_id == school_id)).all():
            t.email = f"{t.code.lower()}@school.example"
            db.add(t)
        demo_teacher = db.get(Teacher, account(db, "teacher").teacher_id)
        assert demo_teacher is not None
        for code in {demo_teacher.code, student_class_teacher(db, school_id, day)}:
            add_absence(db, school_id=school_id, ref=code, starts_on=day, reason="ill")
    with session_scope() as db:
        assert plan_day(db, school_id=school_id, day=day).covered > 0
    with session_scope() as db:
        publish_day(db, school_id=school_id, day=day, translate_for=gettext)
    with session_scope() as db:  # published the evening before, as a deputy would
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        plan.published_at = at(day - timedelta(days=1), 18).astimezone(UTC)
        db.add(plan)
    return school_id


def gettext(language: str):  # type: ignore[no-untyped-def]
    return translator(language).gettext


def notices(prefix: str) -> list[Notice]:
    with session_scope() as db:
        query = select(Notice).where(col(Notice.key).like(f"{prefix}%")).order_by(col(Notice.id))
        return list(db.exec(query).all())


def set_language(login: str, language: str) -> None:
    with session_scope() as db:
        row = account(db, login)
        row.language = language
        db.add(row)


def reminded_cover(day: date) -> tuple[Cover, datetime]:
    with session_scope() as db:
        plan = db.exec(select(CoverPlan).where(CoverPlan.day == day)).one()
        covers = db.exec(
            select(Cover).where(
                Cover.plan_id == plan.id,
                col(Cover.deleted_at).is_(None),
                col(Cover.substitute_id).is_not(None),
                col(Cover.action).in_(("cover", "study")),
            )
        ).all()
        starts = lesson_starts(db, plan.school_id)
    cover = max(covers, key=lambda c: (c.shift, c.period))  # the latest lesson of the day
    clock = starts[(cover.shift, cover.period)]
    return cover, datetime.combine(day, clock, tzinfo=ALMATY)
