"""A course's gradebook for one class (students x steps) and the school's progress by class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col, select

from lms.courses.library import Outline
from lms.courses.progress import StepState, task_results
from models.accounts import STUDENT, UserAccount
from models.classes import SchoolClass
from models.lms import PASSED, CourseAssignment, CourseStep, StepProgress
from models.people import Student

Cell = tuple[str, float, int, int]  # status, score, attempts, seconds


@dataclass(frozen=True)
class Row:
    student: Student
    account_id: int | None  # None: the student has no login yet
    cells: list[Cell | None]  # aligned with Gradebook.steps
    passed: int
    seconds: int


@dataclass(frozen=True)
class Gradebook:
    steps: list[CourseStep]
    rows: list[Row]

    def percent(self, row: Row) -> int:
        return 100 * row.passed // len(self.steps) if self.steps else 0


def class_students(
    db: Session, *, school_id: int, class_id: int
) -> list[tuple[Student, int | None]]:
    """The class's students with their student account (if any), in id order."""
    students = db.exec(
        select(Student)
        .where(
            Student.school_id == school_id,
            Student.class_id == class_id,
            col(Student.deleted_at).is_(None),
        )
        .order_by(col(Student.id))
    ).all()
    ids = [s.id for s in students]
    accounts = dict(
        db.exec(
            select(UserAccount.student_id, UserAccount.id)
            .where(
                UserAccount.school_id == school_id,
                UserAccount.role == STUDENT,
                col(UserAccount.student_id).in_(ids),
                col(UserAccount.deleted_at).is_(None),
            )
            .order_by(col(UserAccount.id).desc())
        ).all()
    )
    return [(s, accounts.get(s.id)) for s in students]


def cells_of(
    db: Session, *, school_id: int, outline: Outline, user_ids: list[int]
) -> dict[tuple[int, str], Cell]:
    """Every (account, step key) with something done, as a cell."""
    if not user_ids:
        return {}
    # plain rows through the connection: 30 students x 300 steps are 9,000 rows, and ORM rows
    # cost several times more than the query itself
    rows = (
        db.connection()
        .execute(
            select_columns(
                col(StepProgress.user_id),
                col(StepProgress.step_key),
                col(StepProgress.status),
                col(StepProgress.score),
                col(StepProgress.attempts),
                col(StepProgress.seconds),
            ).where(
                col(StepProgress.school_id) == school_id,
                col(StepProgress.course_id) == (outline.course.id or 0),
                col(StepProgress.user_id).in_(user_ids),
            )
        )
        .all()
    )
    found: dict[tuple[int, str], Cell] = {(u, k): (st, sc, a, se) for u, k, st, sc, a, se in rows}
    judged: dict[tuple[int, str], StepState] = task_results(
        db, school_id=school_id, user_ids=user_ids, slugs=outline.tasks
    )
    for (user, slug), state in judged.items():
        key = outline.tasks[slug]
        seconds = found[(user, key)][3] if (user, key) in found else 0
        found[(user, key)] = (state.status, state.score, state.attempts, seconds)
    return found


def class_gradebook(
    db: Session,
    *,
    school_id: int,
    outline: Outline,
    class_id: int,
    sort_key: Callable[[str], object] = str,
) -> Gradebook:
    """Students of a class x every step of the course's current version.

    Args:
        db: the session.
        school_id: the viewer's school.
        outline: the course's current version (`library.outline`).
        class_id: a class of the school.
        sort_key: orders students by name in the reader's language.

    Returns:
        The gradebook: rows by name, cells aligned with the steps.
    """
    steps = outline.all_steps()
    people = class_students(db, school_id=school_id, class_id=class_id)
    users = [a for _, a in people if a is not None]
    found = cells_of(db, school_id=school_id, outline=outline, user_ids=users)
    rows = []
    for student, account in sorted(people, key=lambda p: sort_key(p[0].name)):  # type: ignore[arg-type,return-value]
        cells: list[Cell | None] = [found.get((account, s.key)) if account else None for s in steps]
        rows.append(
            Row(
                student,
                account,
                cells,
                sum(1 for c in cells if c and c[0] == PASSED),
                sum(c[3] for c in cells if c),
            )
        )
    return Gradebook(steps, rows)


@dataclass(frozen=True)
class ClassProgress:
    school_class: SchoolClass
    students: int
    with_login: int
    average: int  # percent of steps passed, averaged over students with a login
    completed: int


def school_progress(db: Session, *, school_id: int, outline: Outline) -> list[ClassProgress]:
    """For each class the course is opened to: how far its students are, on average."""
    class_ids = sorted(
        set(
            db.exec(
                select(CourseAssignment.class_id).where(
                    CourseAssignment.school_id == school_id,
                    CourseAssignment.course_id == (outline.course.id or 0),
                    col(CourseAssignment.deleted_at).is_(None),
                )
            )
        )
    )
    total = len(outline.all_steps())
    out = []
    for cid in class_ids:
        klass = db.get(SchoolClass, cid)
        if klass is None or klass.school_id != school_id:
            continue
        book = class_gradebook(db, school_id=school_id, outline=outline, class_id=cid)
        active = [r for r in book.rows if r.account_id is not None]
        average = sum(book.percent(r) for r in active) // len(active) if active else 0
        done = sum(1 for r in active if total and r.passed == total)
        out.append(ClassProgress(klass, len(book.rows), len(active), average, done))
    return out
