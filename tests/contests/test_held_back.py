"""Olympiad tasks stay out of practice until their olympiad is over (and only with upsolving)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from lms.contests import create_contest
from lms.practice.held_back import is_held_back
from lms.practice.lists import student_tasks
from tests.contests.conftest import World, contest_input


def _practised(db: Session, world: World) -> set[int]:
    student = world.students[1][0]
    return {line.task.id or 0 for line in student_tasks(db, school_id=world.schools[1],
                                                        user_id=student.user_id)}  # fmt: skip


def test_a_task_of_a_coming_olympiad_is_not_offered_for_practice(db: Session, world: World) -> None:
    before = _practised(db, world)
    assert world.tasks["sum-of-two"] in before  # ticked for practice, in no olympiad yet
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    create_contest(db, world.platform, contest_input(world, start=tomorrow))
    db.commit()
    assert is_held_back(db, world.tasks["sum-of-two"])
    assert world.tasks["sum-of-two"] not in _practised(db, world)
    assert world.tasks["divisors"] not in _practised(db, world)


def test_it_comes_back_after_the_end_only_with_upsolving(db: Session, world: World) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=2)
    create_contest(db, world.platform, contest_input(world, start=long_ago, upsolving=True))
    db.commit()
    assert world.tasks["sum-of-two"] in _practised(db, world)
    create_contest(db, world.platform, contest_input(
        world, start=long_ago, upsolving=False, title="Жабық олимпиада",
        tasks=contest_input(world).tasks[:1]))  # fmt: skip
    db.commit()
    assert world.tasks["sum-of-two"] not in _practised(db, world)
    assert world.tasks["divisors"] in _practised(db, world)
