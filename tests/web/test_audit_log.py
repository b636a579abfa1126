"""The audit log viewer: a school admin reads only their school's rows, the platform admin only
the platform-level ones; filters, pages and the CSV export; others may not open it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from litestar.testing import TestClient
from sqlmodel import select

from models.account_services import create_account
from models.audit import record_audit
from models.db import session_scope
from models.history import AuditEntry
from models.school import School
from tests.web.conftest import DemoStore, login


def _school_id(code: str) -> int:
    with session_scope() as db:
        school = db.exec(select(School).where(School.code == code)).one()
        assert school.id is not None
        return school.id


def _seed(demo_store: DemoStore, tag: str = "probe") -> int:
    own = _school_id(demo_store.school_code)
    with session_scope() as db:
        other = db.exec(select(School).where(School.code == "AUDIT-OTHER")).first()
        if other is None:
            other = School(code="AUDIT-OTHER", name="Other school")
            db.add(other)
            db.flush()
            create_account(db, school_id=other.id, login="audit-other", name="Other admin",
                           role="school_admin", password="other-password")  # fmt: skip
        for n in range(60):
            record_audit(db, school_id=own, actor="audit-tester", action=f"{tag}_own",
                         entity=f"{tag}:{n}", details={"n": n})  # fmt: skip
        record_audit(db, school_id=other.id, actor="audit-other", action="probe_other",
                     entity="probe:secret", details={"secret": "другой школы"})  # fmt: skip
        record_audit(db, school_id=None, actor="admin", action="probe_platform",
                     entity="school:new", details={})  # fmt: skip
        record_audit(db, school_id=own, actor="=cmd|' /C calc'!A0", action="probe_formula",
                     entity="probe:formula", details={})  # fmt: skip
        old = record_audit(db, school_id=own, actor="audit-tester", action="probe_old",
                           entity="probe:old", details={})  # fmt: skip
        old.created_at = datetime.now(UTC) - timedelta(days=40)
        db.add(old)
    return own


def test_a_school_admin_sees_only_their_school(client: TestClient, demo_store: DemoStore) -> None:
    _seed(demo_store)
    login(client, "director")
    page = client.get("/audit?person=audit")
    assert page.status_code == 200
    assert "probe_own" in page.text and "probe_other" not in page.text
    assert "probe_platform" not in page.text and "другой школы" not in page.text
    assert client.get("/audit?entity=probe:secret").text.count("probe:secret") <= 1  # the filter
    body = client.get("/audit.csv").content.decode("utf-8-sig")
    assert "probe_own" in body and "probe_other" not in body and "probe_platform" not in body


def test_filters_pages_and_csv(client: TestClient, demo_store: DemoStore) -> None:
    _seed(demo_store, "paged")
    login(client, "director")
    first = client.get("/audit?action=paged_own")
    assert first.text.count("<td>paged:") == 50
    assert "paged:59<" in first.text and "paged:9<" not in first.text
    second = client.get("/audit?action=paged_own&page_no=2")
    assert "paged:9<" in second.text and "paged:0<" in second.text  # the oldest on page 2
    assert "paged:59<" not in second.text
    one = client.get("/audit?entity=paged:7")
    assert "paged:7<" in one.text and "paged:17" not in one.text
    kind = client.get("/audit?entity=paged&person=tester")
    assert "paged:59" in kind.text and "<td>probe_old<" not in kind.text
    today = datetime.now(UTC).date()
    recent = client.get(f"/audit?action=probe_old&since={(today - timedelta(days=7)).isoformat()}")
    assert "probe:old" not in recent.text
    older = client.get(f"/audit?action=probe_old&until={(today - timedelta(days=30)).isoformat()}")
    assert "probe:old" in older.text
    rows = list(csv.reader(io.StringIO(client.get("/audit.csv?action=paged_own").content
                                       .decode("utf-8-sig"))))  # fmt: skip
    assert rows[0] == ["id", "time_utc", "actor", "action", "entity", "details"]
    assert len(rows) == 61 and all(r[3] == "paged_own" for r in rows[1:])
    formula = client.get("/audit.csv?action=probe_formula").content.decode("utf-8-sig")
    assert "'=cmd" in formula  # a spreadsheet shows it as text, not a formula


def test_the_platform_admin_sees_platform_entries(
    client: TestClient, demo_store: DemoStore
) -> None:
    _seed(demo_store)
    login(client, "admin")
    page = client.get("/audit")
    assert "probe_platform" in page.text
    assert "probe_own" not in page.text and "probe_other" not in page.text


def test_other_roles_may_not_read_it(client: TestClient, demo_store: DemoStore) -> None:
    for who in ("teacher", "parent", "psychologist"):
        login(client, who)
        assert client.get("/audit").status_code == 403
        assert client.get("/audit.csv").status_code == 403
        client.post("/logout", data={"_csrf_token": client.cookies.get("sabaq_csrf") or ""})
    with session_scope() as db:
        assert db.exec(select(AuditEntry).where(AuditEntry.action == "probe_other")).all() != []
