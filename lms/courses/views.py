"""What a student's pages show: a course's modules and lessons with progress, one lesson's steps."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from lms.courses.errors import CourseNotFound
from lms.courses.library import Outline, get_course, outline
from lms.courses.progress import Share, StepState, last_touched, next_step, share, states
from models.i18n import N_, message
from models.lms import Course, CourseLesson, CourseModule, CourseStep, CourseVersion


@dataclass(frozen=True)
class CourseView:
    """A course as a student (or a teacher previewing it) sees it."""

    outline: Outline  # without step bodies
    modules: list[CourseModule]  # those open to the student
    states: dict[str, StepState]
    continue_at: CourseStep | None  # "continue where you left off"; None when all is done

    def steps(self) -> list[CourseStep]:
        return self.outline.all_steps({m.slug for m in self.modules})

    def share(self) -> Share:
        return share(self.steps(), self.states)

    def of_lesson(self, lesson: CourseLesson) -> Share:
        return share(self.outline.steps.get(lesson.id or 0, []), self.states)

    def of_module(self, module: CourseModule) -> Share:
        steps = [
            s
            for lesson in self.outline.lessons.get(module.id or 0, [])
            for s in self.outline.steps.get(lesson.id or 0, [])
        ]
        return share(steps, self.states)

    def lesson_of(self, step: CourseStep) -> CourseLesson:
        return next(
            lesson
            for lessons in self.outline.lessons.values()
            for lesson in lessons
            if lesson.id == step.lesson_id
        )


def course_view(
    db: Session,
    *,
    school_id: int,
    course: Course,
    user_id: int | None,
    modules: frozenset[str] | None = None,
    resume: bool = True,
) -> CourseView:
    """The course's current version with the student's progress (none for a preview).

    Args:
        db: the session.
        school_id: the viewer's school.
        course: a course of that school.
        user_id: the student's account (None: a teacher's preview, no progress).
        modules: the modules open to the student (None: all).
        resume: find the step to continue with (a lesson page does not need it).

    Returns:
        The view.
    """
    out = outline(db, course, bodies=False)
    shown = [m for m in out.modules if modules is None or m.slug in modules]
    found = states(db, school_id=school_id, user_id=user_id, outline=out) if user_id else {}
    steps = out.all_steps({m.slug for m in shown})
    if not resume:
        return CourseView(out, shown, found, None)
    last = last_touched(db, user_id=user_id, course_id=course.id or 0) if user_id else None
    return CourseView(out, shown, found, next_step(steps, found, last))


@dataclass(frozen=True)
class LessonView:
    course: CourseView
    lesson: CourseLesson
    steps: list[CourseStep]  # with bodies
    previous: CourseLesson | None
    following: CourseLesson | None


def lesson_view(
    db: Session,
    *,
    school_id: int,
    lesson_id: int,
    user_id: int | None,
    modules: frozenset[str] | None = None,
) -> LessonView:
    """One lesson of a course's current version, with its steps and the student's progress.

    Raises:
        CourseNotFound: no such lesson in the school's current versions, or its module is not
            open to the student.
    """
    lesson = db.get(CourseLesson, lesson_id)
    if lesson is None or lesson.school_id != school_id:
        raise CourseNotFound("lesson_not_found", [message(N_("No such lesson."))])
    course = _course_of(db, school_id, lesson)
    if course.current_version_id != lesson.version_id:
        lesson = _same_lesson_now(db, course, lesson)
    view = course_view(
        db, school_id=school_id, course=course, user_id=user_id, modules=modules, resume=False
    )
    order = [ls for m in view.modules for ls in view.outline.lessons.get(m.id or 0, [])]
    where = next((n for n, ls in enumerate(order) if ls.id == lesson.id), None)
    if where is None:
        raise CourseNotFound("lesson_not_found", [message(N_("No such lesson."))])
    steps = list(
        db.exec(
            select(CourseStep)
            .where(CourseStep.lesson_id == lesson.id)
            .order_by(col(CourseStep.position))
        )
    )
    return LessonView(
        view,
        order[where],
        steps,
        order[where - 1] if where else None,
        order[where + 1] if where + 1 < len(order) else None,
    )


def _course_of(db: Session, school_id: int, lesson: CourseLesson) -> Course:
    version = db.get(CourseVersion, lesson.version_id)
    if version is None:
        raise CourseNotFound("lesson_not_found", [message(N_("No such lesson."))])
    return get_course(db, school_id=school_id, course_id=version.course_id)


def _same_lesson_now(db: Session, course: Course, old: CourseLesson) -> CourseLesson:
    """A lesson of an older version: the lesson with its slug in the current version."""
    found = db.exec(
        select(CourseLesson).where(
            CourseLesson.version_id == course.current_version_id, CourseLesson.slug == old.slug
        )
    ).first()
    if found is None:
        raise CourseNotFound("lesson_not_found", [message(N_("No such lesson."))])
    return found


def step_in(db: Session, *, school_id: int, step_id: int) -> tuple[Course, CourseStep]:
    """A step of the school's courses with its course (any version).

    Raises:
        CourseNotFound: no such step in this school.
    """
    step = db.get(CourseStep, step_id)
    if step is None or step.school_id != school_id:
        raise CourseNotFound("step_not_found", [message(N_("No such step."))])
    lesson = db.get(CourseLesson, step.lesson_id)
    assert lesson is not None
    return _course_of(db, school_id, lesson), step


def module_of(db: Session, step: CourseStep) -> str:
    """The slug of the module a step's lesson is in."""
    lesson = db.get(CourseLesson, step.lesson_id)
    module = db.get(CourseModule, lesson.module_id) if lesson else None
    return module.slug if module else ""
