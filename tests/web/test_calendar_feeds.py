"""A person's merged iCalendar feed: each kind of dated thing appears with its dates and a stable
UID, and one person's feed never holds another's items."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest
from icalendar import Calendar
from litestar.testing import TestClient
from sqlmodel import col, select

from models.accounts import UserAccount
from models.contests import Contest, ContestParticipant
from models.db import session_scope
from models.guidance_work import Consultation, ConsultationSlot
from models.journal import SECTION, Assessment, LessonRecord
from models.lessons import LessonAudience, LessonRequirement
from models.lms import Course, CourseAssignment
from models.people import Guardianship, Student
from models.website import SiteEvent
from tests.web.conftest import DemoStore
from tests.web.test_tasks import log_in

TODAY = date.today()

Client = TestClient[Any]


@dataclass(frozen=True)
class Planted:
    own_class: int
    other_class: int


def _lesson_of(db: object, class_id: int) -> tuple[int, int]:
    row = db.exec(  # type: ignore[attr-defined]
        select(LessonAudience.lesson_id, LessonRequirement.subject_id)
        .join(LessonRequirement, col(LessonRequirement.id) == col(LessonAudience.lesson_id))
        .where(LessonAudience.class_id == class_id, col(LessonAudience.subgroup_id).is_(None))
    ).first()
    assert row is not None
    return int(row[0]), int(row[1])


def _plant_for_class(db: object, school_id: int, class_id: int, tag: str) -> None:
    lesson_id, subject_id = _lesson_of(db, class_id)
    add = db.add  # type: ignore[attr-defined]
    for n, homework in ((1, f"Exercise {tag}"), (3, "")):
        add(LessonRecord(school_id=school_id, day=TODAY + timedelta(days=n), lesson_id=lesson_id,
                         unit=0, shift="1", period=1, homework=homework))  # fmt: skip
    add(Assessment(school_id=school_id, class_id=class_id, subject_id=subject_id, kind=SECTION,
                   day=TODAY + timedelta(days=5), title=f"СОР {tag}"))  # fmt: skip
    course = Course(school_id=school_id, slug=f"course-{tag}", title={"ru": f"Курс {tag}"})
    add(course)
    db.flush()  # type: ignore[attr-defined]
    add(
        CourseAssignment(
            school_id=school_id,
            course_id=course.id or 0,
            class_id=class_id,
            starts_on=TODAY + timedelta(days=7),
            ends_on=TODAY + timedelta(days=20),
        )
    )


@pytest.fixture(scope="module")
def planted(demo_store: DemoStore) -> Planted:
    with session_scope() as db:
        student = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        parent = db.exec(select(UserAccount).where(UserAccount.login == "parent")).one()
        expert = db.exec(select(UserAccount).where(UserAccount.login == "counsellor")).one()
        school_id = student.school_id or 0
        own = db.get(Student, student.student_id)
        assert own is not None
        # the parent's child is the student of this test, so both feeds can be compared
        for link in db.exec(select(Guardianship).where(Guardianship.parent_id == parent.parent_id)):
            db.delete(link)
        db.add(Guardianship(school_id=school_id, parent_id=parent.parent_id or 0,
                            student_id=own.id or 0))  # fmt: skip
        others = select(Student).where(Student.school_id == school_id,
                                       Student.class_id != own.class_id)  # fmt: skip
        other = db.exec(others).first()
        assert other is not None
        _plant_for_class(db, school_id, own.class_id, "own")
        _plant_for_class(db, school_id, other.class_id, "other")
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=9)
        contest = Contest(school_id=school_id, title="Олимпиада own", starts_at=start,
                          ends_at=start + timedelta(hours=3))  # fmt: skip
        unregistered = Contest(school_id=school_id, title="Олимпиада other", starts_at=start,
                               ends_at=start + timedelta(hours=3))  # fmt: skip
        slot = ConsultationSlot(school_id=school_id, specialist_id=expert.id or 0,
                                track="career", starts_at=start + timedelta(days=1), minutes=30,
                                place="каб. 12")  # fmt: skip
        db.add_all([contest, unregistered, slot])
        db.flush()
        db.add(ContestParticipant(contest_id=contest.id or 0, user_id=student.id or 0,
                                  school_id=school_id))  # fmt: skip
        db.add(Consultation(school_id=school_id, slot_id=slot.id or 0, holds_slot=slot.id,
                            student_id=own.id or 0, specialist_id=expert.id or 0,
                            track="career", reason="choice"))  # fmt: skip
        db.add(SiteEvent(school_id=school_id, texts={"ru": {"title": "Концерт"}},
                         starts_on=TODAY + timedelta(days=2), ends_on=TODAY + timedelta(days=2),
                         published=True))  # fmt: skip
        db.add(SiteEvent(school_id=school_id, texts={"ru": {"title": "Черновик"}},
                         starts_on=TODAY, ends_on=TODAY, published=False))  # fmt: skip
        return Planted(own.class_id, other.class_id)


def feed_of(client: Client, who: str) -> Calendar:
    log_in(client, who)
    page = client.get("/calendar/mine")
    assert page.status_code == 200 and "webcal://" in page.text
    found = re.search(r'value="(http[^"]+/calendar/feed/[^"]+\.ics)"', page.text)
    assert found is not None
    client.cookies.clear()  # the feed needs no login: calendar apps have none
    answer = client.get(found.group(1).split("127.0.0.1:8000", 1)[-1])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(answer.content)


def events(calendar: Calendar) -> dict[str, tuple[str, Any, Any, list[str]]]:
    """uid -> (summary and description, start, end, categories)."""
    out: dict[str, tuple[str, Any, Any, list[str]]] = {}
    for e in calendar.walk("VEVENT"):
        e = cast(Any, e)
        end = e.get("dtend").dt if e.get("dtend") else None
        cats = [str(c) for c in e.get("categories").cats]
        text = f"{e['summary']} {e.get('description', '')}"
        out[str(e["uid"])] = (text, e["dtstart"].dt, end, cats)
    return out


def test_a_students_feed_has_each_kind_with_its_dates_and_nothing_of_others(
    client: Client, planted: Planted
) -> None:
    mine = events(feed_of(client, "student"))
    summaries = " | ".join(s for s, *_ in mine.values())
    homework = [v for v in mine.values() if "Exercise" in v[0]]
    assert len(homework) == 1 and homework[0][1] == TODAY + timedelta(days=3)  # due next lesson
    assert any("СОР own" in s and d == TODAY + timedelta(days=5) for s, d, *_ in mine.values())
    assert any("Олимпиада own" in s and isinstance(d, datetime) for s, d, *_ in mine.values())
    course = [v for v in mine.values() if "Курс own" in v[0]]
    assert course and course[0][1] == TODAY + timedelta(days=7)
    assert course[0][2] == TODAY + timedelta(days=21)  # the end date is exclusive in iCalendar
    consult = [v for v in mine.values() if "каб. 12" in v[0]]
    assert consult and (consult[0][2] - consult[0][1]) == timedelta(minutes=30)
    assert any("Концерт" in s for s in summaries.split(" | "))
    for foreign in ("other", "Черновик"):
        assert foreign not in summaries, summaries
    assert len({c for *_, cats in mine.values() for c in cats}) == 6  # six categories
    assert events(feed_of(client, "student")).keys() == mine.keys()  # stable UIDs


def test_a_parents_feed_holds_the_childs_dates_and_a_teachers_only_the_schools(
    client: Client, planted: Planted
) -> None:
    student = events(feed_of(client, "student"))
    parent = events(feed_of(client, "parent"))
    assert parent.keys() == student.keys()  # the same child, the same items
    teacher = events(feed_of(client, "teacher"))
    assert [s for s, *_ in teacher.values()] and all("Концерт" in s for s, *_ in teacher.values())


def test_an_unknown_or_renewed_link_gives_nothing(client: Client, planted: Planted) -> None:
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
    log_in(client, "student")
    first = re.search(r"/calendar/feed/([^\"]+)\.ics", client.get("/calendar/mine").text)
    assert first is not None
    token = client.cookies.get("sabaq_csrf") or ""
    assert client.post("/calendar/mine/renew", data={"_csrf_token": token}).status_code == 200
    assert client.get(f"/calendar/feed/{first.group(1)}.ics").status_code == 404
