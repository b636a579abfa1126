"""The atlas and admissions pages: who may read and update them, the school's own figures kept
to the school, the workbook, and the pages in Kazakh and Russian."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from models.account_services import create_account
from models.db import session_scope
from models.guidance_atlas import AdmissionFigure
from models.school import School
from tests.web.conftest import DemoStore, login


def _post(client: TestClient, url: str, **form: Any) -> Any:
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


@pytest.mark.parametrize("role", ["student", "teacher", "parent", "counsellor", "director"])
def test_every_school_role_reads_the_atlas_and_admissions(client: TestClient, role: str) -> None:
    login(client, role)
    for url in ("/atlas", "/atlas/software_developer", "/admissions", "/admissions/groups/B057",
                "/admissions/universities", "/admissions/abroad"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert client.get("/atlas/no-such-profession").status_code == 404
    assert client.get("/admissions/groups/B999").status_code == 404


def test_a_profession_page_shows_where_to_study_and_credits_onet(client: TestClient) -> None:
    login(client, "student")
    text = client.get("/atlas/software_developer", headers={"accept-language": "en"}).text
    assert "Software developer" in text and "15-1252.00" in text
    assert "CC BY 4.0" in text and "USDOL/ETA" in text
    assert "Mathematics – Computer science" in text
    assert 'href="/admissions/groups/B057"' in text
    assert "illustrative, not the published figure" in text  # the demo threshold says so
    assert "<meter" in text and "style=" not in text  # bars without inline styles (CSP)


def test_the_atlas_searches_and_filters(client: TestClient) -> None:
    login(client, "student")
    found = client.get("/atlas", params={"q": "бағдарламашы"}).text
    assert 'href="/atlas/software_developer"' in found
    assert 'href="/atlas/general_practitioner"' not in found
    medicine = client.get("/atlas", params={"sector": "medicine"}).text
    assert 'href="/atlas/general_practitioner"' in medicine
    assert 'href="/atlas/software_developer"' not in medicine


def test_pages_in_kazakh_and_russian(client: TestClient) -> None:
    login(client, "student")
    client.cookies.set("lang", "kk")
    kk = client.get("/atlas/software_developer").text
    assert "Бағдарламалық жасақтама әзірлеушісі" in kk
    client.cookies.set("lang", "ru")
    ru = client.get("/admissions").text
    assert "Разработчик" not in ru and "История Казахстана" in ru and "140" in ru


def test_students_and_teachers_may_not_update_figures(client: TestClient) -> None:
    for role in ("student", "teacher"):
        login(client, role)
        assert client.get("/admissions/figures").status_code == 403
        response = _post(client, "/admissions/figures", kind="group_threshold", group="B057",
                         year="2025", score="100", source="x")  # fmt: skip
        assert response.status_code == 403


def test_the_counsellors_figure_is_used_by_the_school_and_only_by_it(
    client: TestClient, demo_store: DemoStore
) -> None:
    login(client, "counsellor")
    refused = _post(client, "/admissions/figures", kind="group_threshold", group="B057",
                    year="2025", score="200", source="")  # fmt: skip
    # in the reader's language (the demo accounts read Russian)
    assert refused.status_code == 400 and "целое число от 0 до 140" in refused.text
    saved = _post(client, "/admissions/figures", kind="group_threshold", group="B057",
                  year="2025", score="117", source="testcenter.kz 2025")  # fmt: skip
    assert saved.status_code == 303
    group = client.get("/admissions/groups/B057").text
    assert "<strong>117</strong>" in group and "testcenter.kz 2025" in group
    with session_scope() as db:
        other = School(code="ATLAS-OTHER", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="atlas-other", name="Other",
                       role="counsellor", password="other-password")  # fmt: skip
    other_client = TestClient(client.app)
    with other_client:
        login(other_client, "atlas-other", "other-password")
        assert "<strong>117</strong>" not in other_client.get("/admissions/groups/B057").text
        with session_scope() as db:
            row = db.exec(select(AdmissionFigure).where(AdmissionFigure.score == 117)).one()
        removed = _post(other_client, f"/admissions/figures/{row.id}/remove")
        assert removed.status_code == 303
    with session_scope() as db:
        assert db.get(AdmissionFigure, row.id).deleted_at is None  # not another school's to remove
    _post(client, f"/admissions/figures/{row.id}/remove")
    assert "<strong>117</strong>" not in client.get("/admissions/groups/B057").text


def test_the_workbook_downloads_and_imports(client: TestClient) -> None:
    login(client, "director")
    response = client.get("/admissions/figures.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    sheet = book["Figures"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "B085")
    row[3].value, row[4].value, row[5].value = 2025, 99, "НЦТ 2025"
    out = BytesIO()
    book.save(out)
    token = client.cookies.get("sabaq_csrf") or ""
    imported = client.post("/admissions/figures/import", data={"_csrf_token": token},
                           files={"file": ("admissions.xlsx", out.getvalue())},
                           follow_redirects=False)  # fmt: skip
    assert imported.status_code == 303
    assert "<strong>99</strong>" in client.get("/admissions/groups/B085").text
    bad = client.post("/admissions/figures/import", data={"_csrf_token": token},
                      files={"file": ("x.xlsx", b"not a workbook")})  # fmt: skip
    assert bad.status_code == 400 and "Это не книга Excel (.xlsx)." in bad.text
