"""OneRoster CSV import: a round trip through `sabaq oneroster`, and every problem at once."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from importers.inputs import load_snapshot
from journal.oneroster import build_oneroster, package_zip
from journal.oneroster.importing import OneRosterError, import_oneroster, read_files
from models.db import dispose_engines, session_scope
from models.history import DataVersion
from models.migrate import upgrade_database
from models.school import School
from models.school_data import apply_snapshot, get_school
from models.settings import get_settings
from models.snapshot import SchoolInfo, SchoolSnapshot
from models.snapshot_read import build_snapshot
from web.cli import main

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-school.xlsx"


@dataclass(frozen=True)
class Stores:
    url: str
    demo: int
    empty: int
    package: Path


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stores]:
    folder = tmp_path_factory.mktemp("oneroster-import")
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    url = f"sqlite:///{folder / 'store.db'}"
    dispose_engines()
    os.environ.update(DATABASE_URL=url, SABAQ_DATA_DIR=str(folder))
    get_settings.cache_clear()
    upgrade_database(url)
    snapshot = load_snapshot(DEMO)
    with session_scope() as db:
        apply_snapshot(db, snapshot, source="tests")
        apply_snapshot(db, SchoolSnapshot(school=SchoolInfo("EMPTY-1", "Бос мектеп")), source="t")
        demo = get_school(db, code=snapshot.school.code).id or 0
        empty = get_school(db, code="EMPTY-1").id or 0
        package = build_oneroster(db, school_id=demo, demographics=True)
    path = folder / "demo.zip"
    path.write_bytes(package_zip(package))
    yield Stores(url, demo, empty, path)
    dispose_engines()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    get_settings.cache_clear()


def _people(school_id: int) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    with session_scope() as db:
        school = db.get(School, school_id)
        assert school is not None
        snap = build_snapshot(db, school)
    students: set[tuple[object, ...]] = {
        (s.code, s.name, s.class_code, s.birth_date) for s in snap.students
    }
    parents: set[tuple[object, ...]] = {
        (p.code, p.name, tuple(sorted(p.children)), p.email, p.phone) for p in snap.parents
    }
    return students, parents


def test_a_package_exported_by_sabaq_imports_into_an_empty_school_unchanged(stores: Stores) -> None:
    code = main(["oneroster-import", str(stores.package), "--school", "EMPTY-1", "--dry-run"])
    assert code == 0
    assert _people(stores.empty) == (set(), set())  # the dry run wrote nothing
    assert main(["oneroster-import", str(stores.package), "--school", "EMPTY-1"]) == 0
    students, parents = _people(stores.empty)
    assert len(students) > 100 and (students, parents) == _people(stores.demo)
    with session_scope() as db:
        versions = db.exec(select(DataVersion).where(DataVersion.school_id == stores.empty)).all()
        assert any(v.source.startswith("oneroster: ") for v in versions)
        again = import_oneroster(db, school_id=stores.empty, files=read_files(stores.package),
                                 source="again", dry_run=False, actor="t")  # fmt: skip
    assert again.changed is False  # the same package twice: nothing new


def _broken_package(stores: Stores) -> dict[str, str]:
    files = read_files(stores.package)
    users = files["users.csv"].splitlines()
    users.append(users[1])  # a sourcedId twice (row len(users))
    files["users.csv"] = "\n".join(users) + "\n"
    enrol = files["enrollments.csv"].splitlines()
    enrol.append(enrol[1].replace(enrol[1].split(",")[3], "no-such-class", 1))
    files["enrollments.csv"] = "\n".join(enrol) + "\n"
    demo = files["demographics.csv"].splitlines()
    header = demo[0].split(",")
    row = demo[1].split(",")
    row[header.index("birthDate")] = "20.04.2019"
    files["demographics.csv"] = "\n".join([demo[0], ",".join(row), *demo[2:]]) + "\n"
    return files


def test_every_problem_is_named_by_file_row_and_column_and_nothing_is_written(
    stores: Stores,
) -> None:
    files = _broken_package(stores)
    with session_scope() as db, pytest.raises(OneRosterError) as caught:
        import_oneroster(db, school_id=stores.empty, files=files, source="broken",
                         dry_run=False, actor="t")  # fmt: skip
    said = [str(m) for m in caught.value.messages]
    users_rows = len(files["users.csv"].splitlines())
    enrol_rows = len(files["enrollments.csv"].splitlines())
    assert f"users.csv, row {users_rows}, column sourcedId" in said[0]
    assert any(
        f"enrollments.csv, row {enrol_rows}, column classSourcedId: no-such-class" in s
        for s in said
    ), said
    assert any("demographics.csv, row 2, column birthDate: 20.04.2019 is not a date" in s
               for s in said), said  # fmt: skip
    assert len(said) == 3


def test_a_package_without_users_says_so(stores: Stores) -> None:
    files = read_files(stores.package)
    del files["users.csv"]
    with session_scope() as db, pytest.raises(OneRosterError) as caught:
        import_oneroster(
            db, school_id=stores.empty, files=files, source="x", dry_run=True, actor="t"
        )
    assert [str(m) for m in caught.value.messages] == [
        "users.csv, row 0, column -: the file is missing from the package."
    ]


def test_zip_and_folder_read_alike(stores: Stores, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(stores.package.read_bytes())) as archive:
        archive.extractall(tmp_path)
    assert read_files(tmp_path) == read_files(stores.package)
