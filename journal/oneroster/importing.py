"""OneRoster 1.2 CSV import: students, their classes and parents as a new data version.

What is read: users.csv with roles.csv (1.2; a `role` column in users.csv, as in 1.1, also
works), classes.csv and enrollments.csv; orgs, academicSessions and courses are checked for
references only; demographics.csv gives birth dates. A student's class in Sabaq is the homeroom
class they are enrolled in, else the class part of their scheduled classes' classCode
("7A-MATH" and "7A/en1-ENG" -> "7A", as `sabaq oneroster` writes them). Teachers and lessons are
not touched (they come from the timetable workbook). Every problem is named by file, row and
column, all at once; nothing is written unless the whole package is clean.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlmodel import Session

from models.changes import diff_snapshots
from models.errors import NotFound, StoreError
from models.i18n import N_, Message, message
from models.school import School
from models.school_data import apply_snapshot
from models.snapshot import ClassInfo, ParentInfo, StudentInfo
from models.snapshot_read import build_snapshot

REQUIRED = ("users.csv", "classes.csv", "enrollments.csv")
COLUMNS = {
    "users.csv": ("sourcedId", "givenName", "familyName"),
    "classes.csv": ("sourcedId", "title"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    "roles.csv": ("userSourcedId", "role"),
    "demographics.csv": ("sourcedId", "birthDate"),
}
PARENT_ROLES = ("parent", "guardian", "relative")
Rows = list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, values)
Users = dict[str, tuple[int, dict[str, str]]]  # sourcedId -> (row number, values)


class OneRosterError(StoreError):
    """Every problem of a OneRoster package, each naming its file, row and column."""


@dataclass
class Problems:
    """Problems found so far, in the order met."""

    items: list[Message] = field(default_factory=list)

    def add(self, file: str, row: int, column: str, text: str, **values: object) -> None:
        where = message(N_("{file}, row {row}, column {column}"), file=file, row=row, column=column)
        self.items.append(message(N_("{where}: {problem}"), where=where,
                                  problem=message(text, **values)))  # fmt: skip


@dataclass(frozen=True)
class OneRosterResult:
    """What the import did (or would do in a dry run)."""

    version: int
    dry_run: bool
    students: int
    parents: int
    classes_added: tuple[str, ...]
    changed: bool


def read_files(path: Path) -> dict[str, str]:
    """The CSV files of a package: a .zip or a folder, by file name."""
    if path.is_dir():
        return {p.name: p.read_bytes().decode("utf-8-sig") for p in path.glob("*.csv")}
    with zipfile.ZipFile(path) as archive:
        return {
            Path(n).name: archive.read(n).decode("utf-8-sig")
            for n in archive.namelist() if n.endswith(".csv")
        }  # fmt: skip


def _table(files: dict[str, str], name: str, problems: Problems) -> Rows:
    if name not in files:
        return []  # read_package reports the required ones
    reader = csv.DictReader(io.StringIO(files[name]))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS.get(name, ()) if c not in header]
    for column in missing:
        problems.add(name, 1, column, N_("the column is missing."))
    if missing:
        return []
    rows = [(n, {k: (v or "").strip() for k, v in r.items() if k}) for n, r in enumerate(reader, 2)]
    return [(n, r) for n, r in rows if r.get("status", "active").lower() != "tobedeleted"]


def _unique(name: str, rows: Rows, problems: Problems) -> Users:
    out: Users = {}
    for n, row in rows:
        sid = row.get("sourcedId", "")
        if not sid:
            problems.add(name, n, "sourcedId", N_("the sourcedId is empty."))
        elif sid in out:
            problems.add(name, n, "sourcedId", N_("{sid} is already on row {other}."), sid=sid,
                         other=out[sid][0])  # fmt: skip
        else:
            out[sid] = (n, row)
    return out


def _roles(files: dict[str, str], users: Users, problems: Problems) -> dict[str, str]:
    """user sourcedId -> role: from roles.csv (the primary role wins), else users.csv's role."""
    roles = {sid: row.get("role", "").lower() for sid, (_, row) in users.items() if row.get("role")}
    for n, row in _table(files, "roles.csv", problems):
        user = row["userSourcedId"]
        if user not in users:
            problems.add(
                "roles.csv", n, "userSourcedId", N_("{sid} is not in users.csv."), sid=user
            )
        elif user not in roles or row.get("roleType", "primary") == "primary":
            roles[user] = row["role"].lower()
    return roles


def _class_code(row: dict[str, str]) -> str:
    """Sabaq's class of a OneRoster class: a homeroom is one; "7A/en1-ENG" is part of 7A."""
    code = row.get("classCode") or row.get("title", "")
    if row.get("classType", "").lower() == "homeroom":
        return code
    return code.rsplit("-", 1)[0].split("/")[0].strip() if "-" in code else code.split(" ")[0]


def _grade(text: str) -> int:
    first = text.split(",")[0].strip()
    return 0 if first == "KG" else int(first) if first.isdigit() else 0


def _classes(files: dict[str, str], problems: Problems) -> dict[str, tuple[str, int, bool]]:
    """class sourcedId -> (Sabaq class code, grade, homeroom)."""
    rows = _unique("classes.csv", _table(files, "classes.csv", problems), problems)
    out = {}
    for sid, (n, row) in rows.items():
        code = _class_code(row)
        if not code:
            problems.add("classes.csv", n, "classCode", N_("the class has no code or title."))
            continue
        out[sid] = (code, _grade(row.get("grades", "")), row.get("classType", "") == "homeroom")
    return out


def _name(row: dict[str, str]) -> str:
    """Family name first, as the school writes names (the export splits them this way)."""
    given, family = row.get("givenName", ""), row.get("familyName", "")
    words = [family] if family == given else [family, given]
    return " ".join(w for w in [*words, row.get("middleName", "")] if w)


def _code(sid: str, row: dict[str, str]) -> str:
    return row.get("identifier") or row.get("username") or sid


def _birth(files: dict[str, str], problems: Problems) -> dict[str, date]:
    out = {}
    for n, row in _table(files, "demographics.csv", problems):
        if not row["birthDate"]:
            continue
        try:
            out[row["sourcedId"]] = date.fromisoformat(row["birthDate"])
        except ValueError:
            text = N_("{value} is not a date (YYYY-MM-DD).")
            problems.add("demographics.csv", n, "birthDate", text, value=row["birthDate"])
    return out


@dataclass(frozen=True)
class Roster:
    """A package read: its students and parents, and the classes they need (code -> grade)."""

    students: tuple[StudentInfo, ...]
    parents: tuple[ParentInfo, ...]
    classes: dict[str, int]


def _placements(
    files: dict[str, str],
    users: Users,
    classes: dict[str, tuple[str, int, bool]],
    problems: Problems,
) -> dict[str, str]:
    """student sourcedId -> Sabaq class: the homeroom, else the class most of their classes are."""
    homeroom: dict[str, str] = {}
    placed: dict[str, Counter[str]] = {}
    for n, row in _table(files, "enrollments.csv", problems):
        cls, user = row["classSourcedId"], row["userSourcedId"]
        if cls not in classes:
            problems.add("enrollments.csv", n, "classSourcedId", N_("{sid} is not in classes.csv."),
                         sid=cls)  # fmt: skip
        if user not in users:
            problems.add("enrollments.csv", n, "userSourcedId", N_("{sid} is not in users.csv."),
                         sid=user)  # fmt: skip
        if cls not in classes or user not in users or row["role"].lower() != "student":
            continue
        code, _, home = classes[cls]
        if home:
            homeroom[user] = code
        placed.setdefault(user, Counter())[code] += 1
    out = {user: counts.most_common(1)[0][0] for user, counts in placed.items()}
    return {**out, **homeroom}


def _students(
    users: Users,
    roles: dict[str, str],
    where: dict[str, str],
    births: dict[str, date],
    problems: Problems,
) -> dict[str, StudentInfo]:
    out: dict[str, StudentInfo] = {}
    codes: dict[str, int] = {}
    for sid, (n, row) in users.items():
        if not roles.get(sid):
            problems.add(
                "users.csv", n, "sourcedId", N_("{sid} has no role in roles.csv."), sid=sid
            )
        if roles.get(sid) != "student":
            continue
        name, code = _name(row), _code(sid, row)
        if not name:
            problems.add("users.csv", n, "familyName", N_("the student's name is empty."))
        if code in codes:
            problems.add("users.csv", n, "identifier", N_("{code} is already on row {other}."),
                         code=code, other=codes[code])  # fmt: skip
        codes[code] = n
        if sid not in where:
            problems.add("users.csv", n, "sourcedId", N_("the student {name} is in no class."),
                         name=name or sid)  # fmt: skip
            continue
        out[sid] = StudentInfo(code, name, where[sid], birth_date=births.get(sid))
    return out


def _parents(
    users: Users, roles: dict[str, str], students: dict[str, StudentInfo], problems: Problems
) -> list[ParentInfo]:
    children: dict[str, list[str]] = {}
    for sid, (_, row) in users.items():  # a student's agents name their parents too
        for agent in filter(None, row.get("agentSourcedIds", "").split(",")):
            if sid in students and roles.get(agent.strip()) in PARENT_ROLES:
                children.setdefault(agent.strip(), []).append(sid)
    out = []
    for sid, (n, row) in users.items():
        if roles.get(sid) not in PARENT_ROLES:
            continue
        for agent in filter(None, (a.strip() for a in row.get("agentSourcedIds", "").split(","))):
            if agent not in users:
                problems.add("users.csv", n, "agentSourcedIds", N_("{sid} is not in users.csv."),
                             sid=agent)  # fmt: skip
            elif agent in students and agent not in children.get(sid, []):
                children.setdefault(sid, []).append(agent)
        kids = tuple(dict.fromkeys(students[c].code for c in children.get(sid, [])))
        relation = "guardian" if roles[sid] == "guardian" else ""
        out.append(ParentInfo(_code(sid, row), _name(row), kids, email=row.get("email", ""),
                              phone=row.get("phone", ""), relation=relation))  # fmt: skip
    return out


def read_package(files: dict[str, str]) -> Roster:
    """Reads a OneRoster package's rostering files.

    Args:
        files: file name -> CSV text (from read_files).

    Returns:
        The students, parents and the classes they need.

    Raises:
        OneRosterError: every problem, by file, row and column.
    """
    problems = Problems()
    for name in REQUIRED:
        if name not in files:
            problems.add(name, 0, "-", N_("the file is missing from the package."))
    if problems.items:
        raise OneRosterError("oneroster_invalid", problems.items)
    users = _unique("users.csv", _table(files, "users.csv", problems), problems)
    roles = _roles(files, users, problems)
    classes = _classes(files, problems)
    where = _placements(files, users, classes, problems)
    students = _students(users, roles, where, _birth(files, problems), problems)
    parents = _parents(users, roles, students, problems)
    if problems.items:
        raise OneRosterError("oneroster_invalid", problems.items)
    grades: dict[str, int] = {}
    for code, grade, _ in classes.values():
        grades[code] = max(grades.get(code, 0), grade)
    return Roster(tuple(students.values()), tuple(parents), grades)


def import_oneroster(
    session: Session,
    *,
    school_id: int,
    files: dict[str, str],
    source: str,
    dry_run: bool,
    actor: str,
) -> OneRosterResult:
    """Replaces the school's students and parents with a OneRoster package's, as a new data
    version; classes the package names and the school lacks are added (grade from the package).

    Students are matched by code (identifier, else username, else sourcedId); students missing
    from the package left the school (soft-deleted with the version). A student who stays in
    the same class keeps their subgroups. One transaction: on a problem nothing is written.

    Args:
        session: an open session; the caller commits.
        school_id: the school (the admin's own on the web).
        files: file name -> CSV text.
        source: what the data version says it came from.
        dry_run: work out the changes, write nothing.
        actor: who imports, for the audit log.

    Returns:
        The version and counts.

    Raises:
        OneRosterError: every problem of the package, by file, row and column.
        NotFound: no such school.
        InvalidSnapshot: the resulting data cannot be stored.
    """  # fmt: skip
    school = session.get(School, school_id)
    if school is None or school.deleted_at is not None:
        raise NotFound("school_not_found", [message(N_("There is no such school."))])
    current = build_snapshot(session, school)
    roster = read_package(files)
    known = {c.code for c in current.classes}
    sizes = Counter(s.class_code for s in roster.students)
    shift = current.classes[0].shift if current.classes else "1"
    added = tuple(
        ClassInfo(code, grade, shift, sizes[code])
        for code, grade in sorted(roster.classes.items()) if code not in known and sizes[code]
    )  # fmt: skip
    before = {s.code: s for s in current.students}
    students = tuple(
        replace(s, subgroups=before[s.code].subgroups)
        if s.code in before and before[s.code].class_code == s.class_code else s
        for s in roster.students
    )  # fmt: skip
    updated = replace(current, classes=current.classes + added, students=students,
                      parents=roster.parents)  # fmt: skip
    counts = (len(students), len(roster.parents), tuple(c.code for c in added))
    if not diff_snapshots(current, updated):
        return OneRosterResult(0, dry_run, *counts, changed=False)
    result = apply_snapshot(session, updated, source=source, dry_run=dry_run, actor=actor)
    return OneRosterResult(result.version, dry_run, *counts, changed=True)
