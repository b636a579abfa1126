"""Import a roster into a school's current data: one new data version, or every problem."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from os import PathLike
from typing import Any

from sqlmodel import Session, col, func, select

from importers.roster.changes import ADDED, CHANGED, LEFT, RosterChange, describe
from importers.roster.reader import read_roster
from models.account_bulk import BulkRow, bulk_create_accounts
from models.account_logins import Slip
from models.accounts import PARENT, STUDENT
from models.changes import diff_snapshots
from models.errors import NotFound
from models.history import DataVersion
from models.i18n import N_, Message, message
from models.people import Parent, Student
from models.school import School
from models.school_data import apply_snapshot
from models.snapshot import SchoolSnapshot
from models.snapshot_read import build_snapshot
from solver.messages import Msg

Note = Msg | Message


@dataclass(frozen=True)
class RosterResult:
    """What a roster import did (or, in a dry run, would do)."""

    school_code: str
    version: int  # the new data version (in a dry run: the number it would get; unchanged: now)
    dry_run: bool
    changes: tuple[RosterChange, ...] = ()
    notes: tuple[Note, ...] = ()
    slips: tuple[Slip, ...] = field(default_factory=tuple)

    def count(self, entity: str, action: str) -> int:
        """How many students or parents were added, changed (at least one field) or left."""
        return len({c.key for c in self.changes if (c.entity, c.action) == (entity, action)})

    def summary(self) -> Message:
        """One sentence: nothing changed, or what the new data version holds."""
        if not self.changes:
            return message(N_("Nothing changed: the roster matches the school data."))
        template = (
            N_("Dry run: data version {version} would bring students: {added} new, {changed} "
               "changed, {left} left the school; parents: {p_added} new, {p_changed} changed, "
               "{p_left} removed.")
            if self.dry_run
            else N_("Data version {version}: students: {added} new, {changed} changed, {left} "
                    "left the school; parents: {p_added} new, {p_changed} changed, {p_left} "
                    "removed.")
        )  # fmt: skip
        return message(
            template, version=self.version,
            added=self.count("student", ADDED), changed=self.count("student", CHANGED),
            left=self.count("student", LEFT), p_added=self.count("parent", ADDED),
            p_changed=self.count("parent", CHANGED), p_left=self.count("parent", LEFT),
        )  # fmt: skip


def _school(session: Session, school_id: int) -> School:
    school = session.get(School, school_id)
    if school is None or school.deleted_at is not None:
        raise NotFound("school_not_found", [message(N_("There is no such school."))])
    return school


def data_version_now(session: Session, *, school_id: int) -> int:
    """The number of the school's latest data version (0 before its first import)."""
    query = select(func.max(DataVersion.number)).where(DataVersion.school_id == school_id)
    return int(session.exec(query).one() or 0)


def roster_counts(session: Session, *, school_id: int) -> tuple[int, int]:
    """How many students and parents the school has now (live rows)."""
    counts = []
    for model in (Student, Parent):
        query = select(func.count()).where(
            model.school_id == school_id, col(model.deleted_at).is_(None)
        )
        counts.append(int(session.exec(query).one()))
    return counts[0], counts[1]


def _notes(ignored: tuple[str, ...], skipped: int) -> list[Note]:
    notes: list[Note] = []
    if ignored:
        text = N_("Only the Students and Parents sheets were read; these sheets were skipped: "
                  "{sheets}.")  # fmt: skip
        notes.append(message(text, sheets=", ".join(ignored)))
    if skipped:
        text = N_("{count} new people have no code, so no account was made for them; give them "
                  "codes to create their accounts.")  # fmt: skip
        notes.append(message(text, count=skipped))
    return notes


def import_roster(
    session: Session,
    *,
    school_id: int,
    path: str | PathLike[str],
    source: str,
    dry_run: bool,
    actor: str,
    accounts: bool = False,
    today: date | None = None,
) -> RosterResult:
    """Replace the school's students and parents with a roster's, as a new data version.

    Everything else of the school's data is kept as it is. People are matched by code (by full
    name when they have none); students missing from the roster left the school and are
    soft-deleted, never removed; every change is recorded on the new data version. All of it
    happens in the session's transaction (the caller commits); on a problem nothing is written.

    Args:
        session: an open session.
        school_id: the school (the viewer's own, on the web).
        path: the roster workbook.
        source: what the data version says it came from ("roster: 7A.xlsx").
        dry_run: work out the changes, write nothing.
        actor: who imports (a login), for the audit log.
        accounts: also create accounts for the new students and parents who have a code.
        today: for birth dates in the future (default: today).

    Returns:
        The version and the changes; the new accounts' slips when `accounts` was asked for.

    Raises:
        WorkbookError: every problem of the workbook, by sheet, row and column.
        NotFound: no such school.
        InvalidSnapshot, BulkError: the data or the new accounts cannot be stored.
    """
    school = _school(session, school_id)
    current = build_snapshot(session, school)
    roster = read_roster(path, classes=current.classes, subgroups=current.subgroups,
                         students_now=len(current.students), today=today)  # fmt: skip
    updated = replace(current, students=roster.students, parents=roster.parents)
    if not diff_snapshots(current, updated):
        notes = tuple(_notes(roster.ignored_sheets, 0))
        version = data_version_now(session, school_id=school_id)
        return RosterResult(school.code, version, dry_run, notes=notes)
    result = apply_snapshot(session, updated, source=source, dry_run=dry_run, actor=actor)
    changes = describe(result.changes, current, updated)
    slips: list[Slip] = []
    skipped = 0
    if accounts and not dry_run:
        slips, skipped = _new_accounts(session, school_id, changes, updated, actor)
    notes = tuple(_notes(roster.ignored_sheets, skipped))
    return RosterResult(school.code, result.version, dry_run, tuple(changes), notes, tuple(slips))


def _new_accounts(
    session: Session,
    school_id: int,
    changes: list[RosterChange],
    snapshot: SchoolSnapshot,
    actor: str,
) -> tuple[list[Slip], int]:
    """Accounts for the added students and parents that have a code (accounts link by code)."""
    added = {(c.entity, c.key) for c in changes if c.action == ADDED}
    people: list[tuple[str, Any]] = [
        *((STUDENT, s) for s in snapshot.students if ("student", s.code or s.name) in added),
        *((PARENT, p) for p in snapshot.parents if ("parent", p.code or p.name) in added),
    ]
    rows = [
        BulkRow(row=n, role=role, name=person.name, code=person.code,
                email=getattr(person, "email", ""))
        for n, (role, person) in enumerate(people, start=1)
        if person.code
    ]  # fmt: skip
    if not rows:
        return [], len(people)
    slips = bulk_create_accounts(session, school_id=school_id, rows=rows, actor=actor)
    return slips, len(people) - len(rows)
