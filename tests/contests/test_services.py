"""Organising contests, registration rules and tenancy, who opens tasks when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from lms.contests import (
    CONTEST,
    PREVIEW,
    UPSOLVING,
    ContestRefused,
    TaskChoice,
    check_submission,
    contests_for,
    create_contest,
    open_task,
    register_school,
    register_student,
    school_roster,
    schools_taking_part,
    set_registration,
    task_access,
    unregister_student,
    update_contest,
)
from models.contests import ContestSchool, ContestTask, TaskOpening
from models.errors import NotFound
from tests.contests.conftest import World, city_contest, contest_input

LATER = datetime.now(UTC) + timedelta(days=2)


def test_a_school_admin_organises_a_school_contest(db: Session, world: World) -> None:
    head = world.admins[0]
    data = contest_input(world, tasks=(TaskChoice("B", world.own_task),
                                       TaskChoice("A", world.tasks["divisors"])))  # fmt: skip
    contest = create_contest(db, head, data)
    assert contest.school_id == world.schools[0] and contest.created_by == head.user_id
    labels = db.exec(select(ContestTask.label, ContestTask.task_id)
                     .where(ContestTask.contest_id == contest.id)
                     .order_by(ContestTask.position)).all()  # fmt: skip
    assert labels == [("A", world.tasks["divisors"]), ("B", world.own_task)]
    # the organising school takes part without registering
    schools = db.exec(select(ContestSchool.school_id).where(ContestSchool.contest_id == contest.id))
    assert list(schools) == [world.schools[0]]


def test_a_platform_admin_organises_city_wide_contests_with_platform_tasks(
    db: Session, world: World
) -> None:
    contest = create_contest(db, world.platform, contest_input(world))
    assert contest.school_id is None
    with pytest.raises(ContestRefused) as refused:  # a school's own task is not the platform's
        create_contest(db, world.platform, contest_input(world, tasks=(
            TaskChoice("A", world.own_task),)))  # fmt: skip
    assert refused.value.code == "contest_task_unknown"


def test_students_do_not_organise_and_other_schools_tasks_are_refused(
    db: Session, world: World
) -> None:
    with pytest.raises(ContestRefused) as refused:
        create_contest(db, world.students[0][0], contest_input(world))
    assert refused.value.code == "contest_not_organiser"
    with pytest.raises(ContestRefused) as refused:
        create_contest(db, world.teachers[1], contest_input(world, tasks=(
            TaskChoice("A", world.own_task),)))  # fmt: skip
    assert refused.value.code == "contest_task_unknown"


def test_every_problem_of_the_fields_is_listed(db: Session, world: World) -> None:
    start = datetime(2026, 12, 5, 10, tzinfo=UTC)
    data = contest_input(world, title=" ", rules="codeforces", start=start, minutes=-10,
                         freeze=20, penalty_minutes=500, tasks=(
                             TaskChoice("a", world.tasks["divisors"]),
                             TaskChoice("B", world.tasks["divisors"])))  # fmt: skip
    with pytest.raises(ContestRefused) as refused:
        create_contest(db, world.admins[0], data)
    words = [m.render() for m in refused.value.messages]
    assert refused.value.code == "contest_invalid"
    assert words == [
        "The contest needs a title.", "The rules are ICPC or IOI.",
        "The contest must end after it starts.",
        "The board freezes between the start and the end.", "Penalty minutes are from 0 to 240.",
        "A task's letter is A to Z (A1, B2... for parts): a.",
        "Each task appears once in a contest.",
    ]  # fmt: skip


def test_tasks_are_fixed_once_the_contest_starts(db: Session, world: World) -> None:
    contest = create_contest(db, world.admins[0], contest_input(world))  # started 30 min ago
    assert contest.id is not None
    fewer = contest_input(world, tasks=(TaskChoice("A", world.tasks["divisors"]),))
    with pytest.raises(ContestRefused) as refused:
        update_contest(db, world.teachers[0], contest.id, fewer)
    assert refused.value.code == "contest_started"
    renamed = update_contest(
        db,
        world.teachers[0],
        contest.id,
        contest_input(world, title="Жаңа атау", start=contest.starts_at),
    )
    assert renamed.title == "Жаңа атау"
    with pytest.raises(NotFound):  # another school's teacher does not organise it
        update_contest(db, world.teachers[1], contest.id, fewer)


def test_registration_of_schools_and_students(db: Session, world: World) -> None:
    contest = create_contest(db, world.platform, contest_input(world, start=LATER))
    cid = contest.id or 0
    s1, s2 = world.students[0][0], world.students[1][0]
    with pytest.raises(ContestRefused) as refused:  # school 1 is not registered yet
        register_student(db, s1, cid, s1.user_id)
    assert refused.value.code == "school_not_registered"
    with pytest.raises(ContestRefused) as refused:  # a teacher does not register the school
        register_school(db, world.teachers[0], cid)
    assert refused.value.code == "not_school_admin"
    register_school(db, world.admins[0], cid)
    assert register_school(db, world.admins[0], cid).school_id == world.schools[0]  # once
    me = register_student(db, s1, cid, s1.user_id)
    assert me.school_id == world.schools[0]
    # a teacher registers their school's students, never another school's
    register_student(db, world.teachers[0], cid, world.students[0][1].user_id)
    with pytest.raises(ContestRefused) as refused:
        register_student(db, world.teachers[0], cid, s2.user_id)
    assert refused.value.code == "not_your_student"
    with pytest.raises(ContestRefused):  # nor does a student register a classmate
        register_student(db, s1, cid, world.students[0][2].user_id)
    unregister_student(db, s1, cid, s1.user_id)  # before the start: withdrawn
    set_registration(db, world.platform, cid, open_=False)
    with pytest.raises(ContestRefused) as refused:
        register_student(db, s1, cid, s1.user_id)
    assert refused.value.code == "registration_closed"
    counts = [(s.school, s.participants) for s in schools_taking_part(db, cid)]
    assert counts == [("№ 1 мектеп-гимназия", 1)]


def test_a_school_contest_is_the_schools_own(db: Session, world: World) -> None:
    contest = create_contest(db, world.admins[0], contest_input(world, start=LATER))
    with pytest.raises(ContestRefused) as refused:
        register_school(db, world.admins[1], contest.id or 0)
    assert refused.value.code == "school_contest"
    seen = {s: [line.contest.id for line in contests_for(db, world.admins[s])] for s in (0, 1)}
    assert seen == {0: [contest.id], 1: []}
    assert [line.organiser for line in contests_for(db, world.teachers[0])] == [True]


def test_nobody_is_withdrawn_after_the_start(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    s1 = world.students[0][0]
    with pytest.raises(ContestRefused) as refused:
        unregister_student(db, world.teachers[0], contest.id or 0, s1.user_id)
    assert refused.value.code == "contest_started"


def test_a_school_sees_only_its_own_students(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    roster = school_roster(db, world.teachers[1], contest.id or 0)
    assert sorted(line.name for line in roster) == sorted(
        ["Мария Иванова", "Тимур Ахметов", "Ұлжан Бекова"]
    )
    assert all(line.registered for line in roster)
    with pytest.raises(ContestRefused):
        school_roster(db, world.students[1][0], contest.id or 0)


def test_tasks_open_between_start_and_end_then_upsolving(db: Session, world: World) -> None:
    contest = city_contest(db, world, minutes=60, freeze=None)
    cid, student = contest.id or 0, world.students[2][0]
    start = contest.starts_at.replace(tzinfo=UTC)
    before, during, after = (start - timedelta(minutes=1), start + timedelta(minutes=1),
                             start + timedelta(minutes=61))  # fmt: skip
    with pytest.raises(ContestRefused) as refused:
        task_access(db, student, cid, "A", before)
    assert refused.value.code == "not_started"
    assert task_access(db, student, cid, "A", during).mode == CONTEST
    assert task_access(db, student, cid, "B", after).mode == UPSOLVING
    assert not check_submission(db, student, cid, world.tasks["divisors"], after).counts
    assert task_access(db, world.platform, cid, "A", before).mode == PREVIEW
    with pytest.raises(ContestRefused) as refused:
        check_submission(db, world.platform, cid, world.tasks["divisors"], during)
    assert refused.value.code == "organiser_preview"
    contest.upsolving = False
    db.add(contest)
    db.commit()
    with pytest.raises(ContestRefused) as refused:
        task_access(db, student, cid, "A", after)
    assert refused.value.code == "contest_over"
    with pytest.raises(NotFound):
        task_access(db, student, cid, "Z", during)


def test_only_participants_open_the_tasks(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    from models.accounts import STUDENT, UserAccount

    outsider = UserAccount(school_id=world.schools[1], login="late", name="Кеш", role=STUDENT,
                           password_hash="-")  # fmt: skip
    db.add(outsider)
    db.commit()
    from lms.contests import Actor

    with pytest.raises(ContestRefused) as refused:
        task_access(db, Actor(outsider.id or 0, STUDENT, world.schools[1]), contest.id or 0, "A")
    assert refused.value.code == "not_participant"


def test_the_first_opening_of_a_task_is_remembered(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    student = world.students[0][1]
    first = open_task(db, task_access(db, student, contest.id or 0, "B"), student.user_id)
    again = open_task(db, task_access(db, student, contest.id or 0, "B"), student.user_id)
    db.commit()
    assert first is not None and again is not None and first.id == again.id
    preview = task_access(db, world.platform, contest.id or 0, "B")
    assert open_task(db, preview, world.platform.user_id) is None
    assert len(db.exec(select(TaskOpening)).all()) == 1
