"""Reading a rule set from JSON: every problem found at once, each naming its field path."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from journal.assessment.numbers import ROUNDING_MODES, exact
from journal.assessment.rules import (
    ALL,
    COMPONENTS,
    CRITERIA,
    DEFAULT_PRESET,
    EXACT,
    LAST,
    MEAN,
    MEAN_OF_MARKS,
    MEAN_OF_SCORES,
    MEAN_PERCENT,
    POINTS,
    PRESETS,
    RENORMALISE,
    ROUNDED,
    SHARES,
    SYSTEMS,
    Band,
    Rounding,
    RuleSet,
    YearRule,
)
from journal.errors import InvalidRules
from models.i18n import N_, Message, message
from models.journal import MARK

_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "preset",
        "name",
        "system",
        "kinds",
        "weights",
        "formative",
        "sections",
        "without_soch",
        "table",
        "rounding",
        "descriptive",
        "pass_fail",
        "marks",
        "year",
    ),
    "formative": ("max", "combine"),
    "sections": ("combine",),
    "rounding": ("places", "mode", "mark_from", "total_of"),
    "descriptive": ("grades", "table"),
    "pass_fail": ("subjects", "pass_from"),
    "marks": ("min", "max"),
    "year": ("method", "mode", "pass_fail"),
}


# objects of settings merge with the preset's; these, whose keys are the kinds, replace it
_REPLACED = ("weights", "without_soch")


class _Reader:
    """Walks the JSON, collecting a sentence per problem; returns placeholders to keep going."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[Message] = []
        self.reported: set[str] = set()

    def problem(self, path: str, text: str, **params: Any) -> None:
        # one sentence per field: a missing section does not also report each of its fields
        parents = {path[:i] for i, ch in enumerate(path) if ch in ".["} | {path}
        if parents & self.reported:
            return
        self.reported.add(path)
        problem = message(text, **params)
        self.problems.append(message(N_("{path}: {problem}"), path=path, problem=problem))

    def get(self, path: str) -> Any:
        node: Any = self.data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    def choice(self, path: str, choices: tuple[str, ...]) -> str:
        value = self.get(path)
        if value not in choices:
            self.problem(path, N_("must be one of {choices}"), choices=", ".join(choices))
            return choices[0]
        return str(value)

    def number(self, path: str, value: Any, low: float, high: float) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float):
            value = None
        if value is None or not low <= value <= high:
            self.problem(path, N_("must be a number from {low} to {high}"), low=low, high=high)
            return Fraction(low)
        return exact(value)

    def whole(self, path: str, value: Any, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            what = N_("must be a whole number from {low} to {high}")
            self.problem(path, what, low=low, high=high)
            return low
        return value

    def items(self, path: str) -> list[Any]:
        value = self.get(path)
        if not isinstance(value, list):
            self.problem(path, N_("must be a list"))
            return []
        return value


def preset_json(name: str) -> dict[str, Any]:
    """A copy of a preset's JSON ("kz-criteria", "classic-5")."""
    return copy.deepcopy(PRESETS[name])


def preset(name: str = DEFAULT_PRESET) -> RuleSet:
    """A preset as a rule set."""
    return parse_rules({"preset": name, "name": name})


def parse_rules(data: Any) -> RuleSet:
    """Checks a rule set's JSON and freezes it.

    A "preset" key starts from that preset and overrides what the JSON gives (objects of
    settings merge, lists and the weights objects replace); without one, the JSON must give
    every setting.

    Args:
        data: the JSON object (as stored in AssessmentRuleSet.rules).

    Returns:
        The rule set.

    Raises:
        InvalidRules: every problem, each a sentence starting with its field path.
    """
    if not isinstance(data, Mapping):
        raise InvalidRules("invalid_rules", [message(N_("The rules must be a JSON object."))])
    merged = _merged(data)
    reader = _Reader(merged)
    _unknown_keys(reader, merged)
    rules = _build(reader, merged)
    if reader.problems:
        raise InvalidRules("invalid_rules", reader.problems)
    return rules


def _merged(data: Mapping[str, Any]) -> dict[str, Any]:
    name = data.get("preset")
    if not isinstance(name, str) or name not in PRESETS:
        return dict(data)  # an unknown preset is reported by _unknown_keys
    merged = preset_json(name)
    for key, value in data.items():
        if (
            key not in _REPLACED
            and isinstance(value, Mapping)
            and isinstance(merged.get(key), dict)
        ):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _unknown_keys(reader: _Reader, data: Mapping[str, Any]) -> None:
    if "preset" in data and data["preset"] not in PRESETS:
        reader.problem("preset", N_("must be one of {choices}"), choices=", ".join(PRESETS))
    for section, keys in _KEYS.items():
        node = reader.get(section) if section else data
        if section and section not in data:
            reader.problem(section, N_("is missing"))
            continue
        if not isinstance(node, Mapping):
            if node is not None:
                reader.problem(section, N_("must be an object"))
            continue
        for key in node:
            if key not in keys:
                path = f"{section}.{key}" if section else key
                reader.problem(path, N_("is not a setting we know"))


def _build(reader: _Reader, data: Mapping[str, Any]) -> RuleSet:
    system = reader.choice("system", SYSTEMS)
    kinds = _kinds(reader, system)
    rounding = Rounding(
        places=reader.whole("rounding.places", reader.get("rounding.places"), 0, 4),
        mode=reader.choice("rounding.mode", ROUNDING_MODES),
        mark_from=reader.choice("rounding.mark_from", (ROUNDED, EXACT)),
        total_of=reader.choice("rounding.total_of", (EXACT, SHARES)),
    )
    year = YearRule(
        method=reader.choice("year.method", (MEAN_OF_MARKS, MEAN_OF_SCORES)),
        mode=reader.choice("year.mode", ROUNDING_MODES),
        pass_fail=reader.choice("year.pass_fail", (LAST, ALL)),
    )
    before = len(reader.problems)
    marks_min = reader.whole("marks.min", reader.get("marks.min"), 0, 100)
    marks_max = reader.whole("marks.max", reader.get("marks.max"), 1, 100)
    if marks_min >= marks_max:
        reader.problem("marks.max", N_("must be greater than marks.min"))
    top = 100 if system == CRITERIA else marks_max
    if len(reader.problems) > before:
        top = 100  # the scale is unknown: do not also blame every table row for it
    table = _table(reader, "table", top, whole_marks=year.method == MEAN_OF_MARKS)
    formative_max = reader.number("formative.max", reader.get("formative.max"), 1, 1000)
    name = data.get("name", data.get("preset", ""))
    return RuleSet(
        name=name if isinstance(name, str) else "",
        system=system,
        kinds=kinds,
        weights=_weights(reader, "weights", kinds) if system == CRITERIA else {},
        formative_max=formative_max,
        formative_combine=reader.choice("formative.combine", (MEAN, POINTS)),
        sections_combine=reader.choice("sections.combine", (POINTS, MEAN_PERCENT)),
        without_soch=_without_soch(reader, kinds) if system == CRITERIA else None,
        table=table,
        rounding=rounding,
        descriptive_grades=frozenset(_grades(reader, "descriptive.grades")),
        descriptive_table=_table(reader, "descriptive.table", top, whole_marks=False),
        pass_fail_subjects=frozenset(_texts(reader, "pass_fail.subjects")),
        pass_from=reader.number("pass_fail.pass_from", reader.get("pass_fail.pass_from"), 0, top),
        marks_min=marks_min,
        marks_max=marks_max,
        year=year,
        source=data,
    )


def _kinds(reader: _Reader, system: str) -> tuple[str, ...]:
    allowed = COMPONENTS if system == CRITERIA else (MARK,)
    kinds: list[str] = []
    for i, kind in enumerate(reader.items("kinds")):
        if kind not in allowed or kind in kinds:
            what = N_("must be one of {choices}, each once")
            reader.problem(f"kinds[{i}]", what, choices=", ".join(allowed))
        else:
            kinds.append(kind)
    if not kinds:
        reader.problem("kinds", N_("must name at least one kind of assessment"))
    return tuple(kinds)


def _weights(reader: _Reader, path: str, kinds: tuple[str, ...]) -> dict[str, Fraction]:
    raw = reader.get(path)
    if not isinstance(raw, Mapping):
        reader.problem(path, N_("must be an object of percents per kind"))
        return {}
    weights: dict[str, Fraction] = {}
    for key, value in raw.items():
        if key not in kinds:
            reader.problem(
                f"{path}.{key}", N_("is not one of the kinds ({choices})"), choices=", ".join(kinds)
            )
        else:
            weights[key] = reader.number(f"{path}.{key}", value, 0, 100)
    for kind in kinds:
        if kind not in raw:
            reader.problem(f"{path}.{kind}", N_("is missing"))
    total = sum(weights.values(), Fraction(0))
    if weights and total != 100:
        reader.problem(
            path, N_("must add up to 100 (they add up to {total})"), total=f"{float(total):g}"
        )
    return weights


def _without_soch(reader: _Reader, kinds: tuple[str, ...]) -> dict[str, Fraction] | None:
    if reader.get("without_soch") == RENORMALISE:
        return None
    rest = tuple(kind for kind in kinds if kind != "soch")
    weights = _weights(reader, "without_soch", rest)
    return weights or None


def _table(reader: _Reader, path: str, top: float, *, whole_marks: bool) -> tuple[Band, ...]:
    bands: list[Band] = []
    for i, row in enumerate(reader.items(path)):
        where = f"{path}[{i}]"
        if not isinstance(row, Mapping) or set(row) != {"from", "mark"}:
            reader.problem(where, N_('must be an object with "from" and "mark"'))
            continue
        lower = reader.number(f"{where}.from", row["from"], 0, top)
        mark = row["mark"]
        if not isinstance(mark, str) or not mark.strip():
            reader.problem(f"{where}.mark", N_("must be a mark (text)"))
            continue
        if whole_marks and not mark.isdigit():
            what = N_("must be a whole number while year.method is {method}")
            reader.problem(f"{where}.mark", what, method=MEAN_OF_MARKS)
        if bands and lower <= bands[-1].lower:
            reader.problem(f"{where}.from", N_("must be greater than the row before"))
        if not bands and lower != 0:
            reader.problem(f"{where}.from", N_("must be 0: the first row starts the scale"))
        bands.append(Band(lower, mark.strip()))
    if not bands:
        reader.problem(path, N_("must have at least one row"))
        bands.append(Band(Fraction(0), "?"))
    return tuple(bands)


def _grades(reader: _Reader, path: str) -> list[int]:
    return [reader.whole(f"{path}[{i}]", v, 0, 12) for i, v in enumerate(reader.items(path))]


def _texts(reader: _Reader, path: str) -> list[str]:
    out: list[str] = []
    for i, value in enumerate(reader.items(path)):
        if not isinstance(value, str) or not value.strip():
            reader.problem(f"{path}[{i}]", N_("must be a subject code"))
        else:
            out.append(value.strip())
    return out
