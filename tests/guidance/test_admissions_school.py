"""A school's own admissions figures: entered, replaced with history, imported, kept apart."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from guidance.admissions.loader import shipped_admissions
from guidance.admissions.school import (
    AdmissionsError,
    FigureInput,
    admissions_for_school,
    list_figures,
    remove_figure,
    set_figure,
)
from guidance.admissions.workbook import figures_workbook, import_figures
from guidance.atlas.loader import shipped_atlas
from guidance.recommend import ProfileInput, RiasecScores
from guidance.recommend.store import latest_recommendations, recompute_school
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine
from models.guidance_atlas import AdmissionFigure
from models.history import AuditEntry
from models.migrate import upgrade_database
from models.people import Student
from models.school import School

B057 = FigureInput("group_threshold", "B057", 2025, 118, "testcenter.kz, 2025 pass scores")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    upgrade_database(url)
    with Session(get_engine(url), expire_on_commit=False) as session:
        session.add_all([School(code="A-1", name="Мектеп"), School(code="A-2", name="Басқа")])
        session.commit()
        yield session
    dispose_engines()


def _school(db: Session, code: str) -> int:
    school = db.exec(select(School).where(School.code == code)).one()
    assert school.id is not None
    return school.id


def test_a_school_figure_takes_the_place_of_the_shipped_one_for_that_school_only(
    db: Session,
) -> None:
    mine, other = _school(db, "A-1"), _school(db, "A-2")
    set_figure(db, school_id=mine, figure=B057, actor="counsellor", actor_id=None)
    db.commit()
    group = admissions_for_school(db, school_id=mine).groups["B057"]
    latest = group.latest()
    assert latest is not None
    assert (latest.score, latest.year, latest.illustrative) == (118, 2025, False)
    assert group.thresholds[1].year == 2024  # the shipped 2024 figure is still there, older
    data = admissions_for_school(db, school_id=mine)
    assert data.sources[latest.source].title == "testcenter.kz, 2025 pass scores"
    shipped = admissions_for_school(db, school_id=other).groups["B057"].latest()
    assert shipped is not None and shipped.score == 110 and shipped.illustrative


def test_a_new_value_for_the_same_year_replaces_the_old_one_and_keeps_it(db: Session) -> None:
    school = _school(db, "A-1")
    first = set_figure(db, school_id=school, figure=B057, actor="counsellor", actor_id=None)
    again = FigureInput("group_threshold", "B057", 2025, 121, "testcenter.kz, corrected")
    set_figure(db, school_id=school, figure=again, actor="counsellor", actor_id=None)
    db.commit()
    assert [f.score for f in list_figures(db, school_id=school)] == [121]
    db.refresh(first)
    assert first.deleted_at is not None  # kept, marked deleted
    audit = db.exec(select(AuditEntry).where(AuditEntry.action == "set_admission_figure")).all()
    assert [a.details["score"] for a in audit] == [118, 121]
    assert audit[1].details["replaced"] == [118]


def test_a_figure_without_a_source_or_for_an_unknown_group_is_refused(db: Session) -> None:
    school = _school(db, "A-1")
    bad = FigureInput("group_threshold", "B999", 2025, 150, " ")
    with pytest.raises(AdmissionsError) as refused:
        set_figure(db, school_id=school, figure=bad, actor="counsellor", actor_id=None)
    words = [str(m) for m in refused.value.messages]
    assert words == [
        "There is no group of educational programmes B999.",
        "A UNT score is a whole number from 0 to 140.",
        "Say where the figure comes from (the document or page).",
    ]
    assert refused.value.code == "admissions.bad_figure"


def test_removing_a_figure_brings_the_shipped_one_back_and_only_in_its_school(
    db: Session,
) -> None:
    mine, other = _school(db, "A-1"), _school(db, "A-2")
    row = set_figure(db, school_id=mine, figure=B057, actor="c", actor_id=None)
    assert row.id is not None
    with pytest.raises(AdmissionsError):
        remove_figure(db, school_id=other, figure_id=row.id, actor="intruder")
    remove_figure(db, school_id=mine, figure_id=row.id, actor="c")
    db.commit()
    latest = admissions_for_school(db, school_id=mine).groups["B057"].latest()
    assert latest is not None and latest.score == 110


def test_the_workbook_round_trip_changes_only_what_was_edited(db: Session) -> None:
    school = _school(db, "A-1")
    content = figures_workbook(admissions_for_school(db, school_id=school), "ru")
    book = load_workbook(BytesIO(content))
    sheet = book["Figures"]
    rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
    assert rows[("group_threshold", "B057")][2].value == "Информационные технологии"
    assert rows[("group_threshold", "B057")][7].value == "yes"  # the demo value is marked
    assert rows[("minimum", "national")][4].value == 65
    row = rows[("group_threshold", "B086")]
    row[3].value, row[4].value, row[5].value = 2025, 124, "НЦТ, итоги гранта 2025"
    out = BytesIO()
    book.save(out)
    report = import_figures(db, school_id=school, content=out.getvalue(), actor="c", actor_id=None)
    db.commit()
    assert report.changed == 1 and report.unchanged == len(rows) - 1
    latest = admissions_for_school(db, school_id=school).groups["B086"].latest()
    assert latest is not None and (latest.score, latest.year) == (124, 2025)


def test_a_workbook_with_a_wrong_row_changes_nothing_and_names_the_row(db: Session) -> None:
    school = _school(db, "A-1")
    book = load_workbook(BytesIO(figures_workbook(shipped_admissions(), "en")))
    sheet = book["Figures"]
    sheet.append(("group_threshold", "B057", "", 2025, 119, "site", ""))
    sheet.append(("group_threshold", "B404", "", 2025, 100, "site", ""))
    out = BytesIO()
    book.save(out)
    with pytest.raises(AdmissionsError) as refused:
        import_figures(db, school_id=school, content=out.getvalue(), actor="c", actor_id=None)
    assert [str(m) for m in refused.value.messages] == [
        f"Row {sheet.max_row}: There is no group of educational programmes B404."
    ]
    assert db.exec(select(AdmissionFigure)).all() == []


def test_not_a_workbook_is_refused(db: Session) -> None:
    with pytest.raises(AdmissionsError, match="not an Excel workbook"):
        import_figures(db, school_id=_school(db, "A-1"), content=b"plain text", actor="c",
                       actor_id=None)  # fmt: skip


def test_recomputing_a_school_stores_a_summary_and_skips_unchanged_profiles(db: Session) -> None:
    school = _school(db, "A-1")
    klass = SchoolClass(school_id=school, code="9A", grade=9, shift="1", size=1)
    db.add(klass)
    db.flush()
    student = Student(school_id=school, code="S1", name="Әлия", class_id=klass.id or 0)
    db.add(student)
    db.flush()
    assert student.id is not None
    profile = ProfileInput(riasec=RiasecScores(6, 9, 2, 3, 2, 7), grades={"math": 4.8})
    args = {"school_id": school, "atlas": shipped_atlas(), "admissions": shipped_admissions()}
    first = recompute_school(db, profiles=[(student.id, profile)], **args)
    again = recompute_school(db, profiles=[(student.id, profile)], **args)
    assert first == {"computed": 1, "unchanged": 0} and again == {"computed": 0, "unchanged": 1}
    row = latest_recommendations(db, school_id=school, student_id=student.id)
    assert row is not None and row.payload["holland_code"] == "ICR"
    assert len(row.payload["professions"]) == 5 and row.summary.split()[0]
    assert latest_recommendations(db, school_id=_school(db, "A-2"), student_id=student.id) is None
