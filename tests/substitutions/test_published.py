"""The published state of covers: what pages, feeds and the journal read, draft changes left out."""

from __future__ import annotations

from datetime import date

from models.db import session_scope
from models.substitutions import COVER, STUDY
from substitutions.absences import add_absence
from substitutions.publish import publish_day
from substitutions.published import covers_for_teacher, published_covers
from substitutions.services import change_cover, cover_candidates, plan_day
from tests.web.conftest import DemoStore

Demo = tuple[DemoStore, int]


def test_covers_for_teacher_follow_publications_not_drafts(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 29)
    with session_scope() as db:
        add_absence(db, school_id=sid, ref="T040", starts_on=day)
        plan = plan_day(db, school_id=sid, day=day)
        target = next(c for c in plan.covers if c.action in (COVER, STUDY))
        assert published_covers(db, school_id=sid, start=day, end=day) == []  # a draft
    with session_scope() as db:
        publish_day(db, school_id=sid, day=day)
    with session_scope() as db:
        told = published_covers(db, school_id=sid, start=day, end=day)
        assert {x.id for x in told} == {c.id for c in plan.covers}
        first = next(x for x in told if x.id == target.id)
        assert first.substitute == target.substitute and first.lesson.label == target.label
        assert first.absent_teacher and first.revision == 1 and str(first.reason)
        mine = covers_for_teacher(db, school_id=sid, teacher_id=first.substitute_id or 0, day=day)
        assert target.id in {x.id for x in mine}
        assert all(x.action in (COVER, STUDY) for x in mine)
        assert first.concerns_teacher(first.substitute_id or 0)
        assert first.concerns_teacher(first.absent_teacher_id or 0)
        other = next(
            o for o in cover_candidates(db, school_id=sid, cover_id=target.id)
            if o.clash is None and not o.current and o.substitute_id is not None
        )  # fmt: skip
        change_cover(db, school_id=sid, cover_id=target.id, action=other.action,
                     substitute_id=other.substitute_id)  # fmt: skip
    with session_scope() as db:  # changed, not yet published: people still see what they were told
        still = covers_for_teacher(db, school_id=sid, teacher_id=first.substitute_id or 0, day=day)
        assert target.id in {x.id for x in still}
        new = covers_for_teacher(db, school_id=sid, teacher_id=other.substitute_id or 0, day=day)
        assert all(x.lesson_id != first.lesson_id or x.period != first.period for x in new)
        publish_day(db, school_id=sid, day=day)
    with session_scope() as db:
        gone = covers_for_teacher(db, school_id=sid, teacher_id=first.substitute_id or 0, day=day)
        assert target.id not in {x.id for x in gone}
        new = covers_for_teacher(db, school_id=sid, teacher_id=other.substitute_id or 0, day=day)
        moved = [x for x in new if (x.lesson_id, x.period) == (first.lesson_id, first.period)]
        assert len(moved) == 1 and moved[0].revision == 2
        assert published_covers(db, school_id=sid + 1, start=day, end=day) == []  # other school


def test_a_class_and_a_student_see_the_changes_of_their_lessons(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 30)
    with session_scope() as db:
        add_absence(db, school_id=sid, ref="T040", starts_on=day)
        plan_day(db, school_id=sid, day=day)
        publish_day(db, school_id=sid, day=day)
    with session_scope() as db:
        told = published_covers(db, school_id=sid, start=day, end=day)
        assert told
        for x in told:
            class_id, group = x.lesson.parts[0]
            assert x.concerns_class(class_id)
            assert x.concerns_class(class_id, [] if group is None else [group])
            if group is not None:  # a student of another subgroup does not attend
                assert not x.concerns_class(class_id, [-1])
            assert not x.concerns_class(-1)
