"""The student profile: who may open it and what each reader sees, rule by rule, and the
"profile complete" checklist."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from guidance.instruments.catalogue import import_instrument
from guidance.profile.access import (
    ADMIN_VIEW,
    CLASS_TEACHER,
    COUNSELLOR_VIEW,
    FAMILY,
    PSYCHOLOGIST_VIEW,
    SELF,
    Viewer,
    audience_for,
)
from guidance.profile.assemble import build_profile
from guidance.profile.sources import Academics, NoSources, Outside, SubjectMark
from guidance.work.consult_slots import publish_slot
from guidance.work.consultations import Tell, book, log_outcome
from guidance.work.errors import WorkNotFound
from guidance.work.mock_tests import Sitting, record_own
from guidance.work.subjects import choose_subjects
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PLATFORM_ADMIN,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    TIMETABLER,
)
from models.audit import AuditEntry
from models.guidance import SHIPPED, SUBMITTED, InstrumentAssignment, InstrumentResponse
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world

SCREENING = """
id = "mood-check"
version = "1"
kind = "screening"
clinical = true
student_sees_result = false
grades = [5, 11]
licence = "Test file."
source = "Written for this test."
norms = "None."
title.en = "Mood check"

[languages]
en = { status = "ours" }

[answers.yn]
options = [{ value = 0, label = "No" }, { value = 1, label = "Yes" }]

[[scales]]
id = "total"
name = { en = "Total" }

[[items]]
id = "m1"
text.en = "I felt low."
answers = "yn"
scale = "total"
"""
TELL = Tell(lambda lang: lambda text: text, ZoneInfo("Asia/Almaty"))


def _viewer(w: World, who: str, role: str, **links: int) -> Viewer:
    return Viewer(w.accounts.get(who, 0), who, role, **links)


def _submitted(db: Session, w: World, student: int, key: str, origin: str = SHIPPED,
               row: int | None = None, clinical: bool = False) -> None:  # fmt: skip
    a = InstrumentAssignment(school_id=w.school_id, instrument_key=key, instrument_version="1",
                             origin=origin, school_instrument_id=row, target_kind="student",
                             student_id=student)  # fmt: skip
    db.add(a)
    db.flush()
    db.add(InstrumentResponse(
        school_id=w.school_id, assignment_id=a.id or 0, student_id=student, instrument_key=key,
        instrument_version="1", clinical=clinical, status=SUBMITTED,
        submitted_at=datetime.now(UTC), scores={"R": 10, "I": 20, "A": 5, "S": 30, "E": 8,
        "C": 2} if key == "riasec" else {"total": 1}, summary={"code": "SIR"} if key == "riasec"
        else {},
    ))  # fmt: skip
    db.flush()


@pytest.fixture
def filled(db: Session, world: World) -> World:
    """The first student with a RIASEC result, a screening result, a mock test, subjects and a
    career and a psychology consultation with logged outcomes."""
    me = world.students[0]
    _submitted(db, world, me, "riasec")
    own = import_instrument(db, school_id=world.school_id, data=SCREENING.encode(),
                            file_name="mood.toml", uploaded_by=None)  # fmt: skip
    _submitted(db, world, me, "mood-check", origin="school", row=own.id, clinical=True)
    record_own(db, school_id=world.school_id, student_id=me, kind="sat",
               taken_on=date(2025, 11, 1), sitting=Sitting({"reading_writing": 600, "math": 600}),
               user_id=world.accounts["student"])  # fmt: skip
    choose_subjects(db, school_id=world.school_id, student_id=me, first="math", second="physics",
                    user_id=world.accounts["student"])  # fmt: skip
    soon = datetime.now(UTC) + timedelta(days=2)
    for who, role, reason in (("psychologist", PSYCHOLOGIST, "feelings"),
                              ("counsellor", COUNSELLOR, "subjects")):  # fmt: skip
        slot = publish_slot(db, school_id=world.school_id, specialist_id=world.accounts[who],
                            role=role, starts_at=soon, minutes=30)  # fmt: skip
        booking = book(db, school_id=world.school_id, student_id=me, user_id=1,
                       slot_id=slot.id or 0, reason=reason, note="менің сөзім",
                       tell=TELL)  # fmt: skip
        log_outcome(db, school_id=world.school_id, specialist_id=world.accounts[who],
                    consultation_id=booking.id or 0, notes=f"{who} notes", next_steps="",
                    follow_up_on=None)  # fmt: skip
    db.commit()
    return world


def test_who_opens_which_profile(db: Session, world: World) -> None:
    me, other = world.students[0], world.students[1]
    cases = [
        (_viewer(world, "student", STUDENT, student_id=me), me, SELF),
        (_viewer(world, "parent", PARENT, parent_id=world.parent_id), me, FAMILY),
        (_viewer(world, "class_teacher", TEACHER, teacher_id=world.class_teacher_id), other,
         CLASS_TEACHER),
        (_viewer(world, "counsellor", COUNSELLOR), world.students_9a[0], COUNSELLOR_VIEW),
        (_viewer(world, "psychologist", PSYCHOLOGIST), me, PSYCHOLOGIST_VIEW),
        (_viewer(world, "admin", SCHOOL_ADMIN), me, ADMIN_VIEW),
    ]  # fmt: skip
    for viewer, student, kind in cases:
        audience, _ = audience_for(db, school_id=world.school_id, student_id=student,
                                   viewer=viewer)  # fmt: skip
        assert audience.kind == kind, viewer
    refused = [
        (_viewer(world, "student", STUDENT, student_id=me), other),  # a classmate
        (_viewer(world, "parent", PARENT, parent_id=world.parent_id), other),  # not their child
        # 9A has no class teacher; the class teacher of 11A is not 9A's
        (_viewer(world, "class_teacher", TEACHER, teacher_id=world.class_teacher_id),
         world.students_9a[0]),
        (_viewer(world, "teacher", TEACHER, teacher_id=world.other_teacher_id), me),
        (Viewer(99, "timetable", TIMETABLER), me),
        (Viewer(98, "admin", PLATFORM_ADMIN), me),
        (_viewer(world, "counsellor", COUNSELLOR), world.other_student),  # another school
    ]  # fmt: skip
    for viewer, student in refused:
        with pytest.raises(WorkNotFound):
            audience_for(db, school_id=world.school_id, student_id=student, viewer=viewer)
    with pytest.raises(WorkNotFound):  # the other school's counsellor, by their own school
        stranger = Viewer(world.accounts["other_counsellor"], "c2", COUNSELLOR)
        audience_for(db, school_id=world.other_school_id, student_id=me, viewer=stranger)


def _seen(db: Session, w: World, viewer: Viewer) -> dict[str, object]:
    p = build_profile(db, school_id=w.school_id, student_id=w.students[0], viewer=viewer,
                      sources=NoSources())  # fmt: skip
    return {
        "instruments": sorted(r.key for r in p.instruments),
        "consultations": sorted(c.row.track for c in p.consultations),
        "notes": sorted(n.notes for c in p.consultations for n in c.outcomes),
        "own words": sorted({c.note for c in p.consultations if c.note}),
        "mock": [s.row.total for s in p.mock.sittings],
        "subjects": (p.subjects.first, p.subjects.second) if p.subjects else None,
    }


def test_each_reader_sees_their_part(db: Session, filled: World) -> None:
    w, me = filled, filled.students[0]
    common = {"mock": [1200], "subjects": ("math", "physics")}
    assert _seen(db, w, _viewer(w, "psychologist", PSYCHOLOGIST)) == {
        **common, "instruments": ["mood-check", "riasec"],
        "consultations": ["career", "psychology"],
        "notes": ["counsellor notes", "psychologist notes"], "own words": [],
    }  # fmt: skip
    assert _seen(db, w, _viewer(w, "counsellor", COUNSELLOR)) == {
        **common, "instruments": ["riasec"], "consultations": ["career"],
        "notes": ["counsellor notes"], "own words": [],
    }  # fmt: skip
    assert _seen(db, w, _viewer(w, "admin", SCHOOL_ADMIN)) == {
        **common, "instruments": ["riasec"], "consultations": ["career"], "notes": [],
        "own words": [],
    }  # fmt: skip
    assert _seen(db, w, _viewer(w, "student", STUDENT, student_id=me)) == {
        **common, "instruments": ["riasec"], "consultations": ["career", "psychology"],
        "notes": [], "own words": ["менің сөзім"],
    }  # fmt: skip
    assert _seen(db, w, _viewer(w, "parent", PARENT, parent_id=w.parent_id)) == {
        **common, "instruments": ["riasec"], "consultations": ["career"], "notes": [],
        "own words": [],
    }  # fmt: skip
    assert _seen(db, w, _viewer(w, "class_teacher", TEACHER, teacher_id=w.class_teacher_id)) == {
        **common, "instruments": [], "consultations": [], "notes": [], "own words": [],
    }  # fmt: skip
    # the psychologist's read of the screening was audited (by guidance.instruments)
    audits = db.exec(select(AuditEntry).where(AuditEntry.action == "read_screening_results")).all()
    assert [a.actor for a in audits] == ["psychologist"]


class Journal:
    def __init__(self, academics: Academics | None) -> None:
        self.academics = academics

    def outside(self, *, school_id: int, student_id: int) -> Outside:
        return Outside(academics=self.academics)


def test_the_checklist_unlocks_when_every_step_is_done(db: Session, filled: World) -> None:
    w = filled
    counsellor = _viewer(w, "counsellor", COUNSELLOR)
    empty = build_profile(db, school_id=w.school_id, student_id=w.students[1], viewer=counsellor,
                          sources=NoSources())  # fmt: skip
    assert [s.done for s in empty.checklist.steps] == [False, False, False, False]
    no_grades = Journal(Academics("2 term", (SubjectMark("Математика"),)))
    almost = build_profile(db, school_id=w.school_id, student_id=w.students[0],
                           viewer=counsellor, sources=no_grades)  # fmt: skip
    assert [s.key for s in almost.checklist.steps if not s.done] == ["grades"]
    assert not almost.checklist.complete
    graded = Journal(Academics("2 term", (SubjectMark("Математика", "5", 91.0, 6),)))
    full = build_profile(db, school_id=w.school_id, student_id=w.students[0], viewer=counsellor,
                         sources=graded)  # fmt: skip
    assert full.checklist.complete and full.checklist.done == 4
    # the class teacher does not see the RIASEC result, but the step is a plain fact
    teacher = _viewer(w, "class_teacher", TEACHER, teacher_id=w.class_teacher_id)
    summary = build_profile(db, school_id=w.school_id, student_id=w.students[0], viewer=teacher,
                            sources=graded)  # fmt: skip
    assert summary.instruments == () and summary.checklist.complete
