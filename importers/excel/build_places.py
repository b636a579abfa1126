"""Read the school, terms, buildings, rooms, subjects, bells, classes and subgroups sheets."""

from __future__ import annotations

from importers.excel.cells import UNKNOWN, RowReader
from importers.excel.context import Context
from importers.excel.errors import did_you_mean
from importers.excel.values import minutes_of
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    Holiday,
    RoomInfo,
    SchoolInfo,
    SubgroupInfo,
    SubjectInfo,
    TermInfo,
    TravelInfo,
)
from solver.messages import msg

_LANGS = ("kk", "ru", "en")


def read_school(ctx: Context) -> None:
    """The School sheet: exactly one row."""
    rows = list(ctx.rows("School"))
    table = ctx.tables.get("School")
    if table is not None and len(rows) != 1:
        ctx.problems.add(
            "school_rows",
            msg("the School sheet needs exactly one row, found {count}", count=len(rows)),
            sheet=table.title,
        )
    if not rows:
        return
    r = rows[0]
    code, name = r.code("code"), r.text("name")
    days = r.integer("days", minimum=1)
    if days is not None and days not in (5, 6):
        r.problem(
            "days", "bad_days", msg("school days a week must be 5 or 6, not {value}", value=days)
        )
        days = None
    lang = r.text("language", "ru").casefold()
    if lang not in _LANGS:
        r.problem(
            "language",
            "bad_language",
            msg("language must be kk, ru or en, not '{value}'", value=lang),
        )
    if code:
        ctx.school = SchoolInfo(
            code,
            name,
            r.text("city"),
            r.text("region"),
            days or 5,
            lang if lang in _LANGS else "ru",
        )


def read_terms(ctx: Context) -> None:
    """Terms, then the holidays inside them."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Terms"):
        name, start, end = r.text("name"), r.date("start"), r.date("end")
        if not name or not r.unique("name", name, seen):
            continue
        if start and end and end < start:
            r.problem(
                "end",
                "end_before_start",
                msg("the term ends on {end}, before it starts on {start}", end=end, start=start),
            )
        if start and end:
            ctx.terms[name] = TermInfo(name, start, end)
            ctx.holidays[name] = []
    for r in ctx.rows("Holidays"):
        term, name, start, end = r.text("term"), r.text("name"), r.date("start"), r.date("end")
        if term and not r.ref("term", term, [str(k) for k in seen], "Terms"):
            continue
        if not (term and name and start and end):
            continue
        if end < start:
            r.problem(
                "end",
                "end_before_start",
                msg("the holiday ends on {end}, before it starts on {start}", end=end, start=start),
            )
        elif term in ctx.terms and not (
            ctx.terms[term].start <= start and end <= ctx.terms[term].end
        ):
            t = ctx.terms[term]
            r.problem(
                "start",
                "holiday_outside_term",
                msg(
                    "the holiday is not inside term '{term}' ({start} – {end})",
                    term=term,
                    start=t.start,
                    end=t.end,
                ),
            )
        ctx.holidays.setdefault(term, []).append(Holiday(name, start, end))


def read_buildings(ctx: Context) -> None:
    """Buildings and the travel minutes between them."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Buildings"):
        code, name = r.code("code"), r.text("name")
        if code and r.unique("code", code, seen):
            ctx.buildings[code] = BuildingInfo(code, name, r.text("address"))
    pairs: dict[object, int] = {}
    for r in ctx.rows("Travel"):
        a, b, minutes = r.code("a"), r.code("b"), r.integer("minutes")
        ok_a = a is not None and r.ref("a", a, ctx.buildings, "Buildings")
        ok_b = b is not None and r.ref("b", b, ctx.buildings, "Buildings")
        if not (ok_a and ok_b and a and b):
            continue
        if a == b:
            r.problem("b", "travel_self", msg("travel from building '{value}' to itself", value=a))
        elif r.unique("b", (a, b), pairs, f"{a} → {b}") and minutes is not None:
            ctx.travel.append(TravelInfo(a, b, minutes))


def read_rooms(ctx: Context) -> None:
    """Rooms: building, capacity, kind."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Rooms"):
        code, building, capacity = r.code("code"), r.code("building"), r.integer("capacity")
        if building:
            r.ref("building", building, ctx.buildings, "Buildings")
        kind = r.text("room_kind", "ordinary")
        if code and r.unique("code", code, seen):
            ctx.rooms[code] = RoomInfo(code, r.text("name"), building or "", capacity or 0, kind)


def read_subjects(ctx: Context) -> None:
    """Subjects: name, hard or not, default room kind."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Subjects"):
        code, name = r.code("code"), r.text("name")
        hard, kind = r.boolean("hard", False), r.text("room_kind", "ordinary")
        if code and r.unique("code", code, seen):
            ctx.subjects[code] = SubjectInfo(code, name, hard, kind)


def read_bells(ctx: Context) -> None:
    """Bell schedules: periods per shift with start and end times, checked for overlaps."""
    seen: dict[object, int] = {}
    rows: dict[tuple[str, int], int] = {}
    for r in ctx.rows("Bells"):
        shift, number = r.code("shift"), r.integer("number", minimum=1)
        if shift and number is not None:
            ctx.bell_keys.append((shift, number))
        start, end = r.time("start"), r.time("end")
        if not (shift and number is not None and start and end):
            continue
        if not r.unique("number", (shift, number), seen, f"{shift}/{number}"):
            continue
        if minutes_of(end) <= minutes_of(start):
            r.problem(
                "end",
                "end_before_start",
                msg(
                    "the period ends at {end}, not after it starts at {start}", end=end, start=start
                ),
            )
            continue
        _check_overlap(ctx, r, BellPeriod(shift, number, start, end), rows)
        ctx.bells.append(BellPeriod(shift, number, start, end))
        rows[(shift, number)] = r.row


def _check_overlap(
    ctx: Context, r: object, bell: BellPeriod, rows: dict[tuple[str, int], int]
) -> None:

    assert isinstance(r, RowReader)
    s, e = minutes_of(bell.start), minutes_of(bell.end)
    for other in ctx.bells:
        if other.shift != bell.shift:
            continue
        os_, oe = minutes_of(other.start), minutes_of(other.end)
        if s < oe and os_ < e:
            r.problem(
                "start",
                "periods_overlap",
                msg(
                    "period {number} of shift {shift} ({start}–{end}) overlaps period {other} "
                    "({other_start}–{other_end}, row {row})",
                    number=bell.number,
                    shift=bell.shift,
                    start=bell.start,
                    end=bell.end,
                    other=other.number,
                    other_start=other.start,
                    other_end=other.end,
                    row=rows[(other.shift, other.number)],
                ),
            )
        elif (other.number < bell.number) != (oe <= s):
            r.problem(
                "number",
                "periods_order",
                msg(
                    "period {number} of shift {shift} starts at {start}, but period {other} "
                    "starts at {other_start}: numbers must follow the clock",
                    number=bell.number,
                    shift=bell.shift,
                    start=bell.start,
                    other=other.number,
                    other_start=other.start,
                ),
            )


def _check_class_teacher(ctx: Context, r: RowReader, code: str) -> None:
    """A class teacher is a teacher of the Teachers sheet; the hint says which code to write."""
    if code in ctx.teachers:
        return
    hint = did_you_mean(code, ctx.teachers) or msg(
        "write the code of a teacher from the Teachers sheet, or leave the cell empty"
    )
    r.problem("class_teacher", "unknown_ref", msg(UNKNOWN["Teachers"], value=code), hint)


def read_classes(ctx: Context) -> None:
    """Classes (their shift must have bells, their class teacher be a teacher) and subgroups."""
    seen: dict[object, int] = {}
    shifts = ctx.shifts
    for r in ctx.rows("Classes"):
        code, grade, shift = r.code("code"), r.integer("grade"), r.code("shift")
        size, home = r.integer("size"), r.code("home_room")
        max_day = r.integer("max_per_day", minimum=1)
        lead = r.code("class_teacher")
        if shift and "Bells" in ctx.tables:
            r.ref("shift", shift, shifts, "Shifts")
        if home:
            r.ref("home_room", home, ctx.rooms, "Rooms")
        if lead and "Teachers" in ctx.tables:
            _check_class_teacher(ctx, r, lead)
        if code and r.unique("code", code, seen):
            ctx.classes[code] = ClassInfo(
                code, grade or 0, shift or "", size or 0, home, max_day, class_teacher=lead
            )
    groups: dict[object, int] = {}
    for r in ctx.rows("Subgroups"):
        cls, division, code = r.code("class"), r.code("division"), r.code("code")
        size = r.integer("size")
        if cls is not None and not r.ref("class", cls, ctx.classes, "Classes"):
            continue
        if cls and division and code and r.unique("code", (cls, code), groups, f"{cls}/{code}"):
            ctx.subgroups.append(SubgroupInfo(cls, division, code, size or 0))
