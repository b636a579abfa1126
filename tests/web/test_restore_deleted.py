"""The school admin's restore page: recently deleted students, teachers, assessments, grades and
remarks with who deleted them; Restore brings each back (audited) through its owner's rules;
another school's rows are neither listed nor restorable; other roles may not open the page."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from journal.grades import clear_grade, create_assessment, remove_assessment, set_grade
from journal.grades_close import close_term, reopen_term
from journal.grades_terms import term_for_day
from journal.register_access import Actor
from journal.register_lesson import add_remark, withdraw_remark
from models.accounts import TEACHER
from models.base import utcnow
from models.db import session_scope
from models.history import AuditEntry
from models.journal import REMARK, Assessment, FinalGrade, Grade, Remark
from models.lessons import LessonRequirement, LessonTeacher
from models.people import Student, Teacher
from models.school_data import apply_snapshot, get_school, read_snapshot
from models.snapshot import TeacherInfo
from tests.backup.support import CHILD, DAY, FIRST_LESSON
from tests.web.conftest import DemoStore, login
from tests.web.jobs_support import add_school


@dataclass(frozen=True)
class Deleted:
    remark: int
    grade: int
    assessment: int
    student: int
    teacher: int
    stranger: int  # a deleted teacher of another school
    parents: tuple[str, ...]  # the removed student's parents' codes


def _journal(db: Session, school_id: int, mates: list[int]) -> tuple[int, int, int]:
    """A remark withdrawn, a grade cleared, an assessment removed (with grades in it)."""
    lesson = db.get(LessonRequirement, FIRST_LESSON[0])
    assert lesson is not None
    teacher_id = db.exec(
        select(LessonTeacher.teacher_id).where(LessonTeacher.lesson_id == lesson.id)
    ).one()
    actor = Actor(user_id=None, login="teacher2a", role=TEACHER, teacher_id=teacher_id)
    where = {"day": DAY, "lesson_id": lesson.id or 0, "unit": FIRST_LESSON[1]}
    remark = add_remark(db, school_id=school_id, actor=actor, student_id=CHILD, kind=REMARK,
                        text="Үй жұмысын ұмытты", **where)  # fmt: skip
    withdraw_remark(db, school_id=school_id, actor=actor, remark_id=remark.id or 0, **where)
    child = db.get(Student, CHILD)
    assert child is not None
    made = [
        create_assessment(
            db,
            school_id=school_id,
            class_id=child.class_id,
            kind="fo",
            day=DAY,
            subject_id=lesson.subject_id,
            actor="teacher2a",
            title=title,
        )
        for title in ("ФО: Сандар", "ФО: Жойылған")
    ]
    for assessment in made:
        for student in (CHILD, mates[0]):
            set_grade(db, school_id=school_id, assessment_id=assessment.id or 0,
                      student_id=student, value=7, actor="teacher2a")  # fmt: skip
    grade = clear_grade(db, school_id=school_id, assessment_id=made[0].id or 0,
                        student_id=CHILD, actor="teacher2a")  # fmt: skip
    remove_assessment(db, school_id=school_id, assessment_id=made[1].id or 0, actor="director")
    assert grade is not None
    return remark.id or 0, grade.id or 0, made[1].id or 0


def _people(db: Session, code: str, mates: list[int]) -> tuple[int, int, tuple[str, ...]]:
    """A student leaves with the roster; a teacher is added, then removed (by the director)."""
    leaver = db.get(Student, mates[1])
    assert leaver is not None
    now = read_snapshot(db, school_code=code)
    parents = tuple(p.code for p in now.parents if leaver.code in p.children)
    newcomer = TeacherInfo(code="T-NEW", name="Әлия Жаңабаева", subjects=())
    apply_snapshot(db, replace(now, teachers=(*now.teachers, newcomer)), source="tests",
                   actor="director")  # fmt: skip
    now = read_snapshot(db, school_code=code)
    gone = replace(now, students=tuple(s for s in now.students if s.code != leaver.code),
                   teachers=tuple(t for t in now.teachers if t.code != "T-NEW"),
                   parents=tuple(replace(p, children=tuple(c for c in p.children
                                                           if c != leaver.code))
                                 for p in now.parents))  # fmt: skip
    apply_snapshot(db, gone, source="roster: left.xlsx", actor="director")
    teacher = db.exec(select(Teacher).where(Teacher.code == "T-NEW")).one()
    return leaver.id or 0, teacher.id or 0, parents


@pytest.fixture(scope="module")
def deleted(demo_store: DemoStore) -> Deleted:
    with session_scope() as db:
        school_id = get_school(db, code=demo_store.school_code).id or 0
        child = db.get(Student, CHILD)
        assert child is not None
        mates = [s for s in db.exec(select(Student.id).where(
            Student.class_id == child.class_id, col(Student.id) != CHILD)).all()]  # fmt: skip
        remark, grade, assessment = _journal(db, school_id, [m or 0 for m in mates])
        student, teacher, parents = _people(db, demo_store.school_code, [m or 0 for m in mates])
    other = add_school(demo_store.url, "OTHER-1", "Басқа мектеп")
    with session_scope() as db:
        stranger = Teacher(school_id=other, code="S-1", name="Бөгде Мұғалім", deleted_at=utcnow())
        db.add(stranger)
        db.flush()
        return Deleted(remark, grade, assessment, student, teacher, stranger.id or 0, parents)


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _restore(client: TestClient, kind: str, row_id: int) -> int:
    response = client.post(f"/restore-deleted/{kind}/{row_id}",
                           data={"_csrf_token": _csrf(client)}, follow_redirects=False)  # fmt: skip
    return response.status_code


def test_only_the_school_admin_opens_the_page(client: TestClient, deleted: Deleted) -> None:
    login(client, "teacher")
    assert client.get("/restore-deleted").status_code == 403
    assert _restore(client, "remark", deleted.remark) == 403


def test_the_page_lists_what_was_deleted_and_by_whom(client: TestClient, deleted: Deleted) -> None:
    login(client, "director")
    page = client.get("/restore-deleted")
    assert page.status_code == 200
    text = page.text
    rows = text.split("<tr>")

    def row_of(shown: str) -> str:
        found = [r for r in rows if shown in r]
        assert len(found) == 1, shown
        return found[0]

    assert "teacher2a" in row_of("Үй жұмысын ұмытты")  # the remark, withdrawn by its author
    assert "director" in row_of("ФО: Жойылған")  # the assessment, removed by the admin
    assert "director" in row_of("Әлия Жаңабаева")  # the teacher, removed in a data version
    assert "ФО: Сандар · 2026-11-23 · 7" in row_of(f"/restore-deleted/grade/{deleted.grade}")
    with session_scope() as db:
        leaver = db.get(Student, deleted.student)
    assert leaver is not None and leaver.name in text
    assert "Бөгде Мұғалім" not in text  # another school's
    assert f"/restore-deleted/teacher/{deleted.stranger}" not in text


def _audited(kind: str, row_id: int) -> list[AuditEntry]:
    with session_scope() as db:
        found = select(AuditEntry).where(
            AuditEntry.action == "restore_deleted", AuditEntry.entity == f"{kind}:{row_id}"
        )
        return list(db.exec(found))


def test_restoring_brings_each_back_audited(
    client: TestClient, deleted: Deleted, demo_store: DemoStore
) -> None:
    login(client, "director")
    for kind, row_id in (("remark", deleted.remark), ("grade", deleted.grade),
                         ("assessment", deleted.assessment), ("student", deleted.student),
                         ("teacher", deleted.teacher)):  # fmt: skip
        assert _restore(client, kind, row_id) == 303, kind
        entries = _audited(kind, row_id)
        assert [(e.actor, e.details["kind"]) for e in entries] == [("director", kind)]
        assert entries[0].details["deleted_at"]
    with session_scope() as db:
        for table, row_id in ((Remark, deleted.remark), (Grade, deleted.grade),
                              (Assessment, deleted.assessment), (Student, deleted.student),
                              (Teacher, deleted.teacher)):  # fmt: skip
            row = db.get(table, row_id)
            assert row is not None and row.deleted_at is None, table
        grade = db.get(Grade, deleted.grade)
        assert grade is not None and grade.value == 7
        finals = db.exec(select(FinalGrade).where(FinalGrade.student_id == CHILD)).all()
        assert finals  # the term grade was recomputed with the grade back
        now = read_snapshot(db, school_code=demo_store.school_code)
        leaver = db.get(Student, deleted.student)
        assert leaver is not None
        for parent in now.parents:  # the parents are linked to the child again
            assert (leaver.code in parent.children) == (parent.code in deleted.parents)
    listed = client.get("/restore-deleted").text
    assert f"/restore-deleted/teacher/{deleted.teacher}" not in listed
    assert f"/restore-deleted/grade/{deleted.grade}" not in listed
    assert _restore(client, "remark", deleted.remark) == 404  # restored already


def test_another_schools_row_cannot_be_restored(client: TestClient, deleted: Deleted) -> None:
    login(client, "director")
    assert _restore(client, "teacher", deleted.stranger) == 404
    assert _restore(client, "class", 1) == 404
    with session_scope() as db:
        stranger = db.get(Teacher, deleted.stranger)
        assert stranger is not None and stranger.deleted_at is not None


def test_a_grade_of_a_closed_term_stays_deleted_and_the_page_says_why(
    client: TestClient, deleted: Deleted
) -> None:
    with session_scope() as db:
        kept = db.get(Grade, deleted.grade)
        assert kept is not None
        school_id, assessment_id = kept.school_id, kept.assessment_id
        mate = db.exec(select(Grade).where(Grade.assessment_id == assessment_id,
                                           Grade.student_id != CHILD)).first()  # fmt: skip
        assert mate is not None
        cleared = clear_grade(db, school_id=school_id, assessment_id=assessment_id,
                              student_id=mate.student_id, actor="teacher2a")  # fmt: skip
        term = term_for_day(db, school_id=school_id, day=DAY)
        assert cleared is not None and term is not None
        close_term(db, school_id=school_id, term_id=term.id or 0, actor="director")
    try:
        login(client, "director")
        assert _restore(client, "grade", cleared.id or 0) == 303
        page = client.get("/restore-deleted").text
        assert 'class="flash flash-error"' in page  # the journal's sentence: the term is closed
        with session_scope() as db:
            still = db.get(Grade, cleared.id)
            assert still is not None and still.deleted_at is not None
        assert not _audited("grade", cleared.id or 0)  # nothing was written
    finally:
        with session_scope() as db:
            reopen_term(db, school_id=school_id, term_id=term.id or 0, reason="test",
                        actor="director")  # fmt: skip
