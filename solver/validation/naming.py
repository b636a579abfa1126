"""How the validator and the data checks name lessons, people, groups, rooms and periods."""

from __future__ import annotations

from collections.abc import Iterable

from solver.problem import Lesson, Problem


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


def plural(n: int, one: str, many: str) -> str:
    """Choose the template for one or for many (both are msgids, so both get translated)."""
    return one if n == 1 else many


def period_name(problem: Problem, period: int) -> str:
    """'3', or '3 (Shift 2)' when the school has several shifts."""
    per = problem.periods[period]
    text = str(per.number)
    if len(problem.shifts) > 1:
        text += f" ({problem.shifts[per.shift].name})"
    return text


def periods_list(problem: Problem, periods: Iterable[int]) -> str:
    """'3, 4' for a list of period ids."""
    return ", ".join(period_name(problem, p) for p in periods)
