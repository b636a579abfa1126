"""FET's constraints on teachers and students sets: availability, loads, gaps, buildings."""

from __future__ import annotations

from importers.fet.document import FetConstraint
from importers.fet.rules import Handler, Translator, label_of, weight_of
from solver.conditions import Measure, StartsIn


def teacher_not_available(tr: Translator, c: FetConstraint) -> None:
    t = tr.teacher(c)
    if t is None:
        return
    slots = tr.slots(c.slots)
    if weight_of(c) is None:
        tr.out.teacher_unavailable.setdefault(t, set()).update(slots)
        return
    lessons = tr.lessons_of_teacher(t)
    if lessons and slots:
        allowed = tr.everything() - slots
        tr.add(StartsIn(lessons, allowed, True, weight=weight_of(c), label=label_of(c)))


def students_not_available(tr: Translator, c: FetConstraint) -> None:
    name = c.one("Students")
    slots = tr.slots(c.slots)
    kind, ident = tr.ix.sets.get(name, ("", -1))
    if not kind:
        tr.out.unknown_names.append(name)
        return
    if weight_of(c) is None:
        for a in tr.ix.set_atoms[name]:
            tr.out.atom_unavailable.setdefault(a, set()).update(slots)
    if kind == "year" and weight_of(c) is None:
        tr.out.class_unavailable.setdefault(ident, set()).update(slots)
        return
    lessons = tr.lessons_of_atoms(tr.ix.set_atoms[name])
    if lessons and slots:
        allowed = tr.everything() - slots
        tr.add(StartsIn(lessons, allowed, True, weight=weight_of(c), label=label_of(c)))


def room_not_available(tr: Translator, c: FetConstraint) -> None:
    name = c.one("Room")
    if name not in tr.ix.rooms:
        tr.out.unknown_names.append(name)
        return
    if weight_of(c) is not None:
        tr.out.unsupported["RoomNotAvailableTimes (below 100 %)"] += 1
        return
    tr.out.room_unavailable.setdefault(tr.ix.rooms[name], set()).update(tr.slots(c.slots))


def break_times(tr: Translator, c: FetConstraint) -> None:
    if weight_of(c) is not None:
        tr.out.unsupported["BreakTimes (below 100 %)"] += 1
        return
    slots = tr.slots(c.slots)
    for t in range(len(tr.ix.doc.teachers)):
        tr.out.teacher_unavailable.setdefault(t, set()).update(slots)
    for k in range(len(tr.ix.classes)):
        tr.out.class_unavailable.setdefault(k, set()).update(slots)
    for a in range(len(tr.ix.atoms)):
        tr.out.atom_unavailable.setdefault(a, set()).update(slots)


def teacher_limit(measure: Measure, value_field: str, each: bool, tagged: bool = False) -> Handler:
    def handle(tr: Translator, c: FetConstraint) -> None:
        value = int(c.one(value_field, "0"))
        for t in tr.teachers_of(c, each):
            if not tagged and weight_of(c) is None and measure == "max_per_day":
                old = tr.out.teacher_max_per_day.get(t, value)
                tr.out.teacher_max_per_day[t] = min(old, value)
                continue
            if not tagged and weight_of(c) is None and measure == "max_days":
                old = tr.out.teacher_max_days.get(t, value)
                tr.out.teacher_max_days[t] = min(old, value)
                continue
            _emit(tr, c, ("teacher", t), measure, value, tagged)

    return handle


def students_limit(measure: Measure, value_field: str, each: bool, tagged: bool = False) -> Handler:
    def handle(tr: Translator, c: FetConstraint) -> None:
        value = int(c.one(value_field, "0"))
        for a in tr.atoms_of(c, each):
            _emit(tr, c, ("atom", a), measure, value, tagged)

    return handle


def _emit(
    tr: Translator,
    c: FetConstraint,
    who: tuple[str, int],
    measure: Measure,
    value: int,
    tagged: bool,
) -> None:
    extra: dict[str, object] = {}
    if tagged:
        extra["lessons"] = tr.tagged(c)
    if measure == "min_per_day":
        extra["allow_empty"] = c.one("Allow_Empty_Days", "true").lower() != "false"
    if measure == "interval_max_days":
        extra["start"] = tr.hour(c.one("Interval_Start_Hour"), 0)
        extra["end"] = tr.hour(c.one("Interval_End_Hour"), tr.n_hours)
    tr.limit(c, who, measure, value, **extra)


def _both(name: str, measure: Measure, value_field: str) -> dict[str, Handler]:
    """The four spellings FET has for one rule: Teacher/Teachers/StudentsSet/Students."""
    return {
        f"Teacher{name}": teacher_limit(measure, value_field, False),
        f"Teachers{name}": teacher_limit(measure, value_field, True),
        f"StudentsSet{name}": students_limit(measure, value_field, False),
        f"Students{name}": students_limit(measure, value_field, True),
    }


PEOPLE: dict[str, Handler] = {
    "TeacherNotAvailableTimes": teacher_not_available,
    "StudentsSetNotAvailableTimes": students_not_available,
    "RoomNotAvailableTimes": room_not_available,
    "BreakTimes": break_times,
    **_both("MaxHoursDaily", "max_per_day", "Maximum_Hours_Daily"),
    **_both("MinHoursDaily", "min_per_day", "Minimum_Hours_Daily"),
    **_both("MaxHoursContinuously", "max_continuous", "Maximum_Hours_Continuously"),
    **_both("MaxDaysPerWeek", "max_days", "Max_Days_Per_Week"),
    **_both("MinDaysPerWeek", "min_days", "Minimum_Days_Per_Week"),
    **_both("MaxGapsPerDay", "max_gaps_day", "Max_Gaps"),
    **_both("MaxGapsPerWeek", "max_gaps_week", "Max_Gaps"),
    **_both("IntervalMaxDaysPerWeek", "interval_max_days", "Max_Days_Per_Week"),
    **_both("MaxBuildingChangesPerDay", "max_building_changes_day", "Max_Building_Changes_Per_Day"),
    **_both(
        "MaxBuildingChangesPerWeek", "max_building_changes_week", "Max_Building_Changes_Per_Week"
    ),
    **_both(
        "MinGapsBetweenBuildingChanges",
        "min_gap_building_change",
        "Min_Gaps_Between_Building_Changes",
    ),
    "StudentsEarlyMaxBeginningsAtSecondHour": students_limit(
        "max_late_starts", "Max_Beginnings_At_Second_Hour", True
    ),
    "StudentsSetEarlyMaxBeginningsAtSecondHour": students_limit(
        "max_late_starts", "Max_Beginnings_At_Second_Hour", False
    ),
    "TeacherActivityTagMaxHoursDaily": teacher_limit(
        "max_per_day", "Maximum_Hours_Daily", False, True
    ),
    "TeachersActivityTagMaxHoursDaily": teacher_limit(
        "max_per_day", "Maximum_Hours_Daily", True, True
    ),
    "TeacherActivityTagMaxHoursContinuously": teacher_limit(
        "max_continuous", "Maximum_Hours_Continuously", False, True
    ),
    "TeachersActivityTagMaxHoursContinuously": teacher_limit(
        "max_continuous", "Maximum_Hours_Continuously", True, True
    ),
    "StudentsSetActivityTagMaxHoursDaily": students_limit(
        "max_per_day", "Maximum_Hours_Daily", False, True
    ),
    "StudentsActivityTagMaxHoursDaily": students_limit(
        "max_per_day", "Maximum_Hours_Daily", True, True
    ),
    "StudentsSetActivityTagMaxHoursContinuously": students_limit(
        "max_continuous", "Maximum_Hours_Continuously", False, True
    ),
    "StudentsActivityTagMaxHoursContinuously": students_limit(
        "max_continuous", "Maximum_Hours_Continuously", True, True
    ),
}
