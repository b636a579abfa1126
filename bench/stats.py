"""Numbers that say how big and how tight a school is: lessons, teacher and room use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from models.snapshot import LockedLesson, SchoolSnapshot
from solver.store import lesson_units


def school_stats(snapshot: SchoolSnapshot, locked: Sequence[LockedLesson]) -> dict[str, float]:
    """Size and tightness of a school with a planted (or any complete) timetable.

    `teacher_use` is the mean of load / available periods over teachers; `room_use` the same
    for special rooms (every kind but ordinary), held periods / available periods.
    """
    periods = sum(r.periods_per_week for r in snapshot.lessons)
    bells_per_shift: dict[str, int] = defaultdict(int)
    for b in snapshot.bells:
        bells_per_shift[b.shift] += 1
    cells = snapshot.school.days_per_week * sum(bells_per_shift.values())
    load: dict[str, int] = defaultdict(int)
    for r in snapshot.lessons:
        for t in r.teachers:
            load[t] += r.periods_per_week
    uses = [load[t.code] / max(1, cells - len(t.unavailable)) for t in snapshot.teachers]
    lengths = {r.key: lesson_units(r) for r in snapshot.lessons}
    held: dict[str, int] = defaultdict(int)
    for lock in locked:
        if lock.room:
            held[lock.room] += lengths[lock.lesson_key][lock.unit]
    used: dict[str, int] = defaultdict(int)
    avail: dict[str, int] = defaultdict(int)
    for room in snapshot.rooms:
        if room.kind != "ordinary":
            used[room.kind] += held[room.code]
            avail[room.kind] += cells - len(room.unavailable)
    room_uses = {k: used[k] / max(1, avail[k]) for k in used}
    return {
        "classes": len(snapshot.classes),
        "buildings": len(snapshot.buildings),
        "teachers": len(snapshot.teachers),
        "part_timers": sum(1 for t in snapshot.teachers if t.max_days is not None),
        "rooms": len(snapshot.rooms),
        "lesson_units": sum(len(v) for v in lengths.values()),
        "periods": periods,
        "teacher_use": sum(uses) / max(1, len(uses)),
        "teacher_use_min": min(uses, default=0.0),
        "room_use": sum(used.values()) / max(1, sum(avail.values())),
        **{f"room_use_{k}": v for k, v in sorted(room_uses.items())},
    }


def describe(snapshot: SchoolSnapshot, locked: Sequence[LockedLesson]) -> str:
    """One line per number of `school_stats`, for people."""
    stats = school_stats(snapshot, locked)
    lines = [f"{snapshot.school.name}"]
    for key, value in stats.items():
        lines.append(
            f"  {key:24} {value:.2f}" if isinstance(value, float) else f"  {key:24} {value}"
        )
    return "\n".join(lines)
