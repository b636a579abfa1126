"""aSc lessons (what is taught, how often, in blocks of how many periods) and their cards.

An aSc lesson has one block length (`periodspercard`); our weekly requirement may mix doubles
and singles, so `export_asc` writes such a requirement as two aSc lessons with the same
`partner_id`, and they are joined again here. A card is one period on one or more days
(aSc writes a double as two cards, one per period); cards are grouped back into blocks when
the shifts are known (`read_cards.py`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from importers.asc.document import Document
from importers.asc.read_people import People, unique_rows
from importers.asc.xmltree import Node
from models.snapshot import GroupRef
from solver.messages import N_, msg


@dataclass
class Part:
    """One aSc lesson as read."""

    row: Node
    asc_id: str
    subject: str
    audience: tuple[GroupRef, ...]
    teachers: tuple[str, ...]
    rooms: list[str]  # room codes: the lesson's own, then any its cards use
    length: int  # periods per card
    cards: int  # cards a week (rounded up)
    days: frozenset[int] | None = None  # allowed days, None = any
    days_name: str = ""  # aSc's name for them ("Monday")
    weeks: str = ""  # the weeks its cards are in ("10" = week A); "" = every week
    terms: str = ""
    cells: list[tuple[int, int, str | None]] = field(default_factory=list)  # day, period, room

    @property
    def every_week(self) -> bool:
        return "0" not in self.weeks and "0" not in self.terms


@dataclass
class Course:
    """A weekly requirement: one aSc lesson, or a double part and a single part joined."""

    key: str
    parts: list[Part]  # the double part first


def _defs(doc: Document, table: str, column: str) -> dict[str, list[str]]:
    return {r.get("id"): [x.strip() for x in r.get(column).split(",")] for r in doc.table(table)}


def _pattern(doc: Document, part: Part, defs: dict[str, list[str]], column: str) -> str:
    """The weeks (or terms) of a lesson: its def's first option, "" when that is all of them.

    A def with several options ("10,01": week A or week B) is read as its first option.
    """
    ref = part.row.get(column)
    if not ref:
        return ""
    if ref not in defs:
        doc.warn(
            N_("lesson '{lesson}' names unknown {column} '{ref}'; it is ignored"),
            lesson=part.asc_id,
            column=column,
            ref=ref,
        )
        return ""
    first = defs[ref][0]
    return first if "0" in first else ""


def _audience(doc: Document, row: Node, people: People) -> tuple[GroupRef, ...]:
    classes: list[str] = []
    for ref in doc.ids(row, "classids"):
        if ref in people.classes:
            classes.append(people.classes[ref].code)
        else:
            doc.error(
                row,
                N_("lesson '{lesson}' names unknown class '{ref}'"),
                lesson=row.get("id"),
                ref=ref,
            )
    groups: dict[str, list[str | None]] = {}
    for ref in doc.ids(row, "groupids"):
        if ref not in people.groups:
            doc.error(
                row,
                N_("lesson '{lesson}' names unknown group '{ref}'"),
                lesson=row.get("id"),
                ref=ref,
            )
            continue
        klass, sub = people.groups[ref]
        groups.setdefault(klass, []).append(sub)
        if klass not in classes:
            classes.append(klass)
    out: list[GroupRef] = []
    for klass in classes:
        subs = groups.get(klass, [None])
        if None in subs:
            out.append(GroupRef(klass))
        out.extend(GroupRef(klass, s) for s in dict.fromkeys(subs) if s is not None)
    return tuple(out)


def _refs(doc: Document, row: Node, column: str, table: dict[str, str], what: str) -> list[str]:
    """The codes `column` lists; each unknown one is an error naming `what` (an `N_` msgid)."""
    out = []
    for ref in doc.ids(row, column):
        if ref in table:
            out.append(table[ref])
        else:
            doc.error(
                row,
                N_("lesson '{lesson}' names unknown {what} '{ref}'"),
                lesson=row.get("id"),
                what=msg(what),
                ref=ref,
            )
    return out


def _part(doc: Document, row: Node, people: People) -> Part | None:
    rid = row.get("id")
    subject = people.subjects.get(row.get("subjectid"))
    if subject is None:
        doc.error(
            row,
            N_("lesson '{lesson}' names unknown subject '{ref}'"),
            lesson=rid,
            ref=row.get("subjectid"),
        )
    teachers = _refs(
        doc, row, "teacherids", {k: t.code for k, t in people.teachers.items()}, N_("teacher")
    )
    rooms = _refs(
        doc, row, "classroomids", {k: r.code for k, r in people.rooms.items()}, N_("classroom")
    )
    audience = _audience(doc, row, people)
    length = doc.integer(row, "periodspercard", default=1)
    weekly = doc.number(row, "periodsperweek") if row.get("periodsperweek") else None
    if weekly is None and not row.get("periodsperweek"):
        doc.error(row, N_("lesson '{lesson}' has no periodsperweek"), lesson=rid)
    if length is not None and length < 1:
        doc.error(row, N_("lesson '{lesson}' has periodspercard {value}"), lesson=rid, value=length)
    if subject is None or length is None or length < 1 or weekly is None or weekly < 0:
        return None
    cards = math.ceil(weekly / length - 1e-9)
    if length > 2:
        doc.warn(
            N_(
                "lesson '{lesson}' comes in blocks of {length} periods; read as single periods "
                "that need not stay together"
            ),
            lesson=rid,
            length=length,
        )
        doc.lose("blocks longer than two periods")
    if not math.isclose(cards * length, weekly):
        doc.warn(
            N_(
                "lesson '{lesson}' has {weekly} periods a week in blocks of {length}; read as "
                "{cards} block(s) every week"
            ),
            lesson=rid,
            weekly=weekly,
            length=length,
            cards=cards,
        )
        doc.lose("fractional periods per week")
    return Part(row, rid, subject.code, audience, tuple(teachers), rooms, length, cards)


def read_courses(doc: Document, people: People) -> list[Course]:
    """Every lesson as a course (joined with its other part when `export_asc` split it)."""
    rows = unique_rows(doc, doc.table("lessons"), N_("lesson"))
    days_defs = _defs(doc, "daysdefs", "days")
    weeks_defs, terms_defs = _defs(doc, "weeksdefs", "weeks"), _defs(doc, "termsdefs", "terms")
    days_names = {r.get("id"): r.get("name") or r.get("id") for r in doc.table("daysdefs")}
    parts: list[Part] = []
    for row in rows.values():
        part = _part(doc, row, people)
        if part is None:
            continue
        part.weeks = row.get("weeks") or _pattern(doc, part, weeks_defs, "weeksdefid")
        part.terms = _pattern(doc, part, terms_defs, "termsdefid")
        part.days = _allowed_days(doc, part, days_defs)
        part.days_name = days_names.get(row.get("daysdefid"), "")
        if not part.every_week:
            doc.lose("lessons in some weeks or terms only")
        parts.append(part)
    return _join(parts)


def _allowed_days(doc: Document, part: Part, defs: dict[str, list[str]]) -> frozenset[int] | None:
    """The days a lesson may be on, from its daysdef ("10000,01000" = Monday or Tuesday)."""
    options = defs.get(part.row.get("daysdefid"), [])
    options = [o for o in options if o and "1" in o]
    if not options:
        return None
    if any(o.count("1") > 1 for o in options):
        doc.warn(
            N_(
                "lesson '{lesson}' has cards that span several days at once; each day is read "
                "as its own block"
            ),
            lesson=part.asc_id,
        )
        doc.lose("cards on several days at once")
    days = frozenset(i for o in options for i, bit in enumerate(o) if bit == "1")
    width = max(len(o) for o in options)
    return None if len(days) == width else days


def _same(a: Part, b: Part) -> bool:
    return (a.subject, a.audience, a.teachers, a.rooms) == (
        b.subject,
        b.audience,
        b.teachers,
        b.rooms,
    )


def _join(parts: list[Part]) -> list[Course]:
    """Courses in file order, keyed by partner id when unique, else by aSc lesson id."""
    by_partner: dict[str, list[Part]] = {}
    for p in parts:
        if p.row.get("partner_id"):
            by_partner.setdefault(p.row.get("partner_id"), []).append(p)
    courses: list[Course] = []
    done: set[str] = set()
    for p in parts:
        if p.asc_id in done:
            continue
        group = by_partner.get(p.row.get("partner_id"), [])
        pair = sorted(group, key=lambda x: -x.length)
        if len(pair) == 2 and [x.length for x in pair] == [2, 1] and _same(*pair):
            courses.append(Course(p.row.get("partner_id"), pair))
            done.update(x.asc_id for x in pair)
            continue
        alone = len(group) == 1
        courses.append(Course(p.row.get("partner_id") if alone else p.asc_id, [p]))
        done.add(p.asc_id)
    keys = Counter(c.key for c in courses)
    if any(n > 1 for n in keys.values()):
        for c in courses:
            c.key = c.parts[0].asc_id
    return courses
