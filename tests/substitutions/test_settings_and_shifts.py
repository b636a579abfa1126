"""A school's cover settings, absences of one shift and the cover role column on the demo school."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlmodel import select

from models.db import session_scope
from models.school import SchoolSettings
from models.substitutions import Absence, Cover
from substitutions.absences import add_absence, list_absences
from substitutions.errors import SubstitutionError
from substitutions.services import plan_day
from substitutions.settings import cover_settings, save_cover_settings
from substitutions.store import load_day
from tests.web.conftest import DemoStore

Demo = tuple[DemoStore, int]


def test_an_absence_of_one_shift_affects_only_that_shifts_periods(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 21)  # a Monday
    with session_scope() as db:
        whole = load_day(db, school_id=sid, day=day).problem
        # a teacher with lessons in both shifts at period 1 or 2 (the demo has such teachers)
        shifts: dict[str, set[str]] = {}
        for ls in whole.lessons:
            shift, number = whole.slot_of(ls.period)
            for t in ls.teachers:
                if number <= 2:
                    shifts.setdefault(whole.teachers[t].code, set()).add(shift)
        code = next(c for c, s in sorted(shifts.items()) if s == {"1", "2"})
        add_absence(db, school_id=sid, ref=code, starts_on=day, periods=[1, 2], shift="2")
    with session_scope() as db:
        listed = list_absences(db, school_id=sid, day=day)
        assert [(a.ref, a.periods, a.shift) for a in listed] == [(code, (1, 2), "2")]
        cp = load_day(db, school_id=sid, day=day).problem
        slots = {cp.slot_of(cp.lesson_of(a.id).period) for a in cp.affected}
        assert slots and {s for s, _ in slots} == {"2"} and {n for _, n in slots} <= {1, 2}


def test_a_shift_the_school_lacks_is_named_with_the_shifts_it_has(demo: Demo) -> None:
    _, sid = demo
    with session_scope() as db, pytest.raises(SubstitutionError) as info:
        add_absence(db, school_id=sid, ref="T040", starts_on=date(2026, 9, 22), shift="3",
                    periods=[8])  # fmt: skip
    assert [str(m) for m in info.value.messages] == [
        "The school has no shift “3” (shifts: 1, 2).",
        "The school has no period 8 (periods 1 to 7).",
    ]
    with session_scope() as db, pytest.raises(SubstitutionError) as info:
        add_absence(db, school_id=sid, ref="T040", starts_on=date(2026, 9, 22), shift="2",
                    periods=[7])  # fmt: skip
    assert [str(m) for m in info.value.messages] == [
        "The school has no period 7 (periods 1 to 6)."  # the second shift has six periods
    ]
    with session_scope() as db:
        assert db.exec(select(Absence).where(Absence.starts_on == date(2026, 9, 22))).all() == []


def test_a_short_day_of_one_shift_drops_only_that_shifts_last_periods(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 23)
    with session_scope() as db:
        add_absence(db, school_id=sid, kind="short_day", ref="", starts_on=day, periods=[4],
                    shift="1", reason="heating")  # fmt: skip
    with session_scope() as db:
        plan = plan_day(db, school_id=sid, day=day)
        assert plan.dropped > 0 and plan.lessons_affected == 0
        roles = Counter((c.role, c.shift, c.period > 4) for c in plan.covers)
        assert set(roles) == {("dropped", "1", True)}
        rows = db.exec(select(Cover).where(Cover.school_id == sid, Cover.plan_id == plan.plan_id))
        assert {r.role for r in rows} == {"dropped"}  # the column, not the reason, says it


def test_cover_settings_are_checked_stored_and_used_by_the_engine(demo: Demo) -> None:
    _, sid = demo
    with session_scope() as db:
        before = cover_settings(db, school_id=sid)
        assert before.weekly_quota == 4 and before.weights["fairness"] == 100
        with pytest.raises(SubstitutionError) as info:
            save_cover_settings(
                db, school_id=sid, weights={"fairness": "many", "cover": "-1", "luck": "3"},
                weekly_quota="99",
            )  # fmt: skip
        assert info.value.code == "invalid_cover_settings"
        assert [str(m) for m in info.value.messages] == [
            "fairness: “many” is not a whole number.",
            "cover must be between 0 and 1000000; it is -1.",
            "There is no cover weight “luck”.",
            "Weekly quota must be between 0 and 40; it is 99.",
        ]
    with session_scope() as db:
        saved = save_cover_settings(
            db, school_id=sid, weights={"fairness": "20", "cover": 35}, weekly_quota="2",
            actor="test",
        )  # fmt: skip
        w = saved.weights
        assert (w["fairness"], w["cover"], saved.weekly_quota) == (20, 35, 2)
        assert saved.weights["study"] == saved.defaults["study"]
    with session_scope() as db:
        row = db.exec(select(SchoolSettings).where(SchoolSettings.school_id == sid)).one()
        assert row.cover == {"weights": {"fairness": 20, "cover": 35}, "weekly_quota": 2}
        weights = load_day(db, school_id=sid, day=date(2026, 9, 24)).problem.weights
        assert (weights.fairness, weights.cover, weights.quota) == (20, 35, 2)
        save_cover_settings(db, school_id=sid, weights={}, weekly_quota=4)
