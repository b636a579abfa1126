"""Writes a checked snapshot into the live rows: upsert by stable key, soft-delete the rest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models.curriculum import Bell, Rule, Subject
from models.places import Building, Room, Travel
from models.school import AcademicYear, Holiday, SchoolSettings, Term
from models.snapshot import SchoolSnapshot
from models.snapshot_codec import Key, canonical_json, encode

Rows = dict[Key, Any]


@dataclass
class WriteContext:
    session: Session
    school_id: int
    now: datetime
    # collection -> stable key -> row id, for the rows the snapshot keeps
    ids: dict[str, dict[Key, int]] = field(default_factory=dict)

    def id_of(self, collection: str, *key: Any) -> int:
        return self.ids[collection][tuple(key)]


def load_rows(ctx: WriteContext, model: Any) -> list[Any]:
    """Every row of `model` for the school, deleted ones too, oldest first."""
    query = select(model).where(model.school_id == ctx.school_id).order_by(col(model.id))
    return list(ctx.session.exec(query).all())


def _sync(ctx: WriteContext, model: Any, keyed: Iterable[tuple[Key, Any]], wanted: Rows) -> Rows:
    """Upserts `wanted` (key -> column values), revives matches, soft-deletes the rest."""
    existing: Rows = {}
    extra = []
    for key, row in keyed:
        kept = existing.get(key)
        if kept is None:
            existing[key] = row
        elif kept.deleted_at is not None and row.deleted_at is None:
            existing[key] = row  # prefer the live one of two rows with one key
            extra.append(kept)
        else:
            extra.append(row)
    out: Rows = {}
    for key, values in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            row = model(school_id=ctx.school_id, **values)
            ctx.session.add(row)
        else:
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
            row.deleted_at = None
        out[key] = row
    for row in [*existing.values(), *extra]:
        if row.deleted_at is None:
            row.deleted_at = ctx.now
    ctx.session.flush()
    return out


def sync(
    ctx: WriteContext, collection: str, model: Any, key_of: Callable[[Any], Key], wanted: Rows
) -> Rows:
    """Upserts the rows of one collection and records their ids in `ctx.ids`."""
    rows = _sync(ctx, model, ((key_of(r), r) for r in load_rows(ctx, model)), wanted)
    ctx.ids[collection] = {key: row.id for key, row in rows.items()}
    return rows


def replace_links(
    ctx: WriteContext, model: Any, owner: str, wanted: dict[int, list[dict[str, Any]]]
) -> None:
    """Makes each owner's link rows equal `wanted` (in order); unchanged lists stay as they are."""
    current: dict[int, list[Any]] = defaultdict(list)
    for row in sorted(load_rows(ctx, model), key=lambda r: (r.position, r.id)):
        current[getattr(row, owner)].append(row)
    stale: list[Any] = []
    fresh: list[Any] = []
    for owner_id, items in wanted.items():
        rows = current.get(owner_id, [])
        same = len(rows) == len(items) and all(
            all(getattr(row, k) == v for k, v in item.items())
            for row, item in zip(rows, items, strict=True)
        )
        if not same:
            stale += rows
            fresh += [
                model(school_id=ctx.school_id, position=position, **{owner: owner_id}, **item)
                for position, item in enumerate(items)
            ]
    for row in stale:
        ctx.session.delete(row)
    ctx.session.flush()
    ctx.session.add_all(fresh)
    ctx.session.flush()


def code_key(row: Any) -> Key:
    """The stable key of a row with a code and a name: the code, else the name."""
    return (row.code or row.name,)


def id_keys(ctx: WriteContext, model: Any, key_of: Callable[[Any], Key]) -> dict[int, Key]:
    return {row.id: key_of(row) for row in load_rows(ctx, model)}


def _academic_year(day: date) -> tuple[str, date, date]:
    first = day.year if day.month >= 8 else day.year - 1  # the school year starts in September
    return f"{first}-{first + 1}", date(first, 9, 1), date(first + 1, 8, 31)


def write_settings(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """The school's settings row, created on first import."""
    rows = load_rows(ctx, SchoolSettings)
    row = rows[0] if rows else SchoolSettings(school_id=ctx.school_id)
    values = snapshot.settings
    row.class_no_gaps = values.class_no_gaps
    row.late_after = values.late_after
    row.max_building_changes = values.max_building_changes
    if row.weights != dict(values.weights):
        row.weights = dict(values.weights)
    ctx.session.add(row)
    ctx.session.flush()


def write_terms(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Academic years (derived from term dates), terms, and each term's holidays."""
    years = {}
    for term in snapshot.terms:
        name, start, end = _academic_year(term.start)
        years[(name,)] = {"name": name, "starts_on": start, "ends_on": end}
    year_rows = sync(ctx, "years", AcademicYear, lambda r: (r.name,), years)
    wanted = {
        (t.name,): {
            "name": t.name,
            "starts_on": t.start,
            "ends_on": t.end,
            "academic_year_id": year_rows[(_academic_year(t.start)[0],)].id,
        }
        for t in snapshot.terms
    }
    terms = sync(ctx, "terms", Term, lambda r: (r.name,), wanted)
    holidays = {
        terms[(t.name,)].id: [
            {"name": h.name, "starts_on": h.start, "ends_on": h.end} for h in t.holidays
        ]
        for t in snapshot.terms
    }
    replace_links(ctx, Holiday, "term_id", holidays)


def write_places(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Buildings, travel minutes and rooms."""
    wanted = {
        (b.code or b.name,): {"code": b.code, "name": b.name, "address": b.address}
        for b in snapshot.buildings
    }
    sync(ctx, "buildings", Building, code_key, wanted)
    building_keys = id_keys(ctx, Building, code_key)
    travel = {
        (t.a, t.b): {
            "building_a_id": ctx.id_of("buildings", t.a),
            "building_b_id": ctx.id_of("buildings", t.b),
            "minutes": t.minutes,
        }
        for t in snapshot.travel
    }
    sync(
        ctx,
        "travel",
        Travel,
        lambda r: (*building_keys[r.building_a_id], *building_keys[r.building_b_id]),
        travel,
    )
    rooms = {
        (r.code or r.name,): {
            "code": r.code,
            "name": r.name,
            "building_id": ctx.id_of("buildings", r.building),
            "capacity": r.capacity,
            "kind": r.kind,
            "unavailable": encode(r.unavailable),
        }
        for r in snapshot.rooms
    }
    sync(ctx, "rooms", Room, code_key, rooms)


def write_curriculum(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    """Subjects, bell periods and rule rows."""
    subjects = {
        (s.code or s.name,): {
            "code": s.code,
            "name": s.name,
            "hard": s.hard,
            "room_kind": s.room_kind,
        }
        for s in snapshot.subjects
    }
    sync(ctx, "subjects", Subject, code_key, subjects)
    bells = {
        (b.shift, b.number): {
            "shift": b.shift,
            "number": b.number,
            "starts_at": b.start,
            "ends_at": b.end,
        }
        for b in snapshot.bells
    }
    sync(ctx, "bells", Bell, lambda r: (r.shift, r.number), bells)
    _write_rules(ctx, snapshot)


def _rule_key(kind: str, params: Any) -> Key:
    return (kind, canonical_json(encode(params)))


def _write_rules(ctx: WriteContext, snapshot: SchoolSnapshot) -> None:
    wanted: Rows = {}
    seen: dict[Key, int] = defaultdict(int)
    for rule in snapshot.rules:
        key = _rule_key(rule.kind, rule.params)
        wanted[(*key, seen[key])] = {
            "kind": rule.kind,
            "params": encode(rule.params),
            "weight": rule.weight,
            "active": rule.active,
        }
        seen[key] += 1
    # live rows take the low ordinals so that unchanged rules keep their rows
    rows = sorted(load_rows(ctx, Rule), key=lambda r: (r.deleted_at is not None, r.id))
    counts: dict[Key, int] = defaultdict(int)
    keyed = []
    for row in rows:
        key = _rule_key(row.kind, row.params)
        keyed.append(((*key, counts[key]), row))
        counts[key] += 1
    _sync(ctx, Rule, keyed, wanted)
