"""Mock UNT, NUET and SAT results: entered by the counsellor for a class (a grid or a workbook)
or by a student for themself (marked self-reported), checked section by section, and read back
per student with their outcome and trend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from guidance.work.errors import WorkError, WorkNotFound
from guidance.work.mock_rules import (
    MockRules,
    Outcome,
    Problem,
    check_scores,
    outcome,
    rules_for,
    rules_year,
)
from guidance.work.roster import class_students, school_class, school_student
from models.base import utcnow
from models.guidance_work import UNT, MockTestResult
from models.i18n import N_, Message, message

GRID, EXCEL, SELF = "grid", "excel", "self"


class MockInvalid(WorkError):
    """Scores refused: `problems` holds (row key, field, sentence) for every one found."""

    def __init__(self, problems: Sequence[tuple[Any, str, Message]]) -> None:
        self.problems = tuple(problems)
        super().__init__("mock_invalid", [p[2] for p in self.problems])


@dataclass(frozen=True, slots=True)
class Sitting:
    """One student's sitting as typed: section code -> score text, and the UNT pair."""

    scores: Mapping[str, Any]
    subjects: Sequence[str] = ()

    @property
    def blank(self) -> bool:
        """Nothing typed at all (a grid row left empty is skipped, not refused)."""
        typed = [*self.scores.values(), *self.subjects]
        return not any(str(v).strip() for v in typed if v is not None)


@dataclass(frozen=True, slots=True)
class MockView:
    """A recorded sitting with its rules and outcome, and the change since the previous one."""

    row: MockTestResult
    rules: MockRules
    outcome: Outcome
    change: int | None = None  # total minus the previous sitting's of the same kind

    @property
    def id(self) -> int:
        """The result's id."""
        return self.row.id or 0


@dataclass(frozen=True, slots=True)
class MockHistory:
    """A student's sittings, newest first, and each kind's totals in date order (the trend)."""

    sittings: tuple[MockView, ...]
    trends: dict[str, tuple[tuple[date, int], ...]] = field(default_factory=dict)

    def latest(self, kind: str) -> MockView | None:
        """The newest sitting of a kind."""
        return next((s for s in self.sittings if s.row.kind == kind), None)


def check_sitting(
    kind: str, taken_on: date, sitting: Sitting
) -> tuple[MockRules, dict[str, int], list[Problem]]:
    """The rules that score a sitting on its day, its scores read, and every problem found."""
    rules = rules_for(kind, rules_year(kind, taken_on))
    scores, problems = check_scores(rules, sitting.scores, sitting.subjects)
    return rules, scores, problems


def new_result(
    school_id: int, student_id: int, kind: str, taken_on: date, rules: MockRules,
    scores: dict[str, int], sitting: Sitting, entered_by: int | None, source: str,
) -> MockTestResult:  # fmt: skip
    """The row of a checked sitting (not yet added to the session)."""
    subjects = [s.strip() for s in sitting.subjects] if kind == UNT else []
    return MockTestResult(
        school_id=school_id, student_id=student_id, kind=kind, rules_year=rules.year,
        taken_on=taken_on, scores=scores, subjects=subjects,
        total=outcome(rules, scores).total, self_reported=source == SELF, source=source,
        entered_by=entered_by,
    )  # fmt: skip


def record_own(
    session: Session, *, school_id: int, student_id: int, kind: str, taken_on: date,
    sitting: Sitting, user_id: int,
) -> MockTestResult:  # fmt: skip
    """A student's own mock result, marked self-reported.

    Args:
        session: an open session; the caller commits.
        school_id: the student's school.
        student_id: the student (the reader themself).
        kind: unt, nuet or sat.
        taken_on: the day of the sitting.
        sitting: the scores as typed.
        user_id: the student's account.

    Returns:
        The stored result.

    Raises:
        WorkNotFound: no such student.
        MockInvalid: every score or subject problem, with its field as the row key.
        WorkError: an unknown kind, or a day in the future.
    """
    school_student(session, school_id=school_id, student_id=student_id)
    _not_future(taken_on)
    rules, scores, problems = check_sitting(kind, taken_on, sitting)
    if problems:
        raise MockInvalid([(p.field, p.field, p.message) for p in problems])
    row = new_result(school_id, student_id, kind, taken_on, rules, scores, sitting, user_id, SELF)
    session.add(row)
    session.flush()
    return row


def record_class(
    session: Session, *, school_id: int, class_id: int, kind: str, taken_on: date,
    sittings: Mapping[int, Sitting], entered_by: int | None, source: str = GRID,
) -> list[MockTestResult]:  # fmt: skip
    """A class's mock results at once: every row is checked before any is stored.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        class_id: the class (of this school).
        kind: unt, nuet or sat.
        taken_on: the day of the sitting.
        sittings: student id -> the row as typed; blank rows are skipped.
        entered_by: the counsellor's account.
        source: "grid" or "excel".

    Returns:
        The stored results (none when every row was blank).

    Raises:
        WorkNotFound: no such class.
        MockInvalid: every problem of every row, keyed by student id; nothing is stored.
        WorkError: an unknown kind, or a day in the future.
    """
    school_class(session, school_id=school_id, class_id=class_id)
    _not_future(taken_on)
    members = {s.id: s for s in class_students(session, school_id=school_id, class_id=class_id)}
    problems: list[tuple[Any, str, Message]] = []
    rows: list[MockTestResult] = []
    for student_id, sitting in sittings.items():
        if sitting.blank:
            continue
        student = members.get(student_id)
        if student is None:
            what = N_("The student is not in this class.")
            problems.append((student_id, "student", message(what)))
            continue
        rules, scores, found = check_sitting(kind, taken_on, sitting)
        for p in found:
            text = message(N_("{student}: {problem}"), student=student.name, problem=p.message)
            problems.append((student_id, p.field, text))
        if not found:
            rows.append(new_result(school_id, student_id, kind, taken_on, rules, scores, sitting,
                             entered_by, source))  # fmt: skip
    if problems:
        raise MockInvalid(problems)
    session.add_all(rows)
    session.flush()
    return rows


def _not_future(taken_on: date) -> None:
    if taken_on > utcnow().date():
        raise WorkError("mock_in_future", [message(N_("The sitting's day is in the future."))])


def remove_result(
    session: Session, *, school_id: int, result_id: int, student_id: int | None = None
) -> MockTestResult:
    """Soft-deletes a result; with `student_id`, only that student's self-reported one.

    Raises:
        WorkNotFound: no such result in this school (or not the student's own entry).
    """
    row = session.get(MockTestResult, result_id)
    if row is not None and student_id is not None:
        mine = row.student_id == student_id and row.self_reported
    else:
        mine = True
    if row is None or row.school_id != school_id or row.deleted_at is not None or not mine:
        raise WorkNotFound("mock_not_found", [message(N_("There is no such mock result."))])
    row.deleted_at = utcnow()
    session.add(row)
    return row


def student_history(session: Session, *, school_id: int, student_id: int) -> MockHistory:
    """A student's mock results with their outcomes, the change since the previous sitting of
    the same kind, and each kind's trend.

    Args:
        session: an open session.
        school_id: the school.
        student_id: the student.

    Returns:
        The history (empty for a student without results).
    """
    rows = session.exec(
        select(MockTestResult)
        .where(
            MockTestResult.school_id == school_id,
            MockTestResult.student_id == student_id,
            col(MockTestResult.deleted_at).is_(None),
        )
        .order_by(col(MockTestResult.taken_on), col(MockTestResult.id))
    ).all()
    views: list[MockView] = []
    last: dict[str, int] = {}
    trends: dict[str, list[tuple[date, int]]] = {}
    for row in rows:
        rules = rules_for(row.kind, row.rules_year)
        previous = last.get(row.kind)
        views.append(MockView(row, rules, outcome(rules, row.scores),
                              None if previous is None else row.total - previous))  # fmt: skip
        last[row.kind] = row.total
        trends.setdefault(row.kind, []).append((row.taken_on, row.total))
    return MockHistory(
        tuple(reversed(views)), {kind: tuple(points) for kind, points in trends.items()}
    )


def school_results(
    session: Session, *, school_id: int, kind: str | None = None
) -> list[MockTestResult]:
    """Every live mock result of the school (of one kind), oldest first (for reports)."""
    query = select(MockTestResult).where(
        MockTestResult.school_id == school_id, col(MockTestResult.deleted_at).is_(None)
    )
    if kind is not None:
        query = query.where(MockTestResult.kind == kind)
    return list(session.exec(query.order_by(col(MockTestResult.taken_on))).all())
