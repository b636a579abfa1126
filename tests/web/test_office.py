"""The timetable office: upload, data versions and settings, versions, publish, compare, report,
and schools kept apart."""

from __future__ import annotations

import dataclasses
import re

from litestar.testing import TestClient
from sqlmodel import select

from models.db import session_scope
from models.history import AuditEntry
from models.school_data import read_snapshot
from models.timetables import StoredPlacement, load_timetable, save_timetable
from tests.web.conftest import DEMO, DemoStore
from tests.web.test_office_support import (
    EXAMPLES,
    OTHER_CODE,
    OTHER_LOGIN,
    OTHER_PASSWORD,
    add_other_school,
    counts,
    login_en,
    post,
    upload,
    workbook_bytes,
)


def test_an_upload_with_mistakes_lists_each_by_sheet_and_cell_and_writes_nothing(
    client: TestClient, demo_store: DemoStore
) -> None:
    login_en(client, "timetable")
    before = counts(demo_store.school_code)
    broken = workbook_bytes(
        EXAMPLES / "tiny-school.xlsx",
        {("Rooms", "D4"): None, ("Lessons", "E5"): -2, ("Teachers", "D6"): "жиырма"},
    )
    page = upload(client, "school.xlsx", broken)
    assert page.status_code == 400
    text = page.text
    for cell in ("Rooms!D4", "Lessons!E5", "Teachers!D6"):
        assert f"<code>{cell}</code>" in text
    assert "is required here" in text and "жиырма" in text
    # grouped by sheet: one heading per sheet with problems
    assert len(re.findall(r"<h3>[^<]*Rooms</h3>", text)) == 1
    assert "nothing was imported" in text
    assert counts(demo_store.school_code) == before


def test_a_file_that_is_no_workbook_is_refused_in_words(client: TestClient) -> None:
    login_en(client, "timetable")
    page = upload(client, "notes.txt", b"hello")
    assert page.status_code == 400 and "notes.txt" in page.text
    page = upload(client, "school.xlsx", b"not a zip at all")
    assert page.status_code == 400 and "problem" in page.text


def test_dry_run_shows_the_changes_then_the_upload_makes_a_data_version(
    client: TestClient, demo_store: DemoStore
) -> None:
    login_en(client, "director")
    data_before, _ = counts(demo_store.school_code)
    renamed = workbook_bytes(DEMO, {("Teachers", "B5"): "Морозов Олег Иванович"})
    dry = upload(client, "demo.xlsx", renamed, dry_run=True)
    assert dry.status_code == 200
    assert "Dry run" in dry.text and "Морозов Олег Иванович" in dry.text
    assert counts(demo_store.school_code)[0] == data_before
    done = upload(client, "demo.xlsx", renamed)
    assert done.status_code == 303
    assert done.headers["location"] == f"/office/data?version={data_before + 1}"
    assert counts(demo_store.school_code)[0] == data_before + 1
    history = client.get(done.headers["location"]).text
    assert "T002" in history and "Морозов Олег Иванович" in history
    with session_scope() as db:
        teacher = next(
            t for t in read_snapshot(db, school_code=demo_store.school_code).teachers
            if t.code == "T002"
        )  # fmt: skip
    assert teacher.name == "Морозов Олег Иванович"


def test_the_settings_form_makes_a_new_data_version_and_names_bad_fields(
    client: TestClient, demo_store: DemoStore
) -> None:
    login_en(client, "timetable")
    form = client.get("/office/data/settings")
    assert form.status_code == 200 and 'name="max_per_day:T001"' in form.text
    values = dict(re.findall(r'name="([^"]+:[^"]+)" value="([^"]*)"', form.text))
    data_before, _ = counts(demo_store.school_code)
    bad = post(client, "/office/data/settings",
               {**values, "late_after": "4", "max_per_day:T001": "zero"})  # fmt: skip
    assert bad.status_code == 400 and "Шәріпова Дана" in bad.text
    assert counts(demo_store.school_code)[0] == data_before
    good = post(client, "/office/data/settings", {**values, "late_after": "5",
                "max_building_changes": "2", "max_per_day:T001": "5"})  # fmt: skip
    assert good.status_code == 303
    assert counts(demo_store.school_code)[0] == data_before + 1
    with session_scope() as db:
        snapshot = read_snapshot(db, school_code=demo_store.school_code)
    assert snapshot.settings.class_no_gaps is False  # the box was not sent: unticked
    assert (snapshot.settings.late_after, snapshot.settings.max_building_changes) == (5, 2)
    assert next(t for t in snapshot.teachers if t.code == "T001").max_per_day == 5
    history = client.get(good.headers["location"]).text
    assert "max_per_day" in history and "edited by timetable" in history
    again = post(client, "/office/data/settings", {**values, "late_after": "5",
                 "max_building_changes": "2", "max_per_day:T001": "5"})  # fmt: skip
    assert again.status_code == 303 and counts(demo_store.school_code)[0] == data_before + 1


def _second_version(school_code: str) -> int:
    """A copy of version 1 with one lesson on another day, saved as a new version."""
    with session_scope() as db:
        placed = load_timetable(db, school_code=school_code, version=1)
        first = placed[0]
        moved = [dataclasses.replace(first, day=(first.day + 1) % 5), *placed[1:]]
        version = save_timetable(
            db, school_code=school_code, placements=[StoredPlacement(*dataclasses.astuple(p)[:6])
            for p in moved], status="edited", objective=None, source="test", meta={},
        )  # fmt: skip
        return version.number


def test_publish_is_audited_and_compare_says_what_moved_for_whom(
    client: TestClient, demo_store: DemoStore
) -> None:
    number = _second_version(demo_store.school_code)
    login_en(client, "timetable")
    listing = client.get("/office/versions").text
    assert f'data-version="{number}"' in listing
    published = post(client, f"/office/versions/{number}/publish", {})
    assert published.status_code == 303
    assert 'badge ok">published' in client.get(f"/office/versions/{number}").text
    with session_scope() as db:
        audit = db.exec(select(AuditEntry).where(AuditEntry.action == "publish_timetable")).all()
    assert any(a.actor == "timetable" and a.details["version"] == number for a in audit)
    compared = client.get(f"/office/compare?old=1&new={number}")
    assert compared.status_code == 200
    assert re.search(r"1 change\b", compared.text)
    assert 'data-kind="class"' in compared.text and 'data-kind="teacher"' in compared.text
    assert post(client, "/office/versions/9999/publish", {}).status_code == 404


def test_a_version_report_lists_every_condition_and_cost_with_grid_links(
    client: TestClient,
) -> None:
    login_en(client, "timetable")
    page = client.get("/office/versions/1")
    assert page.status_code == 200
    assert "Every hard condition is met." in page.text
    soft = re.findall(r'<tr data-rule="(\w+)"><td>(\d+)</td>', page.text)
    assert len(soft) > 50 and {"teacher_gap", "building_change"} <= {r for r, _ in soft}
    owner = r'class="owner-link" href="(/office/versions/1/edit/(?:class|teacher)/[^"]+)"'
    links = re.findall(owner, page.text)
    assert links and client.get(links[0]).status_code == 200


def test_another_school_sees_only_its_own_versions_and_data(
    client: TestClient, demo_store: DemoStore
) -> None:
    add_other_school()
    login_en(client, OTHER_LOGIN, OTHER_PASSWORD)
    assert "No timetable yet" in client.get("/office/versions").text
    # the demo school's version numbers mean nothing here
    assert client.get("/office/versions/1").status_code == 404
    assert client.get("/office/versions/1/edit/class/1А").status_code == 404
    assert client.get("/office/compare?old=1&new=2").status_code == 404
    assert post(client, "/office/versions/1/publish", {}).status_code == 404
    cells = client.get("/api/office/versions/1/cells?kind=class&code=1А&lesson=0")
    assert cells.status_code == 404
    history = client.get("/office/data").text
    assert "tests" in history and "demo" not in history.lower().split("<main")[1]
    # an upload goes to the uploader's school, whatever school the workbook names
    renamed = workbook_bytes(DEMO, {})
    done = upload(client, "demo.xlsx", renamed, dry_run=True)
    assert done.status_code == 200 and OTHER_CODE in done.text
    assert demo_store.school_code in done.text  # named in the note, not written to
    with session_scope() as db:
        assert len(load_timetable(db, school_code=demo_store.school_code, version=1)) > 100


def test_other_roles_cannot_open_the_office(client: TestClient) -> None:
    login_en(client, "teacher")
    assert client.get("/office").status_code == 403
    assert client.get("/office/versions/1").status_code == 403
    assert post(client, "/office/versions/1/publish", {}).status_code == 403
