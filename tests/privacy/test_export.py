"""A person's data export: who may have whose, what is in the zip (JSON + CSV of every table
about them, no secrets), the psychologist's records withheld from parents and students, audit."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from models.accounts import UserAccount
from models.history import AuditEntry
from models.privacy_export import ExportRefused, Requester, export_person, export_zip
from tests.privacy.conftest import World


def _requester(db: Session, account_id: int) -> Requester:
    a = db.get(UserAccount, account_id)
    assert a is not None and a.id is not None and a.school_id is not None
    return Requester(a.id, a.login, a.role, a.school_id, a.student_id, a.parent_id)


def _zip(db: Session, account_id: int, student_id: int) -> zipfile.ZipFile:
    data = export_person(db, _requester(db, account_id), student_id=student_id)
    made = export_zip(data, made_at=datetime(2026, 11, 27, tzinfo=UTC), readme="README")
    return zipfile.ZipFile(io.BytesIO(made))


def test_the_admin_gets_everything_about_a_student(session: Session, world: World) -> None:
    archive = _zip(session, world.admin, world.leaver_id)
    names = set(archive.namelist())
    assert {"README.txt", "data.json", "csv/student.csv", "csv/grade.csv", "csv/remark.csv",
            "csv/user_account.csv", "csv/guardianship.csv", "csv/guidance_case.csv",
            "csv/guidance_case_entry.csv"} <= names  # fmt: skip
    document = json.loads(archive.read("data.json"))
    assert document["tables"]["student"][0]["name"] == "Айгерім Сәрсенова"
    assert document["withheld"] == {}
    account = document["tables"]["user_account"][0]
    assert "password_hash" not in account and account["login"] == "aigerim"
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/remark.csv").decode())))
    assert rows[0]["text"].startswith("Айгерім")
    everything = archive.read("data.json").decode()
    assert "$argon2" not in everything


def test_a_parent_gets_their_child_without_the_psychologists_notes(
    session: Session, world: World
) -> None:
    archive = _zip(session, world.parent_account, world.leaver_id)
    document = json.loads(archive.read("data.json"))
    assert "grade" in document["tables"] and "remark" in document["tables"]
    assert "guidance_case" not in document["tables"]
    assert "guidance_case_entry" not in document["tables"]
    assert document["withheld"]["guidance_case"] == 1
    assert document["withheld"]["guidance_case_entry"] == 1
    assert "үйде қорқады" not in archive.read("data.json").decode()


def test_a_student_gets_their_own_and_nobody_elses(session: Session, world: World) -> None:
    own = json.loads(_zip(session, world.pupil_account, world.pupil_id).read("data.json"))
    assert own["tables"]["student"][0]["name"] == "Нұрлан Әбенов"
    with pytest.raises(ExportRefused):
        export_person(session, _requester(session, world.pupil_account), student_id=world.leaver_id)
    with pytest.raises(ExportRefused):  # not the parent's child
        export_person(session, _requester(session, world.parent_account), student_id=world.pupil_id)
    with pytest.raises(ExportRefused):  # another school's admin
        export_person(session, _requester(session, world.other_admin), student_id=world.pupil_id)


def test_exports_and_refusals_are_audited(session: Session, world: World) -> None:
    _zip(session, world.parent_account, world.leaver_id)
    with pytest.raises(ExportRefused):
        export_person(session, _requester(session, world.parent_account), student_id=world.pupil_id)
    rows = session.exec(select(AuditEntry.action, AuditEntry.actor, AuditEntry.entity).where(
        AuditEntry.action.in_(["export_personal_data", "export_refused"]))).all()  # fmt: skip
    assert rows == [
        ("export_personal_data", "gulnar", f"student:{world.leaver_id}"),
        ("export_refused", "gulnar", f"student:{world.pupil_id}"),
    ]


def test_the_parents_copy_holds_every_consent_given_and_withdrawn_and_the_photo_tags(
    session: Session, world: World
) -> None:
    """What was agreed to is the child's data too: processing scopes and the site-photo consent
    with their history (a withdrawal stays, stamped), and the photos the child is tagged in."""
    from datetime import date

    from models.privacy import GUIDANCE, THIRD_PARTY, ProcessingConsent
    from models.website import ParentalConsent, SiteAlbum, SitePhoto, SitePhotoPupil

    s, child = world.school_id, world.leaver_id
    withdrawn = datetime(2026, 10, 1, tzinfo=UTC)
    session.add_all([
        ProcessingConsent(school_id=s, student_id=child, scope=THIRD_PARTY, given_by_name="Ана"),
        ProcessingConsent(school_id=s, student_id=child, scope=GUIDANCE, given_by_name="Ана",
                          revoked_at=withdrawn, revoked_by_name="Ана"),
        ParentalConsent(school_id=s, student_id=child, given_by="Ана", given_on=date(2026, 9, 1)),
    ])  # fmt: skip
    album = SiteAlbum(school_id=s)
    session.add(album)
    session.flush()
    photo = SitePhoto(school_id=s, album_id=album.id, file_id="f" * 32, width=4, height=3,
                      shows_pupils=True)  # fmt: skip
    session.add(photo)
    session.flush()
    session.add(SitePhotoPupil(school_id=s, photo_id=photo.id or 0, student_id=child))
    session.flush()
    tables = json.loads(_zip(session, world.parent_account, child).read("data.json"))["tables"]
    scopes = {(r["scope"], r["revoked_at"] is not None) for r in tables["processing_consent"]}
    assert scopes == {(THIRD_PARTY, False), (GUIDANCE, True)}
    assert [r["given_by"] for r in tables["parental_consent"]] == ["Ана"]
    assert [r["photo_id"] for r in tables["site_photo_pupil"]] == [photo.id]
