"""Editing a school's data in forms: every save is a new data version with its change list.

An edit never changes rows in place. The current data is read as a snapshot, one item is
replaced (or added, or dropped), and the result is checked the way an import is checked
(field by field, then `models.snapshot_check`, then `solver.store.problem_from_snapshot`)
before `models.apply_snapshot` stores it as a new data version. Any problem refuses the whole
save: nothing is written and every problem is returned at once.

Each kind of item (teachers, classes, rooms, subjects, lessons) is described by a `Kind`
in its own module; this module holds what they share.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from sqlmodel import Session, func, select

from models.db import get_engine
from models.errors import NotFound
from models.history import DataVersion
from models.i18n import N_, Message, message
from models.school import School
from models.school_data import ImportResult, apply_snapshot, read_snapshot
from models.snapshot import BellPeriod, SchoolSnapshot
from models.snapshot_check import check_snapshot
from models.snapshot_codec import canonical_json, encode
from solver.checks import Finding, check_problem
from solver.problem import Problem
from solver.store import ProblemBuildError, problem_from_snapshot
from web.services.data_edit_fields import FieldErrors, Fields, FormValues, Sentence


def _natural(code: str) -> tuple[int, str]:
    return (int(code), "") if code.isdigit() else (10**9, code)


@dataclass(frozen=True)
class SchoolData:
    """The viewer's school and its current data, with the time grid worked out once."""

    school_id: int
    version: int  # the newest data version number (0 before the first import)
    snapshot: SchoolSnapshot

    @property
    def days(self) -> int:
        """Teaching days a week."""
        return self.snapshot.school.days_per_week

    @cached_property
    def shifts(self) -> dict[str, tuple[BellPeriod, ...]]:
        """Shift code -> its bell periods in order; shifts in their natural order."""
        out: dict[str, list[BellPeriod]] = {}
        for bell in self.snapshot.bells:
            out.setdefault(bell.shift, []).append(bell)
        return {
            code: tuple(sorted(out[code], key=lambda b: b.number))
            for code in sorted(out, key=_natural)
        }

    @property
    def periods_a_day(self) -> int:
        """Periods a day over every shift (a teacher may teach in both); 12 without bells."""
        return sum(len(bells) for bells in self.shifts.values()) or 12

    def periods_in(self, shift: str | None) -> int:
        """Periods a day of one shift (the most of any shift for an unknown one)."""
        if shift in self.shifts:
            return len(self.shifts[shift])
        return max((len(b) for b in self.shifts.values()), default=12)

    def codes(self, collection: str) -> list[str]:
        """The codes of a collection ('key' for lessons), in the snapshot's order."""
        attr = "key" if collection == "lessons" else "code"
        return [getattr(item, attr) for item in getattr(self.snapshot, collection)]


def stamp(item: Any) -> str:
    """A short fingerprint of an item, so a save can tell it changed since the form was drawn."""
    text = canonical_json(encode(item))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


Reader = Callable[[SchoolData, Any | None, Fields], tuple[SchoolSnapshot, str]]


@dataclass(frozen=True)
class Kind:
    """One kind of item the forms edit, and how.

    `read` turns the submitted form into the edited snapshot and the item's key (problems
    gather in the `Fields`); `blockers` says why an item may not be removed; `without` is the
    snapshot with the item removed (and what only it used, such as its locks).
    """

    name: str  # as in the address: "teachers"
    collection: str  # the snapshot collection: "teachers"
    entity: str  # the noun in sentences: "teacher"
    key_of: Callable[[Any], str]
    label_of: Callable[[Any], str]
    values: Callable[[SchoolData, Any | None, str], FormValues]  # (data, item or None, hint)
    read: Reader
    blockers: Callable[[SchoolData, Any], list[Message]]
    without: Callable[[SchoolSnapshot, Any], SchoolSnapshot]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Adds a kind to the forms (each kind's module calls this once)."""
    KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> Kind:
    """The kind of item an address names.

    Raises:
        NotFound: no such kind.
    """
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound("no_such_kind", [message(N_("There is no such page."))])
    return kind


def _school(session: Session, school_id: int) -> School:
    school = session.get(School, school_id)
    if school is None or school.deleted_at is not None:
        raise NotFound("school_not_found", [message(N_("There is no such page."))])
    return school


def _newest(session: Session, school_id: int) -> int:
    query = select(func.max(DataVersion.number)).where(DataVersion.school_id == school_id)
    return int(session.exec(query).one() or 0)


def load(session: Session, *, school_id: int) -> SchoolData:
    """The viewer's school's current data.

    Raises:
        NotFound: the school is gone.
    """
    school = _school(session, school_id)
    snapshot = read_snapshot(session, school_code=school.code)
    return SchoolData(school_id, _newest(session, school_id), snapshot)


def find(data: SchoolData, kind: Kind, key: str) -> Any:
    """The item of `kind` with this key in the current data.

    Raises:
        NotFound: there is none (or it was removed).
    """
    for item in getattr(data.snapshot, kind.collection):
        if kind.key_of(item) == key:
            return item
    raise NotFound("item_not_found", [message(N_("There is no such page."))])


def put(snapshot: SchoolSnapshot, collection: str, old: Any | None, new: Any) -> SchoolSnapshot:
    """The snapshot with `old` replaced by `new` in its place (`new` appended when old is None)."""
    items = list(getattr(snapshot, collection))
    if old is None:
        items.append(new)
    else:
        items[items.index(old)] = new
    return _with(snapshot, collection, items)


def _with(snapshot: SchoolSnapshot, collection: str, items: list[Any]) -> SchoolSnapshot:
    changes: dict[str, Any] = {collection: tuple(items)}
    return replace(snapshot, **changes)


def drop(snapshot: SchoolSnapshot, collection: str, keep: Callable[[Any], bool]) -> SchoolSnapshot:
    """The snapshot without the items of `collection` that `keep` refuses."""
    return _with(snapshot, collection, [x for x in getattr(snapshot, collection) if keep(x)])


def _problem(snapshot: SchoolSnapshot) -> Problem:
    """The solver's problem of an edited snapshot, refused as an import would be."""
    problems = check_snapshot(snapshot)
    if problems:
        raise FieldErrors({}, problems)
    try:
        return problem_from_snapshot(snapshot)
    except ProblemBuildError as exc:
        raise FieldErrors({}, exc.problems) from None


# (database url, school id, data version) -> findings; a version's data never changes
_FINDINGS: dict[tuple[str, int, int], tuple[Finding, ...]] = {}


def _remember(school_id: int, version: int, found: tuple[Finding, ...]) -> None:
    if len(_FINDINGS) > 64:
        _FINDINGS.clear()
    _FINDINGS[(str(get_engine().url), school_id, version)] = found


def findings(data: SchoolData) -> tuple[Sentence, ...] | tuple[Finding, ...]:
    """The data checks of the current data: the solver's findings, or why it cannot be built."""
    cached = _FINDINGS.get((str(get_engine().url), data.school_id, data.version))
    if cached is not None:
        return cached
    try:
        found = tuple(check_problem(problem_from_snapshot(data.snapshot)))
    except ProblemBuildError as exc:
        return tuple(exc.problems)
    _remember(data.school_id, data.version, found)
    return found


@dataclass(frozen=True)
class Saved:
    """A stored edit: the new data version and its changes, and data checks it newly raised."""

    key: str
    result: ImportResult
    new_findings: tuple[Finding, ...]


def store_edit(
    session: Session, data: SchoolData, edited: SchoolSnapshot, key: str, actor: str
) -> Saved | None:
    """Checks the edited snapshot as an import would and stores it; None when nothing changed.

    Raises:
        FieldErrors: the edited data repeats a key, refers to something missing, or cannot
            become a timetabling problem; every problem listed, nothing written.
    """
    problem = _problem(edited)
    if edited == data.snapshot:  # the usual "saved without a change", without a diff
        return None
    before = {str(f.message) for f in findings(data) if isinstance(f, Finding)}
    savepoint = session.begin_nested()
    result = apply_snapshot(session, edited, source=f"edited by {actor}", actor=actor)
    if not result.changes:  # only the order of some items differs: no version for that
        savepoint.rollback()
        return None
    savepoint.commit()
    after = tuple(check_problem(problem))
    _remember(data.school_id, result.version, after)
    return Saved(key, result, tuple(f for f in after if str(f.message) not in before))


def _check_form(data: SchoolData, kind: Kind, old: Any | None, fields: Fields) -> None:
    if fields.raw("_form") != kind.name:
        text = N_("The form was incomplete; open the page again and repeat the change.")
        raise FieldErrors({}, [message(text)])
    if old is not None and fields.raw("_stamp") != stamp(old):
        text = N_("Someone else changed {name} while you were editing; open it again.")
        raise FieldErrors({}, [message(text, name=kind.label_of(old))])


def save_item(
    session: Session,
    *,
    data: SchoolData,
    kind: Kind,
    key: str | None,
    form: Mapping[str, Any],
    actor: str,
) -> Saved | None:
    """Stores an edited (key given) or new (key None) item as a new data version.

    Args:
        session: the open session `data` was read in; the caller commits.
        data: the viewer's school's current data, from `load` (never a school the request names).
        kind: what is edited.
        key: the item's key, or None for a new item.
        form: the submitted form.
        actor: the viewer's login (audit log, and the version's source "edited by <login>").

    Returns:
        The new version with its changes, or None when the form changed nothing.

    Raises:
        NotFound: the item is gone.
        FieldErrors: every bad field, and every problem the edited data would have; nothing
            is written.
    """
    old = find(data, kind, key) if key is not None else None
    fields = Fields(form)
    _check_form(data, kind, old, fields)
    edited, new_key = kind.read(data, old, fields)
    if fields.errors or fields.general:
        raise FieldErrors(fields.errors, fields.general)
    return store_edit(session, data, edited, new_key, actor)


def remove_item(
    session: Session, *, data: SchoolData, kind: Kind, key: str, actor: str
) -> Saved | None:
    """Drops an item from the school's data in a new data version (earlier versions keep it).

    Raises:
        NotFound: the item is gone.
        FieldErrors: the item is still in use (each use named); nothing is written.
    """
    item = find(data, kind, key)
    blockers = kind.blockers(data, item)
    if blockers:
        raise FieldErrors({}, blockers)
    return store_edit(session, data, kind.without(data.snapshot, item), key, actor)


def form_for(data: SchoolData, kind: Kind, key: str | None, hint: str = "") -> FormValues:
    """What the form shows for an item (key given) or a new one, with its fingerprint.

    Raises:
        NotFound: no such item.
    """
    item = find(data, kind, key) if key is not None else None
    values = kind.values(data, item, hint)
    values["_stamp"] = stamp(item) if item is not None else ""
    return values


def named_list(names: list[str], limit: int = 8) -> str:
    """Names joined for a sentence, the rest counted ('7A-MATH, 7B-MATH, … (+3)')."""
    shown = ", ".join(names[:limit])
    return f"{shown}, … (+{len(names) - limit})" if len(names) > limit else shown
