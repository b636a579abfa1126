"""A FET file as school data the store keeps: a SchoolSnapshot whose constraints are rule rows.

`sabaq solve` reads a FET file straight into a Problem (`importers.fet.load_fet`); this module
turns that same reading into a `SchoolSnapshot`, so a FET school can be uploaded into the
store and solved from there with the same lessons and conditions:

- teachers, subjects and rooms keep FET's names as their codes; buildings too ("-" for rooms
  in none); hours become 45-minute periods of shift "1" (8:00, 9:00, ...), as `load_fet` does;
- a FET year is a class; the finest students sets (subgroups, groups without subgroups) are
  its subgroups, all in one division "group", so the store's student atoms are FET's;
  an activity for a group attends the subgroups that make it up;
- activities become lesson requirements keyed "A<id>": the activities of one split lesson
  (same Activity_Group_Id, teachers, subject, students and rooms) are one requirement of
  several units, doubles first; the rooms FET's space constraints allow are its rooms;
- teachers' and classes' not-available times and daily and weekly maxima become their fields;
  every other supported constraint becomes a rule row (`solver.rule_codec`) whose note is the
  FET constraint's name; FET's weight maps as `importers.fet.rules.weight_of` says;
- our own school rules are switched off (no-gap days, zero weights), as `load_fet` does.

What the store cannot hold is left out and said in `warnings`: constraints no rule of ours
expresses (as `sabaq solve` reports them), activities longer than two periods (the store keeps
single and double lessons), and the conditions that name those activities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from importers.fet import FetInput, load_fet
from importers.fet.document import FetActivity, FetDocument
from importers.fet.mapping import FIRST_HOUR, PERIOD_MINUTES
from importers.loaded import InputError
from models.snapshot import (
    DAY_NAMES,
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    LessonReq,
    RoomInfo,
    RuleRow,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SnapshotSettings,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
)
from solver.conditions import Condition, Limit, lessons_of
from solver.messages import Msg, msg
from solver.problem import Problem, Slot
from solver.rule_codec import encode_condition
from solver.rule_names import Names, names_of
from solver.store import NO_ROOM
from solver.weights import Weights

SHIFT = "1"
DIVISION = "group"
LONGEST = 2  # periods: the store's lessons are singles and doubles


@dataclass(frozen=True)
class FetSnapshot:
    """A FET file as a snapshot, with what could not be carried over in sentences."""

    snapshot: SchoolSnapshot
    warnings: tuple[Msg, ...] = ()
    unsupported: dict[str, int] | None = None
    # how it was read: `load_fet`'s problem, and its ids by the snapshot's codes
    source: FetInput | None = None
    names: Names | None = None


def snapshot_from_fet(path: Path) -> FetSnapshot:
    """Read a .fet file into school data for the store.

    Args:
        path: the FET file.

    Returns:
        The snapshot, the warnings of `load_fet` plus what the store cannot hold, the
        unsupported constraints counted by FET kind, and `load_fet`'s reading with its codes.

    Raises:
        InputError: the file cannot be read, names what it does not define, or has a week
            longer than seven days.
    """
    loaded = load_fet(path)
    assert loaded.document is not None
    doc, problem = loaded.document, loaded.problem
    if len(doc.days) > len(DAY_NAMES):
        problem_text = msg(
            "{file}: the week has {days} days; the store keeps weeks of up to {most} days",
            file=path.name,
            days=len(doc.days),
            most=len(DAY_NAMES),
        )
        raise InputError([problem_text])
    active = {lid: aid for aid, lid in loaded.lesson_of.items()}
    kept = {lid for lid in active if problem.lessons[lid].length <= LONGEST}
    school = _School(path, doc, problem)
    lessons, units = school.lessons(loaded, {a.id: a for a in doc.activities}, kept)
    names = replace(names_of(problem, units, (SHIFT,)), atoms=school.atom_refs)
    rules, dropped = _rules(problem.conditions, names, kept)
    long = sorted(active[lid] for lid in set(active) - kept)
    warnings = (*loaded.warnings, *_left_out(path, long, dropped))
    unsupported = Counter(loaded.unsupported)
    if len(kept) < len(active):
        unsupported["activities longer than two periods"] += len(active) - len(kept)
    snapshot = school.snapshot(lessons, tuple(rules))
    return FetSnapshot(snapshot, warnings, dict(sorted(unsupported.items())), loaded, names)


def _left_out(path: Path, long: list[int], dropped: list[Condition]) -> list[Msg]:
    """Sentences for the activities the store cannot hold and the constraints naming them."""
    out = []
    if long:
        out.append(
            msg(
                "{file}: {count} activities last more than two periods ({ids}); the store keeps "
                "lessons of one or two periods, so they were left out",
                file=path.name,
                count=len(long),
                ids=_listed(long),
            )
        )
    if dropped:
        out.append(
            msg(
                "{file}: {count} constraints name an activity that was left out and were left "
                "out too: {names}",
                file=path.name,
                count=len(dropped),
                names=_listed(c.label for c in dropped),
            )
        )
    return out


def _rules(
    conditions: Iterable[Condition], names: Names, kept: set[int]
) -> tuple[list[RuleRow], list[Condition]]:
    """Each condition as a rule row; those naming a left-out lesson are returned apart."""
    rows, dropped = [], []
    for cond in conditions:
        if isinstance(cond, Limit) and cond.lessons is not None:
            cond = replace(cond, lessons=cond.lessons & kept)  # a tag's lessons, minus those
        elif not set(lessons_of(cond)) <= kept:
            dropped.append(cond)
            continue
        row = encode_condition(cond, names)
        rows.append(RuleRow(row.kind, row.params, row.weight))
    return rows, dropped


def _listed(items: Iterable[object], most: int = 10) -> str:
    """The first `most` items, comma-separated, with "…" when there are more."""
    shown = [str(i) for i in items]
    return ", ".join(shown[:most]) + (", …" if len(shown) > most else "")


def _code(path: Path) -> str:
    return re.sub(r"[^\w-]+", "-", path.stem).strip("-")[:32] or "FET"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _slot_refs(slots: Iterable[Slot]) -> tuple[SlotRef, ...]:
    return tuple(SlotRef(d, SHIFT, p + 1) for d, p in sorted(slots))


def _grade(name: str) -> int:
    found = re.match(r"\d+", name)
    return int(found.group()) if found and 1 <= int(found.group()) <= 12 else 0


class _School:
    """The parts of the snapshot, built from the document and `load_fet`'s problem."""

    def __init__(self, path: Path, doc: FetDocument, problem: Problem) -> None:
        self.path, self.doc, self.problem = path, doc, problem
        self.atom_code = self._atom_codes()
        self.atom_refs = tuple(
            (problem.classes[c].code, ((DIVISION, self.atom_code[i]),) if groups else ())
            for i, (c, groups) in enumerate(problem.atoms)
        )

    def _atom_codes(self) -> dict[int, str]:
        """A subgroup code per atom: its FET subgroup's name, else its group's; unique per
        class (a repeated name gets "#2")."""
        p = self.problem
        out: dict[int, str] = {}
        seen: Counter[tuple[int, str]] = Counter()
        for i, (c, groups) in enumerate(p.atoms):
            if not groups:
                continue
            own = [g for g in groups if p.groups[g].division == "subgroup"] or list(groups)
            name = p.groups[own[-1]].name
            seen[(c, name)] += 1
            out[i] = name if seen[(c, name)] == 1 else f"{name}#{seen[(c, name)]}"
        return out

    def subgroups(self) -> tuple[SubgroupInfo, ...]:
        p = self.problem
        out = []
        for i, (c, groups) in enumerate(p.atoms):
            if groups:
                own = [g for g in groups if p.groups[g].division == "subgroup"] or list(groups)
                size = p.groups[own[-1]].size
                out.append(SubgroupInfo(p.classes[c].code, DIVISION, self.atom_code[i], size))
        return tuple(out)

    def audience(self, lesson: int) -> tuple[GroupRef, ...]:
        """Whole classes where every atom attends, else the attending atoms' subgroups."""
        p = self.problem
        atoms = set(p.lesson_atoms(p.lessons[lesson]))
        out: list[GroupRef] = []
        for c in sorted({p.atoms[a][0] for a in atoms}):
            mine = [i for i, (k, _) in enumerate(p.atoms) if k == c]
            code = p.classes[c].code
            if set(mine) <= atoms:
                out.append(GroupRef(code))
            else:
                out.extend(GroupRef(code, self.atom_code[i]) for i in mine if i in atoms)
        return tuple(out)

    def lessons(
        self, loaded: FetInput, acts: dict[int, FetActivity], kept: set[int]
    ) -> tuple[tuple[LessonReq, ...], dict[tuple[str, int], int]]:
        """Requirements (split lessons joined) and (key, unit) -> lesson id of `problem`."""
        p = self.problem
        activity = {lid: aid for aid, lid in loaded.lesson_of.items()}
        joined: dict[tuple[object, ...], list[int]] = {}
        for lid in sorted(kept):
            ls, act = p.lessons[lid], acts[activity[lid]]
            same = (act.group_id, ls.subject, ls.teachers, self.audience(lid), ls.rooms)
            joined.setdefault(same if act.group_id else (act.id,), []).append(lid)
        reqs, units = [], {}
        for members in joined.values():
            first = p.lessons[members[0]]
            key = f"A{min(activity[lid] for lid in members)}"
            ordered = sorted(members, key=lambda lid: -p.lessons[lid].length)  # doubles first
            units.update({(key, u): lid for u, lid in enumerate(ordered)})
            reqs.append(
                LessonReq(
                    key=key,
                    subject=p.subjects[first.subject].code,
                    audience=self.audience(members[0]),
                    teachers=tuple(p.teachers[t].code for t in first.teachers),
                    periods_per_week=sum(p.lessons[lid].length for lid in members),
                    doubles=sum(p.lessons[lid].length == 2 for lid in members),
                    room_kind=NO_ROOM,
                    rooms=tuple(p.rooms[r].code for r in first.rooms),
                )
            )
        return tuple(reqs), units

    def snapshot(
        self, lessons: tuple[LessonReq, ...], rules: tuple[RuleRow, ...]
    ) -> SchoolSnapshot:
        p, doc = self.problem, self.doc
        bells = tuple(
            BellPeriod(SHIFT, h + 1, _clock(FIRST_HOUR + 60 * h),
                       _clock(FIRST_HOUR + 60 * h + PERIOD_MINUTES))
            for h in range(len(doc.hours))
        )  # fmt: skip
        return SchoolSnapshot(
            school=SchoolInfo(_code(self.path), p.name, days_per_week=len(p.days)),
            buildings=tuple(BuildingInfo(b.code, b.name) for b in p.buildings),
            rooms=tuple(
                RoomInfo(
                    r.code,
                    r.name,
                    p.buildings[r.building].code,
                    r.capacity,
                    r.kind,
                    _slot_refs(r.unavailable),
                )
                for r in p.rooms
            ),
            subjects=tuple(SubjectInfo(s.code, s.name, room_kind=NO_ROOM) for s in p.subjects),
            bells=bells,
            teachers=tuple(
                TeacherInfo(
                    t.code,
                    t.name,
                    unavailable=_slot_refs(t.unavailable),
                    max_per_day=t.max_per_day,
                    max_days=t.max_days,
                )
                for t in p.teachers
            ),
            classes=tuple(
                ClassInfo(
                    c.code, _grade(c.code), SHIFT, c.size, unavailable=_slot_refs(c.unavailable)
                )
                for c in p.classes
            ),
            subgroups=self.subgroups(),
            lessons=lessons,
            rules=rules,
            settings=SnapshotSettings(
                class_no_gaps=False, weights=dict.fromkeys(Weights.__dataclass_fields__, 0)
            ),
        )
