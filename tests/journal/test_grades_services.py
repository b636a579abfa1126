"""Grade services on a real SQLite store: entering grades, term grades, audit, closing, override."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, col, select

import models.tables  # noqa: F401 - every table in the metadata
from journal import (
    class_gradebook,
    clear_grade,
    close_term,
    create_assessment,
    override_final_grade,
    recompute_term_grades,
    remove_assessment,
    reopen_term,
    save_rule_set,
    set_grade,
    student_grades,
)
from journal.errors import InvalidRules, JournalError, JournalNotFound, TermClosed
from journal.grades import live_assessment
from models.db import dispose_engines, get_engine, normalize_url
from models.history import AuditEntry
from models.journal import FinalGrade, Grade
from tests.journal.grades_fixtures import Sch, build_school

RU = {"FA": "ФО", "SAU": "СОР", "SAT": "СОЧ"}
NOV = date(2026, 11, 16)  # in term 2


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """A fresh store: a SQLite file, or a new PostgreSQL database when the test server is set."""
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "")
    if request.param == "postgres" and not base:
        pytest.skip("SABAQ_TEST_POSTGRES_URL is not set (start one with .ci/postgres.sh)")
    url = f"sqlite:///{tmp_path / 'grades.db'}" if request.param == "sqlite" else _fresh(base)
    engine = get_engine(url)
    SQLModel.metadata.create_all(engine)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        dispose_engines()
        if request.param == "postgres":
            with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            dispose_engines()


def _fresh(base: str) -> str:
    name = f"sabaq_grades_{uuid.uuid4().hex[:12]}"
    with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(normalize_url(base)).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def sch(db: Session) -> Sch:
    return build_school(db)


def assess(db: Session, sch: Sch, kind: str, max_points: float | None = None, **kw: object) -> int:
    a = create_assessment(
        db,
        school_id=sch.id,
        class_id=sch.classes[kw.pop("klass", "7A")],  # type: ignore[arg-type]
        subject_id=sch.subjects[kw.pop("subject", "MATH")],  # type: ignore[arg-type]
        kind=kind,
        day=kw.pop("day", NOV),
        max_points=max_points,
        actor="teacher@school",  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )
    assert a.id is not None
    return a.id


def grade(
    db: Session, sch: Sch, assessment: int, student: str, value: object, **kw: object
) -> None:
    set_grade(
        db,
        school_id=sch.id,
        assessment_id=assessment,
        student_id=sch.students[student],
        value=value,
        actor="teacher@school",
        **kw,
    )  # type: ignore[arg-type]


def enter_issue_example(db: Session, sch: Sch, student: str = "Әлия") -> None:
    # ФО 8, 7, 8, 8, 8 -> 7.8/10 -> 19.5 %; СОР 18/20 + 20/25 = 38/45 -> 21.1 %; СОЧ 20/25 -> 40.0 %
    for value in (8, 7, 8, 8, 8):
        grade(db, sch, assess(db, sch, "fo"), student, value)
    grade(db, sch, assess(db, sch, "sor", 20, title="СОР 1"), student, 18)
    grade(db, sch, assess(db, sch, "sor", 25, title="СОР 2"), student, 20)
    grade(db, sch, assess(db, sch, "soch", 25, title="СОЧ"), student, 20)


def final(db: Session, sch: Sch, student: str, period: str = "2 четверть") -> FinalGrade:
    row = db.exec(
        select(FinalGrade).where(
            FinalGrade.student_id == sch.students[student],
            FinalGrade.subject_id == sch.subjects["MATH"],
            FinalGrade.period == period,
        )
    ).one()
    db.refresh(row)
    return row


def audit(db: Session, action: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))
    return list(db.exec(query).all())


def test_the_issue_example_through_the_services(db: Session, sch: Sch) -> None:
    enter_issue_example(db, sch)
    row = final(db, sch, "Әлия")
    assert (row.percent, row.mark) == (80.6, "4")
    view = student_grades(db, school_id=sch.id, student_id=sch.students["Әлия"], term_id=sch.term2)
    (math,) = [s for s in view.subjects if s.subject_code == "MATH"]
    assert [g.value for g in math.grades] == [8, 7, 8, 8, 8, 18, 20, 20]
    assert math.term is not None
    assert math.term.message.render(lambda t: RU.get(t, t)) == (
        "2 четверть: ФО 7.8/10 → 19.5 %, СОР 38/45 → 21.1 %, СОЧ 20/25 → 40.0 %; 80.6 % → 4"
    )
    # the year grade follows at once: one term with a mark, 4 -> "4"
    assert math.year is not None and math.year.mark == "4"


def test_changes_are_audited_with_old_and_new_values_and_nothing_is_deleted(
    db: Session, sch: Sch
) -> None:
    sor = assess(db, sch, "sor", 20)
    grade(db, sch, sor, "Борис", 12)
    grade(db, sch, sor, "Борис", 15, reason="recounted the second task")
    grade(db, sch, sor, "Борис", 15)  # the same value: no change, no audit row
    clear_grade(
        db,
        school_id=sch.id,
        assessment_id=sor,
        student_id=sch.students["Борис"],
        actor="deputy@school",
        reason="written by another student",
    )
    rows = [
        (e.action, e.actor, e.details["old"], e.details["new"], e.details["reason"])
        for e in db.exec(
            select(AuditEntry)
            .where(col(AuditEntry.entity).like("grade:%"))
            .order_by(col(AuditEntry.id))
        ).all()
    ]
    assert rows == [
        ("set_grade", "teacher@school", None, "12", ""),
        ("change_grade", "teacher@school", "12", "15", "recounted the second task"),
        ("clear_grade", "deputy@school", "15", None, "written by another student"),
    ]
    kept = db.exec(select(Grade).where(Grade.assessment_id == sor)).one()
    assert kept.deleted_at is not None and kept.value == 15  # soft delete
    assert final(db, sch, "Борис").mark == ""  # no grades left in the term
    grade(db, sch, sor, "Борис", 17)  # a cleared grade comes back
    assert audit(db, "set_grade")[-1].details["old"] is None
    assert final(db, sch, "Борис").mark == "5"  # 17/20 alone = 85.0 % -> "5"


@pytest.mark.parametrize(
    ("kind", "max_points", "value", "code"),
    [
        ("fo", None, 11, "grade_out_of_range"),
        ("fo", None, 7.5, "grade_out_of_range"),  # formative marks are whole
        ("sor", 20, 21, "grade_out_of_range"),
        ("sor", 20, "12.345", "grade_out_of_range"),
        ("sor", 20, "abc", "grade_out_of_range"),
        ("soch", 25, -1, "grade_out_of_range"),
    ],
)
def test_values_out_of_range_are_refused(
    db: Session, sch: Sch, kind: str, max_points: float | None, value: object, code: str
) -> None:
    assessment = assess(db, sch, kind, max_points)
    with pytest.raises(JournalError) as caught:
        grade(db, sch, assessment, "Вера", value)
    assert caught.value.code == code
    assert "from 0 to" in str(caught.value)


def test_half_points_are_fine_for_summative_work(db: Session, sch: Sch) -> None:
    grade(db, sch, assess(db, sch, "soch", 25), "Вера", "19.5")  # 19.5/25 = 78.0 % -> "4"
    assert (final(db, sch, "Вера").percent, final(db, sch, "Вера").mark) == (78.0, "4")


def test_an_assessment_the_rules_do_not_allow_lists_every_problem(db: Session, sch: Sch) -> None:
    with pytest.raises(JournalError) as caught:
        assess(db, sch, "mark", None, day=date(2026, 11, 2))  # autumn holiday: in no term
    assert caught.value.code == "invalid_assessment"
    assert [str(m) for m in caught.value.messages] == [
        "The school's rules (kz-criteria) allow these kinds of assessment: fo, sor, soch.",
        "2026-11-02 is not in any term of the school.",
    ]
    with pytest.raises(JournalError, match="above 0"):
        assess(db, sch, "sor", 0)
    with pytest.raises(JournalError, match="above 0"):
        assess(db, sch, "soch", None)
    with pytest.raises(JournalError, match="fixed at 10"):
        assess(db, sch, "fo", 20)


def test_another_schools_rows_are_not_found(db: Session, sch: Sch) -> None:
    other = build_school(db, "SCH-2")
    with pytest.raises(JournalNotFound):
        create_assessment(
            db,
            school_id=sch.id,
            class_id=other.classes["7A"],
            subject_id=sch.subjects["MATH"],
            kind="fo",
            day=NOV,
            actor="t",
        )
    assessment = assess(db, sch, "fo")
    with pytest.raises(JournalNotFound):
        set_grade(
            db,
            school_id=sch.id,
            assessment_id=assessment,
            student_id=other.students["Әлия"],
            value=5,
            actor="t",
        )
    with pytest.raises(JournalNotFound):
        set_grade(
            db,
            school_id=other.id,
            assessment_id=assessment,
            student_id=other.students["Әлия"],
            value=5,
            actor="t",
        )
    with pytest.raises(JournalNotFound):
        student_grades(db, school_id=other.id, student_id=sch.students["Әлия"], term_id=sch.term2)


def test_only_the_assessed_class_and_subgroup_get_grades(db: Session, sch: Sch) -> None:
    with pytest.raises(JournalError, match="Дана is not in the class"):
        grade(db, sch, assess(db, sch, "fo"), "Дана", 5)
    en1 = assess(db, sch, "sor", 10, subgroup_id=sch.subgroups["en-1"], subject="KAZ")
    grade(db, sch, en1, "Әлия", 9)
    with pytest.raises(JournalError, match="Борис is not in the subgroup"):
        grade(db, sch, en1, "Борис", 9)


def test_a_closed_term_refuses_changes_until_reopened(db: Session, sch: Sch) -> None:
    assessment = assess(db, sch, "fo")
    grade(db, sch, assessment, "Вера", 9)
    close_term(db, school_id=sch.id, term_id=sch.term2, actor="admin@school")
    sentence = "2 четверть is closed: its grades are locked until the school admin reopens it."
    with pytest.raises(TermClosed) as caught:
        grade(db, sch, assessment, "Вера", 10)
    assert (caught.value.code, str(caught.value)) == ("term_closed", sentence)
    for attempt in (
        lambda: assess(db, sch, "fo"),
        lambda: clear_grade(
            db,
            school_id=sch.id,
            assessment_id=assessment,
            student_id=sch.students["Вера"],
            actor="t",
        ),
        lambda: remove_assessment(db, school_id=sch.id, assessment_id=assessment, actor="t"),
        lambda: recompute_term_grades(db, school_id=sch.id, term_id=sch.term2),
        lambda: override_final_grade(
            db,
            school_id=sch.id,
            final_grade_id=final(db, sch, "Вера").id or 0,
            mark="5",
            reason="olympiad",
            actor="t",
        ),
    ):
        with pytest.raises(TermClosed):
            attempt()
    assess(db, sch, "fo", day=date(2026, 10, 1))  # term 1 stays open
    with pytest.raises(JournalError, match="already closed"):
        close_term(db, school_id=sch.id, term_id=sch.term2, actor="admin@school")
    with pytest.raises(JournalError, match="reason is required"):
        reopen_term(db, school_id=sch.id, term_id=sch.term2, reason=" ", actor="admin@school")
    reopen_term(db, school_id=sch.id, term_id=sch.term2, reason="a late СОЧ", actor="admin@school")
    grade(db, sch, assessment, "Вера", 10)
    assert [e.details["term"] for e in audit(db, "close_term") + audit(db, "reopen_term")] == [
        "2 четверть",
        "2 четверть",
    ]
    assert audit(db, "reopen_term")[0].details["reason"] == "a late СОЧ"


def test_closing_computes_the_terms_grades_first(db: Session, sch: Sch) -> None:
    enter_issue_example(db, sch, "Борис")
    for row in db.exec(select(FinalGrade)).all():
        db.delete(row)  # as if never computed
    db.flush()
    close_term(db, school_id=sch.id, term_id=sch.term2, actor="admin@school")
    assert final(db, sch, "Борис").mark == "4"
    assert audit(db, "close_term")[0].details["final_grades"] == 1


def test_a_teacher_overrides_a_term_grade_with_a_reason(db: Session, sch: Sch) -> None:
    enter_issue_example(db, sch)
    row = final(db, sch, "Әлия")
    with pytest.raises(JournalError, match="reason is required"):
        override_final_grade(
            db,
            school_id=sch.id,
            final_grade_id=row.id or 0,
            mark="5",
            reason="",
            actor="teacher@school",
        )
    with pytest.raises(JournalError, match="must be one of 2, 3, 4, 5"):
        override_final_grade(
            db,
            school_id=sch.id,
            final_grade_id=row.id or 0,
            mark="6",
            reason="x",
            actor="teacher@school",
        )
    override_final_grade(
        db,
        school_id=sch.id,
        final_grade_id=row.id or 0,
        mark="5",
        reason="city olympiad winner",
        actor="teacher@school",
        user_id=None,
    )
    view = student_grades(db, school_id=sch.id, student_id=sch.students["Әлия"], term_id=sch.term2)
    (math,) = [s for s in view.subjects if s.subject_code == "MATH"]
    assert math.term is not None and math.term.effective_mark == "5" and math.term.mark == "4"
    assert str(math.term.message).endswith(
        "; 80.6 % → 4; set to 5 by the teacher: city olympiad winner"
    )
    entry = audit(db, "override_final_grade")[0]
    assert (entry.details["computed"], entry.details["old"], entry.details["new"]) == (
        "4",
        None,
        "5",
    )
    # the year grade reads the mark in force
    assert math.year is not None and math.year.mark == "5"
    # a recomputation keeps the override
    recompute_term_grades(db, school_id=sch.id, term_id=sch.term2)
    assert final(db, sch, "Әлия").override_mark == "5"


def test_the_year_grade_is_the_rounded_mean_of_term_marks(db: Session, sch: Sch) -> None:
    # term 1: ФО 6, 7 -> 65.0 % -> "4"; term 2: ФО 9 -> 90.0 % -> "5"; (4 + 5) / 2 = 4.5 -> "5"
    for value in (6, 7):
        grade(db, sch, assess(db, sch, "fo", day=date(2026, 9, 15)), "Вера", value)
    grade(db, sch, assess(db, sch, "fo"), "Вера", 9)
    year = final(db, sch, "Вера", "year:2026-2027")
    assert year.mark == "5"
    assert year.explanation["terms"] == [
        {"term": "1 четверть", "mark": "4", "score": "65.0"},
        {"term": "2 четверть", "mark": "5", "score": "90.0"},
    ]


def test_removing_an_assessment_stops_its_grades_counting(db: Session, sch: Sch) -> None:
    keep, drop = assess(db, sch, "fo"), assess(db, sch, "fo")
    grade(db, sch, keep, "Вера", 9)
    grade(db, sch, drop, "Вера", 3)  # (9 + 3) / 2 = 6.0 -> 60.0 % -> "3"
    assert final(db, sch, "Вера").mark == "3"
    remove_assessment(db, school_id=sch.id, assessment_id=drop, actor="t", reason="duplicate")
    assert final(db, sch, "Вера").mark == "5"  # 9 alone -> 90.0 %


def test_grade_one_and_pass_fail_through_the_store(db: Session, sch: Sch) -> None:
    save_rule_set(
        db,
        school_id=sch.id,
        name="school 2026",
        rules={"preset": "kz-criteria", "pass_fail": {"subjects": ["PE"]}},
        actor="admin@school",
    )
    # Дана is in grade 1: ФО 9 -> 90.0 % -> "high"
    grade(db, sch, assess(db, sch, "fo", klass="1A"), "Дана", 9)
    assert final(db, sch, "Дана").mark == "high"
    # PE is pass/fail: ФО 3 -> 30.0 % -> fail
    grade(db, sch, assess(db, sch, "fo", subject="PE"), "Вера", 3)
    pe = db.exec(select(FinalGrade).where(FinalGrade.subject_id == sch.subjects["PE"])).all()
    assert [(r.mark, r.percent) for r in pe if r.period == "2 четверть"] == [("fail", 30.0)]


def test_a_school_switches_to_classic_marks(db: Session, sch: Sch) -> None:
    save_rule_set(
        db, school_id=sch.id, name="classic", rules={"preset": "classic-5"}, actor="admin@school"
    )
    with pytest.raises(JournalError, match="allow these kinds of assessment: mark"):
        assess(db, sch, "fo")
    for value in (5, 4, 4, 5):  # 18 / 4 = 4.5 -> "5"
        grade(db, sch, assess(db, sch, "mark"), "Әлия", value)
    row = final(db, sch, "Әлия")
    assert (row.percent, row.mark) == (None, "5")
    with pytest.raises(JournalError, match="from 2 to 5"):
        grade(db, sch, assess(db, sch, "mark"), "Әлия", 1)
    with pytest.raises(InvalidRules) as caught:
        save_rule_set(
            db,
            school_id=sch.id,
            name="bad",
            rules={"preset": "classic-5", "marks": {"min": 5, "max": 2}},
            actor="admin@school",
        )
    assert [str(m) for m in caught.value.messages] == ["marks.max: must be greater than marks.min"]
    (saved,) = audit(db, "save_assessment_rules")
    assert saved.details["new"] == {"preset": "classic-5"}


def test_the_gradebook_is_students_by_assessments(db: Session, sch: Sch) -> None:
    fo = assess(db, sch, "fo", day=date(2026, 11, 10))
    sor = assess(db, sch, "sor", 20, day=date(2026, 11, 20), title="СОР 1")
    other_subject = assess(db, sch, "fo", subject="KAZ")
    grade(db, sch, fo, "Вера", 8)
    grade(db, sch, sor, "Вера", 16)
    grade(db, sch, fo, "Әлия", 10)
    grade(db, sch, other_subject, "Әлия", 1)
    book = class_gradebook(
        db,
        school_id=sch.id,
        class_id=sch.classes["7A"],
        subject_id=sch.subjects["MATH"],
        term_id=sch.term2,
    )
    assert [c.assessment_id for c in book.columns] == [fo, sor]
    assert [r.student_name for r in book.rows] == ["Борис", "Вера", "Әлия"]  # casefold order
    vera = book.rows[1]
    assert vera.values == {fo: 8, sor: 16}
    # no СОЧ, so ФО 50 % and СОР 50 %: 8/10 x 50 = 40.0; 16/20 x 50 = 40.0; 80.0 -> "4"
    assert vera.term is not None and (vera.term.percent, vera.term.mark) == (80.0, "4")
    assert book.rows[0].values == {} and book.rows[0].term is None
    assert not book.closed


def test_recomputing_the_whole_school_counts_each_student_and_subject(
    db: Session, sch: Sch
) -> None:
    enter_issue_example(db, sch, "Әлия")
    grade(db, sch, assess(db, sch, "fo", subject="KAZ"), "Борис", 6)
    assert recompute_term_grades(db, school_id=sch.id, term_id=sch.term2) == 2
    assert (
        recompute_term_grades(db, school_id=sch.id, term_id=sch.term2, class_id=sch.classes["1A"])
        == 0
    )


@pytest.mark.parametrize("bad", [2**63, 2**80, -(2**63) - 1, -1, 0])
def test_ids_out_of_the_stores_range_are_not_found_by_the_service(
    db: Session, sch: Sch, bad: int
) -> None:
    """The service answers "not found" itself: the driver's OverflowError/DataError (which the
    web app turns into a 400) is never reached, whoever calls the service."""
    assessment = assess(db, sch, "fo")
    student = sch.students["Вера"]
    calls = [
        lambda: set_grade(db, school_id=sch.id, assessment_id=bad, student_id=student,
                          value="7", actor="t"),
        lambda: set_grade(db, school_id=sch.id, assessment_id=assessment, student_id=bad,
                          value="7", actor="t"),
        lambda: live_assessment(db, school_id=sch.id, assessment_id=bad),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(JournalNotFound) as caught:
            call()
        assert caught.value.code in ("assessment_not_found", "student_not_found")
        assert str(caught.value.messages[0]).startswith("There is no such")
    assert live_assessment(db, school_id=sch.id, assessment_id=assessment).id == assessment
    cleared = clear_grade(db, school_id=sch.id, assessment_id=assessment, student_id=bad,
                          actor="t")  # fmt: skip
    assert cleared is None  # no student has such an id, so there is no grade to clear
