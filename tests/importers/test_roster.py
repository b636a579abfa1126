"""Roster import on a copy of the demo store: changes as one data version, every problem at
once by sheet, row and column, nothing written on a problem or in a dry run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from importers.excel.errors import WorkbookError
from importers.roster import RosterResult, import_roster, write_roster_workbook
from models.accounts import UserAccount
from models.db import dispose_engines, session_scope
from models.history import ChangeRecord, DataVersion
from models.people import Parent, Student
from models.school import School
from models.school_data import read_snapshot
from models.snapshot_codec import normalized
from tests.web.conftest import EXAMPLES, DemoStore, demo_store  # noqa: F401  (the fixture)

TODAY = date(2026, 10, 1)


@dataclass
class Store:
    url: str
    school_id: int
    code: str
    folder: Path

    def roster(self, edit: Callable[[Worksheet, Worksheet], None] | None = None) -> Path:
        """The school's current roster as a workbook, edited by `edit(students, parents)`."""
        path = self.folder / "roster.xlsx"
        with session_scope(self.url) as db:
            write_roster_workbook(path, read_snapshot(db, school_code=self.code))
        if edit is not None:
            wb = load_workbook(path)
            edit(wb["Students"], wb["Parents"])
            wb.save(path)
        return path

    def run(self, path: Path, *, dry_run: bool = False, accounts: bool = False) -> RosterResult:
        with session_scope(self.url) as db:
            return import_roster(db, school_id=self.school_id, path=path, source="roster: t",
                                 dry_run=dry_run, actor="tester", accounts=accounts,
                                 today=TODAY)  # fmt: skip


@pytest.fixture
def store(demo_store: DemoStore, tmp_path: Path) -> Store:  # noqa: F811
    """A private copy of the demo store, so each test changes its own."""
    dispose_engines()
    for path in demo_store.data_dir.glob("store.db*"):
        shutil.copy(path, tmp_path / path.name)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with session_scope(url) as db:
        school = db.exec(select(School).where(School.code == demo_store.school_code)).one()
        assert school.id is not None
        return Store(url, school.id, school.code, tmp_path)


def _versions(db: Session, school_id: int) -> list[int]:
    query = select(DataVersion.number).where(DataVersion.school_id == school_id)
    return list(db.exec(query).all())


def _row(ws: Worksheet, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_the_current_roster_changes_nothing(store: Store) -> None:
    result = store.run(store.roster())
    assert not result.changes
    assert str(result.summary()) == "Nothing changed: the roster matches the school data."
    with session_scope(store.url) as db:
        assert _versions(db, store.school_id) == [1]


def _edits(students: Worksheet, parents: Worksheet) -> None:
    students.cell(_row(students, "S0002"), 3).value = "1Ә"  # moves class
    students.cell(_row(students, "S0003"), 2).value = "Жаңа Есім"  # renamed
    students.delete_rows(_row(students, "S0007"))  # leaves the school
    students.append(["S9001", "Жаңа Оқушы", "1А", None, "2019-03-01"])
    students.append([None, "Кодсыз Бала", "1А", None, None])
    parents.delete_rows(_row(parents, "P0007"))  # the leaver's parent
    parents.append(["P9001", "Жаңа Ата-ана", "S9001, Кодсыз Бала", "new@example.com", "", "әкесі"])


def test_a_dry_run_lists_the_changes_and_writes_nothing(store: Store) -> None:
    result = store.run(store.roster(_edits), dry_run=True)
    lines = [str(c.message()) for c in result.changes]
    assert lines == [
        "Student Мұхамеджанова Жанар (S0002): class changed from 1А to 1Ә.",
        "Student Жаңа Есім (S0003): full name changed from Құдайбергенова Сәуле to Жаңа Есім.",
        "New student Жаңа Оқушы (S9001), class 1А.",
        "New student Кодсыз Бала, class 1А.",
        "Әлімжанов Асқар (S0007) left the school (the record is kept in the history).",
        "New parent Жаңа Ата-ана (P9001), children: S9001, Кодсыз Бала.",
        "Parent Әлімжанов Сергей (P0007) removed (the record is kept in the history).",
    ]
    assert str(result.summary()).startswith("Dry run: data version 2 would bring students: 2 new")
    with session_scope(store.url) as db:
        assert _versions(db, store.school_id) == [1]
        assert db.exec(select(Student).where(Student.code == "S9001")).first() is None
        left = db.exec(select(Student).where(Student.code == "S0007")).one()
        assert left.deleted_at is None


def test_an_import_is_one_new_version_that_keeps_everything_else(store: Store) -> None:
    with session_scope(store.url) as db:
        before = normalized(read_snapshot(db, school_code=store.code))
    result = store.run(store.roster(_edits))
    assert result.version == 2 and not result.dry_run
    with session_scope(store.url) as db:
        after = normalized(read_snapshot(db, school_code=store.code))
        assert _versions(db, store.school_id) == [1, 2]
        left = db.exec(select(Student).where(Student.code == "S0007")).one()
        assert left.deleted_at is not None  # soft-deleted, still there
        moved = db.exec(select(Student).where(Student.code == "S0002")).one()
        assert moved.deleted_at is None
        mine = DataVersion.school_id == store.school_id
        version = db.exec(select(DataVersion).where(mine, DataVersion.number == 2)).one()
        records = db.exec(select(ChangeRecord).where(
            ChangeRecord.data_version_id == version.id)).all()  # fmt: skip
        assert {(r.entity, r.key, r.action) for r in records} >= {
            ("student", "S0007", "removed"), ("student", "S9001", "created"),
            ("student", "Кодсыз Бала", "created"), ("parent", "P0007", "removed"),
        }  # fmt: skip
        assert {r.entity for r in records} == {"student", "parent"}
    for part in ("lessons", "teachers", "classes", "subgroups", "rooms", "terms", "locked"):
        assert getattr(after, part) == getattr(before, part), part
    assert after.school == before.school and after.settings == before.settings
    assert len(after.students) == len(before.students) + 1


def test_a_person_without_a_code_is_matched_by_name(store: Store) -> None:
    def add(students: Worksheet, _parents: Worksheet) -> None:
        students.append([None, "Кодсыз Бала", "1А", None, None])

    store.run(store.roster(add))

    def born(students: Worksheet, _parents: Worksheet) -> None:
        students.cell(_row(students, None), 5).value = "2019-06-01"  # type: ignore[arg-type]

    result = store.run(store.roster(born))
    assert [str(c.message()) for c in result.changes] == [
        "Student Кодсыз Бала: birth date changed from — to 2019-06-01."
    ]
    with session_scope(store.url) as db:
        rows = db.exec(select(Student).where(Student.name == "Кодсыз Бала")).all()
        assert len(rows) == 1 and rows[0].deleted_at is None


def _broken(students: Worksheet, parents: Worksheet) -> None:
    students.cell(5, 3).value = "7Z"  # unknown class
    students.cell(6, 4).value = "eng/en9"  # a class without subgroups
    students.cell(7, 5).value = "31.02.2013"  # no such date
    students.cell(8, 2).value = None  # empty name
    students.cell(9, 1).value = "S0001"  # a code used twice
    students.cell(10, 5).value = "2031-01-01"  # born in the future
    parents.cell(4, 3).value = "S0001, S7777"  # an unknown child
    parents.cell(5, 4).value = "not-an-email"


def test_every_problem_at_once_with_its_cell_and_nothing_written(store: Store) -> None:
    with pytest.raises(WorkbookError) as caught:
        store.run(store.roster(_broken))
    found = [(p.code, p.sheet, p.row, p.column) for p in caught.value.problems]
    assert found == [
        ("unknown_ref", "Students", 5, "C"),
        ("unknown_ref", "Students", 6, "D"),
        ("bad_value", "Students", 7, "E"),
        ("missing", "Students", 8, "B"),
        ("duplicate", "Students", 9, "A"),
        ("bad_value", "Students", 10, "E"),
        ("unknown_ref", "Parents", 4, "C"),
        ("bad_value", "Parents", 5, "D"),
        ("unknown_ref", "Parents", 9, "C"),  # S0006's code became S0001 on row 9
    ]
    words = [p.render() for p in caught.value.problems]
    assert words[0] == ("Students!C5: unknown class '7Z' — add the class to the school data first "
                        "(sheet Classes of the school workbook)")  # fmt: skip
    assert words[1].endswith("class 1А has no subgroups in the school data")
    assert "'S0001' is used twice (also on row 4)" in words[4]
    assert "unknown student 'S7777'" in words[6]
    with session_scope(store.url) as db:
        assert _versions(db, store.school_id) == [1]


def test_a_subgroup_of_the_class_is_named_when_it_is_wrong(store: Store) -> None:
    def wrong(students: Worksheet, _parents: Worksheet) -> None:
        row = next(r for r in range(4, students.max_row + 1) if students.cell(r, 4).value)
        students.cell(row, 4).value = "eng/en3"

    with pytest.raises(WorkbookError) as caught:
        store.run(store.roster(wrong))
    (problem,) = caught.value.problems
    assert "its subgroups are: eng/en1, eng/en2" in problem.render()


def test_an_empty_students_sheet_is_refused(store: Store) -> None:
    def empty(students: Worksheet, parents: Worksheet) -> None:
        students.delete_rows(4, students.max_row)
        parents.delete_rows(4, parents.max_row)

    with pytest.raises(WorkbookError) as caught:
        store.run(store.roster(empty))
    assert [p.code for p in caught.value.problems] == ["no_students"]


def test_sheets_and_headers_in_russian_alone(store: Store) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ученики"
    ws.append(["Код ученика", "ФИО", "Класс", "Подгруппы", "Дата рождения"])
    ws.append(["S0001", "Жұмабекова Мөлдір", "1А", None, "20.04.2019"])
    parents = wb.create_sheet("Родители")
    parents.append(["Код родителя", "ФИО", "Дети (коды учеников)"])
    path = store.folder / "ru.xlsx"
    wb.save(path)
    result = store.run(path, dry_run=True)
    left = [c for c in result.changes if c.action == "left"]
    assert len(left) == 699 + 700  # every other student and every parent
    assert not [c for c in result.changes if c.key == "S0001"]


def test_a_whole_school_workbook_is_read_for_its_people(store: Store) -> None:
    result = store.run(EXAMPLES / "demo-school.xlsx")
    assert not result.changes
    assert "Bells" in str(result.notes[0])


def test_a_file_that_is_no_workbook(store: Store) -> None:
    path = store.folder / "junk.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(WorkbookError) as caught:
        store.run(path)
    assert [p.code for p in caught.value.problems] == ["not_xlsx"]


def test_accounts_for_the_new_people_with_a_code(store: Store) -> None:
    result = store.run(store.roster(_edits), accounts=True)
    assert sorted((s.name, s.role) for s in result.slips) == [
        ("Жаңа Ата-ана", "parent"), ("Жаңа Оқушы", "student"),
    ]  # fmt: skip
    assert "no account was made" in str(result.notes[0])
    with session_scope(store.url) as db:
        new = db.exec(select(Student).where(Student.code == "S9001")).one()
        account = db.exec(select(UserAccount).where(UserAccount.student_id == new.id)).one()
        assert account.school_id == store.school_id and account.must_change_password
        parent = db.exec(select(Parent).where(Parent.code == "P9001")).one()
        assert db.exec(select(UserAccount).where(UserAccount.parent_id == parent.id)).one()
        assert db.exec(select(UserAccount).where(col(UserAccount.login) == "")).first() is None


def test_the_command(store: Store, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from models.settings import get_settings
    from web.cli import main

    monkeypatch.setenv("DATABASE_URL", store.url)
    get_settings.cache_clear()
    dispose_engines()
    try:
        assert main(["roster", str(store.roster(_edits)), "--dry-run"]) == 0
        assert "left the school" in capsys.readouterr().out
        assert main(["roster", str(store.roster(_broken)), "--school", store.code]) == 2
        assert "Students!C5" in capsys.readouterr().out
        template = store.folder / "blank.xlsx"
        assert main(["template", "--roster", str(template)]) == 0
        assert load_workbook(template).sheetnames == ["Instructions", "Students", "Parents"]
    finally:
        get_settings.cache_clear()
        dispose_engines()
