"""What a stored rule may name, by stable code, and the problem ids those codes stand for.

A rule row names lessons by requirement key (and unit), teachers, rooms and students by code,
and slots by (day index, shift code, period number); `Names` is the table that turns those
codes into the ids of one `Problem`, and back. It is plain data, so the same table serves the
store's Problem (`solver.store`), a workbook being read, and a file from another program.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from solver.messages import Msg, msg
from solver.problem import Problem

AtomRef = tuple[str, tuple[tuple[str, str], ...]]
"""A student atom by codes: (class code, ((division, subgroup code), ...)), one pair per
division of the class (no pairs for a class without subgroups)."""


@dataclass(frozen=True)
class Names:
    """Codes -> ids of one problem.

    `units` maps each requirement key to its lesson ids in unit order (doubles first, as
    `solver.store.lesson_units` splits it); `periods` maps (shift code, period number) to a
    period id; `atoms[i]` names `Problem.atoms[i]`.
    """

    units: Mapping[str, tuple[int, ...]]
    teachers: Mapping[str, int]
    rooms: Mapping[str, int]
    periods: Mapping[tuple[str, int], int]
    days: int
    atoms: tuple[AtomRef, ...] = ()

    @cached_property
    def unit_of(self) -> dict[int, tuple[str, int]]:
        """Lesson id -> (requirement key, unit index)."""
        return {lid: (key, i) for key, ids in self.units.items() for i, lid in enumerate(ids)}

    @cached_property
    def teacher_code(self) -> dict[int, str]:
        return {i: code for code, i in self.teachers.items()}

    @cached_property
    def room_code(self) -> dict[int, str]:
        return {i: code for code, i in self.rooms.items()}

    @cached_property
    def period_key(self) -> dict[int, tuple[str, int]]:
        """Period id -> (shift code, period number)."""
        return {pid: key for key, pid in self.periods.items()}

    @cached_property
    def subgroups(self) -> dict[str, dict[str, set[str]]]:
        """Class code -> division -> subgroup codes, as the atoms show them."""
        out: dict[str, dict[str, set[str]]] = {}
        for klass, pairs in self.atoms:
            divisions = out.setdefault(klass, {})
            for division, code in pairs:
                divisions.setdefault(division, set()).add(code)
        return out

    def atoms_of(self, klass: str, wanted: Mapping[str, str]) -> tuple[int, ...]:
        """Atoms of `klass` in every subgroup of `wanted` (division -> code)."""
        pairs = set(wanted.items())
        return tuple(i for i, (c, own) in enumerate(self.atoms) if c == klass and pairs <= set(own))


def names_of(
    problem: Problem, units: Mapping[tuple[str, int], int], shift_codes: Sequence[str]
) -> Names:
    """The codes of a problem whose lessons are the units of keyed requirements.

    Args:
        problem: the problem (its teachers, rooms, periods and atoms give their codes).
        units: (requirement key, unit index) -> lesson id, for every lesson with a key.
        shift_codes: the code of each shift, by shift id.

    Returns:
        The table rule rows are read and written with.
    """
    by_key: dict[str, list[int]] = {}
    for (key, _), lesson in sorted(units.items(), key=lambda item: (item[0][0], item[0][1])):
        by_key.setdefault(key, []).append(lesson)
    atoms = tuple(
        (
            problem.classes[c].code,
            tuple((problem.groups[g].division, problem.groups[g].name) for g in groups),
        )
        for c, groups in problem.atoms
    )
    return Names(
        units={key: tuple(ids) for key, ids in by_key.items()},
        teachers={t.code: t.id for t in problem.teachers},
        rooms={r.code: r.id for r in problem.rooms},
        periods={(shift_codes[p.shift], p.number): p.id for p in problem.periods},
        days=len(problem.days),
        atoms=atoms,
    )


def suggestion(value: str, choices: Iterable[str]) -> Msg | None:
    """'did you mean 'T-14'?' for the closest of `choices`, or None."""
    options = [str(c) for c in choices]
    folded = {c.casefold(): c for c in options}
    if value.casefold() in folded:
        return msg("did you mean '{suggestion}'?", suggestion=folded[value.casefold()])
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
    if not close:
        return None
    return msg("did you mean '{suggestion}'?", suggestion=folded[close[0]])
