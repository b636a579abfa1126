"""A teacher's grades: the gradebooks they keep, a class's gradebook, new assessments, marks
(a form, or one cell at a time through JSON) and overrides of term grades with a reason."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from journal.assessment import kind_label
from journal.errors import JournalNotFound
from journal.grades import clear_grade, create_assessment, live_assessment, set_grade
from journal.grades_close import override_final_grade
from journal.grades_rules import active_rules
from journal.grades_views import class_gradebook
from journal.notify import notify_grade
from journal.teaching import may_grade, teaching_pairs
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.journal import Assessment, FinalGrade
from models.people import Student
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.grades_common import (
    GRADERS,
    as_date,
    as_int,
    book_url,
    chosen_term,
    grader_teacher,
    refused,
    school_terms,
    shown,
    texts,
)
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr


@get("/grades", opt=GRADERS, sync_to_thread=False)
def grades_index(request: Request[Any, Any, Any]) -> Template:
    """The gradebooks the viewer keeps (every one of the school for the admin)."""
    viewer = require_viewer(request)
    with read_scope() as db:
        pairs = teaching_pairs(
            db, school_id=require_school(viewer), teacher_id=grader_teacher(viewer),
            sort_key=sort_key(request_locale(request)),
        )  # fmt: skip
    return page(request, "grades/index.html", pairs=pairs)


@get("/grades/book", opt=GRADERS, sync_to_thread=False)
def gradebook(
    request: Request[Any, Any, Any],
    class_id: FromQuery[int] = 0,
    subject_id: FromQuery[int] = 0,
    term_id: FromQuery[int | None] = None,
) -> Template:
    """Students x assessments with the term grade and its explanation, entry and new columns."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        try:
            pair = may_grade(db, school_id=school_id, teacher_id=grader_teacher(viewer),
                             class_id=class_id, subject_id=subject_id)  # fmt: skip
        except JournalNotFound as exc:
            raise NotFoundException() from exc
        term = chosen_term(db, school_id, term_id, date.today())
        if term is None or term.id is None:
            raise NotFoundException()
        book = class_gradebook(
            db, school_id=school_id, class_id=class_id, subject_id=subject_id, term_id=term.id,
            sort_key=sort_key(request_locale(request)),
        )  # fmt: skip
        rules = active_rules(db, school_id=school_id)
        kinds = [(k, shown(float(m)) if (m := rules.fixed_max(k)) is not None else "")
                 for k in rules.kinds]  # fmt: skip
        terms = school_terms(db, school_id)
    cells = {(r.student_id, c.assessment_id): shown(r.values.get(c.assessment_id))
             for r in book.rows for c in book.columns}  # fmt: skip
    return page(
        request, "grades/book.html", pair=pair, term=term, terms=terms, book=book, cells=cells,
        kinds=kinds, today=date.today(), shown=shown, kind_label=kind_label,
    )  # fmt: skip


@post("/grades/assessments", opt=GRADERS, sync_to_thread=False)
def add_assessment(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A new column: ФО, СОР or СОЧ (points out of a maximum), with its title and section."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    class_id, subject_id = as_int(data.get("class_id")) or 0, as_int(data.get("subject_id")) or 0
    back = book_url(class_id, subject_id, as_int(data.get("term_id")))
    points = data.get("max_points", "").strip().replace(",", ".")
    try:
        with session_scope() as db:
            may_grade(db, school_id=school_id, teacher_id=grader_teacher(viewer),
                      class_id=class_id, subject_id=subject_id)  # fmt: skip
            create_assessment(
                db, school_id=school_id, class_id=class_id, subject_id=subject_id,
                kind=data.get("kind", ""), day=as_date(data.get("day")) or date.today(),
                actor=viewer.login, user_id=viewer.id, title=data.get("title", ""),
                section=data.get("section", ""), max_points=_points(points),
            )  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, back)
    flash(request, tr(request, "Assessment added."), "ok")
    return go(back)


def _points(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return -1.0  # refused by the service with its sentence


def _assessment(db: Any, viewer: Viewer, assessment_id: int | None) -> Assessment:
    """An assessment of the viewer's school in a gradebook they keep."""
    school_id = require_school(viewer)
    row = live_assessment(db, school_id=school_id, assessment_id=assessment_id)  # range-checked
    may_grade(db, school_id=school_id, teacher_id=grader_teacher(viewer),
              class_id=row.class_id, subject_id=row.subject_id)  # fmt: skip
    assert isinstance(row, Assessment)
    return row


def save_mark(db: Any, viewer: Viewer, assessment_id: int, student_id: int, value: str) -> bool:
    """Sets or clears one grade (empty value); tells the family about a new one.

    Returns:
        Whether anything was written.
    """
    school_id = require_school(viewer)
    _assessment(db, viewer, assessment_id)
    value = value.strip().replace(",", ".")
    if not value:
        cleared = clear_grade(
            db, school_id=school_id, assessment_id=assessment_id, student_id=student_id,
            actor=viewer.login, user_id=viewer.id,
        )  # fmt: skip
        return cleared is not None
    grade = set_grade(db, school_id=school_id, assessment_id=assessment_id, student_id=student_id,
                      value=value, actor=viewer.login, user_id=viewer.id)  # fmt: skip
    notify_grade(db, school_id=school_id, grade_id=grade.id or 0, texts=texts)
    return True


@post("/grades/marks", opt=GRADERS, sync_to_thread=False)
def save_marks(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """The gradebook form without JavaScript: every changed cell saved, or none when one is
    refused (each refusal named)."""
    viewer = require_viewer(request)
    back = book_url(as_int(data.get("class_id")) or 0, as_int(data.get("subject_id")) or 0,
                    as_int(data.get("term_id")))  # fmt: skip
    changed = 0
    try:
        with session_scope() as db:
            for name, value in data.items():
                parts = name.split("-")
                if (
                    len(parts) != 3
                    or parts[0] != "g"
                    or data.get(f"was-{parts[1]}-{parts[2]}") == value
                ):
                    continue
                aid, sid = as_int(parts[1]) or 0, as_int(parts[2]) or 0
                changed += save_mark(db, viewer, aid, sid, value)
    except StoreError as exc:
        return refused(request, exc, back)
    flash(request, tr(request, "Marks saved."), "ok")
    return go(back)


@post("/api/grades/mark", opt=GRADERS, status_code=200, sync_to_thread=False)
def mark_json(
    request: Request[Any, Any, Any], data: Annotated[dict[str, Any], Body()]
) -> Response[Any]:
    """One cell from the gradebook's script: {assessment_id, student_id, value} -> the student's
    term grade now, or 400 with the sentences."""
    viewer = require_viewer(request)
    aid, sid = as_int(str(data.get("assessment_id", ""))), as_int(str(data.get("student_id", "")))
    try:
        with session_scope() as db:
            row = _assessment(db, viewer, aid)
            save_mark(db, viewer, aid or 0, sid or 0, str(data.get("value", "")))
            answer = _row_now(request, db, viewer, row, sid or 0)
    except StoreError as exc:
        return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
    return Response(answer)


def _row_now(
    request: Request[Any, Any, Any], db: Any, viewer: Viewer, row: Assessment, student_id: int
) -> dict[str, Any]:
    """The cell's stored value and the student's term grade after a save."""
    school_id = require_school(viewer)
    term = chosen_term(db, school_id, None, row.day)
    book = class_gradebook(
        db, school_id=school_id, class_id=row.class_id, subject_id=row.subject_id,
        term_id=term.id or 0,
    ) if term else None  # fmt: skip
    line = next((r for r in book.rows if r.student_id == student_id), None) if book else None
    final = line.term if line else None
    return {
        "ok": True,
        "value": shown(line.values.get(row.id or 0)) if line else "",
        "mark": final.effective_mark if final else "",
        "percent": final.percent if final else None,
        "explanation": tr(request, final.message) if final else "",
    }


@post("/grades/override", opt=GRADERS, sync_to_thread=False)
def override(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A teacher's mark over a computed term grade, with the reason (or removed with "")."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    back = book_url(as_int(data.get("class_id")) or 0, as_int(data.get("subject_id")) or 0,
                    as_int(data.get("term_id")))  # fmt: skip
    try:
        with session_scope() as db:
            row = db.get(FinalGrade, as_int(data.get("final_grade_id")) or 0)
            student = db.get(Student, row.student_id) if row is not None else None
            if row is None or student is None or row.school_id != school_id:
                raise JournalNotFound("final_grade_not_found", [])
            may_grade(db, school_id=school_id, teacher_id=grader_teacher(viewer),
                      class_id=student.class_id, subject_id=row.subject_id)  # fmt: skip
            override_final_grade(
                db, school_id=school_id, final_grade_id=row.id or 0, mark=data.get("mark", ""),
                reason=data.get("reason", ""), actor=viewer.login, user_id=viewer.id,
            )  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, back)
    flash(request, tr(request, "Term grade set."), "ok")
    return go(back)


ROUTES = [grades_index, gradebook, add_assessment, save_marks, mark_json, override]
