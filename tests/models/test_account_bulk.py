"""Bulk accounts: workbook template and reading, every problem at its cell, all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, func, select

from models.account_bulk import BulkError, BulkRow, bulk_create_accounts, create_missing_accounts
from models.account_services import authenticate, create_account, find_join_code
from models.account_workbook import accounts_template, read_accounts_workbook, role_of
from models.accounts import PARENT, STUDENT, TEACHER, UserAccount
from models.errors import NotFound
from models.history import AuditEntry
from models.join_codes import (
    class_codes,
    classes_taught,
    new_class_code,
    regenerate_teacher_code,
    teacher_code,
)
from models.people import Teacher
from models.platform_admin import NewSchool, create_school, list_schools
from tests.models.test_account_admin import sample_school


def _xlsx(rows: list[list[object]], title: str = "Accounts") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _count(session: Session, table: type) -> int:
    return int(session.exec(select(func.count()).select_from(table)).one())


def test_template_headers_and_drop_down_follow_the_language() -> None:
    for language, header, role in (("kk", "Рөлі", "мұғалім"), ("ru", "Роль", "учитель"),
                                   ("en", "Role", "teacher")):  # fmt: skip
        book = load_workbook(io.BytesIO(accounts_template(language, lambda s: f"<{s}>")))
        sheet = book.worksheets[0]
        assert sheet["A1"].value == header
        assert role in sheet.data_validations.dataValidation[0].formula1
        assert book.worksheets[1]["A1"].value.startswith("<One row per person")
    assert role_of(" Мұғалім ") == TEACHER and role_of("Учащийся") == STUDENT
    assert role_of("ата-ана") == PARENT and role_of("guard") == ""


def test_template_filled_in_reads_back_with_cells() -> None:
    book = load_workbook(io.BytesIO(accounts_template("ru", str)))
    sheet = book.worksheets[0]
    sheet.append(["учитель", "Асель Нурова", "", "asel@x.kz", "T1"])
    sheet.append([None, None, None, None, None])  # an empty row is skipped
    sheet.append(["ученик", None, "aigerim", None, "S1"])
    out = io.BytesIO()
    book.save(out)
    rows = read_accounts_workbook(out.getvalue())
    assert [(r.row, r.role, r.name, r.login, r.code) for r in rows] == [
        (2, TEACHER, "Асель Нурова", "", "T1"),
        (4, STUDENT, "", "aigerim", "S1"),
    ]
    assert rows[0].columns == {"role": "A", "name": "B", "login": "C", "email": "D", "code": "E"}
    assert rows[0].sheet == "Учётные записи"


def test_headers_in_any_language_and_order_numbers_as_codes() -> None:
    rows = read_accounts_workbook(_xlsx([["Коды", "Рөлі", "Аты-жөні"], [17, "оқушы", "Ә"]]))
    assert (rows[0].code, rows[0].role, rows[0].columns["role"]) == ("17", STUDENT, "B")


def test_not_a_workbook_or_no_role_column() -> None:
    with pytest.raises(BulkError, match="not an Excel workbook"):
        read_accounts_workbook(b"name,role\n")
    with pytest.raises(BulkError) as caught:
        read_accounts_workbook(_xlsx([["Name", "Login"], ["A", "a"]]))
    assert caught.value.problems[0].where == "Accounts!1"


def test_every_problem_is_named_at_its_cell_and_nothing_is_written(session: Session) -> None:
    sid = sample_school(session)
    create_account(session, school_id=sid, login="taken", name="T", role="teacher",
                   password="long-enough")  # fmt: skip
    sheet = read_accounts_workbook(_xlsx([
        ["Role", "Name", "Login", "E-mail", "Code"],
        ["teacher", "Good Row", "", "", ""],
        ["wizard", "Merlin", "", "", ""],
        ["student", "", "", "", ""],
        ["teacher", "Dup", "taken", "bad-mail", "T9"],
        ["parent", "P", "same", "", "P1"],
        ["parent", "P again", "same", "", "P1"],
        ["platform_admin", "Root", "", "", ""],
    ]))  # fmt: skip
    accounts, audits = _count(session, UserAccount), _count(session, AuditEntry)
    with pytest.raises(BulkError) as caught:
        bulk_create_accounts(session, school_id=sid, rows=sheet, actor="boss")
    assert [p.render() for p in caught.value.problems] == [
        "Accounts!A3: Unknown role 'wizard'.",
        "Accounts!B4: A name or a person's code is needed.",
        "Accounts!E5: There is no teacher with code T9 in the school data.",
        "Accounts!C5: The login taken is taken.",
        "Accounts!D5: 'bad-mail' is not an e-mail address.",
        "Accounts!E7: The code P1 is also on row 6.",
        "Accounts!C7: The login same is also on row 6.",
        "Accounts!A8: A school cannot create platform admin accounts.",
    ]
    assert caught.value.code == "bulk_invalid"
    assert (_count(session, UserAccount), _count(session, AuditEntry)) == (accounts, audits)


def test_bulk_creates_linked_accounts_with_slips(session: Session) -> None:
    sid = sample_school(session)
    rows = [
        BulkRow(2, TEACHER, code="T1"),
        BulkRow(3, STUDENT, name="Айгерим", login="Aigerim", code="S1"),
        BulkRow(4, PARENT, name="Гульнара Садыкова", email="g@x.kz", code="P1"),
        BulkRow(5, "psychologist", name="Әлия Ким"),
    ]
    slips = bulk_create_accounts(session, school_id=sid, rows=rows, actor="boss")
    assert [(s.name, s.login, s.group) for s in slips] == [
        ("Асель Нурова", "asel.nurova", ""),
        ("Айгерим", "aigerim", "7A"),
        ("Гульнара Садыкова", "gulnara.sadykova", "Айгерим Садыкова (7A)"),
        ("Әлия Ким", "aliya.kim", ""),
    ]
    teacher = session.exec(select(UserAccount).where(UserAccount.login == "asel.nurova")).one()
    assert teacher.teacher_id is not None and teacher.must_change_password
    for slip in slips:
        assert authenticate(session, login=slip.login, password=slip.password, client="t")
    with pytest.raises(BulkError, match="already has an account"):
        bulk_create_accounts(session, school_id=sid, rows=rows[:1], actor="boss")


def test_accounts_for_everyone_without_one(session: Session) -> None:
    sid = sample_school(session)
    other = sample_school(session, "SCH-2")
    bulk_create_accounts(session, school_id=sid, rows=[BulkRow(2, STUDENT, code="S2")], actor="b")
    slips = create_missing_accounts(session, school_id=sid, roles=(TEACHER, STUDENT, PARENT),
                                    actor="boss")  # fmt: skip
    assert [(s.role, s.name) for s in slips] == [
        (TEACHER, "Асель Нурова"), (TEACHER, "Ерлан Оспанов"),
        (STUDENT, "Айгерим Садыкова"), (PARENT, "Гульнара Садыкова"),
    ]  # fmt: skip
    assert create_missing_accounts(session, school_id=sid, roles=(TEACHER,), actor="b") == []
    only_7b = create_missing_accounts(session, school_id=other, roles=(STUDENT, PARENT),
                                      actor="b", class_code="7B")  # fmt: skip
    assert only_7b == []  # the sample school's students are all in 7A
    in_7a = create_missing_accounts(session, school_id=other, roles=(STUDENT, PARENT),
                                    actor="b", class_code="7A")  # fmt: skip
    assert len(in_7a) == 3
    audits = session.exec(
        select(AuditEntry).where(AuditEntry.action == "create_missing_account")
    ).all()
    assert len(audits) == 7 and {a.school_id for a in audits} == {sid, other}


def test_join_codes_for_teachers_and_classes(session: Session) -> None:
    sid = sample_school(session)
    other = sample_school(session, "SCH-2")
    assert teacher_code(session, school_id=sid) is None
    first = regenerate_teacher_code(session, school_id=sid, actor="boss", actor_id=None)
    second = regenerate_teacher_code(session, school_id=sid, actor="boss", actor_id=None)
    assert teacher_code(session, school_id=sid) == second
    with pytest.raises(Exception, match="not valid"):
        find_join_code(session, first.code)
    codes = class_codes(session, school_id=sid)
    assert [(c.class_code, c.code) for c in codes] == [("7A", None), ("7B", None)]
    old = new_class_code(session, school_id=sid, class_id=codes[0].class_id, actor="t",
                         actor_id=None)  # fmt: skip
    new = new_class_code(session, school_id=sid, class_id=codes[0].class_id, actor="t",
                         actor_id=None)  # fmt: skip
    assert old.revoked_at is not None and new.revoked_at is None
    assert class_codes(session, school_id=sid)[0].code == new
    foreign = class_codes(session, school_id=other)[0].class_id
    with pytest.raises(NotFound):
        new_class_code(session, school_id=sid, class_id=foreign, actor="t", actor_id=None)
    t2 = session.exec(select(Teacher).where(Teacher.school_id == sid, Teacher.code == "T2")).one()
    taught = classes_taught(session, school_id=sid, teacher_id=t2.id)
    assert taught == {c.class_id for c in codes}  # 7A (PE) and 7B (joined Kazakh)
    assert classes_taught(session, school_id=sid, teacher_id=None) == set()


def test_platform_creates_a_school_with_its_first_admin(session: Session) -> None:
    sample_school(session)
    form = NewSchool("Мектеп №5", "SCH-5", "Астана", "Астана", "ru", "Әсем Бекова", "",
                     "asem@x.kz")  # fmt: skip
    school, slip = create_school(session, form=form, actor="root")
    assert (slip.login, slip.role) == ("asem.bekova", "school_admin")
    admin = authenticate(session, login=slip.login, password=slip.password, client="t")
    assert admin.school_id == school.id and admin.must_change_password
    summaries = {s.school.code: s for s in list_schools(session)}
    assert (summaries["SCH-5"].accounts, summaries["SCH-5"].teachers) == (1, 0)
    assert (summaries["SCH-1"].teachers, summaries["SCH-1"].students) == (2, 2)
    bad = NewSchool("", "sch-5", language="de", admin_name="", admin_login="Bad Login!")
    with pytest.raises(Exception) as caught:
        create_school(session, form=bad, actor="root")
    assert [str(m) for m in caught.value.messages] == [  # type: ignore[attr-defined]
        "The school needs a name.",
        "The school code sch-5 is taken.",
        "Choose the school's language: kk, ru or en.",
        "The school admin needs a name.",
        "A login has 3 to 64 letters, digits and . _ - @ (Latin letters).",
    ]
