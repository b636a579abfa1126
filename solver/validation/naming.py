"""How the validator and the data checks name lessons, people, groups, rooms and periods."""

from __future__ import annotations

import re
from collections.abc import Iterable

from solver.messages import N_, Joined, Msg, joined, msg, term
from solver.problem import Lesson, Problem

_STORE_SHIFT = re.compile(r"shift (\S+)")  # how solver.store and importers name a shift

# The room kinds the import workbook offers (importers.excel.layout.ROOM_KINDS), marked so the
# catalogues translate them inside sentences; a school's own kinds are shown as written.
ROOM_KINDS = (
    N_("ordinary"),
    N_("lab"),
    N_("computer"),
    N_("gym"),
    N_("workshop"),
    N_("music"),
    N_("art"),
    N_("library"),
)


def lesson_name(problem: Problem, lesson: Lesson) -> str:
    """The lesson's label ("7A Maths"), or one built from its audience and subject."""
    if lesson.label:
        return lesson.label
    audience = [problem.classes[c].code for c in lesson.classes]
    audience += [group_name(problem, g) for g in lesson.groups]
    subject = problem.subjects[lesson.subject].name
    return f"{' + '.join(audience)} {subject}".strip()


def lessons_list(problem: Problem, lessons: Iterable[Lesson]) -> str:
    """'7A Maths, 8B Maths' in the order given."""
    return ", ".join(lesson_name(problem, lesson) for lesson in lessons)


def group_name(problem: Problem, group: int) -> str:
    """'7A·kz': the class code and the group name."""
    g = problem.groups[group]
    return f"{problem.classes[g.class_id].code}·{g.name}"


def atoms_name(problem: Problem, atoms: Iterable[int]) -> str:
    """Name a set of student atoms: whole classes by code, else the groups they share."""
    by_class: dict[int, list[int]] = {}
    for a in atoms:
        by_class.setdefault(problem.atoms[a][0], []).append(a)
    parts: list[str] = []
    for c, chosen in sorted(by_class.items()):
        code = problem.classes[c].code
        everyone = [i for i, (cid, _) in enumerate(problem.atoms) if cid == c]
        if len(chosen) == len(everyone):
            parts.append(code)
            continue
        common = set(problem.atoms[chosen[0]][1])
        for a in chosen[1:]:
            common &= set(problem.atoms[a][1])
        if common:
            parts.append("·".join([code, *(problem.groups[g].name for g in sorted(common))]))
        else:
            parts.extend(
                "·".join([code, *(problem.groups[g].name for g in problem.atoms[a][1])])
                for a in chosen
            )
    return ", ".join(parts)


def day_name(problem: Problem, day: int) -> Msg:
    """The day's name, translated when it is one of the week's English names ("Monday")."""
    return term(problem.days[day])


def days_list(problem: Problem, days: Iterable[int]) -> Joined:
    """'Monday, Tuesday' for a list of days, each name translated."""
    return joined(day_name(problem, d) for d in days)


def room_kinds(kinds: Iterable[str]) -> Joined:
    """'lab, computer': room kinds, each translated when it is one of ROOM_KINDS."""
    return joined(term(kind) for kind in kinds)


def shift_name(problem: Problem, shift: int) -> Msg | str:
    """The shift's name; the store's "shift 2" (solver.store) becomes a translatable sentence."""
    name = problem.shifts[shift].name
    found = _STORE_SHIFT.fullmatch(name)
    return msg("shift {shift}", shift=found[1]) if found else name


def period_name(problem: Problem, period: int) -> Msg | str:
    """'3', or '3 (shift 2)' when the school has several shifts."""
    per = problem.periods[period]
    if len(problem.shifts) > 1:
        return msg("{number} ({shift})", number=per.number, shift=shift_name(problem, per.shift))
    return str(per.number)


def periods_list(problem: Problem, periods: Iterable[int]) -> Joined:
    """'3, 4' for a list of period ids."""
    return joined(period_name(problem, p) for p in periods)
