"""The gradebook files: categories (ФО, СОР, СОЧ, marks), line items (assessments), results.

A line item is one assessment of a class (or subgroup) in a subject; its range is 0 to the
assessment's maximum, and a result's score is the grade as entered (a ФО mark out of 10, СОР
and СОЧ points), so a consumer can compute percents exactly as the journal does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from journal.assessment import RuleSet
from journal.assessment.explain import kind_label
from journal.oneroster import spec
from journal.oneroster.rostering import ClassKey, Row, Sessions, class_id, known_group
from journal.oneroster.source import SchoolRows, live_rows
from journal.oneroster.values import Ids, day, moment, number
from models.journal import Assessment, Grade

Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Score:
    id: int
    assessment_id: int
    student_id: int
    value: float
    comment: str
    updated_at: datetime


@dataclass
class Marks:
    """The live assessments of live classes and subjects, their grades, and what was left out."""

    assessments: list[Assessment] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    left_out: int = 0  # assessments whose class, subgroup or subject left the school data

    def class_keys(self) -> list[ClassKey]:
        return [(a.class_id, a.subgroup_id, a.subject_id) for a in self.assessments]


def read_marks(session: Session, rows: SchoolRows) -> Marks:
    """The school's assessments and grades (of live students) that the export can place."""
    school_id = rows.school.id
    assert school_id is not None
    marks = Marks()
    for item in live_rows(session, Assessment, school_id):
        if item.subject_id in rows.subjects and known_group(rows, item.class_id, item.subgroup_id):
            marks.assessments.append(item)
        else:
            marks.left_out += 1
    kept = {a.id for a in marks.assessments}
    # plain columns: a school's year holds hundreds of thousands of grades
    columns: list[Any] = [Grade.id, Grade.assessment_id, Grade.student_id, Grade.value,
                          Grade.comment, Grade.updated_at]  # fmt: skip
    query: Any = (
        select(*columns)
        .where(Grade.school_id == school_id, col(Grade.deleted_at).is_(None))
        .order_by(col(Grade.id))
    )  # fmt: skip
    for values in session.exec(query).all():
        score = Score(*values)
        if score.assessment_id in kept and score.student_id in rows.students:
            marks.scores.append(score)
    return marks


def category_rows(
    rows: SchoolRows, marks: Marks, rules: RuleSet, ids: Ids, translate: Translate
) -> list[Row]:
    """One category per kind of assessment, weighted as the school's rules weigh it."""
    kinds = list(dict.fromkeys([*rules.kinds, *(a.kind for a in marks.assessments)]))
    stamp = moment(rows.modified)
    out = []
    for kind in kinds:
        weight = rules.weights.get(kind)
        out.append({"sourcedId": ids("category", kind), "status": spec.ACTIVE,
                    "dateLastModified": stamp, "title": kind_label(kind).render(translate),
                    "weight": "" if weight is None else number(float(weight) / 100)})  # fmt: skip
    return out


def line_item_rows(
    rows: SchoolRows, marks: Marks, ids: Ids, sessions: Sessions, translate: Translate
) -> list[Row]:
    """One line item per assessment, in the term its date falls in."""
    org = ids("org", rows.school.id)
    out = []
    for item in marks.assessments:
        title = item.title or f"{kind_label(item.kind).render(translate)} {day(item.day)}"
        out.append({"sourcedId": ids("lineItem", item.id), "status": spec.ACTIVE,
                    "dateLastModified": moment(item.created_at), "title": title,
                    "description": item.section, "assignDate": day(item.day),
                    "dueDate": day(item.day),
                    "classSourcedId": class_id(ids, (item.class_id, item.subgroup_id,
                                                     item.subject_id)),
                    "categorySourcedId": ids("category", item.kind),
                    "academicSessionSourcedId": sessions.of_day(item.day),
                    "resultValueMin": "0", "resultValueMax": number(item.max_points),
                    "schoolSourcedId": org})  # fmt: skip
    return out


def result_rows(marks: Marks, ids: Ids) -> list[Row]:
    """One result per grade: the score as entered, fully graded, on the day it was saved."""
    key = {a.id: (a.class_id, a.subgroup_id, a.subject_id) for a in marks.assessments}
    items = {i: (ids("lineItem", i), class_id(ids, k)) for i, k in key.items()}
    students = {i: ids("user", "student", i) for i in {s.student_id for s in marks.scores}}
    out = []
    for s in marks.scores:  # a school's year: hundreds of thousands of rows, kept lean
        item, cls = items[s.assessment_id]
        out.append({"sourcedId": ids("result", s.id), "status": spec.ACTIVE,
                    "dateLastModified": moment(s.updated_at), "lineItemSourcedId": item,
                    "studentSourcedId": students[s.student_id],
                    "scoreStatus": spec.FULLY_GRADED, "score": number(s.value),
                    "scoreDate": s.updated_at.date().isoformat(), "comment": s.comment,
                    "classSourcedId": cls})  # fmt: skip
    return out
