"""Conditions <-> rule rows {kind, params, weight} that name things by stable codes.

A school's extra rules, and the constraints of files from other programs, are stored as rule
rows (`models.snapshot.RuleRow`): a kind, JSON parameters and a weight. This module turns each
`solver.conditions` kind into such a row and back. Parameters name lessons by requirement key
("7A-MATH": every unit of it; ["7A-MATH", 0]: its first unit, doubles first), teachers, rooms
and classes by code, students as "7A" or {"class": "7A", "subgroups": {"lang": "kz"}}, and
slots as [day, shift, period] (day 0 = Monday, the shift's code, the period's number).

The weight is the cost of each unit of violation (the unit each kind states below); empty
(None) means the rule must hold. A FET constraint at 100 % is such a rule; below 100 % its
percentage is its weight (`importers.fet.rules.weight_of`). Every row may carry "note", a
text that names the rule in sentences about it (else "Rule 3 (SameStart)", by its position).
Decoding reports every problem of every row at once.

Kinds, in school words, with their parameters and the unit a weight is paid per:

MinDaysApart  These lessons are at least `days` days apart; with adjacent_if_same_day, two
              of them on one day must be back to back. Unit: each pair too close.
SameStart     These lessons start together: `what` = slot (same day and period, the
              default), day, or period (same period number on any day). Unit: each lesson off.
NoOverlap     No two of these lessons at the same time. Unit: each overlapping pair.
Block         These 2 or 3 lessons run back to back on one day, in the order given unless
              `ordered` is false. Unit: 1.
Before        Lesson `first` ends before lesson `second` starts in the week. Unit: 1.
StartsIn      These lessons start at one of `slots` (or on one of `days`); with `whole`,
              every period they take lies inside them. Unit: each lesson outside.
EndsDay       Nothing follows these lessons in their students' day. Unit: each lesson.
MinGap        Two of these lessons on one day have at least `periods` free periods
              between them. Unit: each pair too close.
Limit         A limit on one teacher's (`teacher`) or every student's of a class or
              subgroup (`students`) week: `measure` at most / at least `value`, counting
              only `lessons` when given. Unit: as the measure says (one per period, day or
              gap over the limit).
PreferRooms   These lessons are held in one of `rooms`; a wish, so it needs a weight.
              Unit: each lesson held elsewhere.
Spread        Between `least` (default 0) and `most` (default 1) of these lessons start in
              each of `groups` (lists of slots, e.g. one per day). Unit: each lesson short
              or over, per group.

Limit measures: max_per_day, min_per_day (allow_empty: days without lessons are fine),
max_continuous, max_days, min_days, max_gaps_day, max_gaps_week, max_late_starts,
interval_max_days (days with a lesson in periods from_period..to_period, counted from 1),
max_building_changes_day, max_building_changes_week, min_gap_building_change. "lessons"
limits a measure to those lessons; "skip" lists slots the gap measures leave out of the day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, get_args

from solver.conditions import (
    Before,
    Block,
    Condition,
    EndsDay,
    Limit,
    Measure,
    MinDaysApart,
    MinGap,
    NoOverlap,
    PreferRooms,
    SameStart,
    Spread,
    StartsIn,
)
from solver.messages import msg
from solver.rule_names import Names, suggestion
from solver.rule_params import ParamReader, RuleProblem, Slot

__all__ = ["KINDS", "EncodedRule", "Names", "RuleProblem", "decode_rules", "encode_condition"]

MEASURES: tuple[str, ...] = get_args(Measure)
NOTE = "note"


@dataclass(frozen=True, slots=True)
class EncodedRule:
    """A condition as a rule row: kind, JSON-ready parameters, weight (None = must hold)."""

    kind: str
    params: dict[str, Any]
    weight: int | None


Decoder = Callable[[ParamReader], list[Condition] | None]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of rule: its parameters (in the order written) and how to read them."""

    name: str
    params: tuple[str, ...]
    decode: Decoder
    soft_only: bool = False


def _done(r: ParamReader, *conds: Condition) -> list[Condition] | None:
    return None if r.problems else list(conds)


def _min_days(r: ParamReader) -> list[Condition] | None:
    lessons, days = r.lessons("lessons", 2), r.integer("days")
    adjacent = r.boolean("adjacent_if_same_day", False)
    return _done(r, MinDaysApart(lessons or (), days or 0, adjacent))


def _same_start(r: ParamReader) -> list[Condition] | None:
    lessons, what = r.lessons("lessons", 2), r.choice("what", ("slot", "day", "period"), "slot")
    return _done(r, SameStart(lessons or (), what))  # type: ignore[arg-type]


def _no_overlap(r: ParamReader) -> list[Condition] | None:
    return _done(r, NoOverlap(r.lessons("lessons", 2) or ()))


def _block(r: ParamReader) -> list[Condition] | None:
    lessons, ordered = r.lessons("lessons", 2, 3), r.boolean("ordered", True)
    return _done(r, Block(lessons or (), ordered))


def _before(r: ParamReader) -> list[Condition] | None:
    first, second = r.one_lesson("first"), r.one_lesson("second")
    return _done(r, Before(first or 0, second or 0))


def _starts_in(r: ParamReader) -> list[Condition] | None:
    lessons = r.lessons("lessons")
    slots = r.days("days") if r.has("days") and not r.has("slots") else r.slots("slots")
    return _done(r, StartsIn(lessons or (), slots or frozenset(), r.boolean("whole", False)))


def _ends_day(r: ParamReader) -> list[Condition] | None:
    return _done(r, EndsDay(r.lessons("lessons") or ()))


def _min_gap(r: ParamReader) -> list[Condition] | None:
    lessons, periods = r.lessons("lessons", 2), r.integer("periods", 1)
    return _done(r, MinGap(lessons or (), periods or 1))


def _limit(r: ParamReader) -> list[Condition] | None:
    if r.has("teacher") == r.has("students"):
        r.problem(msg("give either 'teacher' or 'students'"))
        return None
    t = r.teacher("teacher") if r.has("teacher") else None
    atoms = r.students("students") if r.has("students") else ()
    measure = r.choice("measure", MEASURES)
    value = r.integer("value")
    lessons = r.lessons("lessons", required=False) if r.has("lessons") else None
    interval = measure == "interval_max_days"
    start = r.integer("from_period", 1, None if interval else 1) or 1
    end = r.integer("to_period", 1, None if interval else 0) or 0
    skip = r.slots("skip", required=False) or frozenset()
    if r.problems:
        return None
    shape = {
        "measure": measure,
        "value": value or 0,
        "lessons": None if lessons is None else frozenset(lessons),
        "allow_empty": r.boolean("allow_empty", True),
        "start": start - 1 if interval else 0,
        "end": end if interval else 0,
        "skip": skip,
    }
    who = [("teacher", t)] if t is not None else [("atom", a) for a in atoms or ()]
    return [Limit(w, **shape) for w in who]  # type: ignore[arg-type]


def _prefer_rooms(r: ParamReader) -> list[Condition] | None:
    return _done(r, PreferRooms(r.lessons("lessons") or (), r.rooms("rooms") or frozenset()))


def _spread(r: ParamReader) -> list[Condition] | None:
    lessons, groups = r.lessons("lessons"), r.slot_groups("groups")
    least, most = r.integer("least", 0, 0), r.integer("most", 0, 1)
    return _done(r, Spread(lessons or (), groups or (), least or 0, most or 0))


_LIMIT_PARAMS = ("teacher", "students", "measure", "value", "lessons", "allow_empty")
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("MinDaysApart", ("lessons", "days", "adjacent_if_same_day"), _min_days),
        Kind("SameStart", ("lessons", "what"), _same_start),
        Kind("NoOverlap", ("lessons",), _no_overlap),
        Kind("Block", ("lessons", "ordered"), _block),
        Kind("Before", ("first", "second"), _before),
        Kind("StartsIn", ("lessons", "slots", "days", "whole"), _starts_in),
        Kind("EndsDay", ("lessons",), _ends_day),
        Kind("MinGap", ("lessons", "periods"), _min_gap),
        Kind("Limit", (*_LIMIT_PARAMS, "from_period", "to_period", "skip"), _limit),
        Kind("PreferRooms", ("lessons", "rooms"), _prefer_rooms, soft_only=True),
        Kind("Spread", ("lessons", "groups", "least", "most"), _spread),
    )
}
"""Every kind a rule row may have, by name."""


def _asc_lesson_days(params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """aSc's "this lesson only on these days" rows (`importers.asc`) as StartsIn."""
    key, first = params.get("lesson"), params.get("first_unit", 0)
    count = params.get("units", 1)
    units = [[key, u] for u in range(first, first + count)] if isinstance(first, int) else []
    if not isinstance(count, int):
        units = []
    return "StartsIn", {"lessons": units, "days": params.get("days"), "whole": True}


LEGACY: dict[str, Callable[[Mapping[str, Any]], tuple[str, dict[str, Any]]]] = {
    "asc_lesson_days": _asc_lesson_days,
}
"""Kinds stored by earlier importers, read as the kind they mean."""


def _decode_one(
    index: int, kind: str, params: object, weight: object, names: Names
) -> tuple[list[Condition], list[RuleProblem]]:
    """The conditions of one row (a students Limit gives one per student atom)."""
    shown = kind
    if not isinstance(params, Mapping):
        text = msg(
            "the parameters must be a JSON object like {example}", example='{"teacher": "T01"}'
        )
        return [], [RuleProblem(index, shown, "params", text)]
    if kind in LEGACY:
        kind, params = LEGACY[kind](params)
    spec = KINDS.get(kind)
    if spec is None:
        text = msg(
            "unknown kind '{kind}'; the kinds are: {kinds}", kind=kind, kinds=", ".join(KINDS)
        )
        return [], [RuleProblem(index, shown, "kind", text, suggestion(kind, KINDS))]
    reader = ParamReader(index, shown, params, names)
    reader.unknown((*spec.params, NOTE))
    if weight is not None and (
        not isinstance(weight, int) or isinstance(weight, bool) or weight < 1
    ):
        text = msg("the weight must be a whole number of at least 1 (empty: the rule must hold)")
        reader.problem(text, column="weight")
    elif weight is None and spec.soft_only:
        text = msg(
            "{kind} is a wish and needs a weight; to require rooms, list them in the "
            "lesson's rooms",
            kind=kind,
        )
        reader.problem(text, column="weight")
    found = spec.decode(reader)
    if reader.problems or found is None:
        return [], reader.problems
    note = reader.text(NOTE)
    label = note or f"Rule {index + 1} ({shown})"  # a note (a FET constraint's name) says more
    w = weight if isinstance(weight, int) else None
    return [_with(c, w, label) for c in found], []


def _with(cond: Condition, weight: int | None, label: str) -> Condition:
    values = {f.name: getattr(cond, f.name) for f in fields(cond)}
    return type(cond)(**{**values, "weight": weight, "label": label})


def decode_rules(
    rows: Iterable[tuple[int, str, object, object]], names: Names
) -> tuple[tuple[Condition, ...], list[RuleProblem]]:
    """Turn rule rows into conditions on the problem `names` describes.

    Args:
        rows: (index, kind, params, weight) per row; `index` is the row's 0-based position
            among the school's rules, used to name it in sentences and labels.
        names: the codes of the problem the conditions are for.

    Returns:
        The conditions of the rows without problems, and every problem of the others.
    """
    conditions: list[Condition] = []
    problems: list[RuleProblem] = []
    for index, kind, params, weight in rows:
        found, wrong = _decode_one(index, kind, params, weight, names)
        conditions.extend(found)
        problems.extend(wrong)
    return tuple(conditions), problems


# ---- encoding ----


def _lesson_refs(ids: Iterable[int], names: Names) -> list[Any]:
    """Lesson ids as requirement keys where a whole requirement appears in unit order, else
    [key, unit] pairs."""
    ids = list(ids)
    out: list[Any] = []
    i = 0
    while i < len(ids):
        key, unit = names.unit_of[ids[i]]
        units = names.units[key]
        if unit == 0 and tuple(ids[i : i + len(units)]) == units:
            out.append(key)
            i += len(units)
        else:
            out.append([key, unit])
            i += 1
    return out


def _slot_refs(slots: Iterable[Slot], names: Names) -> list[list[Any]]:
    return [[d, *names.period_key[p]] for d, p in sorted(slots)]


def _students_ref(atom: int, names: Names) -> Any:
    klass, pairs = names.atoms[atom]
    return {"class": klass, "subgroups": dict(pairs)} if pairs else klass


def _limit_params(c: Limit, names: Names) -> dict[str, Any]:
    kind, ident = c.who
    out: dict[str, Any] = (
        {"teacher": names.teacher_code[ident]}
        if kind == "teacher"
        else {"students": _students_ref(ident, names)}
    )
    out.update(measure=c.measure, value=c.value)
    if c.lessons is not None:
        out["lessons"] = _lesson_refs(sorted(c.lessons), names)
    if not c.allow_empty:
        out["allow_empty"] = False
    if c.measure == "interval_max_days":
        out.update(from_period=c.start + 1, to_period=c.end)
    if c.skip:
        out["skip"] = _slot_refs(c.skip, names)
    return out


def _params(c: Condition, names: Names) -> dict[str, Any]:
    if isinstance(c, Limit):
        return _limit_params(c, names)
    if isinstance(c, Before):
        return {"first": _lesson_refs([c.first], names), "second": _lesson_refs([c.second], names)}
    out: dict[str, Any] = {}
    for f in fields(c):
        value = getattr(c, f.name)
        if f.name in ("weight", "label") or value == f.default:
            continue
        if f.name == "lessons":
            value = _lesson_refs(value, names)
        elif f.name == "slots":
            value = _slot_refs(value, names)
        elif f.name == "rooms":
            value = sorted(names.room_code[r] for r in value)
        elif f.name == "groups":
            value = [_slot_refs(g, names) for g in value]
        out[f.name] = value
    return out


def encode_condition(cond: Condition, names: Names) -> EncodedRule:
    """A condition as a rule row naming things by code; its label becomes the row's note.

    Args:
        cond: a condition on the problem `names` describes.
        names: the codes of that problem.

    Returns:
        The row; `decode_rules` turns it back into an equal condition (label aside).

    Raises:
        KeyError: when the condition names an id `names` has no code for.
    """
    params = _params(cond, names)
    if isinstance(cond, Before):  # a one-unit requirement is written as its key alone
        params = {k: v[0] for k, v in params.items()}
    if isinstance(cond, StartsIn) and _whole_days(cond.slots, names) is not None:
        params.pop("slots", None)
        params["days"] = _whole_days(cond.slots, names)
    if cond.label:
        params[NOTE] = cond.label
    return EncodedRule(type(cond).__name__, params, cond.weight)


def _whole_days(slots: frozenset[Slot], names: Names) -> list[int] | None:
    """The days `slots` covers wholly, when it is exactly those days' periods."""
    days = sorted({d for d, _ in slots})
    full = {(d, p) for d in days for p in names.periods.values()}
    return days if slots and slots == full else None
