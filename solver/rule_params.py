"""Reading one rule row's parameters: typed getters that record every problem in a sentence.

`ParamReader` is to a rule's JSON parameters what the workbook's row reader is to a row: each
getter returns a value or None, and records why not (missing, wrong type, unknown code with a
suggestion). The codec (`solver.rule_codec`) builds a condition only when nothing was recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from solver.messages import Msg, msg
from solver.rule_names import Names, suggestion

Slot = tuple[int, int]


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong with one rule row.

    `index` is the row's 0-based position among the rules given; `column` is where to fix it:
    "kind", "params" or "weight". `text` says what, without naming the row; `sentence()` names
    it, for readers that have no cell to point at.
    """

    index: int
    kind: str
    column: str
    text: Msg
    hint: Msg | None = None

    def sentence(self) -> Msg:
        """'Rule 3 (SameStart): unknown lesson '7A-MAT' — did you mean '7A-MATH'?'."""
        if self.hint is None:
            return msg(
                "Rule {number} ({kind}): {problem}",
                number=self.index + 1,
                kind=self.kind,
                problem=self.text,
            )
        return msg(
            "Rule {number} ({kind}): {problem} — {hint}",
            number=self.index + 1,
            kind=self.kind,
            problem=self.text,
            hint=self.hint,
        )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class ParamReader:
    """Typed access to one rule's parameters against the codes of one problem."""

    def __init__(self, index: int, kind: str, params: Mapping[str, Any], names: Names) -> None:
        self.index = index
        self.kind = kind
        self.params = params
        self.names = names
        self.problems: list[RuleProblem] = []

    def problem(self, text: Msg, hint: Msg | None = None, column: str = "params") -> None:
        self.problems.append(RuleProblem(self.index, self.kind, column, text, hint))

    def _bad(self, name: str, what: Msg) -> None:
        value = self.params.get(name)
        self.problem(
            msg("'{name}' must be {what}, not {value}", name=name, what=what, value=repr(value))
        )

    def has(self, name: str) -> bool:
        return self.params.get(name) is not None

    def _required(self, name: str, required: bool) -> bool:
        """True when the parameter is there; a problem when it is required and missing."""
        if self.has(name):
            return True
        if required:
            self.problem(msg("the parameter '{name}' is missing", name=name))
        return False

    # ---- plain values ----

    def integer(
        self, name: str, minimum: int = 0, default: int | None = None, required: bool = True
    ) -> int | None:
        if not self._required(name, required and default is None):
            return default
        value = self.params[name]
        if not _is_int(value) or value < minimum:
            self._bad(name, msg("a whole number of at least {minimum}", minimum=minimum))
            return None
        return int(value)

    def boolean(self, name: str, default: bool) -> bool:
        if not self.has(name):
            return default
        value = self.params[name]
        if not isinstance(value, bool):
            self._bad(name, msg("true or false"))
            return default
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        if not self._required(name, default is None):
            return default
        value = self.params[name]
        if value not in options:
            hint = suggestion(str(value), options)
            what = msg("one of {options}", options=", ".join(options))
            self.problem(
                msg(
                    "'{name}' must be {what}, not {value}", name=name, what=what, value=repr(value)
                ),
                hint,
            )
            return None
        return str(value)

    def text(self, name: str) -> str:
        value = self.params.get(name)
        return value if isinstance(value, str) else ""

    def _list(self, name: str, what: Msg, required: bool = True) -> list[Any] | None:
        if not self._required(name, required):
            return None
        value = self.params[name]
        if not isinstance(value, list | tuple):
            self._bad(name, what)
            return None
        return list(value)

    # ---- lessons ----

    def _lesson(self, name: str, ref: Any) -> tuple[int, ...] | None:
        """A requirement key (every unit) or [key, unit] (one unit, counted from 0)."""
        units = self.names.units
        if isinstance(ref, list | tuple) and len(ref) == 2 and _is_int(ref[1]):
            key, unit = ref
        elif isinstance(ref, str):
            key, unit = ref, None
        else:
            what = msg("a list of lesson keys, or [key, unit] pairs")
            self.problem(
                msg("'{name}' must be {what}, not {value}", name=name, what=what, value=repr(ref))
            )
            return None
        if not isinstance(key, str) or key not in units:
            self.problem(msg("unknown lesson '{key}'", key=key), suggestion(str(key), units))
            return None
        ids = units[key]
        if unit is None:
            return ids
        if not 0 <= unit < len(ids):
            self.problem(
                msg(
                    "lesson '{key}' has {count} unit(s) a week, counted from 0; there is no "
                    "unit {unit}",
                    key=key,
                    count=len(ids),
                    unit=unit,
                )
            )
            return None
        return (ids[unit],)

    def lessons(
        self, name: str, least: int = 1, most: int | None = None, required: bool = True
    ) -> tuple[int, ...] | None:
        refs = self._list(name, msg("a list of lesson keys, or [key, unit] pairs"), required)
        if refs is None:
            return None
        found = [self._lesson(name, ref) for ref in refs]
        if any(f is None for f in found):
            return None
        ids = tuple(lid for f in found if f is not None for lid in f)
        if len(ids) < least or (most is not None and len(ids) > most):
            self.problem(
                msg(
                    "'{name}' names {count} lesson unit(s); this kind needs {least} to {most}",
                    name=name,
                    count=len(ids),
                    least=least,
                    most=most if most is not None else "…",
                )
            )
            return None
        return ids

    def one_lesson(self, name: str) -> int | None:
        """One unit: [key, unit], or the key of a requirement with one unit a week."""
        if not self._required(name, True):
            return None
        found = self._lesson(name, self.params[name])
        if found is not None and len(found) != 1:
            self.problem(
                msg(
                    "'{name}' must name one lesson unit, like [\"{key}\", 0]",
                    name=name,
                    key=self.params[name],
                )
            )
            return None
        return None if found is None else found[0]

    # ---- people, rooms and time ----

    def teacher(self, name: str) -> int | None:
        code = self.params.get(name)
        if isinstance(code, str) and code in self.names.teachers:
            return self.names.teachers[code]
        hint = suggestion(str(code), self.names.teachers)
        self.problem(msg("unknown teacher '{code}'", code=code), hint)
        return None

    def rooms(self, name: str) -> frozenset[int] | None:
        codes = self._list(name, msg("a list of room codes"))
        if codes is None:
            return None
        out = set()
        for code in codes:
            if isinstance(code, str) and code in self.names.rooms:
                out.add(self.names.rooms[code])
            else:
                hint = suggestion(str(code), self.names.rooms)
                self.problem(msg("unknown room '{code}'", code=code), hint)
        return frozenset(out) if len(out) == len(codes) else None

    def students(self, name: str) -> tuple[int, ...] | None:
        """Atoms of a class ("7A") or of its subgroups ({"class": "7A", "subgroups": {...}})."""
        ref = self.params.get(name)
        klass: Any = ref
        wanted: Any = {}
        if isinstance(ref, Mapping):
            klass, wanted = ref.get("class", ""), ref.get("subgroups") or {}
        known = self.names.subgroups
        if not isinstance(klass, str) or klass not in known:
            self.problem(msg("unknown class '{code}'", code=klass), suggestion(str(klass), known))
            return None
        if not isinstance(wanted, Mapping):
            what = msg("an object of division: subgroup, like {example}", example='{"lang": "kz"}')
            self.problem(
                msg("'{name}' must be {what}, not {value}", name="subgroups", what=what,
                    value=repr(wanted))
            )  # fmt: skip
            return None
        for division, code in wanted.items():
            if code not in known[klass].get(division, set()):
                self.problem(
                    msg(
                        "class {klass} has no subgroup '{code}' in division '{division}'",
                        klass=klass,
                        code=code,
                        division=division,
                    )
                )
                return None
        return self.names.atoms_of(klass, wanted)

    def _slot(self, name: str, item: Any) -> Slot | None:
        if not (
            isinstance(item, list | tuple)
            and len(item) == 3
            and _is_int(item[0])
            and _is_int(item[2])
            and isinstance(item[1], str | int)
        ):
            what = msg('a list of [day, shift, period] slots, like [0, "1", 3]')
            self.problem(
                msg("'{name}' must be {what}, not {value}", name=name, what=what, value=repr(item))
            )
            return None
        day, shift, number = item[0], str(item[1]), item[2]
        if not 0 <= day < self.names.days:
            self.problem(
                msg(
                    "day {day} is not a school day (days count from 0 = Monday; the week has "
                    "{days})",
                    day=day,
                    days=self.names.days,
                )
            )
            return None
        if (shift, number) not in self.names.periods:
            self.problem(msg("shift {shift} has no period {period}", shift=shift, period=number))
            return None
        return day, self.names.periods[(shift, number)]

    def slots(self, name: str, required: bool = True) -> frozenset[Slot] | None:
        items = self._list(name, msg("a list of [day, shift, period] slots"), required)
        if items is None:
            return None if required else frozenset()
        found = [self._slot(name, item) for item in items]
        if any(s is None for s in found):
            return None
        return frozenset(s for s in found if s is not None)

    def days(self, name: str) -> frozenset[Slot] | None:
        """Every period of the listed days (0 = Monday)."""
        items = self._list(name, msg("a list of day numbers (0 = Monday)"))
        if items is None:
            return None
        bad = [d for d in items if not _is_int(d) or not 0 <= d < self.names.days]
        if bad:
            self._bad(name, msg("a list of day numbers (0 = Monday)"))
            return None
        periods = self.names.periods.values()
        return frozenset((d, p) for d in items for p in periods)

    def slot_groups(self, name: str) -> tuple[frozenset[Slot], ...] | None:
        items = self._list(name, msg("a list of lists of [day, shift, period] slots"))
        if items is None:
            return None
        out = []
        for item in items:
            if not isinstance(item, list | tuple):
                self._bad(name, msg("a list of lists of [day, shift, period] slots"))
                return None
            found = [self._slot(name, s) for s in item]
            if any(s is None for s in found):
                return None
            out.append(frozenset(s for s in found if s is not None))
        return tuple(out)

    def unknown(self, allowed: tuple[str, ...]) -> None:
        """A problem for every parameter this kind does not take."""
        for name in self.params:
            if name not in allowed:
                self.problem(
                    msg(
                        "unknown parameter '{name}'; {kind} takes: {names}",
                        name=name,
                        kind=self.kind,
                        names=", ".join(allowed),
                    ),
                    suggestion(str(name), allowed),
                )
