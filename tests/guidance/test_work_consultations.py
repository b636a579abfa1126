"""Consultations: slots and weekly patterns, booking with its refusals, confirm and cancel with
the notices, the outcome log, who reads which notes, reminders, profile subjects."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from guidance.work.consult_slots import publish_slot, publish_weekly, remove_slot, school_slots
from guidance.work.consult_views import (
    send_reminders,
    specialist_bookings,
    student_consultations,
)
from guidance.work.consultations import Reader, Tell, book, cancel, confirm, log_outcome
from guidance.work.errors import WorkError, WorkNotFound
from guidance.work.subjects import choose_subjects, current_choice
from models.accounts import COUNSELLOR, PSYCHOLOGIST, TEACHER
from models.guidance_work import CAREER, PSYCHOLOGY, ProfileSubjectChoice
from models.outbox import Notice
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world

ALMATY = ZoneInfo("Asia/Almaty")
TELL = Tell(lambda lang: lambda text: text, ALMATY)
NOTE = "Емтихан алдында ұйықтай алмаймын"
SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)


def _slot(db: Session, w: World, role: str = PSYCHOLOGIST, at: datetime = SOON) -> int:
    who = w.accounts["psychologist" if role == PSYCHOLOGIST else "counsellor"]
    slot = publish_slot(db, school_id=w.school_id, specialist_id=who, role=role, starts_at=at,
                        minutes=30, place="204")  # fmt: skip
    return slot.id or 0


def _book(db: Session, w: World, slot: int, student: int = 0, reason: str = "feelings") -> int:
    sid = w.students[student]
    row = book(db, school_id=w.school_id, student_id=sid, user_id=w.accounts["student"],
               slot_id=slot, reason=reason, note=NOTE, tell=TELL)  # fmt: skip
    return row.id or 0


def _notices(db: Session, account: int) -> list[str]:
    rows = db.exec(select(Notice).where(Notice.user_id == account).order_by(Notice.id)).all()
    return [n.body for n in rows]


def test_slots_refuse_the_past_overlaps_and_other_roles(db: Session, world: World) -> None:
    _slot(db, world)
    with pytest.raises(WorkError) as overlap:
        _slot(db, world, at=SOON + timedelta(minutes=15))
    assert overlap.value.code == "slot_overlaps"
    with pytest.raises(WorkError) as past:
        _slot(db, world, at=datetime.now(UTC) - timedelta(hours=1))
    assert past.value.code == "bad_slot"
    with pytest.raises(WorkError) as teacher:
        publish_slot(db, school_id=world.school_id, specialist_id=world.accounts["teacher"],
                     role=TEACHER, starts_at=SOON, minutes=30)  # fmt: skip
    assert teacher.value.code == "not_a_specialist"
    # the counsellor's own slot at the same time is fine: another person
    assert _slot(db, world, role=COUNSELLOR)


def test_a_weekly_pattern_makes_slots_on_the_school_clock(db: Session, world: World) -> None:
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    made, skipped = publish_weekly(
        db, school_id=world.school_id, specialist_id=world.accounts["counsellor"], role=COUNSELLOR,
        first_day=monday, weeks=2, weekdays=[1, 3], times=[time(14, 0), time(14, 30)],
        minutes=30, place="", tz=ALMATY,
    )  # fmt: skip
    assert (len(made), skipped) == (8, 0)  # Tuesdays and Thursdays, two times, two weeks
    first = made[0].starts_at.replace(tzinfo=UTC).astimezone(ALMATY)
    assert (first.date(), first.time()) == (monday + timedelta(days=1), time(14, 0))
    assert {s.track for s in made} == {CAREER}
    again, skipped = publish_weekly(
        db, school_id=world.school_id, specialist_id=world.accounts["counsellor"], role=COUNSELLOR,
        first_day=monday, weeks=1, weekdays=[1], times=[time(14, 0)], minutes=30, place="",
        tz=ALMATY,
    )  # fmt: skip
    assert (again, skipped) == ([], 1)  # already offered


def test_booking_tells_the_specialist_and_takes_the_slot(db: Session, world: World) -> None:
    slot = _slot(db, world)
    _book(db, world, slot)
    told = _notices(db, world.accounts["psychologist"])
    assert len(told) == 1 and "Әлия Нұрланқызы booked a consultation on" in told[0]
    assert "ұйықтай" not in told[0]  # the note is read on the page, not sent around
    mine = _notices(db, world.accounts["student"])
    assert len(mine) == 1 and mine[0].startswith("You booked a consultation with Psychologist on")
    with pytest.raises(WorkError) as taken:
        _book(db, world, slot, student=1)
    assert "Someone has just booked this time; choose another." in [
        str(m) for m in taken.value.messages
    ]
    free = school_slots(db, school_id=world.school_id, start=datetime.now(UTC),
                        end=SOON + timedelta(days=1), free_only=True)  # fmt: skip
    assert free == []
    with pytest.raises(WorkError) as booked:
        remove_slot(db, school_id=world.school_id, specialist_id=world.accounts["psychologist"],
                    slot_id=slot)  # fmt: skip
    assert booked.value.code == "slot_booked"


def test_booking_refusals_are_listed_together(db: Session, world: World) -> None:
    slot = _slot(db, world)
    with pytest.raises(WorkError) as caught:
        book(db, school_id=world.school_id, student_id=world.students[0], user_id=1,
             slot_id=slot, reason="profession", note="x" * 2001, tell=TELL)  # fmt: skip
    assert [str(m) for m in caught.value.messages] == [
        "Choose what the consultation is about.",  # a career reason for a psychology slot
        "The note is longer than 2000 characters.",
    ]
    with pytest.raises(WorkNotFound):  # another school's student
        book(db, school_id=world.school_id, student_id=world.other_student, user_id=1,
             slot_id=slot, reason="feelings", note="", tell=TELL)  # fmt: skip
    with pytest.raises(WorkNotFound):  # the slot is not in the other school
        book(db, school_id=world.other_school_id, student_id=world.other_student, user_id=1,
             slot_id=slot, reason="feelings", note="", tell=TELL)  # fmt: skip


def test_confirm_cancel_and_the_slot_is_free_again(db: Session, world: World) -> None:
    slot = _slot(db, world)
    booking = _book(db, world, slot)
    with pytest.raises(WorkNotFound):  # the counsellor cannot confirm the psychologist's
        confirm(db, school_id=world.school_id, specialist_id=world.accounts["counsellor"],
                consultation_id=booking, tell=TELL)  # fmt: skip
    confirm(db, school_id=world.school_id, specialist_id=world.accounts["psychologist"],
            consultation_id=booking, tell=TELL)  # fmt: skip
    assert "is confirmed (204)." in _notices(db, world.accounts["student"])[-1]
    with pytest.raises(WorkNotFound):  # another student cannot cancel it
        cancel(db, school_id=world.school_id, consultation_id=booking, user_id=2,
               student_id=world.students[1], reason="", tell=TELL)  # fmt: skip
    cancel(db, school_id=world.school_id, consultation_id=booking,
           user_id=world.accounts["student"], student_id=world.students[0], reason="",
           tell=TELL)  # fmt: skip
    assert "is cancelled" in _notices(db, world.accounts["psychologist"])[-1]
    again = _book(db, world, slot, student=1)
    assert again != booking


def test_outcome_log_and_who_reads_it(db: Session, world: World) -> None:
    psych = _book(db, world, _slot(db, world))
    career = _book(db, world, _slot(db, world, role=COUNSELLOR), reason="subjects")
    log_outcome(db, school_id=world.school_id, specialist_id=world.accounts["psychologist"],
                consultation_id=psych, notes="Тревога перед ЕНТ", next_steps="Упражнения",
                follow_up_on=date.today() + timedelta(days=14))  # fmt: skip
    log_outcome(db, school_id=world.school_id, specialist_id=world.accounts["counsellor"],
                consultation_id=career, notes="Математика мен физика", next_steps="",
                follow_up_on=None)  # fmt: skip
    with pytest.raises(WorkError):
        log_outcome(db, school_id=world.school_id, specialist_id=world.accounts["counsellor"],
                    consultation_id=career, notes=" ", next_steps="",
                    follow_up_on=None)  # fmt: skip
    me = world.students[0]

    def seen(reader: Reader) -> dict[str, list[str]]:
        views = student_consultations(db, school_id=world.school_id, student_id=me, reader=reader)
        return {v.row.track: [n.notes for n in v.outcomes] + ([v.note] if v.note else [])
                for v in views}  # fmt: skip

    psychologist = Reader(frozenset({CAREER, PSYCHOLOGY}), frozenset({CAREER, PSYCHOLOGY}))
    counsellor = Reader(frozenset({CAREER}), frozenset({CAREER}))
    assert seen(psychologist) == {PSYCHOLOGY: ["Тревога перед ЕНТ"],
                                  CAREER: ["Математика мен физика"]}  # fmt: skip
    assert seen(counsellor) == {CAREER: ["Математика мен физика"]}
    own = seen(Reader(frozenset({CAREER, PSYCHOLOGY}), frozenset(), student_note=True))
    assert own[PSYCHOLOGY] == ["Емтихан алдында ұйықтай алмаймын"]  # their own words only
    assert seen(Reader(frozenset())) == {}
    bookings = specialist_bookings(db, school_id=world.school_id,
                                   specialist_id=world.accounts["psychologist"], track=PSYCHOLOGY,
                                   since=datetime.now(UTC))  # fmt: skip
    assert [(b.student, b.note, b.row.status) for b in bookings] == [
        ("Әлия Нұрланқызы", "Емтихан алдында ұйықтай алмаймын", "held")
    ]


def test_reminders_go_once_a_day_before(db: Session, world: World) -> None:
    _book(db, world, _slot(db, world))
    student = world.accounts["student"]
    assert send_reminders(db, school_id=world.school_id, tell=TELL) == 0  # three days ahead
    almost = SOON - timedelta(hours=20)
    assert send_reminders(db, school_id=world.school_id, tell=TELL, now=almost) == 1
    assert send_reminders(db, school_id=world.school_id, tell=TELL, now=almost) == 1
    reminders = [b for b in _notices(db, student) if b.startswith("Reminder")]
    assert len(reminders) == 1
    local = SOON.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")
    assert reminders[0] == f"Reminder: your consultation is on {local} (204)."


def test_profile_subjects_keep_their_history(db: Session, world: World) -> None:
    me, sid, user = world.students[0], world.school_id, world.accounts["student"]
    choose_subjects(db, school_id=sid, student_id=me, first="physics", second="math", user_id=user)
    current = current_choice(db, school_id=sid, student_id=me)
    assert current is not None and (current.first, current.second) == ("math", "physics")
    choose_subjects(db, school_id=sid, student_id=me, first="math", second="physics", user_id=user)
    choose_subjects(db, school_id=sid, student_id=me, first="biology", second="chemistry",
                    user_id=user)  # fmt: skip
    rows = db.exec(select(ProfileSubjectChoice).order_by(ProfileSubjectChoice.id)).all()
    assert [(r.first, r.deleted_at is None) for r in rows] == [("math", False), ("biology", True)]
    with pytest.raises(WorkError) as caught:
        choose_subjects(db, school_id=sid, student_id=me, first="math", second="biology",
                        user_id=user)  # fmt: skip
    assert caught.value.code == "not_a_pair"
    assert current_choice(db, school_id=world.other_school_id, student_id=me) is None
