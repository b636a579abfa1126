"""FET's time constraints as our fields and conditions (space constraints: `fet.rooms`).

Weight 100 % is hard; below it a condition is soft with the weight in percent as its cost per
unit (so 95 % weighs 95 and 50 % weighs 50). A kind we do not map is counted by name in
`Translation.unsupported` and reported; an inactive constraint is ignored, as FET ignores it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from importers.fet.document import FetConstraint
from importers.fet.mapping import Index
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
    SameStart,
    Slot,
    StartsIn,
)

BUILT_IN = {"BasicCompulsoryTime", "BasicCompulsorySpace"}


@dataclass
class Translation:
    """What the constraints add to the problem."""

    conditions: list[Condition] = field(default_factory=list)
    teacher_unavailable: dict[int, set[Slot]] = field(default_factory=dict)
    class_unavailable: dict[int, set[Slot]] = field(default_factory=dict)
    room_unavailable: dict[int, set[Slot]] = field(default_factory=dict)
    atom_unavailable: dict[int, set[Slot]] = field(default_factory=dict)  # with breaks
    teacher_max_per_day: dict[int, int] = field(default_factory=dict)
    teacher_max_days: dict[int, int] = field(default_factory=dict)
    unsupported: Counter[str] = field(default_factory=Counter)
    unknown_names: list[str] = field(default_factory=list)


def weight_of(c: FetConstraint) -> int | None:
    """None (hard) at 100 %, else the percent rounded (at least 1)."""
    return None if c.weight >= 100 else max(1, round(c.weight))


def label_of(c: FetConstraint) -> str:
    list_name = "space" if c.space else "time"
    return f"FET {c.kind} #{c.position} of the {list_name} constraints ({c.weight:g} %)"


class Translator:
    """Turns one document's constraints into a Translation."""

    def __init__(self, ix: Index) -> None:
        self.ix = ix
        self.out = Translation()
        self.n_days = len(ix.doc.days)
        self.n_hours = len(ix.doc.hours)
        self.component = _components(ix)

    # ---- look-ups ----

    def lessons(self, ids: Iterable[str]) -> tuple[int, ...]:
        """Lessons of the active activities among `ids` (inactive ones are left out, as FET
        leaves them out of its constraints)."""
        out = []
        for text in ids:
            try:
                lid = self.ix.lesson_of.get(int(text))
            except ValueError:
                lid = None
            if lid is not None:
                out.append(lid)
        return tuple(out)

    def slots(self, pairs: Iterable[tuple[str, str]]) -> frozenset[Slot]:
        """(day, period) slots; an empty day or hour name means every day or hour."""
        out: set[Slot] = set()
        for day, hour in pairs:
            days = [self.ix.days[day]] if day else range(self.n_days)
            hours = [self.ix.hours[hour]] if hour else range(self.n_hours)
            if (day and day not in self.ix.days) or (hour and hour not in self.ix.hours):
                self.out.unknown_names.append(f"{day} {hour}".strip())
                continue
            out.update((d, h) for d in days for h in hours)
        return frozenset(out)

    def everything(self) -> frozenset[Slot]:
        return frozenset((d, h) for d in range(self.n_days) for h in range(self.n_hours))

    def matching(self, c: FetConstraint) -> tuple[int, ...]:
        """Lessons of the activities matching a filter (teacher, students, subject, tag,
        duration, and for subactivities the component number); empty fields match all."""
        teacher = c.one("Teacher_Name")
        students = c.one("Students_Name")
        subject = c.one("Subject_Name")
        tag = c.one("Activity_Tag_Name")
        duration = c.one("Duration")
        component = c.one("Component_Number")
        out = []
        for lid, act in self.ix.activity_of.items():
            if (
                (teacher and teacher not in act.teachers)
                or (students and students not in act.students)
                or (subject and subject != act.subject)
                or (tag and tag not in act.tags)
                or (duration and str(act.duration) != duration)
                or (component and str(self.component[act.id]) != component)
            ):
                continue
            out.append(lid)
        return tuple(sorted(out))

    def teacher(self, c: FetConstraint) -> int | None:
        name = c.one("Teacher_Name") or c.one("Teacher")
        if name not in self.ix.teachers:
            self.out.unknown_names.append(name)
            return None
        return self.ix.teachers[name]

    def teachers_of(self, c: FetConstraint, each: bool) -> list[int]:
        if each:
            return list(range(len(self.ix.doc.teachers)))
        t = self.teacher(c)
        return [] if t is None else [t]

    def atoms_of(self, c: FetConstraint, each: bool) -> list[int]:
        if each:
            return list(range(len(self.ix.atoms)))
        name = c.one("Students")
        if name not in self.ix.set_atoms:
            self.out.unknown_names.append(name)
            return []
        return list(self.ix.set_atoms[name])

    def lessons_of_teacher(self, t: int) -> tuple[int, ...]:
        name = self.ix.doc.teachers[t]
        return tuple(lid for lid, a in self.ix.activity_of.items() if name in a.teachers)

    def lessons_of_atoms(self, atoms: Iterable[int]) -> tuple[int, ...]:
        wanted = set(atoms)
        out = []
        for lid, act in self.ix.activity_of.items():
            if any(wanted.intersection(self.ix.set_atoms.get(n, ())) for n in act.students):
                out.append(lid)
        return tuple(out)

    def tagged(self, c: FetConstraint) -> frozenset[int]:
        tag = c.one("Activity_Tag_Name") or c.one("Activity_Tag")
        return frozenset(lid for lid, a in self.ix.activity_of.items() if tag in a.tags)

    def hour(self, name: str, default: int) -> int:
        return self.ix.hours.get(name, default) if name else default

    # ---- emitting ----

    def add(self, cond: Condition) -> None:
        self.out.conditions.append(cond)

    def limit(
        self, c: FetConstraint, who: tuple[str, int], measure: Measure, value: int, **extra: object
    ) -> None:
        self.add(
            Limit(
                (who[0], who[1]),  # type: ignore[arg-type]
                measure,
                value,
                weight=weight_of(c),
                label=label_of(c),
                **extra,  # type: ignore[arg-type]
            )
        )


def _components(ix: Index) -> dict[int, int]:
    """Each activity's 1-based position within its split lesson (1 when not split)."""
    by_group: dict[int, list[int]] = {}
    for a in ix.doc.activities:
        by_group.setdefault(a.group_id or -a.id, []).append(a.id)
    out: dict[int, int] = {}
    for ids in by_group.values():
        for i, aid in enumerate(sorted(ids)):
            out[aid] = i + 1
    return out


Handler = Callable[[Translator, FetConstraint], None]


def translate(ix: Index, constraints: Iterable[FetConstraint]) -> Translation:
    """Map every active constraint; room choices (preferred and home rooms) are left to
    `importers.fet.rooms`, every other kind without a handler is counted as unsupported."""
    from importers.fet.rooms import HOME, OWN
    from importers.fet.rules_people import PEOPLE

    handlers: dict[str, Handler] = {**TIMING, **PEOPLE}
    tr = Translator(ix)
    for c in constraints:
        if not c.active or c.kind in BUILT_IN | OWN | HOME:
            continue
        if c.weight <= 0 and c.kind != "MinDaysBetweenActivities":
            continue  # weighs nothing; only min days hides a hard part (see `min_days`)
        handler = handlers.get(c.kind)
        if handler is None:
            tr.out.unsupported[c.kind] += 1
            continue
        handler(tr, c)
    tr.out.conditions = [_with_skips(tr.out, cond) for cond in tr.out.conditions]
    return tr.out


GAP_MEASURES = {"max_gaps_day", "max_gaps_week", "max_late_starts"}


def _with_skips(out: Translation, cond: Condition) -> Condition:
    """FET counts no gap at a person's not-available times and breaks (its constraint
    dialogs say so): gap measures skip those slots."""
    if not isinstance(cond, Limit) or cond.measure not in GAP_MEASURES:
        return cond
    kind, ident = cond.who
    source = out.teacher_unavailable if kind == "teacher" else out.atom_unavailable
    return replace(cond, skip=frozenset(source.get(ident, ())))


def pairs_of_lessons(tr: Translator, c: FetConstraint) -> tuple[int, ...]:
    return tr.lessons(c.many("Activity_Id"))


def same_start(what: str) -> Handler:
    def handle(tr: Translator, c: FetConstraint) -> None:
        lessons = pairs_of_lessons(tr, c)
        if len(lessons) > 1:
            tr.add(SameStart(lessons, what, weight=weight_of(c), label=label_of(c)))  # type: ignore[arg-type]

    return handle


def min_days(tr: Translator, c: FetConstraint) -> None:
    """FET enforces "consecutive if same day" whatever the weight (even 0 %): two of the
    activities on one day must be back to back, and only the days apart are weighed. So a
    soft constraint with the flag is a soft days-apart part plus a hard same-day part."""
    lessons = pairs_of_lessons(tr, c)
    if len(lessons) < 2:
        return
    adjacent = c.one("Consecutive_If_Same_Day").lower() == "true"
    days = int(c.one("MinDays", "1"))
    weight = weight_of(c)
    if weight is None or not adjacent:
        if c.weight > 0:
            tr.add(MinDaysApart(lessons, days, adjacent, weight=weight, label=label_of(c)))
        return
    if c.weight > 0:
        tr.add(MinDaysApart(lessons, days, False, weight=weight, label=label_of(c)))
    tr.add(MinDaysApart(lessons, 0, True, label=label_of(c) + ", same day: back to back"))


def min_gaps(tr: Translator, c: FetConstraint) -> None:
    lessons = pairs_of_lessons(tr, c)
    if len(lessons) > 1:
        gap = int(c.one("MinGaps", "1"))
        tr.add(MinGap(lessons, gap, weight=weight_of(c), label=label_of(c)))


def not_overlapping(tr: Translator, c: FetConstraint) -> None:
    lessons = pairs_of_lessons(tr, c)
    if len(lessons) > 1:
        tr.add(NoOverlap(lessons, weight=weight_of(c), label=label_of(c)))


def block(ordered: bool, fields: tuple[str, ...]) -> Handler:
    def handle(tr: Translator, c: FetConstraint) -> None:
        lessons = tr.lessons(c.one(f) for f in fields)
        if len(lessons) == len(fields):
            tr.add(Block(lessons, ordered, weight=weight_of(c), label=label_of(c)))

    return handle


def ordered(tr: Translator, c: FetConstraint) -> None:
    lessons = tr.lessons([c.one("First_Activity_Id"), c.one("Second_Activity_Id")])
    if len(lessons) == 2:
        tr.add(Before(lessons[0], lessons[1], weight=weight_of(c), label=label_of(c)))


def ends_day(tr: Translator, c: FetConstraint) -> None:
    lessons = pairs_of_lessons(tr, c) if c.many("Activity_Id") else tr.matching(c)
    if lessons:
        tr.add(EndsDay(lessons, weight=weight_of(c), label=label_of(c)))


def starts_in(whole: bool, by_filter: bool) -> Handler:
    def handle(tr: Translator, c: FetConstraint) -> None:
        lessons = tr.matching(c) if by_filter else pairs_of_lessons(tr, c)
        pairs = list(c.slots)
        if c.one("Preferred_Day") or c.one("Preferred_Hour"):
            pairs.append((c.one("Preferred_Day"), c.one("Preferred_Hour")))
        if lessons:
            slots = tr.slots(pairs)
            tr.add(StartsIn(lessons, slots, whole, weight=weight_of(c), label=label_of(c)))

    return handle


TIMING: dict[str, Handler] = {
    "MinDaysBetweenActivities": min_days,
    "MinGapsBetweenActivities": min_gaps,
    "ActivitiesSameStartingTime": same_start("slot"),
    "ActivitiesSameStartingDay": same_start("day"),
    "ActivitiesSameStartingHour": same_start("period"),
    "ActivitiesNotOverlapping": not_overlapping,
    "TwoActivitiesConsecutive": block(True, ("First_Activity_Id", "Second_Activity_Id")),
    "TwoActivitiesGrouped": block(False, ("First_Activity_Id", "Second_Activity_Id")),
    "ThreeActivitiesGrouped": block(
        False, ("First_Activity_Id", "Second_Activity_Id", "Third_Activity_Id")
    ),
    "TwoActivitiesOrdered": ordered,
    "ActivityEndsStudentsDay": ends_day,
    "ActivitiesEndStudentsDay": ends_day,
    "ActivityPreferredStartingTime": starts_in(False, False),
    "ActivityPreferredStartingTimes": starts_in(False, False),
    "ActivitiesPreferredStartingTimes": starts_in(False, True),
    "SubactivitiesPreferredStartingTimes": starts_in(False, True),
    "ActivityPreferredTimeSlots": starts_in(True, False),
    "ActivitiesPreferredTimeSlots": starts_in(True, True),
    "SubactivitiesPreferredTimeSlots": starts_in(True, True),
}
