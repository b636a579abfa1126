"""The profile's view of the journal and the courses: guidance may not import them, the web may.

Reads the current term's grades (term marks where computed) and attendance from the journal's
services, and the courses open to the student with their progress and points from the LMS.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from guidance.profile.sources import Academics, CourseActivity, CourseLine, Outside, SubjectMark
from journal.errors import JournalNotFound
from journal.grades_schemas import FinalView
from journal.grades_views import student_grades
from journal.reports import attendance_report
from lms.courses.access import openings
from lms.courses.certificates import title_in
from lms.courses.standings import points_of
from lms.courses.views import course_view
from models.accounts import UserAccount
from models.people import Student
from models.school import Term


def _mark(name: str, term: FinalView | None, grades: int) -> SubjectMark:
    if term is None:
        return SubjectMark(name, grades=grades)
    return SubjectMark(name, term.effective_mark, term.percent, grades)


def current_term(db: Session, school_id: int, today: date) -> Term | None:
    """The term around today, else the last one begun before it (a holiday between terms)."""
    terms = db.exec(
        select(Term)
        .where(Term.school_id == school_id, col(Term.deleted_at).is_(None))
        .order_by(col(Term.starts_on))
    ).all()
    begun = [t for t in terms if t.starts_on <= today]
    return begun[-1] if begun else None


class JournalAndCourses:
    """Sources for guidance.profile from the journal and the LMS, for one request."""

    def __init__(self, db: Session, *, today: date, language: str) -> None:
        self.db, self.today, self.language = db, today, language

    def outside(self, *, school_id: int, student_id: int) -> Outside:
        """The student's term grades, attendance, courses and points."""
        return Outside(self._academics(school_id, student_id), self._courses(school_id, student_id))

    def _academics(self, school_id: int, student_id: int) -> Academics | None:
        term = current_term(self.db, school_id, self.today)
        student = self.db.get(Student, student_id)
        if term is None or term.id is None or student is None:
            return None
        try:
            grades = student_grades(self.db, school_id=school_id, student_id=student_id,
                                    term_id=term.id)  # fmt: skip
        except JournalNotFound:
            return None
        subjects = tuple(_mark(s.subject_name, s.term, len(s.grades)) for s in grades.subjects)
        end = min(self.today, term.ends_on)
        report = attendance_report(
            self.db, school_id=school_id, start=term.starts_on, end=end,
            class_ids=[student.class_id], weeks=False,
        )  # fmt: skip
        line = report.student(student_id)
        if line is None:
            return Academics(term.name, subjects)
        t = line.tally
        return Academics(term.name, subjects, t.lessons, t.missed, t.late, t.attended)

    def _courses(self, school_id: int, student_id: int) -> CourseActivity:
        account = self.db.exec(
            select(UserAccount.id).where(
                UserAccount.school_id == school_id,
                UserAccount.student_id == student_id,
                col(UserAccount.deleted_at).is_(None),
            )
        ).first()
        if account is None:
            return CourseActivity()
        lines = []
        for opening in openings(self.db, school_id=school_id, student_id=student_id,
                                today=self.today):  # fmt: skip
            view = course_view(self.db, school_id=school_id, course=opening.course,
                               user_id=account, modules=opening.modules, resume=False)  # fmt: skip
            share = view.share()
            lines.append(CourseLine(title_in(opening.course.title, self.language), share.done,
                                    share.total))  # fmt: skip
        return CourseActivity(tuple(lines), points_of(self.db, user_id=account))
