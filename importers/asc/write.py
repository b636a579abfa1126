"""Write a timetable as aSc Timetables XML, laid out as aSc's own "aSc Timetables 2012 XML" export.

Every id aSc sees is our code, and `partner_id` (the column aSc keeps for another system's id)
carries it too, so the file reads back with the same codes (`read.py`). A weekly requirement
mixing doubles and singles becomes two aSc lessons (aSc lessons have one block length) with
the same `partner_id`. Cards: one per period of each placed lesson, as aSc writes them.
aSc has one run of periods a day, so a second shift follows the first, numbered from 1 again.
"""

from __future__ import annotations

from pathlib import Path

from importers.asc.read_people import UNLIMITED_SEATS
from importers.asc.write_data import losses
from importers.asc.xmltree import Node, to_xml
from models.snapshot import SchoolSnapshot
from solver.messages import Msg
from solver.problem import Lesson, Problem
from solver.solution import Solution

ROOT_ATTRS = {
    "ascttversion": "2021.6.2",
    "importtype": "database",
    "options": "idprefix:Sabaq,groupstype1,decimalseparatordot",
    "defaultexport": "1",
    "displayname": "Sabaq",
    "displaycountries": "",
}
ANY_DAY, EVERY_WEEK, WHOLE_YEAR = "D-any", "W-all", "T-all"
_ENTIRE_CLASS = {"kk": "Бүкіл сынып", "ru": "Весь класс", "en": "Entire class"}


def _table(name: str, rows: list[dict[str, str]], row_tag: str, columns: str) -> Node:
    node = Node(name, {"options": "canadd,export:silent", "columns": columns}, 0)
    node.children = [Node(row_tag, r, 0) for r in rows]
    return node


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _time_tables(problem: Problem) -> list[Node]:
    periods = [
        {
            "period": str(i + 1),
            "name": str(problem.periods[pid].number),
            "short": str(problem.periods[pid].number),
            "starttime": _clock(problem.periods[pid].start),
            "endtime": _clock(problem.periods[pid].end),
        }
        for i, pid in enumerate(_period_order(problem))
    ]
    n = len(problem.days)
    one = ["".join("1" if d == day else "0" for d in range(n)) for day in range(n)]
    days = [{"id": ANY_DAY, "name": "Any day", "short": "X", "days": ",".join(one)}]
    days.append({"id": "D-every", "name": "Every day", "short": "E", "days": "1" * n})
    days += [
        {"id": f"D-{d + 1}", "name": name, "short": name[:2], "days": one[d]}
        for d, name in enumerate(problem.days)
    ]
    weeks = [{"id": EVERY_WEEK, "name": "Every week", "short": "All", "weeks": "1"}]
    terms = [{"id": WHOLE_YEAR, "name": "Whole year", "short": "Year", "terms": "1"}]
    return [
        _table("periods", periods, "period", "period,name,short,starttime,endtime"),
        _table("daysdefs", days, "daysdef", "id,days,name,short"),
        _table("weeksdefs", weeks, "weeksdef", "id,weeks,name,short"),
        _table("termsdefs", terms, "termsdef", "id,terms,name,short"),
    ]


def _period_order(problem: Problem) -> list[int]:
    """Period ids shift by shift: aSc period numbers 1..N in this order."""
    return [pid for shift in problem.shifts for pid in shift.periods]


def _people_tables(problem: Problem, snapshot: SchoolSnapshot | None) -> list[Node]:
    contact = {t.code: (t.email, t.phone) for t in snapshot.teachers} if snapshot else {}
    subjects = [
        {"id": asc_id(s.code), "name": s.name, "short": s.name, "partner_id": s.code}
        for s in problem.subjects
    ]
    teachers = [
        {
            "id": asc_id(t.code),
            "name": t.name,
            "short": t.name,
            "email": contact.get(t.code, ("", ""))[0],
            "mobile": contact.get(t.code, ("", ""))[1],
            "partner_id": t.code,
        }
        for t in problem.teachers
    ]
    buildings = [
        {"id": asc_id(b.code), "name": b.name, "partner_id": b.code} for b in problem.buildings
    ]
    rooms = [
        {
            "id": asc_id(r.code),
            "name": r.name,
            "short": r.code,
            "capacity": "*" if r.capacity >= UNLIMITED_SEATS else str(r.capacity),
            "buildingid": asc_id(problem.buildings[r.building].code) if problem.buildings else "*",
            "partner_id": r.code,
        }
        for r in problem.rooms
    ]
    return [
        _table("subjects", subjects, "subject", "id,name,short,partner_id"),
        _table("teachers", teachers, "teacher", "id,name,short,email,mobile,partner_id"),
        _table("buildings", buildings, "building", "id,name,partner_id"),
        _table("classrooms", rooms, "classroom", "id,name,short,capacity,buildingid,partner_id"),
    ]


def asc_id(code: str) -> str:
    """A code as an aSc id: commas separate ids in lists, so they (and %) are escaped."""
    return code.replace("%", "%25").replace(",", "%2C")


def entire_id(class_code: str) -> str:
    """The aSc id of a class's "entire class" group."""
    return asc_id(f"{class_code}:*")


def group_id(problem: Problem, g: int) -> str:
    """The aSc id of a subgroup: "class:division:group", which `read.py` reads back."""
    group = problem.groups[g]
    return asc_id(f"{problem.classes[group.class_id].code}:{group.division}:{group.name}")


def _group_rows(problem: Problem, snapshot: SchoolSnapshot | None) -> list[dict[str, str]]:
    """Each class's "entire class" group, then its subgroups, one divisiontag per division."""
    language = snapshot.school.language if snapshot else "en"
    members: dict[tuple[str, str, str], list[str]] = {}
    for s in snapshot.students if snapshot else ():
        for division, sub in s.subgroups:
            members.setdefault((s.class_code, division, sub), []).append(asc_id(s.code))
    groups = []
    for c in problem.classes:
        groups.append(
            {
                "id": entire_id(c.code),
                "classid": asc_id(c.code),
                "name": _ENTIRE_CLASS.get(language, _ENTIRE_CLASS["en"]),
                "entireclass": "1",
                "divisiontag": "0",
                "studentcount": str(c.size),
                "studentids": "",
            }
        )
        mine = [g for g in problem.groups if g.class_id == c.id]
        tags = {d: i + 1 for i, d in enumerate(dict.fromkeys(g.division for g in mine))}
        groups += [
            {
                "id": group_id(problem, g.id),
                "classid": asc_id(c.code),
                "name": g.name,
                "entireclass": "0",
                "divisiontag": str(tags[g.division]),
                "studentcount": str(g.size),
                "studentids": ",".join(members.get((c.code, g.division, g.name), [])),
            }
            for g in mine
        ]
    return groups


def _class_tables(problem: Problem, snapshot: SchoolSnapshot | None) -> list[Node]:
    grades = [
        {"grade": str(g), "name": str(g), "short": str(g)}
        for g in sorted({c.grade for c in problem.classes})
    ]
    classes = [
        {
            "id": asc_id(c.code),
            "name": c.code,
            "short": c.code,
            "classroomids": "" if c.home_room is None else asc_id(problem.rooms[c.home_room].code),
            "teacherid": "",
            "grade": str(c.grade),
            "partner_id": c.code,
        }
        for c in problem.classes
    ]
    students = [
        {
            "id": asc_id(s.code),
            "classid": asc_id(s.class_code),
            "name": s.name,
            "partner_id": s.code,
        }
        for s in (snapshot.students if snapshot else ())
    ]
    group_columns = "id,classid,name,entireclass,divisiontag,studentcount,studentids"
    return [
        _table("grades", grades, "grade", "grade,name,short"),
        _table(
            "classes", classes, "class", "id,name,short,classroomids,teacherid,grade,partner_id"
        ),
        _table("groups", _group_rows(problem, snapshot), "group", group_columns),
        _table("students", students, "student", "id,classid,name,partner_id"),
    ]


def course_key(problem: Problem, snapshot: SchoolSnapshot | None, course: int) -> str:
    """Our key of a weekly requirement: the snapshot's, else "C<n>" by course number."""
    if snapshot is not None and course < len(snapshot.lessons):
        return snapshot.lessons[course].key
    return f"C{course + 1}"


def lesson_parts(problem: Problem, snapshot: SchoolSnapshot | None) -> dict[tuple[int, int], str]:
    """(course, block length) -> aSc lesson id; "key#length" when a course has two lengths."""
    lengths: dict[int, list[int]] = {}
    for lesson in problem.lessons:
        seen = lengths.setdefault(lesson.course, [])
        if lesson.length not in seen:
            seen.append(lesson.length)
    out = {}
    for course, seen in lengths.items():
        key = course_key(problem, snapshot, course)
        for length in seen:
            out[(course, length)] = asc_id(key if len(seen) == 1 else f"{key}#{length}")
    return out


def _lesson_row(
    problem: Problem, lesson: Lesson, lesson_id: str, key: str, count: int
) -> dict[str, str]:
    classes = list(dict.fromkeys(problem.classes[c].code for c in problem.audience_classes(lesson)))
    groups = [entire_id(problem.classes[c].code) for c in lesson.classes]
    groups += [group_id(problem, g) for g in lesson.groups]
    return {
        "id": lesson_id,
        "subjectid": asc_id(problem.subjects[lesson.subject].code),
        "classids": ",".join(asc_id(c) for c in classes),
        "groupids": ",".join(groups),
        "teacherids": ",".join(asc_id(problem.teachers[t].code) for t in lesson.teachers),
        "classroomids": ",".join(asc_id(problem.rooms[r].code) for r in lesson.rooms),
        "periodspercard": str(lesson.length),
        "periodsperweek": f"{count * lesson.length}.0",
        "daysdefid": ANY_DAY,
        "weeksdefid": EVERY_WEEK,
        "termsdefid": WHOLE_YEAR,
        "partner_id": key,
    }


_LESSON_COLUMNS = (
    "id,subjectid,classids,groupids,teacherids,classroomids,periodspercard,periodsperweek,"
    "daysdefid,weeksdefid,termsdefid,partner_id"
)


def _lesson_tables(
    problem: Problem, snapshot: SchoolSnapshot | None, solution: Solution
) -> list[Node]:
    parts = lesson_parts(problem, snapshot)
    counts: dict[str, int] = {}
    first: dict[str, Lesson] = {}
    for lesson in problem.lessons:
        part = parts[(lesson.course, lesson.length)]
        counts[part] = counts.get(part, 0) + 1
        first.setdefault(part, lesson)
    lessons = [
        _lesson_row(
            problem, lesson, part, course_key(problem, snapshot, lesson.course), counts[part]
        )
        for part, lesson in first.items()
    ]
    value = {pid: i + 1 for i, pid in enumerate(_period_order(problem))}
    n = len(problem.days)
    cards = []
    for p in sorted(solution.placements, key=lambda p: (p.lesson, p.day, p.period)):
        lesson = problem.lessons[p.lesson]
        for pid in problem.covered(lesson, p.period):
            cards.append(
                {
                    "lessonid": parts[(lesson.course, lesson.length)],
                    "period": str(value[pid]),
                    "days": "".join("1" if d == p.day else "0" for d in range(n)),
                    "weeks": "1",
                    "terms": "1",
                    "classroomids": "" if p.room is None else asc_id(problem.rooms[p.room].code),
                }
            )
    return [
        _table("lessons", lessons, "lesson", _LESSON_COLUMNS),
        _table("cards", cards, "card", "lessonid,period,days,weeks,terms,classroomids"),
    ]


def export_asc(
    problem: Problem, solution: Solution, out: Path, snapshot: SchoolSnapshot | None = None
) -> list[Msg]:
    """Write `problem` and its placed lessons as an aSc Timetables XML file for aSc to import.

    Args:
        problem: the timetable's data (names, rooms, groups, lessons).
        solution: its placements; unplaced lessons get no card (aSc lists them as unplaced).
        out: the .xml file to write.
        snapshot: the school as read, when there is one: gives lesson keys, students,
            teachers' e-mail and phone, and the language of "entire class" group names.

    Returns:
        What the file cannot carry (aSc XML has no time off, limits or travel times), in words.
    """
    root = Node("timetable", dict(ROOT_ATTRS), 0)
    root.children = [
        *_time_tables(problem),
        *_people_tables(problem, snapshot),
        *_class_tables(problem, snapshot),
        *_lesson_tables(problem, snapshot, solution),
    ]
    out.write_text(to_xml(root), encoding="utf-8")
    return losses(problem)
