"""What a phone's sync costs the server: batches of queued attendance marks and grades through
POST /api/sync, the same batches sent again (answered from the store), and GET /api/offline.

    python -m bench.offline_sync            # prints a table for docs/benchmarks.md

In-process (TestClient on the demo store, SQLite), as the demo teacher: the marks of the
teacher's 1А lessons of term 2 up to today (21 students a lesson: absent, late 5 min, excused,
and back to present in turn) and ФО marks of 1А, in batches of 50 as the phone sends them.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from journal.grades import create_assessment
from journal.register_access import Actor
from journal.register_day import register_day
from models.accounts import TEACHER, UserAccount
from models.db import session_scope
from models.people import Student
from models.support import finish_onboarding
from tests.web.conftest import build_demo_store, login

BATCH = 50
MARKS = [
    {"status": "absent", "minutes": None, "reason": ""},
    {"status": "late", "minutes": 5, "reason": ""},
    {"status": "excused", "minutes": None, "reason": "at the doctor"},
]
PRESENT = {"status": "present", "minutes": None, "reason": ""}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _attendance_ops(lessons: list[tuple[date, int, int]], students: list[int]) -> list[Any]:
    ops = []
    for n, (day, lesson, unit) in enumerate(lessons):
        for k, student in enumerate(students):
            value = MARKS[(n + k) % 3]
            ops.append({"id": str(uuid.uuid4()), "kind": "attendance", "day": day.isoformat(),
                        "lesson_id": lesson, "unit": unit, "student_id": student,
                        "entered_at": _now(), "value": value, "base": PRESENT})  # fmt: skip
    return ops


def _grade_ops(assessments: list[int], students: list[int]) -> list[Any]:
    return [
        {"id": str(uuid.uuid4()), "kind": "grade", "assessment_id": a, "student_id": s,
         "entered_at": _now(), "value": str(1 + (a + s) % 10), "base": ""}
        for a in assessments for s in students
    ]  # fmt: skip


def _setup(root: Path) -> tuple[int, list[tuple[date, int, int]], list[int], list[int]]:
    """The demo store; the teacher's lessons of term 2 so far, 1А's students, ФО columns."""
    build_demo_store(root)
    teacher = Actor(None, "teacher", TEACHER, teacher_id=1)
    lessons: list[tuple[date, int, int]] = []
    with session_scope() as db:
        user = db.exec(select(UserAccount.id).where(UserAccount.login == "teacher")).one() or 0
        finish_onboarding(db, user_id=user, skipped=True)
        day = date(2026, 11, 9)  # term 2 starts
        while day <= date(2026, 11, 27):
            view = register_day(db, school_id=1, actor=teacher, day=day, missing_limit=0)
            lessons += [(x.day, x.lesson_id, x.unit) for x in view.lessons if x.audience == "1А"]
            day += timedelta(days=1)
        students = [
            s or 0
            for s in db.exec(
                select(Student.id).where(Student.class_id == 1).order_by(col(Student.id))
            ).all()
        ]
        assessments = [
            create_assessment(db, school_id=1, class_id=1, subject_id=3, kind="fo",
                              day=date(2026, 11, 9) + timedelta(days=d), actor="teacher").id or 0
            for d in range(0, 15)
        ]  # fmt: skip
    return user, lessons, students, assessments


def _timed(call: Any) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _summary(ms: list[float], ops: int) -> str:
    ordered = sorted(ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms a batch of {ops} "
            f"({statistics.median(ms) / ops:.1f} ms an operation; {len(ms)} batches)")  # fmt: skip


def main() -> None:
    from litestar.testing import TestClient

    from web.app import create_app

    os.environ["SABAQ_RATE_LIMITS"] = "off"  # the server's cost, not the limiter's answer
    with tempfile.TemporaryDirectory() as tmp:
        user, lessons, students, assessments = _setup(Path(tmp))
        marks = _attendance_ops(lessons, students)
        grades = _grade_ops(assessments, students)
        with TestClient(create_app()) as client:
            login(client, "teacher")
            headers = {"x-csrftoken": client.cookies.get("sabaq_csrf") or ""}

            def send(batch: list[Any]) -> None:
                answer = client.post("/api/sync", json={"user": user, "ops": batch},
                                     headers=headers)  # fmt: skip
                assert answer.status_code == 200, answer.text

            chunks = [marks[i : i + BATCH] for i in range(0, len(marks), BATCH)]
            fresh = [_timed(lambda c=c: send(c)) for c in chunks if len(c) == BATCH]
            again = [_timed(lambda c=c: send(c)) for c in chunks[:20] if len(c) == BATCH]
            books = [grades[i : i + BATCH] for i in range(0, len(grades), BATCH)]
            graded = [_timed(lambda c=c: send(c)) for c in books if len(c) == BATCH]
            offline = [_timed(lambda: client.get("/api/offline")) for _ in range(30)]
    print("| what | result |\n|---|---|")
    print(f"| attendance marks, first sync | {_summary(fresh, BATCH)} |")
    print(f"| the same batches sent again (replayed) | {_summary(again, BATCH)} |")
    print(f"| ФО marks, first sync | {_summary(graded, BATCH)} |")
    print(f"| GET /api/offline (today and the next school day) | median "
          f"{statistics.median(offline):.0f} ms of {len(offline)} |")  # fmt: skip


if __name__ == "__main__":
    main()
