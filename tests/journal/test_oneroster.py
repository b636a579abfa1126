"""OneRoster 1.2 CSV export of the demo school: headers as the binding lists them, every
reference resolving inside the package, stable ids, one school's data only, grades as scores."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from journal import create_assessment, set_grade
from journal.oneroster import build_oneroster, package_zip
from journal.oneroster.values import Ids, number, split_name
from models.classes import SchoolClass, Subgroup
from models.curriculum import Subject
from models.db import dispose_engines, read_scope, session_scope
from models.people import Guardianship, Parent, Student, StudentSubgroup
from models.school import School
from tests.journal.grades_fixtures import build_school
from tests.web.conftest import DemoStore, demo_store  # noqa: F401  (the fixture)

# The column headers of OneRoster 1.2 CSV (1EdTech CSV Binding 1.2.1, section 3), typed here
# once more rather than read from the code under test.
_SPEC_TEXT = {
    "academicSessions.csv": "sourcedId,status,dateLastModified,title,type,startDate,endDate,"
    "parentSourcedId,schoolYear",
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "courses.csv": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,"
    "grades,orgSourcedId,subjects,subjectCodes",
    "classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
    "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "users.csv": "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,"
    "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
    "userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,"
    "primaryOrgSourcedId,pronouns",
    "roles.csv": "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,"
    "endDate,orgSourcedId,userProfileSourcedId",
    "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
    "userSourcedId,role,primary,beginDate,endDate",
    "demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex,"
    "americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
    "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,"
    "hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,"
    "publicSchoolResidenceStatus",
    "categories.csv": "sourcedId,status,dateLastModified,title,weight",
    "lineItems.csv": "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,"
    "classSourcedId,categorySourcedId,academicSessionSourcedId,resultValueMin,resultValueMax,"
    "schoolSourcedId",
    "results.csv": "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,"
    "scoreStatus,score,scoreDate,comment,textScore,classSourcedId,inProgress,incomplete,late,"
    "missing",
}
SPEC = {name: text.split(",") for name, text in _SPEC_TEXT.items()}
MANIFEST_FILES = [
    *("academicSessions", "categories", "classes", "classResources", "courses"),
    *("courseResources", "demographics", "enrollments", "lineItemLearningObjectiveIds"),
    *("lineItems", "lineItemScoreScales", "orgs", "resources", "resultLearningObjectiveIds"),
    *("results", "resultScoreScales", "roles", "scoreScales", "userProfiles", "userResources"),
    "users",
]
TODAY = date(2026, 10, 1)


@dataclass
class Graded:
    url: str
    school_id: int
    school_code: str
    other_code: str
    fo_id: int  # a ФО of a whole class
    sor_id: int  # a СОР of one subgroup
    grades: dict[int, float]  # student id -> ФО value


def _copy(store: DemoStore, folder: Path) -> str:
    dispose_engines()
    for path in store.data_dir.glob("store.db*"):
        shutil.copy(path, folder / path.name)
    return f"sqlite:///{folder / 'store.db'}"


@pytest.fixture(scope="module")
def graded(demo_store: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graded]:  # noqa: F811
    """The demo school with a ФО of 7А and a СОР of one English subgroup, and a second school."""
    url = _copy(demo_store, tmp_path_factory.mktemp("oneroster"))
    with session_scope(url) as db:
        school = db.exec(select(School).where(School.code == demo_store.school_code)).one()
        sid = school.id
        assert sid is not None
        other = build_school(db, code="OTHER-1")
        group = db.exec(
            select(Subgroup).where(Subgroup.school_id == sid, Subgroup.division == "eng")
        ).first()
        assert group is not None
        cls = db.get(SchoolClass, group.class_id)
        subject = db.exec(select(Subject).where(Subject.school_id == sid,
                                                Subject.code == "ENG")).one()  # fmt: skip
        fo = create_assessment(db, school_id=sid, class_id=group.class_id, subject_id=subject.id,
                               kind="fo", day=TODAY, actor="t", title="")  # fmt: skip
        sor = create_assessment(db, school_id=sid, class_id=group.class_id,
                                subject_id=subject.id, kind="sor", day=TODAY, actor="t",
                                max_points=15, title="СОР 1", section="Food",
                                subgroup_id=group.id)  # fmt: skip
        students = db.exec(select(Student).where(Student.class_id == group.class_id)).all()
        members = set(db.exec(select(StudentSubgroup.student_id).where(
            StudentSubgroup.subgroup_id == group.id)).all())  # fmt: skip
        grades = {}
        for n, student in enumerate(students[:5]):
            value = [8, 7, 10, 6, 9][n]
            set_grade(db, school_id=sid, assessment_id=fo.id, student_id=student.id,
                      value=value, actor="t")  # fmt: skip
            grades[student.id] = value
        for student in students:
            if student.id in members:
                set_grade(db, school_id=sid, assessment_id=sor.id, student_id=student.id,
                          value=12.5, actor="t", comment="хорошо")  # fmt: skip
        assert cls is not None and fo.id and sor.id and other
        made = Graded(url, sid, school.code, "OTHER-1", fo.id, sor.id, grades)
    yield made
    dispose_engines()


def _package(graded: Graded, **kw: object) -> dict[str, list[dict[str, str]]]:
    with read_scope(graded.url) as db:
        package = build_oneroster(db, school_id=graded.school_id, today=TODAY, **kw)  # type: ignore[arg-type]
        data = package_zip(package)
    return _read_zip(data)


def _read_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            assert not text.startswith("\ufeff"), name  # no BOM: headers must match exactly
            rows = list(csv.reader(io.StringIO(text, newline="")))
            out[name] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
            out[name + "#header"] = [dict.fromkeys(rows[0], "")]
    return out


@pytest.fixture(scope="module")
def files(graded: Graded) -> dict[str, list[dict[str, str]]]:
    return _package(graded)


def header(files: dict[str, list[dict[str, str]]], name: str) -> list[str]:
    return list(files[name + "#header"][0])


def test_every_file_has_the_binding_header_and_the_manifest_lists_them(files) -> None:
    data = [n for n in files if n.endswith(".csv") and n != "manifest.csv"]
    assert sorted(data) == sorted(set(SPEC) - {"demographics.csv"})
    for name in data:
        assert header(files, name) == SPEC[name], name
    assert header(files, "manifest.csv") == ["propertyName", "value"]
    manifest = {row["propertyName"]: row["value"] for row in files["manifest.csv"]}
    assert manifest["manifest.version"] == "1.0"
    assert manifest["oneroster.version"] == "1.2"
    for name in MANIFEST_FILES:
        expected = "bulk" if f"{name}.csv" in data else "absent"
        assert manifest.pop(f"file.{name}") == expected, name
    assert set(manifest) == {"manifest.version", "oneroster.version", "source.systemName",
                             "source.systemCode"}  # fmt: skip


def _ids(files, name: str) -> set[str]:
    ids = [row["sourcedId"] for row in files[name]]
    assert len(ids) == len(set(ids)), f"{name} repeats a sourcedId"
    return set(ids)


def _each(value: str) -> list[str]:
    return [part for part in value.split(",") if part]


def test_every_reference_resolves_inside_the_package(files) -> None:
    orgs, sessions = _ids(files, "orgs.csv"), _ids(files, "academicSessions.csv")
    courses, classes = _ids(files, "courses.csv"), _ids(files, "classes.csv")
    users, items = _ids(files, "users.csv"), _ids(files, "lineItems.csv")
    categories = _ids(files, "categories.csv")
    _ids(files, "roles.csv"), _ids(files, "enrollments.csv"), _ids(files, "results.csv")
    for row in files["academicSessions.csv"]:
        assert row["parentSourcedId"] in sessions | {""}
    for row in files["courses.csv"]:
        assert row["schoolYearSourcedId"] in sessions and row["orgSourcedId"] in orgs
    for row in files["classes.csv"]:
        assert row["courseSourcedId"] in courses and row["schoolSourcedId"] in orgs
        assert _each(row["termSourcedIds"]) and set(_each(row["termSourcedIds"])) <= sessions
    for row in files["users.csv"]:
        assert set(_each(row["agentSourcedIds"])) <= users
        assert row["primaryOrgSourcedId"] in orgs
    assert sorted(r["userSourcedId"] for r in files["roles.csv"]) == sorted(users)
    assert {r["orgSourcedId"] for r in files["roles.csv"]} <= orgs
    for row in files["enrollments.csv"]:
        assert row["classSourcedId"] in classes and row["userSourcedId"] in users
        assert row["schoolSourcedId"] in orgs
    for row in files["lineItems.csv"]:
        assert row["classSourcedId"] in classes and row["categorySourcedId"] in categories
        assert row["academicSessionSourcedId"] in sessions and row["schoolSourcedId"] in orgs
    for row in files["results.csv"]:
        assert row["lineItemSourcedId"] in items and row["studentSourcedId"] in users
        assert row["classSourcedId"] in classes


def test_values_follow_the_binding(files) -> None:
    for name in SPEC:
        for row in files.get(name, []):
            assert row["status"] == "active"
            assert len(row["dateLastModified"]) == 24 and row["dateLastModified"].endswith("Z")
    assert {r["type"] for r in files["academicSessions.csv"]} == {"schoolYear", "term"}
    assert {r["role"] for r in files["roles.csv"]} <= {"student", "teacher", "parent", "guardian"}
    assert {r["enabledUser"] for r in files["users.csv"]} == {"true"}
    assert all(r["givenName"] and r["familyName"] and r["username"] for r in files["users.csv"])
    assert {r["grades"] for r in files["classes.csv"]} <= {f"{g:02d}" for g in range(1, 12)}


def test_grades_are_results_of_their_line_items(graded: Graded, files) -> None:
    ids = Ids(graded.school_code)
    items = {r["sourcedId"]: r for r in files["lineItems.csv"]}
    fo, sor = items[ids("lineItem", graded.fo_id)], items[ids("lineItem", graded.sor_id)]
    assert (fo["resultValueMin"], fo["resultValueMax"]) == ("0", "10")
    assert (sor["title"], sor["description"], sor["resultValueMax"]) == ("СОР 1", "Food", "15")
    assert fo["title"] == "FA 2026-10-01" and fo["assignDate"] == fo["dueDate"] == "2026-10-01"
    assert fo["classSourcedId"] != sor["classSourcedId"]  # the СОР is the subgroup's class
    terms = {r["sourcedId"]: r for r in files["academicSessions.csv"] if r["type"] == "term"}
    session = terms[fo["academicSessionSourcedId"]]
    assert session["startDate"] <= "2026-10-01" <= session["endDate"]
    results = {r["studentSourcedId"]: r for r in files["results.csv"]
               if r["lineItemSourcedId"] == fo["sourcedId"]}  # fmt: skip
    assert {k: r["score"] for k, r in results.items()} == {
        ids("user", "student", s): number(v) for s, v in graded.grades.items()
    }
    assert {r["scoreStatus"] for r in files["results.csv"]} == {"fully graded"}
    sor_results = [r for r in files["results.csv"] if r["lineItemSourcedId"] == sor["sourcedId"]]
    assert sor_results and {(r["score"], r["comment"]) for r in sor_results} == {("12.5", "хорошо")}
    weights = {r["title"]: r["weight"] for r in files["categories.csv"]}
    assert weights == {"FA": "0.25", "SAU": "0.25", "SAT": "0.5"}


def test_a_subgroup_class_enrolls_its_members_only(graded: Graded, files) -> None:
    ids = Ids(graded.school_code)
    sor = next(
        r for r in files["lineItems.csv"] if r["sourcedId"] == ids("lineItem", graded.sor_id)
    )
    cls = sor["classSourcedId"]
    members_of = [r for r in files["enrollments.csv"] if r["classSourcedId"] == cls]
    enrolled = {r["userSourcedId"] for r in members_of if r["role"] == "student"}
    with read_scope(graded.url) as db:
        from models.journal import Assessment

        group_id = db.get(Assessment, graded.sor_id).subgroup_id  # type: ignore[union-attr]
        members = db.exec(select(StudentSubgroup.student_id).where(
            StudentSubgroup.subgroup_id == group_id)).all()  # fmt: skip
    assert enrolled == {ids("user", "student", m) for m in members} and enrolled
    teachers = [r for r in members_of if r["role"] == "teacher"]
    assert [t["primary"] for t in teachers][:1] == ["true"]


def test_parents_and_children_are_each_others_agents(graded: Graded, files) -> None:
    ids = Ids(graded.school_code)
    users = {r["sourcedId"]: r for r in files["users.csv"]}
    with read_scope(graded.url) as db:
        link = db.exec(select(Guardianship).where(Guardianship.school_id == graded.school_id)
                       .order_by(col(Guardianship.id))).first()  # fmt: skip
        assert link is not None
        parent = db.get(Parent, link.parent_id)
        student = db.get(Student, link.student_id)
    assert parent is not None and student is not None
    p, s = ids("user", "parent", parent.id), ids("user", "student", student.id)
    assert s in users[p]["agentSourcedIds"].split(",")
    assert p in users[s]["agentSourcedIds"].split(",")
    given, family, _ = split_name(student.name)
    assert (users[s]["givenName"], users[s]["familyName"]) == (given, family)
    assert users[s]["identifier"] == student.code
    role = next(r["role"] for r in files["roles.csv"] if r["userSourcedId"] == p)
    assert role == ("guardian" if parent.relation == "guardian" else "parent")


def test_ids_are_stable_and_the_other_school_stays_out(graded: Graded, files) -> None:
    again = _package(graded)
    for name in SPEC:
        if name in files:
            assert [r["sourcedId"] for r in again[name]] == [r["sourcedId"] for r in files[name]]
    with read_scope(graded.url) as db:
        other = db.exec(select(Student).join(School, col(School.id) == col(Student.school_id))
                        .where(School.code == graded.other_code)).all()  # fmt: skip
    assert other
    names = {r["identifier"] for r in files["users.csv"]} | {
        f"{r['familyName']} {r['givenName']}" for r in files["users.csv"]
    }
    assert not {s.code for s in other} & names and not {s.name for s in other} & names
    assert Ids("A")("user", "student", 1) != Ids("B")("user", "student", 1)
    assert [r["name"] for r in files["orgs.csv"]] != ["Школа OTHER-1"]


def test_demographics_only_when_asked(graded: Graded) -> None:
    with_birth = _package(graded, demographics=True)
    assert header(with_birth, "demographics.csv") == SPEC["demographics.csv"]
    manifest = {r["propertyName"]: r["value"] for r in with_birth["manifest.csv"]}
    assert manifest["file.demographics"] == "bulk"
    users = {r["sourcedId"] for r in with_birth["users.csv"]}
    assert {r["sourcedId"] for r in with_birth["demographics.csv"]} <= users
    assert all(len(r["birthDate"]) == 10 for r in with_birth["demographics.csv"])


def test_the_command_writes_the_package(graded: Graded, tmp_path: Path, monkeypatch) -> None:
    from models.settings import get_settings
    from web.cli import main

    monkeypatch.setenv("DATABASE_URL", graded.url)
    get_settings.cache_clear()
    dispose_engines()
    out = tmp_path / "or.zip"
    try:
        assert main(["oneroster", "--school", graded.school_code, "-o", str(out)]) == 0
        assert main(["oneroster", "--school", "NO-SUCH", "-o", str(out)]) == 2
    finally:
        get_settings.cache_clear()
        dispose_engines()
    assert "users.csv" in _read_zip(out.read_bytes())


def test_sourced_ids_are_the_uuid5_of_school_kind_and_id() -> None:
    import uuid

    from journal.oneroster.values import NAMESPACE

    ids = Ids("AL-017")
    for kind, parts in (("user", ("student", 5)), ("class", (1, "-", 3)), ("result", (9,))):
        name = "/".join(["AL-017", kind, *map(str, parts)])
        assert ids(kind, *parts) == str(uuid.uuid5(NAMESPACE, name))
    assert ids("user", "student", 5) == ids("user", "student", 5)
