"""FET (.fet) files: read into our Problem, and write a timetable back as locks FET confirms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from importers.fet.document import FetActivity, FetDocument, read_fet
from importers.fet.mapping import (
    Index,
    activity_size,
    build_problem,
    buildings_and_rooms,
    index_document,
)
from importers.fet.mapping import lesson_for as _lesson_for
from importers.fet.output import FetTimes
from importers.fet.rooms import choose_rooms
from importers.fet.rules import translate
from importers.loaded import InputError, LoadedInput
from solver.messages import N_, Msg, msg
from solver.problem import Room, Teacher
from solver.solution import Placement, Solution, Status


@dataclass(frozen=True)
class FetInput(LoadedInput):
    """A loaded FET file: the problem plus the way back to FET's names."""

    source: Path = Path()
    document: FetDocument | None = None
    lesson_of: Mapping[int, int] = field(default_factory=dict)  # activity id -> lesson id


def load_fet(path: Path) -> FetInput:
    """Read a .fet file into a Problem with every supported constraint as a rule.

    Raises:
        InputError: the file is not a FET file, or names things it does not define.
    """
    doc = read_fet(path)
    ix = index_document(doc)
    problems = _check_names(doc, ix)
    if problems:
        raise InputError(problems)
    active = [a for a in doc.activities if a.active]
    for lid, act in enumerate(active):
        ix.lesson_of[act.id] = lid
        ix.activity_of[lid] = act
    trans = translate(ix, doc.constraints)
    choice = choose_rooms(ix, list(doc.constraints))
    _, rooms = buildings_and_rooms(doc)
    rooms = tuple(
        replace(r, unavailable=frozenset(trans.room_unavailable.get(r.id, ()))) for r in rooms
    )
    lessons = tuple(
        _lesson_for(ix, lid, act, _fitting(rooms, choice.rooms.get(act.id, ()), ix, act))
        for lid, act in enumerate(active)
    )
    teachers = tuple(
        Teacher(
            i,
            name,
            name,
            unavailable=frozenset(trans.teacher_unavailable.get(i, ())),
            max_per_day=trans.teacher_max_per_day.get(i),
            max_days=trans.teacher_max_days.get(i),
        )
        for i, name in enumerate(doc.teachers)
    )
    classes = tuple(
        replace(k, unavailable=frozenset(trans.class_unavailable.get(k.id, ()))) for k in ix.classes
    )
    problem = build_problem(
        ix, lessons, teachers, classes, rooms, (*trans.conditions, *choice.conditions)
    )
    unsupported = trans.unsupported
    roomless = [
        msg(
            "{file}: activity {id} has room constraints but no room both allowed and big "
            "enough for it; it is timetabled without a room (check its room constraints)",
            file=path.name,
            id=act.id,
        )
        for act, lesson in zip(active, lessons, strict=True)
        if act.id in choice.rooms and not lesson.rooms
    ]
    return FetInput(
        problem=problem,
        warnings=(*_warnings(path, doc, unsupported, trans.unknown_names), *roomless),
        source_format="fet",
        unsupported=dict(sorted(unsupported.items())),
        writers={".fet": lambda solution, out: write_fet(path, ix, solution, out)},
        source=path,
        document=doc,
        lesson_of=dict(ix.lesson_of),
    )


def _fitting(
    rooms: tuple[Room, ...], chosen: tuple[int, ...], ix: Index, act: FetActivity
) -> tuple[int, ...]:
    """Candidate rooms big enough for the activity (FET's basic space rule)."""
    size = activity_size(ix, act)
    return tuple(r for r in chosen if rooms[r].capacity >= size)


def _check_names(doc: FetDocument, ix: Index) -> list[Msg]:
    """Activities naming teachers, subjects or students sets the file does not define."""
    out: list[Msg] = []
    for act in doc.activities:
        for kind, names, known in (
            (N_("teacher"), act.teachers, ix.teachers),
            (N_("subject"), (act.subject,), ix.subjects),
            (N_("students set"), act.students, ix.sets),
        ):
            for name in names:
                if name not in known:
                    out.append(
                        msg(
                            "Activity {id}: unknown {kind} '{name}'; define it in the file or "
                            "correct the activity",
                            id=act.id,
                            kind=msg(kind),
                            name=name,
                        )
                    )
    return out


def _warnings(
    path: Path, doc: FetDocument, unsupported: Counter[str], unknown: list[str]
) -> list[Msg]:
    out: list[Msg] = []
    for kind, count in sorted(unsupported.items()):
        out.append(
            msg(
                "{file}: {count} × FET constraint {kind} is not supported and was left out",
                file=path.name,
                count=count,
                kind=kind,
            )
        )
    for name in sorted(set(unknown)):
        out.append(
            msg(
                "{file}: a constraint names '{name}', which the file does not define; that "
                "part was left out",
                file=path.name,
                name=name,
            )
        )
    inactive = sum(not a.active for a in doc.activities)
    if inactive:
        out.append(msg("{file}: {n} inactive activities left out", file=path.name, n=inactive))
    return out


def fet_times_from_solution(loaded: FetInput, solution: Solution) -> FetTimes:
    """Our placements in FET's names (day, hour, room), by FET activity id."""
    assert loaded.document is not None
    return _times(loaded.document, loaded.lesson_of, solution)


def _times(doc: FetDocument, lesson_of: Mapping[int, int], solution: Solution) -> FetTimes:
    activity = {lid: aid for aid, lid in lesson_of.items()}
    out: FetTimes = {}
    for pl in solution.placements:
        room = doc.rooms[pl.room].name if pl.room is not None else None
        out[activity[pl.lesson]] = (doc.days[pl.day], doc.hours[pl.period], room)
    return out


def solution_from_fet_times(
    loaded: FetInput, times: Mapping[int, tuple[str, str, str | None]]
) -> Solution:
    """A timetable given in FET's names (e.g. fet-cl's own result) as our Solution."""
    assert loaded.document is not None
    doc = loaded.document
    days = {n: i for i, n in enumerate(doc.days)}
    hours = {n: i for i, n in enumerate(doc.hours)}
    rooms = {r.name: i for i, r in enumerate(doc.rooms)}
    placements = []
    for aid, (day, hour, room) in sorted(times.items()):
        lid = loaded.lesson_of.get(aid)
        if lid is None or day not in days or hour not in hours:
            continue
        placements.append(Placement(lid, days[day], hours[hour], rooms.get(room or "")))
    placed = {p.lesson for p in placements}
    unplaced = tuple(i for i in range(len(loaded.problem.lessons)) if i not in placed)
    status = Status.FEASIBLE if not unplaced else Status.UNKNOWN
    return Solution(status=status, placements=tuple(placements), unplaced=unplaced)


def write_fet(source: Path, ix: Index, solution: Solution, out: Path) -> None:
    """SOURCE written to OUT with every activity locked where `solution` puts it."""
    from importers.fet.export import export_locked_fet

    export_locked_fet(source, _times(ix.doc, ix.lesson_of, solution), out)
