"""School data in forms: teachers edited as new data versions, bad values refused, roles, tenancy.

Forms are read from the rendered page the way a browser submits them (`browser_form`), so a
round trip also checks that the templates show what the services read back.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from models.account_services import create_account
from models.db import session_scope
from models.history import DataVersion
from models.people import Teacher
from models.school import School
from models.school_data import list_changes, list_data_versions, read_snapshot
from models.snapshot import SchoolSnapshot, SlotRef
from tests.web.conftest import DemoStore, login

Pairs = list[tuple[str, str]]


class _FormReader(HTMLParser):
    """The successful controls of one form (by its action), as a browser would send them."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside = action, False
        self.pairs: Pairs = []
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = unquote(a.get("action", "")) == unquote(self.action)
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.options = (a.get("name", ""), "multiple" in a), []
        elif tag == "option" and self.select is not None:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [v for v, on in self.options if on]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]  # a single choice sends its first option
            self.pairs += [(name, v) for v in chosen]
            self.select = None


def enter(client: TestClient, who: str, password: str | None = None) -> None:
    """Log in, reading the pages in English (the words the assertions look for)."""
    client.headers["accept-language"] = "en"
    if password is None:
        login(client, who)
    else:
        login(client, who, password)


def browser_form(client: TestClient, url: str, action: str | None = None) -> Pairs:
    """The fields of the form posting to `action` (default: the page's own address)."""
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    reader = _FormReader(action or url)
    reader.feed(page.text)
    assert reader.pairs, f"no form posting to {action or url}"
    return reader.pairs


def with_values(pairs: Pairs, **changes: Any) -> Pairs:
    """The form with some fields replaced (a list value sends the name once per item)."""
    out = [(k, v) for k, v in pairs if k not in changes]
    for name, value in changes.items():
        values = value if isinstance(value, list) else [value]
        out += [(name, str(v)) for v in values]
    return out


def post(client: TestClient, url: str, pairs: Pairs) -> Any:
    """Posts the fields url-encoded, a repeated name once per value, as a browser does."""
    if not any(k == "_csrf_token" for k, _ in pairs):
        pairs = [*pairs, ("_csrf_token", client.cookies.get("sabaq_csrf") or "")]
    return client.post(url, content=urlencode(pairs), follow_redirects=False,
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip


def snapshot_of(store: DemoStore) -> SchoolSnapshot:
    with session_scope() as db:
        return read_snapshot(db, school_code=store.school_code)


def version_count(store: DemoStore) -> int:
    with session_scope() as db:
        return len(list_data_versions(db, school_code=store.school_code))


def teacher(snapshot: SchoolSnapshot, code: str) -> Any:
    return next(t for t in snapshot.teachers if t.code == code)


EDIT_T001 = "/data/teachers/edit?code=T001"


def test_pages_open_for_the_timetable_staff(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    overview = client.get("/data")
    assert overview.status_code == 200
    assert "Data checks" in overview.text and "/data/teachers" in overview.text
    listing = client.get("/data/teachers?q=шәріп")
    assert "Шәріпова Дана" in listing.text and "Морозов Олег" not in listing.text
    pages = ("/data/classes", "/data/rooms", "/data/subjects", "/data/buildings",
             "/data/lessons?class=2А", "/data/teachers/new",
             "/data/lessons/new?class=2А")  # fmt: skip
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert "2А-ENG-en1" in client.get("/data/lessons?class=2А").text
    assert client.get("/data/teachers/edit?code=NOPE").status_code == 404
    assert client.get("/data/nothing").status_code == 404


def test_an_unchanged_form_changes_nothing(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    before = version_count(demo_store)
    for url in (EDIT_T001, "/data/teachers/edit?code=T008", "/data/classes/edit?code=2А",
                "/data/rooms/edit?code=S-101", "/data/subjects/edit?code=GRAM",
                "/data/lessons/edit?code=2А-ENG-en1"):  # fmt: skip
        response = post(client, url, browser_form(client, url))
        assert response.status_code == 303, (url, response.text[:2000])
        assert "saved=" not in response.headers["location"], url
    response = post(client, "/data/buildings", browser_form(client, "/data/buildings"))
    assert response.status_code == 303
    assert version_count(demo_store) == before


def test_availability_and_max_per_day_make_a_new_version(
    client: TestClient, demo_store: DemoStore
) -> None:
    enter(client, "timetable")
    before = version_count(demo_store)
    form = browser_form(client, EDIT_T001)
    monday_first = {"0:1:1", "0:1:2"}
    ticked = [v for k, v in form if k == "avail" and v not in monday_first]
    assert len(ticked) == len([v for k, v in form if k == "avail"]) - 2  # T001 had them free
    response = post(client, EDIT_T001, with_values(form, max_per_day=3, avail=ticked))
    assert response.status_code == 303, response.text[:2000]
    assert f"saved={before + 1}" in response.headers["location"]
    assert version_count(demo_store) == before + 1
    t = teacher(snapshot_of(demo_store), "T001")
    assert t.max_per_day == 3
    assert {SlotRef(0, "1", 1), SlotRef(0, "1", 2)} <= set(t.unavailable)
    assert len(t.unavailable) == 2
    with session_scope() as db:
        changes = list_changes(db, school_code=demo_store.school_code, version=before + 1)
        version = db.exec(select(DataVersion).where(DataVersion.number == before + 1)).first()
    assert {(c.key, c.field) for c in changes} == {("T001", "max_per_day"), ("T001", "unavailable")}
    assert version is not None and version.source == "edited by timetable"
    shown = client.get(response.headers["location"])
    assert "What changed" in shown.text and "max_per_day" in shown.text
    assert f"data version {before + 1}" in shown.text  # the flash names the new version
    again = browser_form(client, EDIT_T001)  # the page shows the stored grid
    assert "0:1:1" not in [v for k, v in again if k == "avail"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"max_per_day": "0"}, "max_per_day", "Most lessons a day"),
        ({"max_per_day": "99"}, "max_per_day", "Most lessons a day"),
        ({"max_per_day": "two"}, "max_per_day", "Most lessons a day"),
        ({"subjects": ["GRAM", "NOPE"]}, "subjects", "NOPE"),
        ({"name": ""}, "name", "Name"),
        ({"email": "not an address"}, "email", "E-mail"),
        ({"day_off": "9"}, "day_off", "Preferred day off"),
        ({"avail": ["0:1:1", "7:9:9"]}, "avail", "7:9:9"),
    ],
)
def test_a_bad_value_is_refused_with_its_field_named(
    client: TestClient, demo_store: DemoStore, changes: dict[str, Any], field: str, words: str
) -> None:
    enter(client, "timetable")
    before, data = version_count(demo_store), snapshot_of(demo_store)
    form = with_values(browser_form(client, "/data/teachers/edit?code=T002"), **changes)
    response = post(client, "/data/teachers/edit?code=T002", form)
    assert response.status_code == 400
    text = response.text
    assert "Nothing was saved" in text
    error = text[text.index(f'id="e-{field}"') :].split("</span>")[0]
    assert words in error
    assert f'href="#f-{field}"' in text  # the summary links to the field
    assert version_count(demo_store) == before
    assert teacher(snapshot_of(demo_store), "T002") == teacher(data, "T002")


def test_every_problem_is_shown_at_once(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    form = with_values(browser_form(client, "/data/teachers/edit?code=T002"),
                       max_per_day="0", max_per_week="999", subjects="NOPE")  # fmt: skip
    response = post(client, "/data/teachers/edit?code=T002", form)
    assert response.status_code == 400
    for field in ("max_per_day", "max_per_week", "subjects"):
        assert f'id="e-{field}"' in response.text
    assert 'value="999"' in response.text  # the form keeps what was typed


def test_a_stale_form_is_refused(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    url = "/data/teachers/edit?code=T003"
    first, second = browser_form(client, url), browser_form(client, url)
    assert post(client, url, with_values(first, phone="+7 701 000 00 01")).status_code == 303
    before = version_count(demo_store)
    response = post(client, url, with_values(second, phone="+7 701 000 00 02"))
    assert response.status_code == 400
    assert "Someone else changed" in response.text
    assert version_count(demo_store) == before
    assert teacher(snapshot_of(demo_store), "T003").phone == "+7 701 000 00 01"


def test_a_post_without_the_form_writes_nothing(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    before = version_count(demo_store)
    token = client.cookies.get("sabaq_csrf") or ""
    for url in (EDIT_T001, "/data/teachers/new", "/data/buildings"):
        response = client.post(url, data={"_csrf_token": token}, follow_redirects=False)
        assert response.status_code == 400, url
    assert version_count(demo_store) == before


def test_add_then_remove_a_teacher(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "director")  # the school admin may edit too
    name = "Әбілқайыр Жанна"
    form = with_values(browser_form(client, "/data/teachers/new"), code="T900", name=name,
                       subjects=["GRAM", "LIT"], max_per_week=10)  # fmt: skip
    response = post(client, "/data/teachers/new", form)
    assert response.status_code == 303, response.text[:2000]
    assert "code=T900" in response.headers["location"]
    added = teacher(snapshot_of(demo_store), "T900")
    assert (added.name, added.subjects, added.max_per_week) == (
        "Әбілқайыр Жанна",
        ("GRAM", "LIT"),
        10,
    )
    taken = post(client, "/data/teachers/new", with_values(form, name="Someone"))
    assert taken.status_code == 400 and "already taken" in taken.text
    url = "/data/teachers/remove?code=T900"
    assert post(client, url, []).status_code == 303  # not confirmed: nothing happens
    assert any(t.code == "T900" for t in snapshot_of(demo_store).teachers)
    token = client.cookies.get("sabaq_csrf") or ""
    response = post(client, url, [("confirm", "yes"), ("_csrf_token", token)])
    assert response.status_code == 303
    assert all(t.code != "T900" for t in snapshot_of(demo_store).teachers)
    with session_scope() as db:  # soft: the row stays, marked removed
        row = db.exec(select(Teacher).where(Teacher.code == "T900")).first()
    assert row is not None and row.deleted_at is not None


def test_a_teacher_with_lessons_is_not_removed(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    before = version_count(demo_store)
    token = client.cookies.get("sabaq_csrf") or ""
    response = client.post("/data/teachers/remove?code=T001",
                           data={"confirm": "yes", "_csrf_token": token})  # fmt: skip
    assert response.status_code == 200  # back on the teacher's page
    assert "1А-GRAM" in response.text and "another teacher" in response.text
    assert version_count(demo_store) == before


def test_other_roles_are_refused(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "teacher")
    assert client.get("/data").status_code == 403
    assert client.get("/data/teachers").status_code == 403
    assert client.get(EDIT_T001).status_code == 403
    token = client.cookies.get("sabaq_csrf") or ""
    response = client.post(EDIT_T001, data={"_csrf_token": token, "_form": "teachers"},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 403


def test_another_school_sees_only_its_own_data(client: TestClient, demo_store: DemoStore) -> None:
    with session_scope() as db:
        other = School(code="DATA-OTHER", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="data-other-tt", name="Other",
                       role="timetabler", password="other-password")  # fmt: skip
    enter(client, "data-other-tt", "other-password")
    listing = client.get("/data/teachers")
    assert listing.status_code == 200
    assert "Шәріпова" not in listing.text and "T001" not in listing.text
    assert client.get(EDIT_T001).status_code == 404
    overview = client.get("/data")
    assert overview.status_code == 200 and "<strong>66</strong>" not in overview.text
    assert "<strong>0</strong>" in overview.text  # its own (empty) data
    before, data = version_count(demo_store), snapshot_of(demo_store)
    token = client.cookies.get("sabaq_csrf") or ""
    hijack = {"_csrf_token": token, "_form": "teachers", "name": "X", "max_per_day": "1"}
    assert client.post(EDIT_T001, data=hijack, follow_redirects=False).status_code == 404
    assert client.post("/data/teachers/remove?code=T001", data={**hijack, "confirm": "yes"},
                       follow_redirects=False).status_code == 404  # fmt: skip
    assert version_count(demo_store) == before
    assert teacher(snapshot_of(demo_store), "T001") == teacher(data, "T001")
