"""The counsellor's work pages on the demo school: mock tests for a class (grid and workbook),
the yearly programme, materials, the news feed students read, and the reports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from models.accounts import UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.guidance_work import Material, MockTestResult, ProgrammeItem
from models.people import Student
from tests.web.conftest import login


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    """The pages in English (without it the default language, Russian, applies)."""
    client.headers["accept-language"] = "en"


def _form(client: TestClient, data: dict[str, str]) -> dict[str, str]:
    return {**data, "_csrf_token": client.cookies.get("sabaq_csrf") or ""}


def _class_of_student() -> tuple[int, list[tuple[int, str, str]]]:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        me = db.get(Student, account.student_id)
        assert me is not None
        rows = db.exec(select(Student).where(Student.class_id == me.class_id,
                                             col(Student.deleted_at).is_(None))).all()  # fmt: skip
        return me.class_id, [(s.id or 0, s.code, s.name) for s in rows]


def test_mock_grid_reports_every_problem_then_saves(client: TestClient) -> None:
    class_id, students = _class_of_student()
    (a, _, a_name), (b, _, _) = students[0], students[1]
    login(client, "counsellor")
    page = client.get(f"/guidance/mock?class_id={class_id}&kind=sat")
    assert page.status_code == 200 and a_name in page.text
    day = date(2025, 12, 1).isoformat()
    rows = {"class_id": str(class_id), "kind": "sat", "taken_on": day,
            f"s{a}.reading_writing": "650", f"s{a}.math": "710",
            f"s{b}.reading_writing": "900", f"s{b}.math": "705"}  # fmt: skip
    bad = client.post("/guidance/mock/grid", data=_form(client, rows))
    assert bad.status_code == 400
    assert "Reading and Writing: 900 is outside 200–800." in bad.text
    assert "Math: scores go in steps of 10, not 705." in bad.text
    assert 'value="650"' in bad.text  # what was typed stays
    with session_scope() as db:
        assert db.exec(select(MockTestResult)).all() == []
    del rows[f"s{b}.reading_writing"], rows[f"s{b}.math"]
    good = client.post("/guidance/mock/grid", data=_form(client, rows), follow_redirects=True)
    assert "1 results saved." in good.text
    with session_scope() as db:
        stored = db.exec(select(MockTestResult)).all()
    assert [(r.student_id, r.total, r.source) for r in stored] == [(a, 1360, "grid")]


def test_mock_workbook_round_trip(client: TestClient) -> None:
    class_id, students = _class_of_student()
    login(client, "counsellor")
    got = client.get(f"/guidance/mock/template.xlsx?class_id={class_id}&kind=unt&day=2025-11-10")
    assert got.status_code == 200
    book = load_workbook(io.BytesIO(got.content))
    ws = book.active
    codes = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert {code for _, code, _ in students} <= set(codes)
    first = students[0][1]
    for col_no, value in enumerate([15, 8, 7, 40, 35, "math", "physics"], start=4):
        ws.cell(row=codes[first], column=col_no, value=value)
    out = io.BytesIO()
    book.save(out)
    client.get("/guidance/mock")
    done = client.post("/guidance/mock/import", follow_redirects=True,
                       data={"kind": "unt", "class_id": str(class_id), "taken_on": "2025-11-10",
                             "_csrf_token": client.cookies.get("sabaq_csrf") or ""},
                       files={"file": ("mock.xlsx", out.getvalue())})  # fmt: skip
    assert "1 results imported" in done.text
    ws.cell(row=codes[first], column=4, value=99)
    out = io.BytesIO()
    book.save(out)
    bad = client.post("/guidance/mock/import",
                      data={"kind": "unt", "class_id": str(class_id),
                            "_csrf_token": client.cookies.get("sabaq_csrf") or ""},
                      files={"file": ("mock.xlsx", out.getvalue())})  # fmt: skip
    assert bad.status_code == 400
    assert f"row {codes[first]}, column D: History of Kazakhstan: 99 is outside 0–20." in bad.text


def test_programme_copy_and_tick(client: TestClient) -> None:
    login(client, "counsellor")
    page = client.get("/guidance/programme?year=2026")
    assert "Start from the default programme" in page.text
    client.post("/guidance/programme/copy", data=_form(client, {"year": "2026"}))
    with session_scope() as db:
        career = db.exec(select(ProgrammeItem).where(ProgrammeItem.track == "career")).first()
        psych = db.exec(select(ProgrammeItem).where(ProgrammeItem.track == "psychology")).first()
    assert career is not None and psych is not None
    client.post(f"/guidance/programme/{career.id}", data=_form(client, {"action": "done",
                                                                       "done": "on"}))  # fmt: skip
    # the counsellor does not tick the psychologist's events
    refused = client.post(f"/guidance/programme/{psych.id}", follow_redirects=True,
                          data=_form(client, {"action": "done", "done": "on"}))  # fmt: skip
    assert "You plan the events of your own service." in refused.text
    with session_scope() as db:
        assert db.get(ProgrammeItem, career.id).done is True  # type: ignore[union-attr]
        assert db.get(ProgrammeItem, psych.id).done is False  # type: ignore[union-attr]
    client.cookies.clear()
    login(client, "director")
    assert client.get("/guidance/programme?year=2026").status_code == 200
    client.get("/guidance/programme")
    assert client.post("/guidance/programme/copy",
                       data=_form(client, {"year": "2027"})).status_code == 403  # fmt: skip


def test_materials_and_news(client: TestClient) -> None:
    login(client, "psychologist")
    client.get("/guidance/materials")
    client.post("/guidance/materials/upload", files={"file": ("алгоритм.pdf", b"%PDF-1.4 x")},
                data={"title": "Алгоритм", "track": "psychology", "grade9": "on",
                      "_csrf_token": client.cookies.get("sabaq_csrf") or ""})  # fmt: skip
    with session_scope() as db:
        row = db.exec(select(Material)).one()
    download = client.get(f"/guidance/materials/{row.id}/file")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 x"
    client.cookies.clear()
    login(client, "student")
    assert client.get(f"/guidance/materials/{row.id}/file").status_code == 403
    client.cookies.clear()
    login(client, "counsellor")
    client.get("/guidance/news")
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
        me = db.get(Student, account.student_id)
        grade = db.get(SchoolClass, me.class_id).grade  # type: ignore[union-attr]
    other = 5 if grade != 5 else 6
    news = (("ҰБТ тіркеуі", {f"grade{grade}": "on"}), ("Басқа сынып", {f"grade{other}": "on"}))
    for title, grades in news:
        client.post("/guidance/news", data=_form(client, {"topic": "unt", "title": title,
                                                           **grades}))  # fmt: skip
    client.cookies.clear()
    login(client, "student")
    feed = client.get("/guidance/news").text
    assert "ҰБТ тіркеуі" in feed and "Басқа сынып" not in feed


def test_reports_page_and_the_district_file(client: TestClient) -> None:
    login(client, "director")
    assert client.get("/guidance/reports").status_code == 200
    assert client.get("/guidance/reports?district=true").status_code == 200
    pdf = client.get("/guidance/reports/district.pdf")
    xlsx = client.get("/guidance/reports/district.xlsx")
    assert pdf.status_code == 200 and xlsx.status_code == 200
    with session_scope() as db:
        names = [s.name for s in db.exec(select(Student)).all()]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    cells = " ".join(str(c.value) for ws in load_workbook(io.BytesIO(xlsx.content)).worksheets
                     for row in ws.iter_rows() for c in row if c.value is not None)  # fmt: skip
    for name in names:
        assert name not in text and name not in cells
    assert client.get("/guidance/reports/school.xlsx").status_code == 200
    assert client.get("/guidance/reports/other.xlsx").status_code == 404
    client.cookies.clear()
    login(client, "teacher")
    assert client.get("/guidance/reports/district.pdf").status_code == 403
