"""Read the lesson load, locked lessons, settings and extra rules sheets."""

from __future__ import annotations

import json
from dataclasses import fields

from importers.excel.build_rules import check_rules
from importers.excel.cells import RowReader
from importers.excel.context import Context
from importers.excel.errors import did_you_mean
from importers.excel.layout import SETTING_ROWS, WEIGHT_PREFIX
from importers.excel.values import pair_in
from models.snapshot import GroupRef, LessonReq, LockedLesson, RuleRow, SnapshotSettings
from solver.messages import msg
from solver.weights import Weights


def read_lessons(ctx: Context) -> None:
    """The lesson load: audience, subject, teachers, periods, doubles, rooms."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Lessons"):
        audience = _audience(ctx, r)
        subject = r.code("subject")
        # an unknown subject is one mistake: no "does not teach" knock-on for each teacher
        known_subject = r.ref("subject", subject, ctx.subjects, "Subjects") if subject else None
        teachers = r.items("teachers")
        for t in teachers:
            if r.ref("teachers", t, ctx.teachers, "Teachers") and subject and known_subject:
                _teaches(ctx, r, t, subject)
        periods, doubles = r.integer("periods", minimum=1), r.integer("doubles")
        if periods is not None and doubles is not None and 2 * doubles > periods:
            r.problem(
                "doubles",
                "too_many_doubles",
                msg(
                    "{doubles} double lessons need {need} periods, "
                    "but the lesson has {periods} a week",
                    doubles=doubles,
                    need=2 * doubles,
                    periods=periods,
                ),
            )
        rooms = r.items("rooms")
        for room in rooms:
            r.ref("rooms", room, ctx.rooms, "Rooms")
        key = r.code("key") or _make_key(audience, subject or "", ctx.lessons)
        if not r.unique("key", key, seen) or not audience or not subject or periods is None:
            continue
        ctx.lessons[key] = LessonReq(
            key,
            subject,
            tuple(audience),
            tuple(teachers),
            periods,
            doubles or 0,
            r.text("room_kind") or None,
            tuple(rooms),
        )


def _audience(ctx: Context, r: RowReader) -> list[GroupRef]:
    out: list[GroupRef] = []
    for item in r.items("audience"):
        cls, group = pair_in(item)
        if not r.ref("audience", cls, ctx.classes, "Classes"):
            continue
        if group is not None and group not in ctx.subgroup_codes(cls):
            r.problem(
                "audience",
                "unknown_ref",
                msg("class {class_code} has no subgroup '{value}'", class_code=cls, value=group),
                did_you_mean(group, ctx.subgroup_codes(cls)),
            )
            continue
        out.append(GroupRef(cls, group))
    return out


def _teaches(ctx: Context, r: RowReader, teacher: str, subject: str) -> None:
    info = ctx.teachers[teacher]
    if info.subjects and subject not in info.subjects:
        r.problem(
            "teachers",
            "teacher_subject",
            msg(
                "teacher {teacher} does not teach {subject} (see their row on the Teachers sheet)",
                teacher=teacher,
                subject=subject,
            ),
        )


def _make_key(audience: list[GroupRef], subject: str, taken: dict[str, LessonReq]) -> str:
    """'7A-MATH', '7A/kz+7B/kz-ENG', with '-2', '-3' when already taken."""
    who = "+".join(
        g.class_code if g.subgroup is None else f"{g.class_code}/{g.subgroup}" for g in audience
    )
    base = f"{who}-{subject}"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def read_locked(ctx: Context) -> None:
    """Lessons locked to a day, shift, period (and room)."""
    for r in ctx.rows("Locked"):
        key, unit = r.code("lesson"), r.integer("unit")
        day, shift, period = r.day("day", ctx.days), r.code("shift"), r.integer("period", 1)
        room = r.code("room")
        lesson = ctx.lessons.get(key or "")
        if key and r.ref("lesson", key, ctx.lessons, "Lessons") and lesson and unit is not None:
            units = lesson.periods_per_week - lesson.doubles
            if unit >= units:
                r.problem(
                    "unit",
                    "bad_unit",
                    msg(
                        "lesson {key} has units 0 to {last}, not {unit}",
                        key=key,
                        last=units - 1,
                        unit=unit,
                    ),
                )
        known_shift = bool(shift) and r.ref("shift", shift or "", ctx.shifts, "Shifts")
        if known_shift and period is not None and period not in ctx.periods(shift or ""):
            r.problem(
                "period",
                "no_such_period",
                msg("shift {shift} has no period {period}", shift=shift, period=period),
            )
        if room:
            r.ref("room", room, ctx.rooms, "Rooms")
        if key and unit is not None and day is not None and shift and period is not None:
            ctx.locked.append(LockedLesson(key, unit, day, shift, period, room))


def read_settings(ctx: Context) -> None:
    """School switches and soft-rule weights; an empty value keeps the default."""
    names = list(SETTING_ROWS) + [WEIGHT_PREFIX + f.name for f in fields(Weights)]
    values: dict[str, object] = {}
    weights: dict[str, int] = {}
    seen: dict[object, int] = {}
    for r in ctx.rows("Settings"):
        name = r.text("setting")
        if name not in names:
            hint = did_you_mean(name, names)
            r.problem(
                "setting", "unknown_setting", msg("unknown setting '{value}'", value=name), hint
            )
            continue
        if not r.unique("setting", name, seen):
            continue
        if name == "class_no_gaps":
            values[name] = r.boolean("value", True)
        elif name.startswith(WEIGHT_PREFIX):
            w = r.integer("value")
            if w is not None:
                weights[name.removeprefix(WEIGHT_PREFIX)] = w
        else:
            values[name] = r.integer("value", minimum=1 if name == "late_after" else 0)
    ctx.settings = SnapshotSettings(
        class_no_gaps=bool(values.get("class_no_gaps", True)),
        late_after=int(values.get("late_after") or 4),  # type: ignore[call-overload]
        max_building_changes=values.get("max_building_changes"),  # type: ignore[arg-type]
        weights=weights,
    )


def read_rules(ctx: Context) -> None:
    """Extra rules: kind, parameters as a JSON object, weight (empty = hard), active; the
    active ones are checked as the solver reads them (`solver.rule_codec`)."""
    read: list[tuple[RowReader, RuleRow]] = []
    for r in ctx.rows("Rules"):
        kind, text = r.text("kind"), r.text("params")
        params: object = {}
        if text:
            try:
                params = json.loads(text)
            except ValueError as exc:
                r.problem(
                    "params",
                    "bad_json",
                    msg("the parameters are not valid JSON: {error}", error=exc),
                )
                continue
        if not isinstance(params, dict):
            r.problem(
                "params",
                "bad_json",
                msg(
                    "the parameters must be a JSON object like {example}",
                    example='{"teacher": "T01"}',
                ),
            )
            continue
        weight, active = r.integer("weight"), r.boolean("active", True)
        if kind:
            ctx.rules.append(RuleRow(kind, params, weight, active))
            read.append((r, ctx.rules[-1]))
    check_rules(ctx, read)
