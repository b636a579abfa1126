"""Report services on a real store, with numbers worked out by hand on a tiny school.

Школа №1 (tests.journal.grades_fixtures) plus two students, lessons and registers in September:
7A maths (whole class) 10 registers taken, English in subgroups en-1 (Әлия) and en-2 (Борис,
Вера) 5 each; 1A maths (Дана) 4. A register never taken, a deleted one and a withdrawn mark must
not count.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from journal.register_access import Actor
from journal.reports import (
    attendance_report,
    cards_pdf,
    grade_statistics,
    lesson_register_xlsx,
    lesson_sheet,
    report_cards,
    term_register,
    term_register_xlsx,
)
from journal.reports.grades import EXCELLENT, FAILING, GOOD, ONE_FOUR, SATISFACTORY, UNGRADED
from models.accounts import SCHOOL_ADMIN
from models.db import dispose_engines, get_engine, normalize_url
from models.journal import (
    ABSENT,
    EXCUSED,
    LATE,
    Assessment,
    Attendance,
    FinalGrade,
    Grade,
    LessonRecord,
)
from models.lessons import LessonAudience, LessonRequirement
from models.people import Student
from tests.journal.grades_fixtures import Sch, build_school

TAKEN = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
MATH_DAYS = [date(2026, 9, d) for d in (1, 2, 3, 4, 7, 8, 9, 10, 11, 14)]
ENGLISH_DAYS = [date(2026, 9, d) for d in (2, 3, 8, 9, 10)]
TERM1 = (date(2026, 9, 1), date(2026, 10, 30))
ADMIN = Actor(user_id=None, login="director", role=SCHOOL_ADMIN)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "")
    if request.param == "postgres" and not base:
        pytest.skip("SABAQ_TEST_POSTGRES_URL is not set (start one with .ci/postgres.sh)")
    url = f"sqlite:///{tmp_path / 'reports.db'}"
    if request.param == "postgres":
        url = make_url(normalize_url(base)).set(database=f"sabaq_reports_{uuid.uuid4().hex[:12]}")
        with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        url = url.render_as_string(hide_password=False)
    SQLModel.metadata.create_all(get_engine(url))
    try:
        with Session(get_engine(url), expire_on_commit=False) as session:
            yield session
    finally:
        dispose_engines()
        if request.param == "postgres":
            with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            dispose_engines()


@dataclass
class World:
    sch: Sch
    lessons: dict[str, int]
    records: dict[tuple[str, date], int]


def _add(db: Session, row: object) -> int:
    db.add(row)
    db.flush()
    return row.id  # type: ignore[attr-defined, no-any-return]


def _lesson(
    db: Session, sch: Sch, key: str, subject: str, parts: list[tuple[str, str | None]]
) -> int:
    lid = _add(
        db,
        LessonRequirement(
            school_id=sch.id, key=key, subject_id=sch.subjects[subject], periods_per_week=2
        ),
    )
    for klass, group in parts:
        _add(
            db,
            LessonAudience(
                school_id=sch.id,
                lesson_id=lid,
                class_id=sch.classes[klass],
                subgroup_id=sch.subgroups[group] if group else None,
            ),
        )
    return lid


def _mark(
    db: Session, w: World, who: str, lesson: str, day: date, status: str, **kw: object
) -> None:
    _add(
        db,
        Attendance(
            school_id=w.sch.id,
            record_id=w.records[(lesson, day)],
            student_id=w.sch.students[who],
            status=status,
            **kw,
        ),
    )


def build_world(db: Session, code: str = "SCH-1") -> World:
    sch = build_school(db, code)
    for name in ("Гүлнар", "Ерлан"):
        sch.students[name] = _add(
            db, Student(school_id=sch.id, code=f"S-{name}", name=name, class_id=sch.classes["7A"])
        )
    lessons = {
        "math7": _lesson(db, sch, f"{code}-7A-MATH", "MATH", [("7A", None)]),
        "en1": _lesson(db, sch, f"{code}-7A-EN1", "KAZ", [("7A", "en-1")]),
        "en2": _lesson(db, sch, f"{code}-7A-EN2", "KAZ", [("7A", "en-2")]),
        "math1": _lesson(db, sch, f"{code}-1A-MATH", "MATH", [("1A", None)]),
    }
    w = World(sch, lessons, {})
    plan = [
        ("math7", MATH_DAYS),
        ("en1", ENGLISH_DAYS),
        ("en2", ENGLISH_DAYS),
        ("math1", MATH_DAYS[:4]),
    ]
    for key, days in plan:
        for day in days:
            w.records[(key, day)] = _add(
                db,
                LessonRecord(
                    school_id=sch.id,
                    day=day,
                    lesson_id=lessons[key],
                    unit=0,
                    shift="1",
                    period=2,
                    attendance_taken_at=TAKEN,
                    topic="Бөлшектер",
                ),
            )
    not_taken, gone = date(2026, 9, 15), date(2026, 9, 16)
    w.records[("math7", not_taken)] = _add(
        db,
        LessonRecord(
            school_id=sch.id, day=not_taken, lesson_id=lessons["math7"], unit=0, shift="1", period=2
        ),
    )
    w.records[("math7", gone)] = _add(
        db,
        LessonRecord(
            school_id=sch.id,
            day=gone,
            lesson_id=lessons["math7"],
            unit=0,
            shift="1",
            period=2,
            attendance_taken_at=TAKEN,
            deleted_at=TAKEN,
        ),
    )
    d = MATH_DAYS
    _mark(db, w, "Әлия", "math7", d[0], ABSENT)
    _mark(db, w, "Әлия", "math7", d[1], EXCUSED, reason="Ауырды")
    _mark(db, w, "Әлия", "en1", ENGLISH_DAYS[0], LATE, late_minutes=5)
    _mark(db, w, "Борис", "math7", d[2], LATE, late_minutes=10)
    _mark(db, w, "Борис", "en2", ENGLISH_DAYS[1], LATE, late_minutes=7)
    _mark(db, w, "Вера", "en2", ENGLISH_DAYS[0], ABSENT)
    _mark(db, w, "Вера", "math7", d[3], ABSENT, deleted_at=TAKEN)  # withdrawn: back to present
    _mark(db, w, "Борис", "math7", not_taken, ABSENT)  # attendance never taken: not counted
    _mark(db, w, "Гүлнар", "math7", gone, ABSENT)  # a deleted register: not counted
    _mark(db, w, "Дана", "math1", d[0], ABSENT)
    db.commit()
    return w


def test_attendance_of_a_class_worked_by_hand(db: Session) -> None:
    w = build_world(db)
    r = attendance_report(
        db, school_id=w.sch.id, start=TERM1[0], end=TERM1[1], class_ids=[w.sch.classes["7A"]]
    )
    by = {s.name: s for s in r.students}
    assert set(by) == {"Әлия", "Борис", "Вера", "Гүлнар", "Ерлан"}
    aliya, boris, vera = by["Әлия"].tally, by["Борис"].tally, by["Вера"].tally
    # Әлия: maths 10 + en-1 5 lessons; one absence, one excused: 13/15 attended
    assert (aliya.lessons, aliya.absent, aliya.excused, aliya.late) == (15, 1, 1, 1)
    assert (aliya.attended, aliya.missed_percent) == (86.7, 13.3)
    assert (boris.lessons, boris.missed, boris.late, boris.late_minutes) == (15, 0, 2, 17)
    assert (vera.lessons, vera.missed, vera.attended) == (15, 1, 93.3)
    assert by["Гүлнар"].tally.lessons == 10  # maths only: she is in no English subgroup
    assert [s.name for s in r.chronic] == ["Әлия"]  # 13.3 % >= 10 %; Вера's 6.7 % is not
    (klass,) = r.classes
    assert (klass.tally.lessons, klass.tally.missed, klass.tally.late) == (
        65,
        3,
        3,
    )  # 15 + 15 + 15 + 10 + 10
    subjects = {s.name: s.tally for s in r.subjects}
    assert (subjects["Математика"].lessons, subjects["Математика"].missed) == (50, 2)
    assert (subjects["Қазақ тілі"].lessons, subjects["Қазақ тілі"].missed) == (15, 1)
    weeks = {wk.monday: wk.tally for wk in r.weeks}
    # week of 31 Aug: maths 4 x 5 students + en-1 2 x 1 + en-2 2 x 2 = 26; three missed
    assert (weeks[date(2026, 8, 31)].lessons, weeks[date(2026, 8, 31)].missed) == (26, 3)
    assert weeks[date(2026, 9, 7)].lessons == 5 * 5 + 3 * 1 + 3 * 2
    assert weeks[date(2026, 9, 14)].attended == 100.0


def test_the_whole_school_agrees_with_each_class_and_keeps_schools_apart(db: Session) -> None:
    w = build_world(db)
    other = build_world(db, "SCH-2")
    _mark(db, other, "Борис", "math7", MATH_DAYS[5], ABSENT)
    db.commit()
    whole = attendance_report(db, school_id=w.sch.id, start=TERM1[0], end=TERM1[1])
    scoped = attendance_report(
        db, school_id=w.sch.id, start=TERM1[0], end=TERM1[1], class_ids=[w.sch.classes["7A"]]
    )
    per_class = {s.id: s.tally for s in scoped.students}
    assert {s.id: s.tally for s in whole.students if s.id in per_class} == per_class
    assert whole.total.lessons == 65 + 4 and whole.total.missed == 4
    assert [s.name for s in whole.chronic] == ["Дана", "Әлия"]  # 25 %, then 13.3 %
    assert {wk.monday: wk.tally.missed for wk in whole.weeks}[date(2026, 8, 31)] == 4
    assert not any(s.id in other.sch.students.values() for s in whole.students)
    stricter = attendance_report(
        db,
        school_id=w.sch.id,
        start=TERM1[0],
        end=TERM1[1],
        class_ids=[w.sch.classes["7A"]],
        threshold=5.0,
    )
    assert [s.name for s in stricter.chronic] == ["Әлия", "Вера"]


def _finals(db: Session, w: World, period: str, marks: dict[str, dict[str, str]]) -> None:
    for who, by in marks.items():
        for subject, mark in by.items():
            computed, _, override = mark.partition(">")
            db.add(
                FinalGrade(
                    school_id=w.sch.id,
                    student_id=w.sch.students[who],
                    subject_id=w.sch.subjects[subject],
                    period=period,
                    mark=computed,
                    override_mark=override,
                    override_reason="" if not override else "СОР",
                )
            )
    db.commit()


TERM_MARKS = {
    "Әлия": {"MATH": "5", "KAZ": "4>5", "PE": "pass"},  # the override wins: excellent
    "Борис": {"MATH": "4", "KAZ": "5", "PE": "pass"},  # good, with one 4
    "Вера": {"MATH": "2", "KAZ": "3", "PE": "fail"},  # failing
    "Гүлнар": {"MATH": "3", "KAZ": "4"},  # satisfactory, with one 3
    "Дана": {"MATH": "high"},  # grade 1: levels, no marks
}


def test_grade_statistics_of_a_term_worked_by_hand(db: Session) -> None:
    w = build_world(db)
    _finals(db, w, "1 четверть", TERM_MARKS)
    _finals(db, w, "2 четверть", {"Әлия": {"MATH": "2"}})  # another term: not counted
    stats = grade_statistics(db, school_id=w.sch.id, period="1 четверть")
    seven = next(c for c in stats.classes if c.code == "7A")
    s = seven.summary
    assert s.categories == {EXCELLENT: 1, GOOD: 1, SATISFACTORY: 1, FAILING: 1, UNGRADED: 1}
    assert s.reserves[ONE_FOUR] == 1
    assert (s.quality, s.success) == (50.0, 75.0)  # 2 of 4 graded students; 3 of 4
    math = seven.by_subject[w.sch.subjects["MATH"]]
    assert (math.average, math.quality, math.success, math.sou) == (3.5, 50.0, 75.0, 54.0)
    kaz = seven.by_subject[w.sch.subjects["KAZ"]]
    assert (kaz.average, kaz.quality, kaz.success, kaz.sou) == (4.25, 75.0, 100.0, 75.0)
    pe = seven.by_subject[w.sch.subjects["PE"]]
    assert (pe.count("pass"), pe.count("fail"), pe.success, pe.quality) == (2, 1, 66.7, None)
    # all of 7A: digits 5 4 2 3 | 5 5 3 4 -> 31 / 8; passes 2 of 3
    assert (s.marks.average, s.marks.quality, s.marks.success) == (3.88, 62.5, 81.8)
    one = next(c for c in stats.classes if c.code == "1A")
    assert one.summary.categories[UNGRADED] == 1 and one.summary.marks.graded == 0
    assert stats.cell(w.sch.subjects["MATH"], w.sch.classes["1A"]).graded == 0
    assert stats.summary.students == 6
    only = grade_statistics(
        db, school_id=w.sch.id, period="1 четверть", class_ids=[w.sch.classes["1A"]]
    )
    assert [c.code for c in only.classes] == ["1A"]


def test_report_cards_print_kazakh_names_and_marks(db: Session) -> None:
    w = build_world(db)
    _finals(db, w, "1 четверть", TERM_MARKS)
    _finals(db, w, "2 четверть", {"Әлия": {"MATH": "4", "KAZ": "5"}})
    _finals(db, w, "year:2026-2027", {"Әлия": {"MATH": "5", "KAZ": "5"}})
    kk = {
        "Report card": "Үлгерім табелі",
        "Subject": "Пән",
        "Year": "Жыл",
        "Student: {name}": "Оқушы: {name}",
        "pass": "есептелді",
    }
    cards = report_cards(
        db, school_id=w.sch.id, class_id=w.sch.classes["7A"], academic_year_id=w.sch.year
    )
    assert [c.student for c in cards.cards] == ["Борис", "Вера", "Гүлнар", "Ерлан", "Әлия"]
    aliya = cards.cards[-1]
    assert [(r.subject, r.terms, r.year) for r in aliya.rows] == [
        ("Дене шынықтыру", ("pass", ""), ""),
        ("Математика", ("5", "4"), "5"),
        ("Қазақ тілі", ("5", "5"), "5"),
    ]
    assert (aliya.attendance[0].lessons, aliya.attendance[0].missed) == (15, 2)
    pdf = PdfReader(
        io.BytesIO(cards_pdf(cards, translate=lambda s: kk.get(s, s), issued=date(2026, 12, 30)))
    )
    assert len(pdf.pages) == 5  # one page per student
    page = pdf.pages[4].extract_text()
    assert "Үлгерім табелі" in page and "Оқушы: Әлия" in page
    assert "Қазақ тілі" in page and "есептелді" in page
    assert "Математика 5 4 5" in " ".join(page.split())


def test_registers_export_with_dates_marks_grades_and_the_term_mark(db: Session) -> None:
    w = build_world(db)
    aid = _add(
        db,
        Assessment(
            school_id=w.sch.id,
            class_id=w.sch.classes["7A"],
            subject_id=w.sch.subjects["MATH"],
            kind="sor",
            day=MATH_DAYS[0],
            title="СОР 1",
            max_points=20,
        ),
    )
    fo = _add(
        db,
        Assessment(
            school_id=w.sch.id,
            class_id=w.sch.classes["7A"],
            subject_id=w.sch.subjects["MATH"],
            kind="fo",
            day=date(2026, 9, 5),
        ),
    )
    _add(
        db,
        Grade(school_id=w.sch.id, assessment_id=aid, student_id=w.sch.students["Борис"], value=18),
    )
    _add(
        db,
        Grade(school_id=w.sch.id, assessment_id=fo, student_id=w.sch.students["Вера"], value=7.5),
    )
    db.commit()
    _finals(db, w, "1 четверть", TERM_MARKS)
    reg = term_register(
        db,
        school_id=w.sch.id,
        class_id=w.sch.classes["7A"],
        subject_id=w.sch.subjects["MATH"],
        term_id=w.sch.term1,
    )
    ru = {
        "abs.": "н",
        "exc.": "уп",
        "late.": "оп",
        "Student": "Ученик",
        "SAU": "СОР",
        "Term mark": "Четвертная",
    }
    book = load_workbook(
        io.BytesIO(term_register_xlsx(reg, school="Школа", translate=lambda s: ru.get(s, s)))
    )
    ws = book.active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(r for r in rows if r[1] == "Ученик")
    dates = [v.date() for v in head[2:13]]  # ten maths registers and the ФО day without one
    assert dates == sorted([*MATH_DAYS, date(2026, 9, 5)])
    term_at = head.index("Четвертная")
    line = {r[1]: r for r in rows if r[1] in TERM_MARKS or r[1] == "Ерлан"}
    assert line["Әлия"][2:4] == ["н", "уп"]
    assert line["Әлия"][term_at] == "5"
    assert line["Борис"][2] == "СОР 18/20"
    assert line["Борис"][2 + dates.index(MATH_DAYS[2])] == "оп"
    assert line["Вера"][2 + dates.index(date(2026, 9, 5))] == "7.5"
    sheet = lesson_sheet(
        db, school_id=w.sch.id, actor=ADMIN, day=MATH_DAYS[0], lesson_id=w.lessons["math7"], unit=0
    )
    book = load_workbook(io.BytesIO(lesson_register_xlsx(sheet, school="Школа №1")))
    cells = [[c.value for c in row] for row in book.active.iter_rows()]
    assert cells[0][:1] == ["Математика · 7A"]
    by = {r[1]: r for r in cells if r and isinstance(r[0], int)}
    assert by["Әлия"][2] == "Absent" and by["Борис"][5] == "SAU 18/20"
    assert by["Ерлан"][2] == "Present"


def test_a_lesson_joined_with_another_class_counts_only_the_classes_asked_for(db: Session) -> None:
    w = build_world(db)
    pe = _lesson(db, w.sch, "PE-7A-1A", "PE", [("7A", None), ("1A", None)])
    day = date(2026, 9, 21)  # a week of its own
    w.records[("pe", day)] = _add(
        db,
        LessonRecord(school_id=w.sch.id, day=day, lesson_id=pe, unit=0, shift="1", period=5,
                     attendance_taken_at=TAKEN),
    )  # fmt: skip
    _mark(db, w, "Дана", "pe", day, ABSENT)
    _mark(db, w, "Борис", "pe", day, LATE, late_minutes=3)
    db.commit()
    seven = attendance_report(db, school_id=w.sch.id, start=day, end=day,
                              class_ids=[w.sch.classes["7A"]])  # fmt: skip
    (week,) = seven.weeks
    assert (week.tally.lessons, week.tally.missed, week.tally.late) == (5, 0, 1)
    assert seven.total == week.tally
    whole = attendance_report(db, school_id=w.sch.id, start=day, end=day)
    assert (whole.weeks[0].tally.lessons, whole.weeks[0].tally.missed) == (6, 1)
