"""Guidance reports: the school's (by class, with students) and the district's (by grade, no
names, small cells hidden), in Excel and PDF."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session, select

from guidance.work.consult_slots import publish_slot
from guidance.work.consultations import Tell, book, log_outcome
from guidance.work.mock_tests import Sitting, record_class
from guidance.work.programme import copy_template, set_done, year_items
from guidance.work.report_files import report_pdf, report_xlsx
from guidance.work.reports import guidance_report
from guidance.work.subjects import choose_subjects
from models.accounts import PSYCHOLOGIST
from models.guidance import SHIPPED, SUBMITTED, InstrumentAssignment, InstrumentResponse
from models.people import Student
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world

YEAR = 2025  # the school year 2025-2026: the sittings below fall in it
TELL = Tell(lambda lang: lambda text: text, ZoneInfo("Asia/Almaty"))
UNT = {"history_kz": 15, "reading_literacy": 8, "math_literacy": 7, "profile_1": 40,
       "profile_2": 30}  # fmt: skip


def _took(db: Session, w: World, students: list[int], key: str, clinical: bool = False) -> None:
    a = InstrumentAssignment(school_id=w.school_id, instrument_key=key, instrument_version="1",
                             origin=SHIPPED, target_kind="class")  # fmt: skip
    db.add(a)
    db.flush()
    for sid in students:
        db.add(InstrumentResponse(
            school_id=w.school_id, assignment_id=a.id or 0, student_id=sid, instrument_key=key,
            instrument_version="1", clinical=clinical, status=SUBMITTED,
            submitted_at=datetime(2025, 10, 15, 9, tzinfo=UTC),
        ))  # fmt: skip
    db.flush()


@pytest.fixture
def year(db: Session, world: World) -> World:
    w = world
    _took(db, w, w.students_9a, "riasec")  # all six of 9A
    _took(db, w, w.students[:2], "riasec")  # two of 11A
    _took(db, w, w.students[:3], "phq-a", clinical=True)
    for sid, (a, b) in zip(w.students, [("math", "physics")] * 3 + [("biology", "chemistry")] * 2,
                           strict=True):  # fmt: skip
        choose_subjects(db, school_id=w.school_id, student_id=sid, first=a, second=b, user_id=1)
    sittings = {sid: Sitting(UNT, ["math", "physics"]) for sid in w.students}
    record_class(db, school_id=w.school_id, class_id=w.class_11a, kind="unt",
                 taken_on=date(2025, 12, 1), entered_by=None, sittings=sittings)  # fmt: skip
    then = datetime(2025, 11, 1, tzinfo=UTC)  # the consultation falls in the school year too
    psychologist = w.accounts["psychologist"]
    slot = publish_slot(db, school_id=w.school_id, specialist_id=psychologist, role=PSYCHOLOGIST,
                        starts_at=then + timedelta(days=9), minutes=30, now=then)  # fmt: skip
    booking = book(db, school_id=w.school_id, student_id=w.students[0], user_id=1,
                   slot_id=slot.id or 0, reason="feelings", note="", tell=TELL,
                   now=then)  # fmt: skip
    log_outcome(db, school_id=w.school_id, specialist_id=psychologist,
                consultation_id=booking.id or 0, notes="ok", next_steps="",
                follow_up_on=None)  # fmt: skip
    copy_template(db, school_id=w.school_id, year=YEAR, translate=str)
    for item in year_items(db, school_id=w.school_id, year=YEAR)[:3]:
        set_done(db, school_id=w.school_id, item_id=item.id or 0, done=True, user_id=1)
    db.commit()
    return w


def test_the_school_report_counts_by_class(db: Session, year: World) -> None:
    report = guidance_report(db, school_id=year.school_id, year=YEAR, today=date(2025, 12, 20))
    coverage = {(c.group, c.instrument): (str(c.students), str(c.taken)) for c in report.coverage}
    assert coverage == {("9A", "riasec"): ("6", "6"), ("11A", "riasec"): ("5", "2"),
                        ("11A", "phq-a"): ("5", "3")}  # fmt: skip
    assert {(p.first, p.second): str(p.students) for p in report.pairs} == {
        ("math", "physics"): "3", ("biology", "chemistry"): "2"}  # fmt: skip
    (unt,) = report.mock
    # five sittings of 15 + 8 + 7 + 40 + 30 = 100, all above the general minimum of 50
    assert (unt.kind, unt.group, str(unt.students), unt.average, str(unt.reached)) == (
        "unt", "11A", "5", 100.0, "5")  # fmt: skip
    psychology = next(c for c in report.consultations if c.track == "psychology")
    assert str(psychology.by_status["held"]) == "1"
    assert report.programme[-1].done == 3
    lines = {s.name: s for s in report.students}
    # the admin's list names non-clinical instruments only
    assert lines["Әлия Нұрланқызы"].instruments == ("riasec",)
    assert lines["Әлия Нұрланқызы"].mock == {"unt": 100}
    assert report.school == "Мектеп №1"


def test_the_district_report_has_no_names_and_hides_small_cells(db: Session, year: World) -> None:
    report = guidance_report(db, school_id=year.school_id, year=YEAR, today=date(2025, 12, 20),
                             district=True)  # fmt: skip
    coverage = {(c.group, c.instrument): (str(c.students), str(c.taken)) for c in report.coverage}
    assert coverage == {("9", "riasec"): ("6", "6"), ("11", "riasec"): ("5", "<5"),
                        ("11", "phq-a"): ("5", "<5")}  # fmt: skip
    assert {(p.first, p.second): str(p.students) for p in report.pairs} == {
        ("math", "physics"): "<5", ("biology", "chemistry"): "<5"}  # fmt: skip
    psychology = next(c for c in report.consultations if c.track == "psychology")
    assert str(psychology.by_status["held"]) == "<5" and str(psychology.students) == "<5"
    assert report.students == ()
    names = [s.name for s in db.exec(select(Student)).all()]
    russian = {"Guidance work for the district, %(years)s": "Работа по профориентации, %(years)s"}
    files = {
        "xlsx": report_xlsx(report, translate=lambda t: russian.get(t, t), language="ru"),
        "pdf": report_pdf(report, translate=lambda t: russian.get(t, t), language="kk"),
    }
    book = load_workbook(io.BytesIO(files["xlsx"]))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                     for c in row if c.value is not None)  # fmt: skip
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)
    for found in (cells, text):
        assert "Работа по профориентации, 2025–2026" in found
        assert "<5" in found
        for name in names:
            assert name not in found
        assert "11A" not in found and "9A" not in found


def test_the_school_files_list_students(db: Session, year: World) -> None:
    report = guidance_report(db, school_id=year.school_id, year=YEAR, today=date(2025, 12, 20))
    book = load_workbook(io.BytesIO(report_xlsx(report, translate=str, language="en")))
    assert [ws.title for ws in book.worksheets] == [
        "Instruments taken", "Consultations", "Yearly programme", "Profile subjects chosen",
        "Mock tests, latest sitting", "Students",
    ]  # fmt: skip
    students = [[c.value for c in row] for row in book["Students"].iter_rows(min_row=4)]
    assert ["11A", "Әлия Нұрланқызы", "riasec", "Mathematics + Physics", "UNT 100"] in students
    pdf = report_pdf(report, translate=str, language="en")
    assert "Әлия Нұрланқызы" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
