"""Formative marks for the register benchmark's year: an ФО assessment on about a fifth of the
held lessons, a mark for every student of the lesson - about 200,000 grades for 1,000 students,
as issue 6's target describes a full year. Written with executemany, not timed."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select

from journal.calendar import HeldLesson
from journal.frame import LessonLabel
from models.db import get_engine, session_scope
from models.journal import FORMATIVE, Assessment, Grade
from models.lessons import LessonRequirement

CHUNK = 20_000


def write_grades(
    school_id: int,
    held: Sequence[HeldLesson],
    labels: dict[int, LessonLabel],
    students_of: dict[int, list[int]],
    record_of: Callable[[HeldLesson], int],
    share: float,
    rng: random.Random,
) -> int:
    """An ФО assessment on `share` of the held lessons, each student of it marked 1-10.

    Returns:
        How many grades were written.
    """
    with session_scope() as db:
        subjects = dict(
            db.exec(
                select(LessonRequirement.id, LessonRequirement.subject_id).where(
                    LessonRequirement.school_id == school_id,
                    col(LessonRequirement.id).in_(list(labels)),
                )
            ).all()
        )
    now = datetime.now(UTC)
    chosen = [h for h in held if h.lesson_id in labels and rng.random() < share]
    rows = []
    for h in chosen:
        class_id, group = labels[h.lesson_id].parts[0]
        rows.append({"school_id": school_id, "class_id": class_id, "subgroup_id": group,
                     "subject_id": subjects[h.lesson_id], "kind": FORMATIVE, "day": h.day,
                     "title": "ФО", "max_points": 10.0, "record_id": record_of(h),
                     "created_at": now})  # fmt: skip
    _write(Assessment.__table__, rows)
    with session_scope() as db:
        by_record = dict(
            db.exec(
                select(Assessment.record_id, Assessment.id).where(
                    Assessment.school_id == school_id, Assessment.kind == FORMATIVE
                )
            ).all()
        )
    grades = [
        {"school_id": school_id, "assessment_id": by_record[record_of(h)], "student_id": student,
         "value": float(rng.randint(4, 10)), "comment": "", "updated_at": now}
        for h in chosen
        for student in students_of.get(h.lesson_id, [])
    ]  # fmt: skip
    _write(Grade.__table__, grades)
    return len(grades)


def _write(table: Any, rows: list[dict[str, Any]]) -> None:
    with get_engine().begin() as conn:
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(table), rows[start : start + CHUNK])
